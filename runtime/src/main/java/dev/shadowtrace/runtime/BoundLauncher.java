package dev.shadowtrace.runtime;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Runs a command bound to a shadow from its exec on: the command never executes a
 * single instruction unbound, and nothing the launcher does runs bound. A shell is
 * started that blocks opening a private FIFO; once it waits there, it is bound with
 * {@link ShadowkAbi#BIND_AT_NEXT_EXEC} (the binding is pending: the shell itself
 * stays on the pristine kernel), and then one line through the FIFO lets it exec
 * the command; the kernel binds the new program at that exec, before it runs any
 * user code. The shell's read of the line, its PATH search and the exec itself
 * are not traced.
 */
public final class BoundLauncher {
    /** Binds the process {@code pid}; in production {@link Shadow#bind}. */
    @FunctionalInterface
    public interface Binder {
        void bind(int pid) throws ShadowkException;
    }

    /**
     * $1 is the FIFO, the rest the command; $0 names the shell in its own errors ("shadowk: exec: ...").
     * Without the line (the FIFO closed by a launcher that gave up), the shell exits instead.
     */
    static final String GATE_SCRIPT = "exec 9<\"$1\"; read -r _ <&9 || exit 125; exec 9<&-; shift; exec \"$@\"";
    static final String SHELL = "/bin/sh";

    private final Binder binder;

    public BoundLauncher(Binder binder) {
        this.binder = binder;
    }

    /**
     * A launcher binding to {@code shadow} with {@code flags}. The command is started by an
     * exec of the gate shell, at which the binding takes effect
     * ({@link ShadowkAbi#BIND_AT_NEXT_EXEC}); {@link ShadowkAbi#BIND_EXEC_RESET} then
     * applies to the command's own execs.
     */
    public static BoundLauncher forShadow(Shadow shadow, int flags) {
        return new BoundLauncher(pid -> shadow.bind(pid, gateFlags(flags)));
    }

    /**
     * As {@link #forShadow(Shadow, int)}, and {@code then} runs with the gate shell's pid once it is
     * bound, before it execs the command: for per-process attachments that survive exec.
     */
    public static BoundLauncher forShadow(Shadow shadow, int flags, Binder then) {
        return new BoundLauncher(pid -> {
            shadow.bind(pid, gateFlags(flags));
            then.bind(pid);
        });
    }

    /** The flags the gate shell is bound with: the caller's, taking effect at the gate's own exec. */
    static int gateFlags(int flags) {
        return flags | ShadowkAbi.BIND_AT_NEXT_EXEC;
    }

    /**
     * Runs {@code command} (program and arguments, looked up in PATH) with this process's
     * stdin, stdout and stderr, and returns its exit status: 128 + the signal number when a
     * signal ended it, 127 when the program was not found, as a shell reports them. When the
     * binding fails, the command is never run and the error is thrown. Like a shell waiting for
     * a foreground job, this process ignores SIGINT and SIGQUIT until the command has ended.
     */
    public int run(List<String> command) throws ShadowkException, IOException, InterruptedException {
        ForegroundSignals[] foreground = new ForegroundSignals[1];
        try {
            return start(command, child -> foreground[0] = new ForegroundSignals()).waitFor();
        } finally {
            if (foreground[0] != null) {
                foreground[0].close();
            }
        }
    }

    /**
     * Starts {@code command} as {@link #run} does, bound from its exec, and returns
     * once it runs, without waiting for it: for a tracer that reads the command's events while it
     * runs. The process is the command's (the gate shell exec'd it); its exit value is the
     * command's status as {@link #run} reports it. Signal dispositions are left alone: the caller
     * decides what SIGINT means meanwhile.
     */
    public Process start(List<String> command) throws ShadowkException, IOException, InterruptedException {
        return start(command, child -> { });
    }

    /** {@code started} runs as soon as the gate shell exists, before the binding is requested. */
    private Process start(List<String> command, Consumer<Process> started)
            throws ShadowkException, IOException, InterruptedException {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no command to run");
        }
        Path dir = Files.createTempDirectory("shadowk-launch-"); // mode 0700
        try {
            Path fifo = dir.resolve("gate");
            mkfifo(fifo);
            List<String> argv = new ArrayList<>(List.of(SHELL, "-c", GATE_SCRIPT, "shadowk", fifo.toString()));
            argv.addAll(command);
            Process child = new ProcessBuilder(argv).inheritIO().start();
            int gate = -1;
            try {
                started.accept(child);
                gate = awaitGate(fifo, child);
                bind(child);
                release(gate, child);
            } catch (ShadowkException | IOException | InterruptedException | RuntimeException e) {
                // Killed before the FIFO closes, so that it never reads an end of file and goes on.
                child.destroyForcibly();
                child.waitFor();
                throw e;
            } finally {
                if (gate >= 0) {
                    LibC.close(gate);
                }
            }
            return child;
        } finally {
            deleteTree(dir); // the shell holds the FIFO open: nothing needs to outlive us on disk
        }
    }

    private void bind(Process child) throws ShadowkException {
        int pid = Math.toIntExact(child.pid());
        try {
            binder.bind(pid);
        } catch (ShadowkException e) {
            if (e.errno() == Errno.EBUSY) {
                throw new ShadowkException(e.errno(), e.getMessage() + " (a child inherits its parent's binding:"
                        + " is this tool itself running bound?)");
            }
            throw e;
        }
    }

    private static void mkfifo(Path fifo) throws IOException {
        try {
            LibC.mkfifo(fifo.toString(), 0600);
        } catch (LastErrorException e) {
            throw new IOException("cannot create the FIFO " + fifo + ": " + LibC.strerror(e.getErrorCode()));
        }
    }

    /**
     * Waits until the shell opens the FIFO (or fails if it died) and returns the FIFO's write end:
     * the shell is then past its start-up and waits for a line.
     */
    private static int awaitGate(Path fifo, Process child) throws IOException, InterruptedException {
        long pause = 1;
        while (true) {
            try {
                // Non-blocking: succeeds once the shell is opening the FIFO, ENXIO until then.
                return LibC.open(fifo.toString(), LibC.O_WRONLY | LibC.O_NONBLOCK | LibC.O_CLOEXEC);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Errno.ENXIO) {
                    throw new IOException("cannot open the FIFO " + fifo + ": " + LibC.strerror(e.getErrorCode()));
                }
            }
            if (!child.isAlive()) {
                throw new IOException("the launching shell (pid " + child.pid() + ") exited with status "
                        + child.exitValue() + " before the command could start");
            }
            Thread.sleep(pause);
            pause = Math.min(pause * 2, 50);
        }
    }

    /** Writes the line that lets the shell exec the command. */
    private static void release(int gate, Process child) throws IOException {
        try {
            LibC.write(gate, new byte[] {'\n'}, new NativeLong(1));
        } catch (LastErrorException e) {
            throw new IOException("cannot release the launching shell (pid " + child.pid() + "): "
                    + LibC.strerror(e.getErrorCode()));
        }
    }

    /** Best effort: a leftover empty directory in /tmp must not hide the command's status or error. */
    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException ignored) {
            // nothing to do: the directory is private (0700) and empty of anything but the FIFO
        }
    }
}
