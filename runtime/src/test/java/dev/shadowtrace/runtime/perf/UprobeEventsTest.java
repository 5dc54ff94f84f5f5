package dev.shadowtrace.runtime.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The uprobe_events lines a tracer writes, against a directory standing for tracefs: definitions
 * appended (never truncating the file, which would delete every uprobe of the machine), ids read back,
 * deletions of its own group, and the groups of dead tracers removed.
 */
class UprobeEventsTest {
    @TempDir
    Path tracefs;

    @Test
    void definesAppendsAndDeletesItsOwnGroup() throws IOException {
        Files.writeString(tracefs.resolve("uprobe_events"), "p:other/keep /bin/true:0x10\n");
        Files.createDirectories(tracefs.resolve("events/shadowtrace_42/u0"));
        Files.writeString(tracefs.resolve("events/shadowtrace_42/u0/id"), "1234\n");
        Files.createDirectories(tracefs.resolve("events/shadowtrace_42/u1"));
        Files.writeString(tracefs.resolve("events/shadowtrace_42/u1/id"), "1235\n");
        UprobeEvents events = new UprobeEvents(tracefs, 42, new AtomicInteger()::getAndIncrement);
        assertEquals("shadowtrace_42", events.group());
        assertEquals(1234, events.define("/usr/bin/ucall", 0x1139, false));
        assertEquals(1235, events.define("/usr/bin/ucall", 0x1139, true));
        assertEquals(List.of(), events.deleteAll());
        assertEquals(List.of("p:other/keep /bin/true:0x10", "p:shadowtrace_42/u0 /usr/bin/ucall:0x1139",
                "r:shadowtrace_42/u1 /usr/bin/ucall:0x1139", "-:shadowtrace_42/u0", "-:shadowtrace_42/u1"),
                Files.readAllLines(tracefs.resolve("uprobe_events")));
    }

    @Test
    void pathsWithWhiteSpaceCannotBeDefined() {
        assertTrue(UprobeEvents.canDefine("/usr/lib/x86_64-linux-gnu/libc.so.6"));
        assertFalse(UprobeEvents.canDefine("/tmp/my program"));
        assertFalse(UprobeEvents.canDefine(""));
        assertThrows(IOException.class, () -> new UprobeEvents(tracefs, 1, () -> 0).define("/tmp/a\tb", 0, false));
    }

    @Test
    void removesTheGroupsOfTracersThatNoLongerRun() throws IOException {
        Files.writeString(tracefs.resolve("uprobe_events"), "");
        long dead = deadPid();
        long alive = ProcessHandle.current().pid();
        for (String dir : List.of("shadowtrace_" + dead + "/u0", "shadowtrace_" + dead + "/u3",
                "shadowtrace_" + alive + "/u0", "other/u0")) {
            Files.createDirectories(tracefs.resolve("events").resolve(dir));
        }
        Files.writeString(tracefs.resolve("events/shadowtrace_" + dead + "/enable"), "0\n");
        UprobeEvents.removeStale(tracefs);
        assertEquals(List.of("-:shadowtrace_" + dead + "/u0", "-:shadowtrace_" + dead + "/u3"),
                Files.readAllLines(tracefs.resolve("uprobe_events")).stream().sorted().toList());
    }

    /** A pid no process has now. */
    private static long deadPid() {
        for (long pid = 4_000_000; ; pid--) {
            if (ProcessHandle.of(pid).isEmpty()) {
                return pid;
            }
        }
    }
}
