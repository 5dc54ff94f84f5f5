package dev.shadowtrace.runtime.perf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Uprobes defined in tracefs {@code uprobe_events}, one tracepoint-like event each, in a group of this
 * tracer's own ({@code shadowtrace_PID}). Unlike the uprobe PMU's local uprobes ({@link UprobePmu}),
 * an event of {@code PERF_TYPE_TRACEPOINT} on such a uprobe can be inherited by the children of the
 * task it is opened for: the inherited copy is initialized from the event's id alone, and the
 * kernel's uprobe filter ({@code trace_uprobe_filter_add()}) takes an inherited event as probing the
 * child's address space, which {@code dup_mmap()} gave the parent's breakpoints. Closing the
 * original event frees its inherited copies ({@code perf_event_release_kernel()}); {@link #close()}
 * then deletes the definitions. A tracer killed before that leaves its group defined but unused
 * (no consumer, no breakpoint): the next tracer deletes the groups of dead tracers
 * ({@link #removeStale}).
 */
public final class UprobeEvents implements AutoCloseable {
    static final String GROUP_PREFIX = "shadowtrace_";
    private static final Pattern GROUP = Pattern.compile(Pattern.quote(GROUP_PREFIX) + "(\\d+)");
    private static final List<Path> TRACEFS = List.of(Path.of("/sys/kernel/tracing"),
            Path.of("/sys/kernel/debug/tracing"));

    private final Path tracefs;
    private final String group;
    /** Names are unique in the tracer: the shell's clause groups each have their own definitions. */
    private static final AtomicInteger NAMES = new AtomicInteger();

    private final List<String> defined = new ArrayList<>();
    private final IntSupplier names;

    UprobeEvents(Path tracefs, long tracerPid, IntSupplier names) {
        this.tracefs = tracefs;
        this.group = GROUP_PREFIX + tracerPid;
        this.names = names;
    }

    /** The running kernel's, if its tracefs has a writable {@code uprobe_events}; stale groups removed. */
    public static Optional<UprobeEvents> open() {
        for (Path tracefs : TRACEFS) {
            if (Files.isWritable(tracefs.resolve("uprobe_events"))) {
                removeStale(tracefs);
                return Optional.of(new UprobeEvents(tracefs, ProcessHandle.current().pid(), NAMES::getAndIncrement));
            }
        }
        return Optional.empty();
    }

    /** {@code shadowtrace_PID}: this tracer's group. */
    public String group() {
        return group;
    }

    /** Whether a file's path can be written in a definition (it is split at white space). */
    public static boolean canDefine(String path) {
        return !path.isEmpty() && path.chars().noneMatch(c -> Character.isWhitespace(c) || c == 0);
    }

    /**
     * Defines a uprobe (or a return probe) at {@code offset} of the file {@code path}.
     *
     * @return the event's id, the config of a {@code PERF_TYPE_TRACEPOINT} event
     */
    public synchronized int define(String path, long offset, boolean retprobe) throws IOException {
        if (!canDefine(path)) {
            throw new IOException("cannot define a uprobe on '" + path + "' in uprobe_events: white space in the path");
        }
        String name = "u" + names.getAsInt();
        write(line(retprobe, group, name, path, offset));
        defined.add(name);
        return Integer.parseInt(Files.readString(tracefs.resolve("events").resolve(group).resolve(name)
                .resolve("id")).trim());
    }

    /** {@code p:GROUP/NAME PATH:0xOFFSET} ({@code r:} for a return probe). */
    static String line(boolean retprobe, String group, String name, String path, long offset) {
        return (retprobe ? "r:" : "p:") + group + "/" + name + " " + path + ":0x" + Long.toHexString(offset) + "\n";
    }

    /**
     * Deletes every definition; the events opened on them must be closed first (the kernel refuses
     * to delete a uprobe in use, {@code EBUSY}).
     *
     * @return the definitions that could not be deleted, with why
     */
    public synchronized List<String> deleteAll() {
        List<String> failed = new ArrayList<>();
        for (String name : defined) {
            try {
                write("-:" + group + "/" + name + "\n");
            } catch (IOException e) {
                failed.add(group + "/" + name + ": " + e.getMessage());
            }
        }
        defined.clear();
        return failed;
    }

    @Override
    public void close() {
        deleteAll();
    }

    private void write(String line) throws IOException {
        // APPEND and never TRUNCATE_EXISTING: opening uprobe_events with O_TRUNC deletes every uprobe
        Files.write(tracefs.resolve("uprobe_events"), line.getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /** Deletes the events of the groups of tracers that no longer run (killed before their close). */
    static void removeStale(Path tracefs) {
        try (DirectoryStream<Path> groups = Files.newDirectoryStream(tracefs.resolve("events"), GROUP_PREFIX + "*")) {
            for (Path dir : groups) {
                Matcher m = GROUP.matcher(dir.getFileName().toString());
                if (!m.matches() || ProcessHandle.of(Long.parseLong(m.group(1))).isPresent()) {
                    continue;
                }
                try (DirectoryStream<Path> events = Files.newDirectoryStream(dir, Files::isDirectory)) {
                    for (Path event : events) {
                        try {
                            Files.write(tracefs.resolve("uprobe_events"), ("-:" + dir.getFileName() + "/"
                                    + event.getFileName() + "\n").getBytes(StandardCharsets.UTF_8),
                                    StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                        } catch (IOException e) {
                            // in use (children of the dead tracer's processes still run): left for a later tracer
                        }
                    }
                }
            }
        } catch (IOException | NumberFormatException e) {
            // no events directory: nothing stale to see
        }
    }
}
