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
    void aNestedEpollIsReadableWhileAnInnerDescriptorIsAndNotOnceItIsRemoved() throws Exception {
        try (Epoll outer = Epoll.create(); Epoll inner = Epoll.create(); Wakeup a = Wakeup.create();
                Wakeup b = Wakeup.create()) {
            inner.add(a.fd(), 1);
            inner.add(b.fd(), 2);
            outer.add(inner.fd(), 9);
            assertArrayEquals(new int[0], outer.await(0));
            a.signal();
            assertArrayEquals(new int[] {9}, outer.await(1000));
            assertArrayEquals(new int[] {1}, inner.await(0));
            inner.remove(a.fd());
            assertArrayEquals(new int[0], outer.await(0), "a ready descriptor no longer watched");
            assertArrayEquals(new int[0], inner.await(0));
            b.signal();
            assertArrayEquals(new int[] {2}, inner.await(0));
            assertThrows(IOException.class, () -> inner.remove(a.fd()));
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
