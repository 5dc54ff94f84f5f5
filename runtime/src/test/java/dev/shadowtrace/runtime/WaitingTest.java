package dev.shadowtrace.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;

/** Epoll, Wakeup and ProcessWatch on the host: what a tracer's wait loop is built from. */
@Timeout(30)
class WaitingTest {
    @Test
    void aWakeupFromAnotherThreadEndsTheWaitAtOnce() throws Exception {
        try (Epoll epoll = Epoll.create(); Wakeup wakeup = Wakeup.create()) {
            epoll.add(wakeup.fd(), 5);
            assertArrayEquals(new int[0], epoll.await(0));
            Thread t = new Thread(() -> {
                sleep(100);
                wakeup.signal();
                wakeup.signal();
            });
            t.start();
            long start = System.nanoTime();
            assertArrayEquals(new int[] {5}, epoll.await(20_000));
            assertTrue(System.nanoTime() - start < 10_000_000_000L);
            t.join();
            assertArrayEquals(new int[] {5}, epoll.await(0), "level-triggered until drained");
            wakeup.drain();
            assertArrayEquals(new int[0], epoll.await(0));
            wakeup.drain(); // nothing signalled: no error
        }
    }

    @Test
    void aSignalAfterCloseDoesNothing() throws Exception {
        Wakeup wakeup = Wakeup.create();
        wakeup.close();
        wakeup.signal();
    }

    @Test
    void aWatchedProcessBecomesReadableWhenItExits() throws Exception {
        Process p = new ProcessBuilder("sleep", "0.3").start();
        try (Epoll epoll = Epoll.create(); ProcessWatch watch = ProcessWatch.open((int) p.pid()).orElseThrow()) {
            assertEquals(p.pid(), watch.pid());
            epoll.add(watch.fd(), 1);
            assertArrayEquals(new int[0], epoll.await(0));
            assertArrayEquals(new int[] {1}, epoll.await(20_000));
            p.waitFor();
        }
    }

    @Test
    void aProcessThatDoesNotExistIsNamed() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        int pid = (int) p.pid();
        IOException e = assertThrows(IOException.class, () -> ProcessWatch.open(pid));
        assertEquals("no process with pid " + pid + " (it may have exited)", e.getMessage());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
