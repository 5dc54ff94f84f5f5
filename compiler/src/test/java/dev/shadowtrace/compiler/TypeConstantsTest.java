package dev.shadowtrace.compiler;

import static dev.shadowtrace.compiler.Sim.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.shadowtrace.compiler.kernel.btf.Btf;
import dev.shadowtrace.compiler.kernel.btf.BtfException;
import dev.shadowtrace.compiler.kernel.btf.BtfType;
import dev.shadowtrace.lang.diag.ScriptException;
import java.io.IOException;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * sizeof(struct NAME), sizeof(expr) and offsetof(struct NAME, a.b): constants taken from the host
 * kernel's BTF when compiling, compared with what the BTF reader itself says.
 */
class TypeConstantsTest {
    private static Btf btf;

    @BeforeAll
    static void read() throws IOException {
        btf = Btf.read(Btf.VMLINUX);
    }

    private static BtfType struct(String name) {
        return btf.composite(name).orElseThrow();
    }

    /** The value the clause's program puts under key 0 of @v[0]. */
    private static long value(String expression) throws ScriptException {
        Sim sim = new Sim("fbt::vfs_open:entry { @v[0] = " + expression + "; }");
        sim.fire(1);
        return sim.value("@v", key(0), "value").orElseThrow();
    }

    @Test
    void sizesOfTypes() throws ScriptException {
        assertEquals(btf.sizeOf(struct("struct task_struct").id()), value("sizeof(struct task_struct)"));
        assertEquals(btf.sizeOf(struct("struct path").id()), value("sizeof(struct path)"));
        assertEquals(8, value("sizeof(struct task_struct *)"));
        assertEquals(btf.sizeOf(struct("union bpf_attr").id()), value("sizeof(union bpf_attr)"));
    }

    @Test
    void sizesOfExpressions() throws ScriptException, BtfException {
        assertEquals(16, value("sizeof(curtask->comm)"), "char comm[16]");
        assertEquals(4, value("sizeof(curtask->pid)"), "pid_t");
        assertEquals(8, value("sizeof(args->path)"), "a pointer");
        assertEquals(btf.sizeOf(btf.member(struct("struct dentry"), "d_name").type()),
                value("sizeof(args->path->dentry->d_name)"));
        assertEquals(8, value("sizeof(arg0)"));
        assertEquals(64, value("sizeof(execname)"));
    }

    @Test
    void offsetsOfMembersAndPaths() throws ScriptException, BtfException {
        assertEquals(btf.member(struct("struct task_struct"), "pid").bitOffset() / 8,
                value("offsetof(struct task_struct, pid)"));
        long dName = btf.member(struct("struct dentry"), "d_name").bitOffset() / 8;
        long name = btf.member(struct("struct qstr"), "name").bitOffset() / 8;
        assertEquals(dName + name, value("offsetof(struct dentry, d_name.name)"));
        assertFalse(dName + name == 0, "a path's offset is not trivially 0 here");
    }

    /** sizeof's expression is not evaluated: no read of kernel memory, a constant in the code. */
    @Test
    void sizeofGeneratesNoCodeForItsOperand() throws ScriptException {
        String code = Fixtures.compile("fbt::vfs_open:entry { @v[0] = sizeof(args->path->dentry->d_name); }").dump();
        assertFalse(code.contains("probe_read_kernel"), code);
    }

    @Test
    void errors() {
        assertEquals("""
                test.d:1:36: error: the kernel has no type 'struct nosuch'
                fbt::vfs_open:entry { trace(sizeof(struct nosuch)); }
                                                   ^
                hint: sizeof() and offsetof() know the kernel's structs and unions (BTF)""",
                Fixtures.errors("fbt::vfs_open:entry { trace(sizeof(struct nosuch)); }"));
        assertEquals("""
                test.d:1:51: error: struct path has no member 'dentr'; did you mean 'dentry'?
                fbt::vfs_open:entry { trace(offsetof(struct path, dentr)); }
                                                                  ^""",
                Fixtures.errors("fbt::vfs_open:entry { trace(offsetof(struct path, dentr)); }"));
        assertEquals("test.d:1:58: error: 'pid' of struct task_struct is a pid_t, which has no member 'x'",
                Fixtures.errors("fbt::vfs_open:entry { trace(offsetof(struct task_struct, pid.x)); }").lines()
                        .findFirst().orElseThrow());
        assertEquals(Optional.of("test.d:1:48: error: struct path has no member 'nope'"),
                Fixtures.errors("fbt::vfs_open:entry { trace(sizeof(args->path->nope)); }").lines().findFirst());
    }
}
