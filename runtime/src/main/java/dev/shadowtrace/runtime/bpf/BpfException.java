package dev.shadowtrace.runtime.bpf;

import dev.shadowtrace.runtime.Errno;

import java.util.Arrays;

/**
 * A failed bpf(2) call, with its errno and a message that says what went wrong and what to do.
 * When the verifier rejects a program, {@link #verifierLog()} holds its complete log.
 */
public final class BpfException extends Exception {
    /** Not in {@link Errno}: the kernel has no bpf(2). */
    static final int ENOSYS = 38;

    /** At most this many trailing verifier log lines go into the message. */
    static final int LOG_LINES_IN_MESSAGE = 200;

    private final BpfCommand command;
    private final int errno;
    private final String verifierLog;

    private BpfException(BpfCommand command, int errno, String message, String verifierLog) {
        super(message);
        this.command = command;
        this.errno = errno;
        this.verifierLog = verifierLog;
    }

    public BpfCommand command() {
        return command;
    }

    public int errno() {
        return errno;
    }

    /** The verifier's log if the kernel rejected a program, otherwise empty. */
    public String verifierLog() {
        return verifierLog;
    }

    /** Explains a failed call on the map or program called {@code object}. */
    static BpfException of(BpfCommand command, int errno, String object) {
        return new BpfException(command, errno, explain(command, errno, object), "");
    }

    /** The verifier refused program {@code program} (errno EINVAL or EACCES) with this log. */
    static BpfException verifierRejected(String program, int errno, String log) {
        String trimmed = log.strip();
        if (trimmed.isEmpty()) {
            return new BpfException(BpfCommand.PROG_LOAD, errno, "the kernel rejected program " + program
                    + " with " + errnoName(errno) + " and no verifier log", "");
        }
        return new BpfException(BpfCommand.PROG_LOAD, errno,
                "the kernel verifier rejected program " + program + ":\n" + tail(trimmed), log);
    }

    private static String explain(BpfCommand command, int errno, String object) {
        if (errno == Errno.EPERM) {
            return "bpf(2) denied: run as root or grant CAP_BPF and CAP_PERFMON";
        }
        if (errno == ENOSYS) {
            return "bpf(2) is not available: the kernel was built without CONFIG_BPF_SYSCALL";
        }
        if (errno == Errno.EBADF) {
            return "bad file descriptor for " + object + " (already closed?)";
        }
        String specific = switch (command) {
            case MAP_CREATE -> switch (errno) {
                case Errno.ENOMEM -> "cannot create map " + object + ": out of kernel memory"
                        + " (before Linux 5.11, raise RLIMIT_MEMLOCK, e.g. ulimit -l unlimited)";
                case Errno.EINVAL -> "the kernel rejected map " + object
                        + ": invalid type, key or value size, max_entries or flags";
                default -> null;
            };
            case MAP_UPDATE_ELEM -> switch (errno) {
                case Errno.E2BIG -> "map " + object + " is full (max_entries reached)";
                case Errno.EEXIST -> "key already exists in map " + object;
                case Errno.ENOENT -> "key not found in map " + object;
                default -> null;
            };
            case PROG_LOAD -> errno == Errno.E2BIG
                    ? "program " + object + " has more instructions than the kernel accepts" : null;
            default -> null;
        };
        return specific != null ? specific
                : "bpf(" + command.kernelName() + ") on " + object + " failed: " + errnoName(errno);
    }

    private static String tail(String log) {
        String[] lines = log.split("\n");
        if (lines.length <= LOG_LINES_IN_MESSAGE) {
            return log;
        }
        int omitted = lines.length - LOG_LINES_IN_MESSAGE;
        return "(" + omitted + " earlier lines omitted, see verifierLog())\n"
                + String.join("\n", Arrays.copyOfRange(lines, omitted, lines.length));
    }

    static String errnoName(int errno) {
        String name = switch (errno) {
            case Errno.EPERM -> "EPERM";
            case Errno.ENOENT -> "ENOENT";
            case Errno.E2BIG -> "E2BIG";
            case Errno.EBADF -> "EBADF";
            case Errno.ENOMEM -> "ENOMEM";
            case Errno.EACCES -> "EACCES";
            case Errno.EFAULT -> "EFAULT";
            case Errno.EBUSY -> "EBUSY";
            case Errno.EEXIST -> "EEXIST";
            case Errno.EINVAL -> "EINVAL";
            case Errno.ENOSPC -> "ENOSPC";
            case ENOSYS -> "ENOSYS";
            case Errno.EOPNOTSUPP -> "EOPNOTSUPP";
            default -> null;
        };
        return name == null ? "errno " + errno : name + " (errno " + errno + ")";
    }
}
