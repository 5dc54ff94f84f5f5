package dev.shadowtrace.compiler;

import static dev.shadowtrace.compiler.Sim.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowtrace.compiler.kernel.btf.Btf;
import dev.shadowtrace.compiler.kernel.btf.BtfException;
import dev.shadowtrace.lang.diag.ScriptException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Variables and plain map values that hold typed kernel data keep its type (host BTF, as
 * {@link KernelDataTest}): members, elements, {@code str()}, {@code buf()} and {@code sizeof} work on
 * them as on the expression assigned; conflicting assignments are compile errors.
 */
class TypedVariableTest {
    private static final long TASK = 0xffff888000400000L;
    private static final long PARENT = 0xffff888000500000L;
    private static final long PATH = 0xffff888000100000L;
    private static final long DENTRY = 0xffff888000200000L;
    private static final long NAME = 0xffff888000300000L;
    private static final long SIGNAL = 0xffff888000600000L;
    private static final Btf btf = HostBtf.vmlinux();

    private static long offset(String composite, String member) throws BtfException {
        return HostBtf.offset(composite, member);
    }

    private void task(Sim sim, long task, long parent, int pid) throws BtfException {
        sim.machine.kernelWord(task + offset("struct task_struct", "parent"), parent);
        sim.machine.kernelWord(task + offset("struct task_struct", "pid"), pid);
    }

    /** bpftrace's {@code $t = (struct task_struct *)curtask; $t->parent->pid}. */
    @Test
    void castPointerInAScratchVariable() throws ScriptException, BtfException {
        Sim sim = new Sim("""
                fbt::vfs_read:entry { $t = (struct task_struct *)curtask; @[$t->parent->pid, $t->pid] = count(); }
                """);
        task(sim, sim.machine.currentTask, PARENT, 42);
        task(sim, PARENT, 0, 7);
        sim.fire(1);
        assertEquals(Optional.of(1L), sim.value("@", key(7, 42), "count"));
    }

    /** DTrace's {@code this->t = curthread}: the same through this->, and a variable copied to another. */
    @Test
    void clauseLocalAndCopies() throws ScriptException, BtfException {
        Sim sim = new Sim("""
                fbt::vfs_read:entry { this->t = curthread; this->p = this->t->parent; @[this->p->pid] = count(); }
                """);
        task(sim, sim.machine.currentTask, PARENT, 42);
        task(sim, PARENT, 0, 7);
        sim.fire(1);
        assertEquals(Optional.of(1L), sim.value("@", key(7), "count"));
    }

    /** A variable assigned its own member walks a chain: $t = $t->parent, typed from its first assignment. */
    @Test
    void walksAChain() throws ScriptException, BtfException {
        Sim sim = new Sim("""
                fbt::vfs_read:entry { $t = (struct task_struct *)arg0; $t = $t->parent; $t = $t->parent; @[$t->pid] = count(); }
                """);
        long grandparent = 0xffff888000700000L;
        task(sim, TASK, PARENT, 1);
        task(sim, PARENT, grandparent, 2);
        task(sim, grandparent, 0, 3);
        sim.fire(1, Map.of(Sim.DI, TASK));
        assertEquals(Optional.of(1L), sim.value("@", key(3), "count"));
    }

    /** An fbt argument in a thread-local at entry, followed at return; assigning 0 releases it (DTrace). */
    @Test
    void threadLocalAcrossClauses() throws ScriptException, BtfException {
        Sim sim = new Sim("""
                fbt::vfs_open:return /self->p/ { @[str(self->p->dentry->d_name.name)] = count(); self->p = 0; }
                fbt::vfs_open:entry { self->p = args->path; }
                """);
        sim.machine.kernelWord(PATH + offset("struct path", "dentry"), DENTRY);
        sim.machine.kernelWord(DENTRY + offset("struct dentry", "d_name") + offset("struct qstr", "name"), NAME);
        sim.machine.kernelString(NAME, "passwd");
        sim.fire(2, Map.of(Sim.DI, PATH));
        sim.fire(1);
        assertEquals(Optional.of(1L), sim.value("@", key("passwd"), "count"));
        assertEquals(Optional.empty(), sim.threadEntry());
    }

    /** A global and a plain map value keep the type too (bpftrace's maps hold pointers). */
    @Test
    void globalsAndMapValues() throws ScriptException, BtfException {
        Sim sim = new Sim("""
                fbt::vfs_read:entry { g = (struct task_struct *)arg0; @t[1] = (struct task_struct *)arg0; }
                fbt::vfs_write:entry { @g[g->pid] = count(); @m[@t[1]->parent->pid] = count(); }
                """);
        task(sim, TASK, PARENT, 5);
        task(sim, PARENT, 0, 6);
        sim.fire(1, Map.of(Sim.DI, TASK));
        sim.fire(2);
        assertEquals(Optional.of(1L), sim.value("@g", key(5), "count"));
        assertEquals(Optional.of(1L), sim.value("@m", key(6), "count"));
    }

    /** An array member in a variable is its address, typed as the array: indexes, str() and buf() work. */
    @Test
    void arrayMember() throws ScriptException, BtfException {
        Sim sim = new Sim("""
                fbt::vfs_read:entry { $c = ((struct task_struct *)arg0)->comm; @s[str($c), $c[1], sizeof($c)] = count(); @b[buf($c)] = count(); }
                """);
        long comm = TASK + offset("struct task_struct", "comm");
        sim.machine.kernelString(comm, "bash"); // for str()
        byte[] bytes = new byte[16];
        System.arraycopy("bash".getBytes(), 0, bytes, 0, 4);
        sim.machine.kernelBytes(comm, bytes); // for buf() and elements
        sim.fire(1, Map.of(Sim.DI, TASK));
        assertEquals(Optional.of(1L), sim.value("@s", key("bash", (long) 'a', 16), "count"));
        byte[] buffer = new byte[72];
        buffer[0] = 16;
        System.arraycopy("bash".getBytes(), 0, buffer, 8, 4);
        assertEquals(Optional.of(1L), sim.value("@b", buffer, "count"));
    }

    /** A struct member in a variable is its address: '.' reads its members (RLIMIT_NOFILE is 7). */
    @Test
    void structMember() throws ScriptException, BtfException {
        Sim sim = new Sim("""
                fbt::vfs_read:entry { $r = ((struct signal_struct *)arg0)->rlim[7]; @[$r.rlim_cur, $r.rlim_max] = count(); }
                """);
        long rlimit = btf.sizeOf(btf.composite("struct rlimit").orElseThrow().id());
        long element = SIGNAL + offset("struct signal_struct", "rlim") + 7 * rlimit;
        sim.machine.kernelWord(element + offset("struct rlimit", "rlim_cur"), 1024);
        sim.machine.kernelWord(element + offset("struct rlimit", "rlim_max"), 4096);
        sim.fire(1, Map.of(Sim.DI, SIGNAL));
        assertEquals(Optional.of(1L), sim.value("@", key(1024, 4096), "count"));
    }

    /** A kernel integer keeps its type (sizeof is 4 for a pid_t) while every assignment gives it. */
    @Test
    void typedIntegers() throws ScriptException, BtfException {
        Sim sim = new Sim("""
                fbt::vfs_read:entry { $p = ((struct task_struct *)arg0)->pid; $q = ((struct task_struct *)arg0)->pid; $q = 5;
                    @[$p, sizeof($p), sizeof($q)] = count(); }
                """);
        sim.machine.kernelWord(TASK + offset("struct task_struct", "pid"), 0xffff_fffeL);
        sim.fire(1, Map.of(Sim.DI, TASK));
        assertEquals(Optional.of(1L), sim.value("@", key(-2, 4, 8), "count"));
    }

    /** A syscall's user pointer in a variable is still read from user memory by str(). */
    @Test
    void userPointerInAVariable() throws ScriptException {
        long userRegs = 0xffffc90000abc000L;
        Sim sim = new Sim("""
                syscall::openat:entry { self->f = args->filename; }
                fbt::vfs_open:entry /self->f/ { @[str(self->f)] = count(); }
                """);
        sim.machine.kernelWord(userRegs + Sim.SI, 0x7ffc1000L);
        sim.machine.userString(0x7ffc1000L, "/etc/hosts");
        sim.machine.kernelString(0x7ffc1000L, "kernel memory");
        sim.fire(1, Map.of(Sim.DI, userRegs));
        sim.fire(2);
        assertEquals(Optional.of(1L), sim.value("@", key("/etc/hosts"), "count"));
    }

    @Test
    void conflictingTypes() throws BtfException {
        String file = btf.spell(btf.member(btf.composite("struct task_struct").orElseThrow(), "parent").type());
        assertEquals("""
                test.d:1:50: error: $t holds a %s (since 1:28), so it cannot be assigned a struct file *
                fbt::vfs_read:entry { $t = curtask->parent; $t = args->file; }
                                                                 ^
                hint: a variable keeps the type of its first assignment: use another variable""".formatted(file),
                Fixtures.errors("fbt::vfs_read:entry { $t = curtask->parent; $t = args->file; }"));
        assertEquals("""
                test.d:2:34: error: self->t holds a struct task_struct * (since 1:33), so it cannot be assigned an integer that is not typed kernel data
                fbt::vfs_write:entry { self->t = arg0; }
                                                 ^
                hint: cast it, e.g. (struct task_struct *)x, or use another variable""",
                Fixtures.errors("""
                        fbt::vfs_read:entry { self->t = curtask; trace(self->t->pid); }
                        fbt::vfs_write:entry { self->t = arg0; }
                        """));
        assertEquals("""
                test.d:1:37: error: '+=' on $t, which holds a struct task_struct * (since 1:28): arithmetic on typed pointers is not supported
                fbt::vfs_read:entry { $t = curtask; $t += 8; trace($t->pid); }
                                                    ^
                hint: compute into another variable, e.g. $a = $t + 8, which is a plain integer""",
                Fixtures.errors("fbt::vfs_read:entry { $t = curtask; $t += 8; trace($t->pid); }"));
    }

    /** Without members anywhere, variables are not typed, so assigning a pointer and an integer is no error. */
    @Test
    void untypedScriptsAreUnchanged() throws ScriptException {
        Sim sim = new Sim("fbt::vfs_read:entry { $t = curtask; $t = $t + 8; @[$t] = count(); }");
        sim.fire(1);
        assertTrue(sim.value("@", key(sim.machine.currentTask + 8), "count").isPresent());
    }
}
