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
import java.util.stream.Stream;

/**
 * Runs a command bound to a shadow so that the command never executes a single
 * instruction unbound. A shell is started that blocks reading a private FIFO;
 * once that shell is bound, one line through the FIFO lets it exec the command,
 * and the kernel keeps the binding across that exec.
 */
public final class BoundLauncher {
    /** Binds the process {@code pid}; in production {@link Shadow#bind}. */
    @FunctionalInterface
    public interface Binder {
        void bind(int pid) throws ShadowkException;
    }

    /** $1 is the FIFO, the rest the command; $0 names the shell in its own errors ("shadowk: exec: ..."). */
    static final String GATE_SCRIPT = "exec 9<\"$1\"; read -r _ <&9; exec 9<&-; shift; exec \"$@\"";
    static final String SHELL = "/bin/sh";

    private final Binder binder;

    public BoundLauncher(Binder binder) {
        this.binder = binder;
    }

    /**
     * A launcher binding to {@code shadow} with {@code flags}. The command is started by an
     * exec of the gate shell, so the binding always survives that one exec
     * ({@link ShadowkAbi#BIND_KEEP_NEXT_EXEC}); {@link ShadowkAbi#BIND_EXEC_RESET} then
     * applies to the command's own execs.
     */
    public static BoundLauncher forShadow(Shadow shadow, int flags) {
        return new BoundLauncher(pid -> shadow.bind(pid, gateFlags(flags)));
    }

    /** The flags the gate shell is bound with: the caller's, plus surviving the gate's own exec. */
    static int gateFlags(int flags) {
        return flags | ShadowkAbi.BIND_KEEP_NEXT_EXEC;
    }

    /**
     * Runs {@code command} (program and arguments, looked up in PATH) with this process's
     * stdin, stdout and stderr, and returns its exit status: 128 + the signal number when a
     * signal ended it, 127 when the program was not found, as a shell reports them. When the
     * binding fails, the command is never run and the error is thrown. Like a shell waiting for
     * a foreground job, this process ignores SIGINT and SIGQUIT until the command has ended.
     */
    public int run(List<String> command) throws ShadowkException, IOException, InterruptedException {
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
            ForegroundSignals foreground = new ForegroundSignals();
            try {
                try {
                    bind(child);
                    openGate(fifo, child);
                } catch (ShadowkException | IOException | InterruptedException | RuntimeException e) {
                    child.destroyForcibly();
                    child.waitFor();
                    throw e;
                }
                deleteTree(dir); // the shell holds the FIFO open: nothing needs to outlive us on disk
                return child.waitFor();
            } finally {
                foreground.close();
            }
        } finally {
            deleteTree(dir);
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

    /** Writes the line that lets the shell exec, once it is waiting on the FIFO (or fails if it died). */
    private static void openGate(Path fifo, Process child) throws IOException, InterruptedException {
        int fd;
        long pause = 1;
        while (true) {
            try {
                // Non-blocking: succeeds once the shell is opening the FIFO, ENXIO until then.
                fd = LibC.open(fifo.toString(), LibC.O_WRONLY | LibC.O_NONBLOCK | LibC.O_CLOEXEC);
                break;
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
        try {
            LibC.write(fd, new byte[] {'\n'}, new NativeLong(1));
        } catch (LastErrorException e) {
            throw new IOException("cannot release the launching shell (pid " + child.pid() + "): "
                    + LibC.strerror(e.getErrorCode()));
        } finally {
            LibC.close(fd);
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
