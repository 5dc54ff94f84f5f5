package dev.shadowtrace.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** The launch gate, with a stand-in for the kernel's BIND. */
@Timeout(30)
class BoundLauncherTest {
    private static final BoundLauncher.Binder NO_OP = pid -> { };

    /** The launching shell's argv, as the binder sees it: [sh, -c, script, shadowk, FIFO, CMD...]. */
    private static List<String> argv(int pid) throws Exception {
        byte[] raw = Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"));
        return List.of(new String(raw, 0, raw.length - 1, StandardCharsets.UTF_8).split("\0"));
    }

    @Test
    void returnsTheCommandsExitStatus() throws Exception {
        assertEquals(0, new BoundLauncher(NO_OP).run(List.of("true")));
        assertEquals(7, new BoundLauncher(NO_OP).run(List.of("sh", "-c", "exit 7")));
    }

    @Test
    void aSignalReadsAs128PlusItsNumberAndAMissingProgramAs127() throws Exception {
        assertEquals(128 + 15, new BoundLauncher(NO_OP).run(List.of("sh", "-c", "kill -TERM $$")));
        assertEquals(127, new BoundLauncher(NO_OP).run(List.of("shadowk-test-no-such-program")));
    }

    @Test
    void argumentsReachTheCommandUntouched(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        String weird = "a b\t'\"$HOME*";
        assertEquals(0, new BoundLauncher(NO_OP).run(List.of("sh", "-c", "printf %s \"$1\" > \"$2\"", "x", weird,
                out.toString())));
        assertEquals(weird, Files.readString(out));
    }

    @Test
    void theCommandStartsOnlyAfterTheBindingReturns(@TempDir Path tmp) throws Exception {
        Path marker = tmp.resolve("started");
        AtomicReference<List<String>> seen = new AtomicReference<>();
        BoundLauncher launcher = new BoundLauncher(pid -> {
            try {
                seen.set(argv(pid));
                Thread.sleep(300);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            assertFalse(Files.exists(marker), "the command ran before it was bound");
        });
        assertEquals(0, launcher.run(List.of("touch", marker.toString())));
        assertTrue(Files.exists(marker));
        List<String> argv = seen.get();
        assertEquals(List.of(LaunchGate.SHELL, "-c", LaunchGate.GATE_SCRIPT, "shadowk"), argv.subList(0, 4));
        assertEquals(List.of("touch", marker.toString()), argv.subList(5, argv.size()));
        assertFalse(Files.exists(Path.of(argv.get(4)).getParent()), "the private directory is removed");
    }

    @Test
    void aFailedBindingKillsTheShellAndNeverRunsTheCommand(@TempDir Path tmp) throws Exception {
        Path marker = tmp.resolve("started");
        ShadowkException refused = new ShadowkException(Errno.ESRCH, "no process with pid 1");
        AtomicReference<List<String>> seen = new AtomicReference<>();
        AtomicReference<ProcessHandle> shell = new AtomicReference<>();
        BoundLauncher launcher = new BoundLauncher(pid -> {
            try {
                seen.set(argv(pid));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            shell.set(ProcessHandle.of(pid).orElseThrow());
            throw refused;
        });
        assertSame(refused, assertThrows(ShadowkException.class,
                () -> launcher.run(List.of("touch", marker.toString()))));
        assertFalse(shell.get().isAlive(), "the launching shell is killed");
        assertFalse(Files.exists(marker));
        assertFalse(Files.exists(Path.of(seen.get().get(4)).getParent()), "the private directory is removed");
    }

    @Test
    void anAlreadyBoundShellSuggestsThatTheToolItselfIsBound() {
        BoundLauncher launcher = new BoundLauncher(pid -> {
            throw ShadowkErrors.bind(ShadowkRequest.BIND, pid, Errno.EBUSY);
        });
        ShadowkException e = assertThrows(ShadowkException.class, () -> launcher.run(List.of("true")));
        assertEquals(Errno.EBUSY, e.errno());
        assertTrue(e.getMessage().matches("pid \\d+ is already bound to a shadow \\(a child inherits its parent's"
                + " binding: is this tool itself running bound\\?\\)"), e.getMessage());
    }

    /** SigIgn of /proc/PID/status, a hex mask with bit N-1 for signal N. */
    private static long ignoredSignals(String status) {
        return status.lines().filter(l -> l.startsWith("SigIgn:"))
                .mapToLong(l -> Long.parseLong(l.substring(7).strip(), 16)).findFirst().orElseThrow();
    }

    /**
     * The command gets SIGINT and SIGQUIT as the tool got them: the defaults
     * from a terminal, or ignored when the tool itself runs as a background
     * job of a non-interactive shell (which ignores both for it, as POSIX
     * says), like any program a shell starts.
     */
    @Test
    void terminalSignalsAreLeftToTheCommandWhileItRuns(@TempDir Path tmp) throws Exception {
        long intAndQuit = 1L << (2 - 1) | 1L << (3 - 1);
        long before = ignoredSignals(Files.readString(Path.of("/proc/self/status")));
        Path parent = tmp.resolve("parent");
        Path own = tmp.resolve("own");
        assertEquals(0, new BoundLauncher(NO_OP).run(List.of("sh", "-c",
                "cat /proc/$PPID/status > \"$1\"; cat /proc/self/status > \"$2\"", "x", parent.toString(),
                own.toString())));
        assertEquals(intAndQuit, ignoredSignals(Files.readString(parent)) & intAndQuit, "ignored while waiting");
        assertEquals(before & intAndQuit, ignoredSignals(Files.readString(own)) & intAndQuit,
                "the command keeps the tool's own dispositions");
        assertEquals(before, ignoredSignals(Files.readString(Path.of("/proc/self/status"))), "restored");
    }

    @Test
    void startReturnsWhileTheCommandRunsAndLeavesSignalsAlone() throws Exception {
        long before = ignoredSignals(Files.readString(Path.of("/proc/self/status")));
        Process p = new BoundLauncher(NO_OP).start(List.of("sh", "-c", "sleep 0.5; exit 3"));
        assertTrue(p.isAlive(), "start() does not wait for the command");
        assertEquals(before, ignoredSignals(Files.readString(Path.of("/proc/self/status"))));
        assertEquals(3, p.waitFor());
    }

    @Test
    void theGateShellIsBoundFromItsOwnExecOnly() {
        assertEquals(ShadowkAbi.BIND_EXEC_RESET | ShadowkAbi.BIND_AT_NEXT_EXEC,
                BoundLauncher.gateFlags(ShadowkAbi.BIND_EXEC_RESET));
        assertEquals(ShadowkAbi.BIND_AT_NEXT_EXEC, BoundLauncher.gateFlags(0));
    }
}
