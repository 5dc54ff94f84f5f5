package dev.shadowtrace.compiler;

import static dev.shadowtrace.compiler.Sim.key;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shadowtrace.compiler.kernel.btf.Btf;
import dev.shadowtrace.compiler.kernel.btf.BtfException;
import dev.shadowtrace.lang.diag.ScriptException;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Struct members of kernel data typed by the host kernel's BTF (/sys/kernel/btf/vmlinux): the
 * simulated kernel memory is laid out at the offsets that BTF gives, and the programs must follow
 * the same pointers to find the values.
 */
class KernelDataTest {
    private static final long PATH = 0xffff888000100000L;
    private static final long DENTRY = 0xffff888000200000L;
    private static final long NAME = 0xffff888000300000L;
    private static final long TASK = 0xffff888000400000L;
    private static Btf btf;

    @BeforeAll
    static void read() throws IOException {
        btf = Btf.read(Btf.VMLINUX);
    }

    private static long offset(String composite, String member) throws BtfException {
        return btf.member(btf.composite(composite).orElseThrow(), member).bitOffset() / 8;
    }

    @Test
    void pointerChainToAFileName() throws ScriptException, BtfException {
        Sim sim = new Sim("fbt::vfs_open:entry { @[str(args->path->dentry->d_name.name)] = count(); }");
        sim.machine.kernelWord(PATH + offset("struct path", "dentry"), DENTRY);
        sim.machine.kernelWord(DENTRY + offset("struct dentry", "d_name") + offset("struct qstr", "name"), NAME);
        sim.machine.kernelString(NAME, "passwd");
        sim.fire(1, Map.of(Sim.DI, PATH));
        assertEquals(Optional.of(1L), sim.value("@", key("passwd"), "count"));
    }

    @Test
    void castsSignedIntsAndCharArrays() throws ScriptException, BtfException {
        Sim sim = new Sim("""
                fbt::vfs_read:entry { @pid[((struct task_struct *)arg0)->pid] = count(); }
                fbt::vfs_read:entry { @comm[str(((struct task_struct *)arg0)->comm)] = count(); }
                """);
        sim.machine.kernelWord(TASK + offset("struct task_struct", "pid"), 0xdeadbeef_fffffffeL); // pid_t -2
        sim.machine.kernelString(TASK + offset("struct task_struct", "comm"), "cat");
        sim.fire(1, Map.of(Sim.DI, TASK));
        sim.fire(2, Map.of(Sim.DI, TASK));
        assertEquals(Optional.of(1L), sim.value("@pid", key(-2), "count"));
        assertEquals(Optional.of(1L), sim.value("@comm", key("cat"), "count"));
    }

    @Test
    void retvalIsTypedByTheReturnType() throws ScriptException, BtfException {
        long mount = 0xffff888000500000L;
        Sim sim = new Sim("fbt::vfs_kern_mount:return { @[retval->mnt_flags] = count(); }");
        sim.machine.kernelWord(mount + offset("struct vfsmount", "mnt_flags"), 0x1234);
        sim.fire(1, Map.of(Sim.AX, mount));
        assertEquals(Optional.of(1L), sim.value("@", key(0x1234), "count"));
    }

    @Test
    void unknownMemberIsNamedWithItsTypeAndASuggestion() {
        assertEquals("""
                test.d:1:41: error: struct path has no member 'dentr'; did you mean 'dentry'?
                fbt::vfs_open:entry { trace(args->path->dentr); }
                                                        ^""",
                Fixtures.errors("fbt::vfs_open:entry { trace(args->path->dentr); }"));
    }

    @Test
    void dotOnAPointerAndArrowOnAStruct() throws BtfException {
        assertEquals("""
                test.d:1:40: error: '.dentry' needs a struct or union, not a const struct path *
                fbt::vfs_open:entry { trace(args->path.dentry); }
                                                       ^
                hint: use '->dentry'""", Fixtures.errors("fbt::vfs_open:entry { trace(args->path.dentry); }"));
        String qstr = btf.spell(btf.member(btf.composite("struct dentry").orElseThrow(), "d_name").type());
        assertEquals("""
                test.d:1:57: error: '->name' needs a pointer, not a %s
                fbt::vfs_open:entry { trace(args->path->dentry->d_name->name); }
                                                                        ^
                hint: use '.name'""".formatted(qstr),
                Fixtures.errors("fbt::vfs_open:entry { trace(args->path->dentry->d_name->name); }"));
    }

    @Test
    void untypedDataAndUnknownTypes() {
        assertEquals("""
                test.d:1:29: error: '->pid' needs typed kernel data on its left, which this is not
                fbt::vfs_read:entry { trace(arg0->pid); }
                                            ^
                hint: cast it to a pointer to its type, e.g. (struct task_struct *)x""",
                Fixtures.errors("fbt::vfs_read:entry { trace(arg0->pid); }"));
        assertEquals("""
                test.d:1:38: error: the kernel has no type 'struct nosuch'
                fbt::vfs_read:entry { trace(((struct nosuch *)arg0)->x); }
                                                     ^""",
                Fixtures.errors("fbt::vfs_read:entry { trace(((struct nosuch *)arg0)->x); }"));
    }
}
