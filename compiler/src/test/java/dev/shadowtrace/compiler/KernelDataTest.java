package dev.shadowtrace.compiler;

import static dev.shadowtrace.compiler.Sim.key;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shadowtrace.compiler.bpf.ProgramChecker;
import dev.shadowtrace.compiler.kernel.btf.Btf;
import dev.shadowtrace.compiler.kernel.btf.BtfException;
import dev.shadowtrace.lang.diag.ScriptException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    private static final long SIGNAL = 0xffff888000600000L;
    private static final Btf btf = HostBtf.vmlinux();

    private static long offset(String composite, String member) throws BtfException {
        return HostBtf.offset(composite, member);
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

    // Elements of BTF arrays and typed pointers, p->arr[i]: constant indexes checked against the
    // array's size when compiling, variable ones outside it reading 0.

    @Test
    void constantIndexOfACharArray() throws ScriptException, BtfException {
        Sim sim = new Sim("fbt::vfs_read:entry { @[((struct task_struct *)arg0)->comm[2]] = count(); }");
        sim.machine.kernelWord(TASK + offset("struct task_struct", "comm") + 2, 'c');
        sim.fire(1, Map.of(Sim.DI, TASK));
        assertEquals(Optional.of(1L), sim.value("@", key((long) 'c'), "count"));
        assertEquals(List.of(), ProgramChecker.check(sim.script.programs().get(0).program()));
    }

    /** A variable index is added at run time; outside the array (negative too) the element reads 0. */
    @Test
    void variableIndexIsCheckedAtRunTime() throws ScriptException, BtfException {
        Sim sim = new Sim("fbt::vfs_read:entry { @[arg1] = sum(((struct task_struct *)arg0)->comm[arg1]); }");
        long comm = TASK + offset("struct task_struct", "comm");
        sim.machine.kernelWord(comm + 3, 'x');
        sim.machine.kernelWord(comm + 15, 'y');
        sim.machine.kernelWord(comm + 16, 'z'); // the next member: not the array's
        for (long i : new long[] {3, 15, 16, -1}) {
            sim.fire(1, Map.of(Sim.DI, TASK, Sim.SI, i));
        }
        assertEquals(Optional.of((long) 'x'), sim.value("@", key(3), "sum"));
        assertEquals(Optional.of((long) 'y'), sim.value("@", key(15), "sum"));
        assertEquals(Optional.of(0L), sim.value("@", key(16), "sum"));
        assertEquals(Optional.of(0L), sim.value("@", key(-1), "sum"));
        assertEquals(List.of(), ProgramChecker.check(sim.script.programs().get(0).program()));
    }

    /** An array of structs: the element's member through '.', as C writes it (RLIMIT_NOFILE is 7). */
    @Test
    void memberOfAStructElement() throws ScriptException, BtfException {
        Sim sim = new Sim("fbt::vfs_read:entry { @[((struct signal_struct *)arg0)->rlim[7].rlim_cur] = count(); }");
        long rlimit = btf.sizeOf(btf.composite("struct rlimit").orElseThrow().id());
        sim.machine.kernelWord(SIGNAL + offset("struct signal_struct", "rlim") + 7 * rlimit
                + offset("struct rlimit", "rlim_cur"), 1024);
        sim.fire(1, Map.of(Sim.DI, SIGNAL));
        assertEquals(Optional.of(1L), sim.value("@", key(1024), "count"));
    }

    /** Through a typed pointer: p[1] is the next struct, not bounds-checked. */
    @Test
    void elementThroughAPointer() throws ScriptException, BtfException {
        Sim sim = new Sim("fbt::vfs_read:entry { @[((struct task_struct *)arg0)[1].pid] = count(); }");
        long size = btf.sizeOf(btf.composite("struct task_struct").orElseThrow().id());
        sim.machine.kernelWord(TASK + size + offset("struct task_struct", "pid"), 77);
        sim.fire(1, Map.of(Sim.DI, TASK));
        assertEquals(Optional.of(1L), sim.value("@", key(77), "count"));
    }

    @Test
    void errors() {
        assertEquals("""
                test.d:1:64: error: index 16 is out of bounds of char[16] (0 to 15)
                fbt::vfs_read:entry { trace(((struct task_struct *)arg0)->comm[16]); }
                                                                               ^""",
                Fixtures.errors("fbt::vfs_read:entry { trace(((struct task_struct *)arg0)->comm[16]); }"));
        assertEquals("test.d:1:62: error: '[]' needs an array or a pointer, not a pid_t",
                Fixtures.errors("fbt::vfs_read:entry { trace(((struct task_struct *)arg0)->pid[0]); }").lines()
                        .findFirst().orElseThrow());
        assertEquals("""
                test.d:1:33: error: '[]' needs a kernel array or typed pointer on its left, which this is not
                fbt::vfs_read:entry { trace(arg0[1]); }
                                                ^
                hint: index an array member (curtask->comm[0]) or a pointer cast to its type""",
                Fixtures.errors("fbt::vfs_read:entry { trace(arg0[1]); }"));
    }
}
