package dev.shadowtrace.runtime.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowtrace.runtime.Epoll;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

/** -p with several processes: the target ends when the last one exits, and says so through one descriptor. */
@Timeout(30)
class ProcessTargetTest {
    @Test
    void endsWhenEveryProcessHasExitedAndOnlyWakesWhenOneExits() throws Exception {
        Process a = new ProcessBuilder("sleep", "30").start();
        Process b = new ProcessBuilder("sleep", "30").start();
        try (ProcessTarget target = new ProcessTarget(List.of((int) a.pid(), (int) b.pid(), (int) a.pid()));
                Epoll loop = Epoll.create()) {
            target.watch();
            loop.add(target.exitFd(), 7);
            assertArrayEquals(new int[0], loop.await(0));
            assertFalse(target.exited());

            a.destroy();
            assertArrayEquals(new int[] {7}, loop.await(20_000), "one exited: the descriptor is readable");
            assertFalse(target.exited(), "the other still runs");
            assertArrayEquals(new int[0], loop.await(0), "and the exited one no longer makes it readable");

            b.destroy();
            assertArrayEquals(new int[] {7}, loop.await(20_000));
            assertTrue(target.exited());
        } finally {
            a.destroyForcibly().waitFor();
            b.destroyForcibly().waitFor();
        }
    }

    @Test
    void aProcessThatDoesNotExistFailsBeforeAnyIsBound() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        try (ProcessTarget target = new ProcessTarget(List.of((int) ProcessHandle.current().pid(),
                (int) gone.pid()))) {
            TraceException e = assertThrows(TraceException.class, () -> target.start(null));
            assertEquals("no process with pid " + gone.pid() + " (it may have exited)", e.getMessage());
        }
    }
}
