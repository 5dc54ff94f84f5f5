package dev.shadowtrace.runtime.perf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lines a tracer appends to tracefs's uprobe_events, against a directory standing for tracefs
 * (the kernel's own parsing of them is exercised by the VM tests).
 */
class UprobeEventsTest {
    @TempDir
    Path tracefs;

    private void event(String group, String name, long id) throws IOException {
        Path dir = tracefs.resolve("events/" + group + "/" + name);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("id"), id + "\n");
    }

    private List<String> lines() throws IOException {
        return Files.readAllLines(tracefs.resolve("uprobe_events"));
    }

    @Test
    void definesInItsOwnGroupAndRemovesWhatItDefined() throws IOException {
        Files.writeString(tracefs.resolve("uprobe_events"), "p:other/kept /bin/sh:0x10\n");
        String u0 = "u" + UprobeEvents.nextNumber();
        String u1 = "u" + (UprobeEvents.nextNumber() + 1);
        event("shadowtrace_77", u0, 1501);
        event("shadowtrace_77", u1, 1502);
        try (UprobeEvents events = new UprobeEvents(tracefs, 77)) {
            assertEquals(new UprobeEvents.Definition(u0, 1501), events.define("/usr/bin/prog", 0x1c0, false));
            assertEquals(new UprobeEvents.Definition(u1, 1502), new UprobeEvents(tracefs, 77)
                    .define("/usr/bin/prog", 0x1c0, true), "another instance of the same tracer: the next name");
            events.remove(u0);
            events.remove(u0); // once only
            events.remove(u1); // not this instance's
        }
        assertEquals(List.of("p:other/kept /bin/sh:0x10", "p:shadowtrace_77/" + u0 + " /usr/bin/prog:0x1c0",
                "r:shadowtrace_77/" + u1 + " /usr/bin/prog:0x1c0", "-:shadowtrace_77/" + u0), lines(),
                "appended, never truncated: another tool's definition stays");
    }

    @Test
    void aDefinitionWhoseIdCannotBeReadIsRemovedAgain() throws IOException {
        Files.writeString(tracefs.resolve("uprobe_events"), "");
        UprobeEvents events = new UprobeEvents(tracefs, 77);
        String name = "u" + UprobeEvents.nextNumber();
        assertThrows(IOException.class, () -> events.define("/usr/bin/prog", 0x10, false));
        assertEquals(List.of("p:shadowtrace_77/" + name + " /usr/bin/prog:0x10", "-:shadowtrace_77/" + name), lines());
    }

    @Test
    void pathsTheDefinitionsCannotHold() throws IOException {
        assertTrue(UprobeEvents.canDefine("/usr/lib/x86_64-linux-gnu/libc.so.6"));
        assertFalse(UprobeEvents.canDefine("/tmp/a b/prog"));
        assertFalse(UprobeEvents.canDefine("/tmp/a:b/prog"));
        Files.writeString(tracefs.resolve("uprobe_events"), "");
        assertThrows(IOException.class, () -> new UprobeEvents(tracefs, 77).define("/tmp/a b", 0, false));
        assertEquals(List.of(), lines(), "nothing written");
    }

    @Test
    void removesTheGroupsOfTracersThatAreGone(@TempDir Path proc) throws IOException {
        Files.writeString(tracefs.resolve("uprobe_events"), "");
        Files.createDirectories(proc.resolve("4242"));
        event("shadowtrace_4242", "u0", 1); // its tracer runs
        event("shadowtrace_999", "u0", 2);
        event("shadowtrace_999", "u3", 3);
        event("other_999", "u0", 4);
        Files.writeString(tracefs.resolve("events/shadowtrace_999/enable"), "0\n"); // a file, not an event
        UprobeEvents.removeStale(tracefs, proc);
        assertEquals(List.of("-:shadowtrace_999/u0", "-:shadowtrace_999/u3"), lines().stream().sorted().toList());
    }
}
