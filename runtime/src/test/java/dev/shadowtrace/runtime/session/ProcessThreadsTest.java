package dev.shadowtrace.runtime.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** The threads a -p process is followed through: every one listed, the process's own id first. */
class ProcessThreadsTest {
    @TempDir
    Path tmp;

    @Test
    void everyThreadTheProcessFirst() throws Exception {
        Path task = Files.createDirectories(tmp.resolve("100/task"));
        for (String tid : List.of("140", "100", "7", "101")) {
            Files.createDirectory(task.resolve(tid));
        }
        assertEquals(List.of(100, 7, 101, 140), ProcessThreads.of(tmp, 100));
    }

    @Test
    void aProcessThatIsGoneIsJustItsId() {
        // opening an event on it then fails with ESRCH, which says the process is gone
        assertEquals(List.of(4242), ProcessThreads.of(tmp, 4242));
    }

    @Test
    void theThreadsOfThisJvm() throws Exception {
        int pid = (int) ProcessHandle.current().pid();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            started.countDown();
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        started.await();
        try {
            List<Integer> tids = ProcessThreads.of(pid);
            assertEquals(pid, tids.get(0));
            assertTrue(tids.size() > 2, "a JVM with a started thread has more than two threads: " + tids);
            assertEquals(tids.size(), tids.stream().distinct().count(), "each thread once: " + tids);
        } finally {
            done.countDown();
            t.join();
        }
    }
}
