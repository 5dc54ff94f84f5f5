package dev.shadowtrace.compiler;

import static dev.shadowtrace.compiler.Sim.key;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shadowtrace.lang.diag.ScriptException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * fbt entry arguments by name, from the function's prototype in the host kernel's BTF
 * (/sys/kernel/btf/vmlinux): vfs_read(struct file *file, char __user *buf, size_t count, loff_t *pos).
 */
class FunctionArgsTest {
    private static final int SI = 104;
    private static final int DX = 96;

    @Test
    void argumentsByNameAreTheirRegisters() throws ScriptException {
        Sim sim = new Sim("fbt::vfs_read:entry { @count[args->count] = count(); @buf[args.buf] = count(); }");
        sim.fire(1, Map.of(SI, 0x7000L, DX, 4096L));
        assertEquals(Optional.of(1L), sim.value("@count", key(4096), "count"));
        assertEquals(Optional.of(1L), sim.value("@buf", key(0x7000), "count"));
    }

    @Test
    void stringsOfPointerArgumentsAreKernelStrings() throws ScriptException {
        Sim sim = new Sim("fbt::kern_path:entry { @[str(args->name)] = count(); }");
        sim.machine.kernelString(0x1000, "/etc/passwd");
        sim.fire(1, Map.of(Sim.DI, 0x1000L));
        assertEquals(Optional.of(1L), sim.value("@", key("/etc/passwd"), "count"));
    }

    @Test
    void unknownParameterIsNamedWithSuggestion() {
        assertEquals("""
                test.d:1:35: error: vfs_read() has no parameter 'cont'; did you mean 'count'?
                fbt::vfs_read:entry { trace(args->cont); }
                                                  ^
                hint: its parameters are file, buf, count, pos""",
                Fixtures.errors("fbt::vfs_read:entry { trace(args->cont); }"));
    }

    @Test
    void functionsMustAgreeOnThePosition() {
        assertEquals("""
                test.d:1:56: error: args->file is argument 0 of vfs_read but argument 1 of vfs_open
                fbt::vfs_read:entry, fbt::vfs_open:entry { trace(args->file); }
                                                                       ^
                hint: give these functions clauses of their own""",
                Fixtures.errors("fbt::vfs_read:entry, fbt::vfs_open:entry { trace(args->file); }"));
    }
}
