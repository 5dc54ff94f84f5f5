package dev.shadowtrace.runtime.perf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Uprobe events defined in tracefs ({@code uprobe_events}) by one tracer, in its own group
 * {@code shadowtrace_PID}. A perf event opened on such a definition ({@code PERF_TYPE_TRACEPOINT},
 * its id) can be inherited by the children of the process it follows: the kernel's own uprobe PMU
 * cannot, because an inherited event re-reads the path from the memory of the process that forks
 * ({@code perf_uprobe_init()}), which makes the fork fail. The price is global state: definitions
 * outlive a tracer killed with SIGKILL (they cost nothing while no event is open on them, but hold
 * the file's inode), so each tracer first removes the groups of tracers that are gone.
 *
 * <p>Written with {@code O_APPEND} and never {@code O_TRUNC}: opening {@code uprobe_events} for
 * truncation would remove every tool's definitions.
 */
public final class UprobeEvents implements AutoCloseable {
    static final String GROUP_PREFIX = "shadowtrace_";
    private static final List<Path> TRACEFS = List.of(Path.of("/sys/kernel/tracing"),
            Path.of("/sys/kernel/debug/tracing"));

    /** A definition: its name in the group, and the id a perf event is opened with. */
    public record Definition(String name, long id) {}

    private final Path tracefs;
    private final String group;
    /**
     * The number of the next definition's name, one count for the whole tracer: the shell has one
     * instance per clause in the same group, and a definition under a name already in use would be
     * appended to that event by the kernel ({@code append_trace_uprobe()}), not refused.
     */
    private static final AtomicInteger NEXT = new AtomicInteger();

    private final List<String> defined = new ArrayList<>();

    UprobeEvents(Path tracefs, long tracerPid) {
        this.tracefs = tracefs;
        this.group = GROUP_PREFIX + tracerPid;
    }

    /**
     * This tracer's definitions in the running kernel's tracefs, after the groups of tracers that
     * are gone were removed; empty if tracefs has no writable {@code uprobe_events}.
     */
    public static Optional<UprobeEvents> open() {
        for (Path root : TRACEFS) {
            if (Files.isWritable(root.resolve("uprobe_events"))) {
                removeStale(root, Path.of("/proc"));
                return Optional.of(new UprobeEvents(root, ProcessHandle.current().pid()));
            }
        }
        return Optional.empty();
    }

    /** The number the next definition's name will have (tests). */
    static int nextNumber() {
        return NEXT.get();
    }

    /** The group of this tracer's definitions in tracefs's {@code events/}. */
    public String group() {
        return group;
    }

    /** Whether {@code path} can be written in a definition (its parser splits at white space). */
    public static boolean canDefine(String path) {
        return path.chars().noneMatch(c -> Character.isWhitespace(c) || c == ':');
    }

    /**
     * Defines a uprobe ({@code p:}) or uretprobe ({@code r:}) at {@code offset} in the file
     * {@code path}.
     */
    public synchronized Definition define(String path, long offset, boolean retprobe) throws IOException {
        if (!canDefine(path)) {
            throw new IOException("cannot define a uprobe event on '" + path + "': white space or ':' in the path");
        }
        String name = "u" + NEXT.getAndIncrement();
        write(tracefs, (retprobe ? "r:" : "p:") + group + "/" + name + " " + path + ":0x" + Long.toHexString(offset));
        defined.add(name);
        try {
            return new Definition(name, Long.parseLong(Files.readString(
                    tracefs.resolve("events/" + group + "/" + name + "/id")).trim()));
        } catch (IOException | NumberFormatException e) {
            remove(name);
            throw new IOException("cannot read the id of uprobe event " + group + "/" + name + ": " + e.getMessage(), e);
        }
    }

    /** Removes a definition once no perf event is open on it (the kernel refuses a busy one: EBUSY). */
    public synchronized void remove(String name) {
        if (defined.remove(name)) {
            try {
                write(tracefs, "-:" + group + "/" + name);
            } catch (IOException e) {
                // left for the next tracer's removeStale: it costs nothing while no event is open on it
            }
        }
    }

    /** Removes every definition left (their perf events must be closed first). */
    @Override
    public synchronized void close() {
        for (String name : List.copyOf(defined)) {
            remove(name);
        }
    }

    /**
     * Removes the definitions of every {@code shadowtrace_PID} group whose tracer no longer runs
     * ({@code proc}/PID is gone); one still in use by a perf event is refused by the kernel and stays.
     */
    static void removeStale(Path tracefs, Path proc) {
        for (Path group : list(tracefs.resolve("events"), GROUP_PREFIX + "*")) {
            String pid = group.getFileName().toString().substring(GROUP_PREFIX.length());
            if (!pid.matches("[0-9]+") || Files.exists(proc.resolve(pid))) {
                continue;
            }
            // listed before the first removal: the kernel removes the group's directory with its last event
            for (Path event : list(group, "*")) {
                if (Files.isDirectory(event)) {
                    try {
                        write(tracefs, "-:" + group.getFileName() + "/" + event.getFileName());
                    } catch (IOException e) {
                        // busy or already gone: nothing more to do here
                    }
                }
            }
        }
    }

    /** The entries of {@code dir} matching {@code glob}; none if it cannot be read (or went away meanwhile). */
    private static List<Path> list(Path dir, String glob) {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, glob)) {
            stream.forEach(entries::add);
        } catch (IOException | DirectoryIteratorException e) {
            // what was read is what there is: the caller only cleans up
        }
        return entries;
    }

    private static void write(Path tracefs, String line) throws IOException {
        Files.write(tracefs.resolve("uprobe_events"), (line + "\n").getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }
}
