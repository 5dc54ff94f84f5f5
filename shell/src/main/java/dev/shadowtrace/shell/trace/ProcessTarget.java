package dev.shadowtrace.shell.trace;

import dev.shadowtrace.runtime.ProcessWatch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code -p PID}: a process that runs already. Its exit is seen through a pidfd (zombies count as
 * exited, and a later process with the same pid cannot be mistaken for it); where the kernel has
 * none, through {@code /proc/PID/stat}.
 */
final class ProcessTarget implements TraceTarget {
    private final int pid;
    private Optional<ProcessWatch> watch = Optional.empty();

    ProcessTarget(int pid) {
        this.pid = pid;
    }

    @Override
    public void start(TraceSession session) throws TraceException {
        try {
            watch = ProcessWatch.open(pid);
        } catch (IOException e) {
            throw TraceException.plain(e.getMessage(), e);
        }
        session.bind(pid);
    }

    @Override
    public int exitFd() {
        return watch.map(ProcessWatch::fd).orElse(-1);
    }

    @Override
    public boolean exited() {
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
        watch.ifPresent(ProcessWatch::close);
    }
}
