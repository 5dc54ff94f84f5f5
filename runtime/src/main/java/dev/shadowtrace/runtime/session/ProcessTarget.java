package dev.shadowtrace.runtime.session;

import dev.shadowtrace.runtime.Epoll;
import dev.shadowtrace.runtime.ProcessWatch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * {@code -p PID[,PID...]}: processes that run already, all bound to the one shadow; the trace
 * ends when every one of them has exited. Exits are seen through pidfds (zombies count as exited,
 * and a later process with the same pid cannot be mistaken for one), gathered in one epoll whose
 * descriptor is the target's; where the kernel has no pidfd, through {@code /proc/PID/stat}.
 */
final class ProcessTarget implements TraceTarget {
    private final List<Integer> pids;
    private final List<ProcessWatch> watches = new ArrayList<>();
    private final List<Integer> running = new ArrayList<>();
    private Epoll exits;

    ProcessTarget(List<Integer> pids) {
        if (pids.isEmpty()) {
            throw new IllegalArgumentException("no process");
        }
        this.pids = List.copyOf(new LinkedHashSet<>(pids));
    }

    /** Every process is watched before any is bound: one that does not exist binds none. */
    @Override
    public void start(TraceSession session) throws TraceException {
        watch();
        for (int pid : pids) {
            session.bind(pid);
        }
    }

    /** Opens a pidfd per process; fails when one does not exist. */
    void watch() throws TraceException {
        try {
            for (int pid : pids) {
                Optional<ProcessWatch> watch = ProcessWatch.open(pid);
                watch.ifPresent(watches::add);
                running.add(pid);
            }
            if (watches.size() == pids.size()) {
                exits = Epoll.create();
                for (int i = 0; i < watches.size(); i++) {
                    exits.add(watches.get(i).fd(), i);
                }
            }
        } catch (IOException e) {
            throw TraceException.plain(e.getMessage(), e);
        }
    }

    @Override
    public int exitFd() {
        return exits == null ? -1 : exits.fd();
    }

    /**
     * Whether every process has exited. An exited one stops being watched, so that the target's
     * descriptor is readable again only when another one exits.
     */
    @Override
    public boolean exited() {
        if (exits != null) {
            try {
                for (int i : exits.await(0)) {
                    exits.remove(watches.get(i).fd());
                    running.remove(Integer.valueOf(watches.get(i).pid()));
                }
            } catch (IOException e) {
                return running.stream().allMatch(ProcessTarget::gone);
            }
        } else {
            running.removeIf(ProcessTarget::gone);
        }
        return running.isEmpty();
    }

    private static boolean gone(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state == 'Z' || state == 'X';
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    @Override
    public void close() {
        if (exits != null) {
            exits.close();
        }
        watches.forEach(ProcessWatch::close);
    }
}
