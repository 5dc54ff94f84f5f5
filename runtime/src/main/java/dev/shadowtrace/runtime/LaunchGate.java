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
 * A command that is about to run: a shell started with the tracer's stdin, stdout and stderr that
 * waits for one line on a private FIFO and then execs the command, so that its pid (the command's
 * pid after the exec) is known before the command runs a single instruction. {@link BoundLauncher}
 * binds it and {@link #release releases} it; a gate never released is killed and reaped by
 * {@link #close}. Without the line (the tracer died and the FIFO's write end closed), the shell
 * exits with status 125 instead of running the command.
 */
public final class LaunchGate implements AutoCloseable {
    /**
     * $1 is the FIFO, the rest the command; $0 names the shell in its own errors ("shadowk: exec: ...").
     * Without the line (the FIFO closed by a launcher that gave up), the shell exits instead.
     */
    static final String GATE_SCRIPT = "exec 9<\"$1\"; read -r _ <&9 || exit 125; exec 9<&-; shift; exec \"$@\"";
    static final String SHELL = "/bin/sh";

    private final Process shell;
    private int writeEnd;
    private boolean released;

    private LaunchGate(Process shell, int writeEnd) {
        this.shell = shell;
        this.writeEnd = writeEnd;
    }

    /**
     * Starts the shell of {@code command} (program and arguments, looked up in PATH) and returns
     * once it waits for its line; if it cannot get there, it is killed and reaped and the error
     * thrown.
     */
    public static LaunchGate spawn(List<String> command) throws IOException, InterruptedException {
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
            try {
                return new LaunchGate(child, awaitGate(fifo, child));
            } catch (IOException | InterruptedException | RuntimeException e) {
                child.destroyForcibly();
                child.waitFor();
                throw e;
            }
        } finally {
            deleteTree(dir); // the shell holds the FIFO open: nothing needs to outlive us on disk
        }
    }

    /** The shell's pid: the command's once released. */
    public int pid() {
        return Math.toIntExact(shell.pid());
    }

    /** The shell, which becomes the command at its exec. */
    public Process process() {
        return shell;
    }

    /**
     * Writes the line that lets the shell exec the command and returns its process, which the
     * caller owns from now on; on failure the gate is closed (the shell killed) and the error thrown.
     */
    public Process release() throws IOException {
        if (released || writeEnd < 0) {
            throw new IllegalStateException("the gate of pid " + shell.pid() + " was released or closed already");
        }
        try {
            LibC.write(writeEnd, new byte[] {'\n'}, new NativeLong(1));
            released = true;
            return shell;
        } catch (LastErrorException e) {
            close();
            throw new IOException("cannot release the launching shell (pid " + shell.pid() + "): "
                    + LibC.strerror(e.getErrorCode()));
        } finally {
            closeWriteEnd();
        }
    }

    /**
     * Unless released: kills the shell before its FIFO closes (so it never reads an end of file
     * and goes on) and reaps it. Idempotent.
     */
    @Override
    public void close() {
        if (!released && shell.isAlive()) {
            shell.destroyForcibly();
            boolean interrupted = false;
            while (true) {
                try {
                    shell.waitFor();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        closeWriteEnd();
    }

    private void closeWriteEnd() {
        if (writeEnd >= 0) {
            LibC.close(writeEnd);
            writeEnd = -1;
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
