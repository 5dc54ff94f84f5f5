package dev.shadowtrace.runtime.session;

import dev.shadowtrace.runtime.Wakeup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@code --cgroup PATH}: every process of a cgroup v2 directory and its descendants, which the
 * tracer reads from their {@code cgroup.procs} when the trace starts and then every
 * {@link #POLL_MILLIS} ms. A process found there is bound; one no longer found (it left, or
 * exited) is unbound. So a process that joins is traced from the poll that finds it on, at most
 * about {@link #POLL_MILLIS} ms after it joined (what it did before is not traced), and one that
 * leaves is traced until the poll that misses it. A child forked by a bound process is bound at
 * the fork, before it runs (fork inheritance): forked inside, it is traced from its first
 * instruction. The tracer's own process is never bound. The trace ends on a signal,
 * {@code exit()}, or when the directory is removed.
 */
public final class CgroupTarget implements TraceTarget {
    static final long POLL_MILLIS = 100;

    private final Path dir;
    private final Consumer<String> warn;
    private final Set<Integer> members = new HashSet<>();
    /** Found in the cgroup but not bound (kernel threads, refusals), until they are no longer found. */
    private final Set<Integer> refused = new HashSet<>();
    private final long self = ProcessHandle.current().pid();
    private final Wakeup removed;
    private volatile boolean gone;
    private volatile boolean stopping;
    private Thread poller;

    /** {@code path}: a cgroup v2 directory, absolute or relative to {@code /sys/fs/cgroup}. */
    CgroupTarget(String path, Consumer<String> warn) throws IOException {
        this.dir = resolve(path);
        this.warn = warn;
        this.removed = Wakeup.create();
    }

    static Path resolve(String path) {
        Path p = Path.of(path);
        if (!p.isAbsolute() && !Files.isRegularFile(p.resolve("cgroup.procs"))) {
            p = Path.of("/sys/fs/cgroup").resolve(p);
        }
        return p;
    }

    @Override
    public void start(TraceSession session) throws TraceException {
        follow(session);
    }

    /** Binds the members now, then follows the cgroup on a thread of its own until {@link #close}. */
    void follow(Membership session) throws TraceException {
        if (!Files.isRegularFile(dir.resolve("cgroup.procs"))) {
            throw TraceException.plain("--cgroup " + dir + ": not a cgroup v2 directory (it has no cgroup.procs);"
                    + " give a directory under the cgroup2 mount, e.g. /sys/fs/cgroup/system.slice/NAME.service");
        }
        poll(session, true);
        poller = new Thread(() -> run(session), "cgroup-poller");
        poller.setDaemon(true);
        poller.start();
    }

    /** The processes found in the cgroup at the last poll. */
    public Set<Integer> members() {
        synchronized (members) {
            return Set.copyOf(members);
        }
    }

    private void run(Membership session) {
        while (!stopping && !gone) {
            try {
                Thread.sleep(POLL_MILLIS);
                poll(session, false);
            } catch (InterruptedException e) {
                return;
            } catch (TraceException e) {
                if (!stopping) { // close() interrupts a read of cgroup.procs: not worth a word
                    warn.accept(e.getMessage()); // unexpected; the next poll tries again
                }
            }
        }
    }

    /**
     * Binds the processes that joined since the last poll and unbinds those that left. A process the
     * kernel will not bind is reported once (and at the start, ends the trace before it begins).
     */
    private void poll(Membership session, boolean first) throws TraceException {
        Set<Integer> now;
        try {
            now = processes(dir);
        } catch (NoSuchFileException e) {
            gone = true;
            removed.signal();
            return;
        } catch (IOException | UncheckedIOException e) {
            throw TraceException.plain("--cgroup " + dir + ": cannot read its processes: " + e.getMessage(), e);
        }
        now.remove((int) self);
        synchronized (members) {
            for (int pid : now) {
                if (members.contains(pid) || refused.contains(pid) || stopping) {
                    continue;
                }
                try {
                    if (session.join(pid) != Membership.Joined.NOT_A_PROCESS) {
                        members.add(pid);
                    } else {
                        refused.add(pid); // a kernel thread (the root cgroup has them): asked once
                    }
                } catch (TraceException e) {
                    if (first) {
                        throw e;
                    }
                    refused.add(pid);
                    warn.accept(e.getMessage() + " (it joined cgroup " + dir + "; not traced)");
                }
            }
            for (int pid : Set.copyOf(members)) {
                if (!now.contains(pid) && !stopping) {
                    members.remove(pid);
                    session.leave(pid);
                }
            }
            refused.retainAll(now);
        }
    }

    /** The pids in {@code cgroup.procs} of {@code dir} and of every cgroup below it. */
    static Set<Integer> processes(Path dir) throws IOException {
        Set<Integer> pids = new LinkedHashSet<>();
        pids.addAll(procs(dir)); // NoSuchFileException when the cgroup itself is gone
        try (Stream<Path> below = Files.walk(dir)) {
            for (Path d : below.filter(p -> !p.equals(dir) && Files.isDirectory(p)).toList()) {
                try {
                    pids.addAll(procs(d));
                } catch (NoSuchFileException e) {
                    // a child cgroup removed meanwhile: it has no processes
                }
            }
        } catch (UncheckedIOException e) {
            if (!(e.getCause() instanceof NoSuchFileException)) {
                throw e.getCause();
            }
        }
        return pids;
    }

    private static Set<Integer> procs(Path cgroup) throws IOException {
        Set<Integer> pids = new LinkedHashSet<>();
        for (String line : Files.readAllLines(cgroup.resolve("cgroup.procs"))) {
            if (!line.isBlank()) {
                pids.add(Integer.parseInt(line.trim()));
            }
        }
        return pids;
    }

    public Path dir() {
        return dir;
    }

    @Override
    public int exitFd() {
        return removed.fd();
    }

    @Override
    public boolean exited() {
        return gone;
    }

    /** Stops polling; the session unbinds the members when it closes. Idempotent. */
    @Override
    public void close() {
        stopping = true;
        if (poller != null) {
            poller.interrupt();
            try {
                poller.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        removed.close();
    }
}
