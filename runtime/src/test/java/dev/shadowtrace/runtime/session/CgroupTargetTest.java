package dev.shadowtrace.runtime.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowtrace.runtime.Epoll;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/** --cgroup: which directory, which processes it holds (its own and its descendants'), and following them. */
@Timeout(30)
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

    /** Records what the target asks; pid 2 is a kernel thread, 99 a process the module refuses. */
    private static final class Recorder implements Membership {
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());

        @Override
        public Joined join(int pid) throws TraceException {
            calls.add("join " + pid);
            if (pid == 99) {
                throw TraceException.plain("pid 99: stopped");
            }
            return pid == 2 ? Joined.NOT_A_PROCESS : pid == 41 ? Joined.ALREADY_BOUND : Joined.BOUND;
        }

        @Override
        public void leave(int pid) {
            calls.add("leave " + pid);
        }
    }

    /**
     * Replaces a file that the target polls in one step, as the kernel's cgroup.procs
     * changes: written in place, a poll could read it half written (a truncated pid, or
     * an empty file whose members all seem to have left).
     */
    private static void replace(Path file, String content) throws IOException {
        Path next = file.resolveSibling(file.getFileName() + ".next");
        Files.writeString(next, content);
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        while (!condition.getAsBoolean()) {
            Thread.sleep(10);
        }
    }

    @Test
    void bindsMembersAtTheStartThenNewcomersAndUnbindsLeaversUntilTheCgroupIsRemoved() throws Exception {
        Path cg = Files.createDirectories(tmp.resolve("app"));
        Path procs = cg.resolve("cgroup.procs");
        Files.writeString(procs, "2\n12\n" + ProcessHandle.current().pid() + "\n");
        Recorder r = new Recorder();
        List<String> warnings = Collections.synchronizedList(new ArrayList<>());
        try (CgroupTarget target = new CgroupTarget(cg.toString(), warnings::add); Epoll loop = Epoll.create()) {
            target.follow(r);
            assertEquals(List.of("join 2", "join 12"), List.copyOf(r.calls), "never the tracer itself");
            assertEquals(Set.of(12), target.members());
            loop.add(target.exitFd(), 1);

            replace(procs, "2\n12\n13\n41\n99\n");
            await(() -> target.members().equals(Set.of(12, 13, 41)) && warnings.size() == 1);
            assertEquals("pid 99: stopped (it joined cgroup " + cg + "; not traced)", warnings.get(0));

            replace(procs, "2\n13\n41\n99\n");
            await(() -> target.members().equals(Set.of(13, 41)));
            Thread.sleep(3 * CgroupTarget.POLL_MILLIS);
            assertEquals(List.of("join 2", "join 12", "join 13", "join 41", "join 99", "leave 12"),
                    List.copyOf(r.calls), "a kernel thread and a refused process are asked once");
            assertFalse(target.exited());
            assertArrayEquals(new int[0], loop.await(0));

            Files.delete(procs);
            assertArrayEquals(new int[] {1}, loop.await(20_000), "removed: the target's descriptor is readable");
            assertTrue(target.exited());
        }
        assertEquals(1, warnings.size());
    }

    @Test
    void aRefusalAtTheStartFailsTheTrace() throws Exception {
        Path cg = Files.createDirectories(tmp.resolve("app"));
        Files.writeString(cg.resolve("cgroup.procs"), "99\n");
        try (CgroupTarget target = new CgroupTarget(cg.toString(), m -> { })) {
            assertEquals("pid 99: stopped", assertThrows(TraceException.class, () -> target.follow(new Recorder()))
                    .getMessage());
        }
    }
}
