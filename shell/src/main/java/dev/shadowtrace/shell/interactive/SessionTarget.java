package dev.shadowtrace.shell.interactive;

import dev.shadowtrace.compiler.user.UserTarget;
import dev.shadowtrace.lang.ScriptParameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What DTrace's {@code $target} is in a shell session: the first process of the session's first
 * {@code attach} that bound one ({@code -p PID,...} is that attach, made at the start), then fixed
 * for the session. The session's text is compiled again as a whole with each input, so a later
 * attach must not change what clauses already attached were compiled with. Before there is one,
 * {@code $target} and {@code pid$target} probes are errors that say what to do: {@code run}'s
 * command (the {@code -c} one too) is started only after its clauses are attached, a new process at
 * each {@code run}, so its pid cannot be compiled into them; a {@code --cgroup}'s processes give
 * none, as in the CLI.
 *
 * <p>For {@code pid$target} probes the compiler reads the target's files in {@code /proc}; once the
 * target has exited (its {@code /proc/PID/exe} is gone or names another file), they are its
 * executable as it was when it was attached, as for {@code -c}'s command: the clauses attached
 * before still compile, and a new one probes that file in the attached processes.
 */
final class SessionTarget {
    /** The hint of the error at a {@code $target} or {@code pid$target} probe before there is a target. */
    static final String NO_TARGET = "no target yet: `attach PID` first (its first process is $target from then on),"
            + " or start the shell with -p PID; `run` starts its command (and -c's) after its clauses are attached,"
            + " so its pid cannot be compiled into them";

    private final Path proc;
    private OptionalLong pid = OptionalLong.empty();
    /** The target's executable when it was attached, if it could be read. */
    private Optional<Path> executable = Optional.empty();
    /** The target process, then its executable once it has exited (kept: its libraries are looked up once). */
    private UserTarget user = UserTarget.NONE;
    private boolean exited;

    SessionTarget() {
        this(Path.of("/proc"));
    }

    /** With {@code proc} as /proc (tests give another). */
    SessionTarget(Path proc) {
        this.proc = proc;
    }

    /**
     * Takes the first of {@code bound} (the processes an attach bound, in order) as the target if
     * there is none yet; returns whether it did.
     */
    boolean attached(List<Integer> bound) {
        if (pid.isPresent() || bound.isEmpty()) {
            return false;
        }
        int first = bound.get(0);
        pid = OptionalLong.of(first);
        executable = executableOf(first);
        user = new UserTarget(Optional.of(first), Optional.empty(), proc);
        return true;
    }

    /** The target's pid, once there is one. */
    OptionalLong pid() {
        return pid;
    }

    /** What {@code $target} stands for when the session's text is parsed. */
    ScriptParameters parameters() {
        return new ScriptParameters(List.of(), pid, NO_TARGET);
    }

    /** What {@code pid$target} probes probe: the target process, or once it has exited its executable. */
    UserTarget user() {
        if (pid.isPresent() && !exited && executable.isPresent()
                && !executableOf((int) pid.getAsLong()).equals(executable)) {
            exited = true;
            user = new UserTarget(Optional.empty(), executable, proc);
        }
        return user;
    }

    private Optional<Path> executableOf(int p) {
        try {
            return Optional.of(Files.readSymbolicLink(proc.resolve(p + "/exe")));
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }
}
