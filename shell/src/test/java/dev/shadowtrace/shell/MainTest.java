package dev.shadowtrace.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.shadowtrace.lang.diag.SourceFile;
import dev.shadowtrace.runtime.ModuleVersion;
import dev.shadowtrace.runtime.ShadowkAbi;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

class MainTest {
    /** The compiler's fixture extract of a Debian 6.1 kernel's symbol tables. */
    private static final String[] FIXTURE = {
        "--kallsyms", "../compiler/src/test/resources/kernel/kallsyms",
        "--filter-functions", "../compiler/src/test/resources/kernel/available_filter_functions",
    };

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    private int runOnFixture(String... args) {
        String[] all = new String[FIXTURE.length + args.length];
        System.arraycopy(FIXTURE, 0, all, 0, FIXTURE.length);
        System.arraycopy(args, 0, all, FIXTURE.length, args.length);
        return run(all);
    }

    @Test
    void versionNamesTheToolAndTheModuleState() {
        assertEquals(0, run("--version"));
        String[] lines = out.toString().split("\n");
        assertEquals("shadowtrace " + Main.VERSION + " (ABI " + ShadowkAbi.ABI_VERSION + ")", lines[0]);
        assertTrue(lines[1].startsWith("shadowk module: "), lines[1]);
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertEquals(2, run("--no-such-option"));
        assertTrue(err.toString().contains("Unknown option: '--no-such-option'"), err.toString());
    }

    /** Symbol tables that cannot be read, as on a machine without tracefs for a user who is not root. */
    private static final String[] NO_KERNEL = {
        "--kallsyms", "/nonexistent/kallsyms", "--filter-functions", "/nonexistent/available_filter_functions",
    };

    @Test
    void syntaxAndTypeErrorsComeWithTheirPositionBeforeTheKernelIsRead() {
        for (String[] args : List.of(new String[] {"-S", "-e", "fbt::vfs_read:entry { @n = count( }"},
                new String[] {"-c", "true", "-e", "fbt::vfs_read:entry { @n = count(); @n = 1; }"})) {
            StringWriter e = new StringWriter();
            String[] all = new String[NO_KERNEL.length + args.length];
            System.arraycopy(NO_KERNEL, 0, all, 0, NO_KERNEL.length);
            System.arraycopy(args, 0, all, NO_KERNEL.length, args.length);
            assertEquals(1, Main.run(new PrintWriter(out), new PrintWriter(e), all), e.toString());
            assertTrue(e.toString().startsWith(SourceFile.COMMAND_LINE + ":1:"), e.toString());
            assertTrue(e.toString().contains("error:"), e.toString());
            assertFalse(e.toString().contains("nonexistent"), e.toString());
        }
    }

    @Test
    void aScriptWithoutErrorsStillNeedsTheKernel() {
        String[] all = {NO_KERNEL[0], NO_KERNEL[1], NO_KERNEL[2], NO_KERNEL[3], "-S", "-e",
            "fbt::vfs_read:entry { @n = count(); }"};
        assertEquals(1, run(all));
        assertTrue(err.toString().contains("nonexistent"), err.toString());
    }

    @Test
    void streamingOptionsAreCheckedBeforeAnythingIsCompiled() {
        String script = "fbt::vfs_read:entry { @ = count(); }";
        assertEquals(2, runOnFixture("-c", "true", "--interval", "0", "-e", script));
        assertTrue(err.toString().contains("--interval needs a number of seconds from 0.001 to 86400, not 0.0"),
                err.toString());
        assertEquals(2, runOnFixture("-c", "true", "--folded", "--json", "-e", script));
        assertTrue(err.toString().contains("--folded prints text; it cannot be combined with --json"), err.toString());
        assertEquals(2, runOnFixture("-c", "true", "--ringbuf-size", "5000", "-e", script));
        assertTrue(err.toString().contains("--ringbuf-size needs a power of two from 4096, not 5000"), err.toString());
    }

    @Test
    void theShellRefusesWhatOnlyAScriptCanUse() {
        assertEquals(2, run("-p", "1", "--interval", "1", "-o", "/tmp/x"));
        assertTrue(err.toString().contains("--interval, -o make no sense in the interactive shell"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run("--folded"));
        assertTrue(err.toString().contains("--folded makes no sense in the interactive shell"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run("-p", "1", "--cgroup", "x"));
        assertTrue(err.toString().contains("not several"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run("-p", "1,2", "-U", "-v", "--json"), "accepted, then no terminal: the usage");
        assertTrue(err.toString().startsWith("Usage: shadowtrace"), err.toString());
    }

    @Test
    void noScriptIsAUsageError() {
        assertEquals(2, run());
        assertTrue(err.toString().startsWith("Usage: shadowtrace"), err.toString());
    }

    @Test
    void dumpShowsTheProgramsAScriptCompilesTo() {
        assertEquals(0, runOnFixture("-S", "-e", "fbt::vfs_read:entry { @[execname] = count(); }"));
        String dump = out.toString();
        assertTrue(dump.contains("clause 1: fbt::vfs_read:entry"), dump);
        assertTrue(dump.contains("call bpf_get_current_comm#16"), dump);
        assertTrue(dump.contains("exit"), dump);
        assertEquals("", err.toString());
    }

    @Test
    void aScriptFileCompilesToo(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path script = tmp.resolve("count.d");
        Files.writeString(script, "fbt::vfs_read:entry\n{\n  @calls = count();\n}\n");
        assertEquals(0, runOnFixture("-S", script.toString()));
        assertTrue(out.toString().contains("fbt::vfs_read:entry"), out.toString());
    }

    @Test
    void wordsAfterTheScriptArePositionalParameters(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        assertEquals(0, runOnFixture("-S", "-e", "fbt::vfs_read:entry /pid == $1 && comm == $2/ { @ = count(); }",
                "4242", "dd"));
        assertTrue(out.toString().contains(" != 0x1092 goto"), out.toString()); // pid compared with 4242
        Path script = tmp.resolve("p.d");
        Files.writeString(script, "fbt::vfs_read:entry /pid == $1/ { @ = count(); }\n");
        assertEquals(0, runOnFixture("-S", script.toString(), "4242"));
        assertEquals(1, runOnFixture("-S", script.toString()));
        assertTrue(err.toString().contains("p.d:1:29: error: positional parameter $1 is not given: no parameters"
                + " follow the script"), err.toString());
    }

    @Test
    void targetIsTheFirstPid() {
        assertEquals(1, runOnFixture("-S", "-e", "fbt::vfs_read:entry /pid == $target/ { @ = count(); }"));
        assertTrue(err.toString().contains("error: $target is the pid of the traced process, and this trace has"
                + " none"), err.toString());
    }

    @Test
    void aSyntaxErrorShowsWhereAndWhat() {
        assertEquals(1, runOnFixture("-S", "-e", "fbt::vfs_read:entry { @ = count() "));
        List<String> lines = err.toString().lines().toList();
        assertTrue(lines.get(0).startsWith("<command-line>:1:"), err.toString());
        assertTrue(lines.get(0).contains("error:"), err.toString());
        assertTrue(lines.get(2).trim().equals("^"), err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void anUnknownFunctionSuggestsANearName() {
        assertEquals(1, runOnFixture("-S", "-e", "fbt::vfs_reed:entry { @ = count(); }"));
        assertTrue(err.toString().contains("unknown kernel function 'vfs_reed'; did you mean 'vfs_read"),
                err.toString());
    }

    @Test
    void tracingNeedsAProcessACommandOrACgroup() {
        assertEquals(2, runOnFixture("-e", "fbt::vfs_read:entry { @ = count(); }"));
        assertEquals("shadowtrace traces processes: give -p PID, -c CMD or --cgroup PATH\n", err.toString());
    }

    @Test
    void twoKindsOfTargetAreTooMany() {
        String tooMany = "shadowtrace: give one of -p PID, -c CMD and --cgroup PATH, not several\n";
        assertEquals(2, runOnFixture("-p", "1", "-c", "true", "-e", "fbt::vfs_read:entry { @ = count(); }"));
        assertEquals(tooMany, err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, runOnFixture("-p", "1", "--cgroup", "x", "-e", "fbt::vfs_read:entry { @ = count(); }"));
        assertEquals(tooMany, err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, runOnFixture("--cgroup", "x", "-c", "true", "-e", "fbt::vfs_read:entry { @ = count(); }"));
        assertEquals(tooMany, err.toString());
    }

    @Test
    void badTargetsAreUsageErrors() {
        assertEquals(2, runOnFixture("-p", "0", "-e", "fbt::vfs_read:entry { @ = count(); }"));
        assertEquals("shadowtrace: -p needs a process id, not 0\n", err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, runOnFixture("-p", "12,-3", "-e", "fbt::vfs_read:entry { @ = count(); }"));
        assertEquals("shadowtrace: -p needs a process id, not -3\n", err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, runOnFixture("-c", "echo 'oops", "-e", "fbt::vfs_read:entry { @ = count(); }"));
        assertEquals("shadowtrace: unterminated single quote in the command: echo 'oops\n", err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, runOnFixture("-c", "  ", "-e", "fbt::vfs_read:entry { @ = count(); }"));
        assertEquals("shadowtrace: -c needs a command\n", err.toString());
        err.getBuffer().setLength(0);
        long self = ProcessHandle.current().pid();
        assertEquals(2, runOnFixture("-p", "12", "-p", String.valueOf(self), "-e",
                "fbt::vfs_read:entry { @ = count(); }"));
        assertEquals("shadowtrace: -p " + self + " is shadowtrace itself, which must run the pristine kernel\n",
                err.toString());
    }

    @Test
    void aScriptErrorIsReportedBeforeAnythingIsInstalled() {
        assertEquals(1, runOnFixture("--device", "/nonexistent/shadowk", "-c", "true", "-e",
                "fbt::vfs_reed:entry { @ = count(); }"));
        assertTrue(err.toString().contains("unknown kernel function 'vfs_reed'"), err.toString());
    }

    /** The processes this JVM started and has not reaped: the gate of a -c command, while it waits. */
    private static List<Long> children() {
        return ProcessHandle.current().children().map(ProcessHandle::pid).toList();
    }

    @Test
    void targetWithACommandIsThePidOfItsGateAndAFailedTraceLeavesNoGateBehind() {
        List<Long> before = children();
        AtomicReference<String> seen = new AtomicReference<>();
        int status = Main.run(new PrintWriter(out), new PrintWriter(err), compiled -> {
            List<Long> gates = children().stream().filter(c -> !before.contains(c)).toList();
            seen.set(gates + "\n" + compiled.dump());
            return compiled;
        }, FIXTURE[0], FIXTURE[1], FIXTURE[2], FIXTURE[3], "--device", "/nonexistent/shadowk", "-c", "true", "-e",
                "fbt::vfs_read:entry /pid == $target/ { @ = count(); }");
        assertEquals(1, status, err.toString()); // no module: the trace fails after compiling
        String[] gateAndDump = seen.get().split("\n", 2);
        List<String> gates = List.of(gateAndDump[0].replaceAll("[\\[\\] ]", "").split(","));
        assertEquals(1, gates.size(), "one gate while compiling: " + gateAndDump[0]);
        long pid = Long.parseLong(gates.get(0));
        assertTrue(gateAndDump[1].contains("if r7 != 0x" + Long.toHexString(pid) + " "),
                "$target is not the gate's pid " + pid + ":\n" + gateAndDump[1]);
        assertFalse(children().contains(pid), "the gate of a trace that failed is left behind");
    }

    @Test
    void aCompileErrorWithACommandLeavesNoGateBehind() {
        List<Long> before = children();
        assertEquals(1, runOnFixture("--device", "/nonexistent/shadowk", "-c", "true", "-e",
                "fbt::vfs_read:entry /pid == $target/ { @ = count(); } fbt::vfs_reed:entry { @b = count(); }"));
        assertTrue(err.toString().contains("unknown kernel function 'vfs_reed'"), err.toString());
        assertEquals(before, children(), "a gate is left behind");
    }

    @Test
    void aCommandThatCannotRunIsRefusedFirst() {
        assertEquals(1, runOnFixture("--device", "/nonexistent/shadowk", "-c", "no-such-program-here 1", "-e",
                "fbt::vfs_read:entry { @ = count(); }"));
        assertEquals("shadowtrace: cannot run no-such-program-here: not found in PATH\n", err.toString());
    }

    @Test
    void theUnionFallbackWithOffsetProbesIsRefusedBeforeAnythingIsInstalled() {
        assertEquals(1, runOnFixture("--device", "/nonexistent/shadowk", "-U", "-c", "true", "-e",
                "fbt::vfs_read:entry { @r = count(); }\nfbt::tcp_v4_rcv+0x1c, fbt::vfs_read+4 { @ = count(); }"));
        assertEquals("""
                <command-line>:2:1: error: offset probe fbt::tcp_v4_rcv+0x1c cannot fire outside process context: \
                the union fallback (-U) applies to entry and return probes only
                fbt::tcp_v4_rcv+0x1c, fbt::vfs_read+4 { @ = count(); }
                ^
                hint: trace without -U, or probe the function's entry or return instead
                <command-line>:2:23: error: offset probe fbt::vfs_read+4 cannot fire outside process context: the \
                union fallback (-U) applies to entry and return probes only
                fbt::tcp_v4_rcv+0x1c, fbt::vfs_read+4 { @ = count(); }
                                      ^
                hint: trace without -U, or probe the function's entry or return instead
                """, err.toString());
        err.getBuffer().setLength(0);
        assertEquals(0, runOnFixture("-U", "-S", "-e", "fbt::tcp_v4_rcv+0x1c { @ = count(); }"), "-S attaches nothing");
        assertEquals("", err.toString());
    }

    @Test
    void withoutTheModuleTheTraceSaysHowToLoadIt() {
        assertEquals(1, runOnFixture("--device", "/nonexistent/shadowk", "-c", "true", "-e",
                "fbt::vfs_read:entry { @ = count(); }"));
        assertEquals("shadowtrace: /nonexistent/shadowk not found: load the module with 'insmod kmod/shadowk.ko'"
                + " (build it first with 'make -C kmod'), or run inside the test VM with 'bin/vm -- ...'\n",
                err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void listShowsMatchingProbesLikeBpftrace() {
        assertEquals(0, runOnFixture("-l", "fbt::vfs_read*:entry"));
        assertEquals(List.of("fbt::vfs_read:entry", "fbt::vfs_readlink:entry", "fbt::vfs_readv:entry"),
                out.toString().lines().toList());
        out.getBuffer().setLength(0);
        assertEquals(0, runOnFixture("-l", "vfs_readv"));
        assertEquals(List.of("fbt::vfs_readv:entry", "fbt::vfs_readv:return"), out.toString().lines().toList());
    }

    @Test
    void listShowsSyscallProbesInBothSpellings() {
        assertEquals(0, runOnFixture("-l", "syscall::open*"));
        assertEquals(List.of("syscall::openat:entry", "syscall::openat:return", "syscall::openat2:entry",
                "syscall::openat2:return"), out.toString().lines().toList());
        out.getBuffer().setLength(0);
        assertEquals(0, runOnFixture("-l", "tracepoint:syscalls:sys_exit_*read*"));
        assertEquals(List.of("tracepoint:syscalls:sys_exit_pread64", "tracepoint:syscalls:sys_exit_read"),
                out.toString().lines().toList());
        out.getBuffer().setLength(0);
        assertEquals(0, runOnFixture("-l", "syscall:::entry"));
        assertEquals(List.of("syscall::close:entry", "syscall::getppid:entry", "syscall::openat:entry",
                "syscall::openat2:entry", "syscall::pread64:entry", "syscall::read:entry", "syscall::write:entry"),
                out.toString().lines().toList());
        out.getBuffer().setLength(0);
        // fork's wrapper has no ftrace site in the fixture: not listed
        assertEquals(1, runOnFixture("-l", "syscall::fork:entry"));
    }

    @Test
    void listShowsTracepointsOfEveryCategory() {
        assertEquals(0, runOnFixture("-l", "tracepoint:sched:*"));
        assertEquals(List.of("tracepoint:sched:sched_process_exec", "tracepoint:sched:sched_process_fork",
                "tracepoint:sched:sched_process_free",
                "tracepoint:sched:sched_switch"), out.toString().lines().toList());
        out.getBuffer().setLength(0);
        assertEquals(0, runOnFixture("-l", "tracepoint:*:sys_enter*"));
        List<String> lines = out.toString().lines().toList();
        assertTrue(lines.contains("tracepoint:raw_syscalls:sys_enter"), lines.toString());
        assertTrue(lines.contains("tracepoint:syscalls:sys_enter_read"), lines.toString());
        assertEquals(1, lines.stream().filter(l -> l.equals("tracepoint:syscalls:sys_enter_getppid")).count());
        out.getBuffer().setLength(0);
        // DTrace's spelling: CATEGORY:::NAME (the syscalls' are syscall::NAME:entry there)
        assertEquals(0, runOnFixture("-l", "sched:::sched_process_*"));
        assertEquals(List.of("sched:::sched_process_exec", "sched:::sched_process_fork", "sched:::sched_process_free"),
                out.toString().lines().toList());
        out.getBuffer().setLength(0);
        assertEquals(0, runOnFixture("-l", "*:::sys_enter*"));
        assertEquals(List.of("raw_syscalls:::sys_enter"), out.toString().lines().toList());
        out.getBuffer().setLength(0);
        // DTrace's own probes that one tracepoint or function gives, where the kernel has it (the fixture:
        // sched's tracepoints, finish_task_switch.isra.0, tty_audit_fork, tty_audit_exit, bprm_execve)
        assertEquals(0, runOnFixture("-l", "*:::*-*"));
        assertEquals(List.of("proc:::exec-success", "sched:::off-cpu", "sched:::on-cpu"), out.toString().lines().toList());
        out.getBuffer().setLength(0);
        assertEquals(0, runOnFixture("-l", "proc:::*"));
        assertEquals(List.of("proc:::create", "proc:::exec", "proc:::exec-success", "proc:::exit"),
                out.toString().lines().toList());
    }

    @Test
    void listingNothingIsAnError() {
        assertEquals(1, runOnFixture("-l", "no_such_*"));
        assertEquals("shadowtrace: no probe matches 'no_such_*'\n", err.toString());
    }

    @Test
    void jsonQuotingEscapesControlCharacters() {
        assertEquals("\"a\\\"b\\\\c\\n\\u0001\"", Json.quote("a\"b\\c\n\u0001"));
    }

    @Test
    void versionReportWarnsWhenTheModuleIsAnotherVersion() {
        ModuleVersion other = new ModuleVersion(ShadowkAbi.ABI_VERSION, ModuleVersion.Backend.NATIVE, 0, "0.0.9",
                "6.1.0-57-amd64");
        VersionReport r = new VersionReport(other, null);
        assertTrue(r.toText().endsWith("\nwarning: the tool is " + Main.VERSION + " and the loaded module 0.0.9:"
                + " load the module that came with the tool (rmmod shadowk; modprobe shadowk), or install matching"
                + " versions"), r.toText());
        assertTrue(r.toJson().contains("\"version_mismatch\":true"), r.toJson());
        VersionReport same = new VersionReport(new ModuleVersion(ShadowkAbi.ABI_VERSION, ModuleVersion.Backend.NATIVE,
                0, Main.VERSION, "6.1.0-57-amd64"), null);
        assertFalse(same.toText().contains("warning"), same.toText());
        assertTrue(same.toJson().contains("\"version_mismatch\":false"), same.toJson());
    }

    @Test
    void versionReportRendersAMissingModule() {
        VersionReport r = new VersionReport(null, "/dev/shadowk not found");
        assertEquals("shadowtrace " + Main.VERSION + " (ABI " + ShadowkAbi.ABI_VERSION
                + ")\nshadowk module: not available: /dev/shadowk not found", r.toText());
        assertEquals("{\"version\":\"" + Main.VERSION + "\",\"abi\":" + ShadowkAbi.ABI_VERSION + ",\"module\":null,"
                + "\"module_error\":\"/dev/shadowk not found\"}", r.toJson());
    }
}
