package dev.shadowtrace.shell.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;

/** --cgroup: which directory, and which processes it holds (its own and its descendants'). */
class CgroupTargetTest {
    @TempDir
    Path tmp;

    @Test
    void processesOfTheCgroupAndEveryCgroupBelowIt() throws Exception {
        Path top = Files.createDirectories(tmp.resolve("app"));
        Files.writeString(top.resolve("cgroup.procs"), "12\n13\n");
        Path child = Files.createDirectories(top.resolve("worker"));
        Files.writeString(child.resolve("cgroup.procs"), "40\n");
        Path grandchild = Files.createDirectories(child.resolve("inner"));
        Files.writeString(grandchild.resolve("cgroup.procs"), "");
        Files.writeString(top.resolve("cgroup.events"), "populated 1\n");
        assertEquals(Set.of(12, 13, 40), CgroupTarget.processes(top));
    }

    @Test
    void aRemovedCgroupIsNoSuchFile() {
        assertThrows(NoSuchFileException.class, () -> CgroupTarget.processes(tmp.resolve("gone")));
    }

    @Test
    void aPathIsAbsoluteOrUnderTheCgroupMount() {
        assertEquals(Path.of("/sys/fs/cgroup/system.slice"), CgroupTarget.resolve("system.slice"));
        assertEquals(Path.of("/srv/x"), CgroupTarget.resolve("/srv/x"));
    }

    @Test
    void aDirectoryWithoutCgroupProcsIsRefusedBeforeAnythingIsBound() throws Exception {
        try (CgroupTarget target = new CgroupTarget(tmp.toString(), m -> { })) {
            TraceException e = assertThrows(TraceException.class, () -> target.start(null));
            assertTrue(e.getMessage().startsWith("--cgroup " + tmp + ": not a cgroup v2 directory"), e.getMessage());
        }
    }
}
