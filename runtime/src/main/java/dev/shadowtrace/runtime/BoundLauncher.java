package dev.shadowtrace.runtime;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs a command bound to a shadow from its exec on: the command never executes a
 * single instruction unbound, and nothing the launcher does runs bound. A shell is
 * started that blocks opening a private FIFO ({@link LaunchGate}); once it waits there, it is bound with
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

    /**
     * Binds {@code gate}'s shell (spawned earlier, e.g. so that its pid is known while a script is
     * compiled) and releases it to exec its command: as {@link #start(List)} from there on. When
     * the binding or the release fails, the gate is closed (its shell killed and reaped) and the
     * error thrown.
     */
    public Process start(LaunchGate gate) throws ShadowkException, IOException {
        try {
            bind(gate.pid());
            return gate.release();
        } catch (ShadowkException | IOException | RuntimeException e) {
            gate.close();
            throw e;
        }
    }

    /** {@code started} runs as soon as the gate shell waits for its line, before the binding is requested. */
    private Process start(List<String> command, Consumer<Process> started)
            throws ShadowkException, IOException, InterruptedException {
        LaunchGate gate = LaunchGate.spawn(command);
        try {
            started.accept(gate.process());
        } catch (RuntimeException e) {
            gate.close();
            throw e;
        }
        return start(gate);
    }

    private void bind(int pid) throws ShadowkException {
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
}
