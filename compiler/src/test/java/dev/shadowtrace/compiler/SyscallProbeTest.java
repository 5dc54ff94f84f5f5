package dev.shadowtrace.compiler;

import static dev.shadowtrace.compiler.Sim.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowtrace.compiler.bpf.Disassembler;
import dev.shadowtrace.compiler.kernel.ProbeSite;
import dev.shadowtrace.lang.diag.ScriptException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Syscall probes: they resolve to the syscall's __x64_sys_ wrapper, their arguments are read from
 * the user pt_regs the wrapper gets in di, by the syscall ABI's registers, and strings behind
 * pointer arguments come from user memory.
 */
class SyscallProbeTest {
    private static final long OPENAT = 0xffffffffacd64630L;
    /** Where the simulated wrapper's pt_regs argument points. */
    private static final long USER_REGS = 0xffffc90000abc000L;
    private static final int DI = 112;
    private static final int SI = 104;
    private static final int DX = 96;
    private static final int R10 = 56;
    private static final byte[] NO_KEY = new byte[8];

    @Test
    void bothSpellingsResolveToTheWrapper() throws ScriptException {
        for (String probe : List.of("syscall::openat:entry", "tracepoint:syscalls:sys_enter_openat")) {
            List<ProbeSite> sites = Fixtures.compile(probe + " { @ = count(); }").programs().get(0).sites();
            assertEquals("[entry __x64_sys_openat 0xffffffffacd64630]", sites.toString(), probe);
        }
        assertEquals("[return __x64_sys_read 0xffffffffacd67640]", Fixtures.compile(
                "tracepoint:syscalls:sys_exit_read { @ = count(); }").programs().get(0).sites().toString());
    }

    @Test
    void aliasedWrappersAndGlobsResolve() throws ScriptException {
        // __x64_sys_getppid has no ftrace line of its own on 6.1: ftrace names the site __do_sys_getppid
        assertEquals(1, Fixtures.compile("syscall::getppid:entry { @ = count(); }").programs().get(0).sites().size());
        List<String> functions = Fixtures.compile("syscall::open*:entry { @ = count(); }").programs().get(0).sites()
                .stream().map(ProbeSite::function).toList();
        assertEquals(List.of("__x64_sys_openat", "__x64_sys_openat2"), functions);
    }

    @Test
    void argumentsByNameAndNumberAreTheSyscallsRegisters() throws ScriptException {
        Sim sim = new Sim("""
                syscall::openat:entry { @flags[args->flags] = count(); @dfd[arg0] = count(); @mode[args.mode] = count(); }
                """);
        sim.machine.kernelWord(USER_REGS + DI, 7);
        sim.machine.kernelWord(USER_REGS + DX, 0x241);
        sim.machine.kernelWord(USER_REGS + R10, 0644);
        sim.fire(1, Map.of(DI, USER_REGS, SI, 99L, DX, 98L));
        assertEquals(Optional.of(1L), sim.value("@flags", key(0x241), "count"));
        assertEquals(Optional.of(1L), sim.value("@dfd", key(7), "count"));
        assertEquals(Optional.of(1L), sim.value("@mode", key(0644), "count"));
    }

    @Test
    void aFaultingReadGivesZero() throws ScriptException {
        Sim sim = new Sim("syscall::read:entry { @[args->count] = count(); }");
        sim.fire(1, Map.of(DI, USER_REGS));
        assertEquals(Optional.of(1L), sim.value("@", key(0), "count"));
    }

    @Test
    void returnValueIsAx() throws ScriptException {
        Sim sim = new Sim("""
                syscall::read:return { @ret[args->ret] = count(); }
                tracepoint:syscalls:sys_exit_read { @retval[retval] = count(); }
                """);
        sim.fire(1, Map.of(Sim.AX, 4096L, DI, USER_REGS));
        sim.fire(2, Map.of(Sim.AX, 4096L));
        assertEquals(Optional.of(1L), sim.value("@ret", key(4096), "count"));
        assertEquals(Optional.of(1L), sim.value("@retval", key(4096), "count"));
    }

    @Test
    void pointerArgumentsAreReadFromUserMemory() throws ScriptException {
        Sim sim = new Sim("""
                syscall::openat:entry { @byName[str(args->filename)] = count(); @byNumber[copyinstr(arg1)] = count(); }
                syscall::openat:entry { @strOfArg[str(arg1)] = count(); }
                """);
        sim.machine.kernelWord(USER_REGS + SI, 0x7ffc1000L);
        sim.machine.userString(0x7ffc1000L, "/etc/hosts");
        sim.machine.kernelString(0x7ffc1000L, "kernel memory");
        sim.fire(1, Map.of(DI, USER_REGS));
        sim.fire(2, Map.of(DI, USER_REGS));
        assertEquals(Optional.of(1L), sim.value("@byName", key("/etc/hosts"), "count"));
        assertEquals(Optional.of(1L), sim.value("@byNumber", key("/etc/hosts"), "count"));
        assertEquals(Optional.of(1L), sim.value("@strOfArg", key("/etc/hosts"), "count"));
    }

    @Test
    void strOfAKernelPointerStaysAKernelRead() throws ScriptException {
        String program = Disassembler.dump(Fixtures.compile("fbt::kern_path:entry { @[str(arg0)] = count(); }")
                .programs().get(0).program());
        assertTrue(program.contains("bpf_probe_read_kernel_str"), program);
        assertTrue(!program.contains("bpf_probe_read_user_str"), program);
        Sim sim = new Sim("fbt::kern_path:entry { @k[str(arg0)] = count(); @u[copyinstr(arg0)] = count(); }");
        sim.machine.kernelString(0x1000, "in kernel");
        sim.machine.userString(0x1000, "in user");
        sim.fire(1, Map.of(DI, 0x1000L));
        assertEquals(Optional.of(1L), sim.value("@k", key("in kernel"), "count"));
        assertEquals(Optional.of(1L), sim.value("@u", key("in user"), "count"));
    }

    @Test
    void errorsPointAtTheName() {
        assertEquals("""
                test.d:1:10: error: unknown syscall 'opnat'; did you mean 'openat'?
                syscall::opnat:entry { @ = count(); }
                         ^""", Fixtures.errors("syscall::opnat:entry { @ = count(); }"));
        assertEquals("""
                test.d:1:31: error: unknown syscall 'no_such_call'
                tracepoint:syscalls:sys_enter_no_such_call { @ = count(); }
                                              ^
                hint: this kernel has no __x64_sys_no_such_call; shadowtrace -l 'syscall:::entry' lists the syscalls""",
                Fixtures.errors("tracepoint:syscalls:sys_enter_no_such_call { @ = count(); }"));
        assertEquals("""
                test.d:1:10: error: syscall 'fork' cannot be traced at entry: its wrapper __x64_sys_fork has no ftrace site
                syscall::fork:entry { @ = count(); }
                         ^
                hint: probe the kernel function that implements it with fbt (shadowtrace -l 'fbt::*fork*')""",
                Fixtures.errors("syscall::fork:entry { @ = count(); }"));
        assertEquals("""
                test.d:1:10: error: no syscall matches 'zz*'
                syscall::zz*:entry { @ = count(); }
                         ^""", Fixtures.errors("syscall::zz*:entry { @ = count(); }"));
        assertEquals("""
                test.d:1:37: error: syscall 'openat' has no argument 'filenam'; did you mean 'filename'?
                syscall::openat:entry { @[str(args->filenam)] = count(); }
                                                    ^
                hint: its arguments are dfd, filename, flags, mode""",
                Fixtures.errors("syscall::openat:entry { @[str(args->filenam)] = count(); }"));
        assertEquals("""
                test.d:1:34: error: the kernel names no arguments of syscall 'openat2' (it has no tracepoint format events/syscalls/sys_enter_openat2)
                syscall::openat2:entry { @[args->how] = count(); }
                                                 ^
                hint: use arg0 ... arg5""", Fixtures.errors("syscall::openat2:entry { @[args->how] = count(); }"));
        assertEquals("""
                test.d:1:46: error: arguments mean different things in the syscall and fbt probes of this clause
                syscall::read:entry, fbt::vfs_read:entry { @[arg0] = count(); }
                                                             ^
                hint: give the syscall probes a clause of their own""",
                Fixtures.errors("syscall::read:entry, fbt::vfs_read:entry { @[arg0] = count(); }"));
    }

    @Test
    void anArgumentMustBeAtOnePlaceInEverySyscallOfTheClause() throws ScriptException {
        Sim sim = new Sim("syscall::read:entry, syscall::write:entry { @[args->count] = count(); }");
        sim.machine.kernelWord(USER_REGS + DX, 512);
        sim.fire(1, Map.of(DI, USER_REGS));
        assertEquals(Optional.of(1L), sim.value("@", key(512), "count"));
        String error = Fixtures.errors("syscall::read:entry, syscall::openat:entry { @[args->flags] = count(); }");
        assertEquals("test.d:1:54: error: syscall 'read' has no argument 'flags'", error.lines().findFirst().orElseThrow());
    }
}
