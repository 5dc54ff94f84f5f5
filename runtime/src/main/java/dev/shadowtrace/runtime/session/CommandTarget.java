package dev.shadowtrace.runtime.session;

import dev.shadowtrace.runtime.LaunchGate;
import dev.shadowtrace.runtime.ProcessWatch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code -c CMD}: a command the tracer starts bound, with the tracer's stdin, stdout and stderr.
 * Its exit status is not reported, as DTrace does not report it: the trace just ends. A command
 * still running when the trace ends otherwise (a signal, the script's {@code exit()}) is
 * terminated, as DTrace and bpftrace terminate the processes they created.
 */
public final class CommandTarget implements TraceTarget {
    /** How long a terminated command may take to exit before it is killed. */
    static final long GRACE_MILLIS = 2000;

    private final List<String> argv;
    /** The command spawned already, waiting to be bound and released; null to spawn it at {@link #start}. */
    private final LaunchGate gate;
    private Process process;
    private Optional<ProcessWatch> watch = Optional.empty();

    CommandTarget(List<String> argv, LaunchGate gate) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("no command");
        }
        this.argv = List.copyOf(argv);
        this.gate = gate;
    }

    @Override
    public void start(TraceSession session) throws TraceException {
        process = gate != null ? session.launch(gate) : session.launch(argv);
        try {
            watch = ProcessWatch.open((int) process.pid());
        } catch (IOException e) {
            // Exited and reaped already; exited() says so.
        }
    }

    /**
     * Fails unless {@code program} names an executable file, directly or through {@code path}: a
     * command that cannot start is the user's mistake, reported as DTrace does, rather than a
     * trace of a shell that says "not found" and exits.
     */
    public static void requireRunnable(String program, String path) throws TraceException {
        if (resolve(program, path).isPresent()) {
            return;
        }
        if (program.contains("/")) {
            throw TraceException.plain("cannot run " + program + ": " + (Files.exists(Path.of(program))
                    ? "not an executable file" : "no such file"));
        }
        throw TraceException.plain("cannot run " + program + ": not found in PATH");
    }

    /** The executable file {@code program} names, directly or through {@code path}, as an exec would find it. */
    public static Optional<Path> resolve(String program, String path) {
        if (program.contains("/")) {
            Path p = Path.of(program);
            return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p.toAbsolutePath()) : Optional.empty();
        }
        for (String dir : (path == null || path.isEmpty() ? "/usr/bin:/bin" : path).split(":", -1)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    @Override
    public int exitFd() {
        return watch.map(ProcessWatch::fd).orElse(-1);
    }

    /** Asks the process itself: a pidfd opened after the command was reaped could watch another process. */
    @Override
    public boolean exited() {
        return process != null && !process.isAlive();
    }

    /** Idempotent. */
    @Override
    public void close() {
        if (gate != null && process == null) {
            gate.close(); // never started: the waiting shell is killed and reaped
        }
        watch.ifPresent(ProcessWatch::close);
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
