package dev.shadowtrace.runtime;

/**
 * A failed request to /dev/shadowk, with the errno and a message that tells
 * the user what happened and what to do about it.
 */
public final class ShadowkException extends Exception {
    private final int errno;

    public ShadowkException(int errno, String message) {
        super(message);
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }

    /** Explains an errno from open(2) of the device. */
    static ShadowkException onOpen(String path, int errno) {
        return new ShadowkException(errno, switch (errno) {
            case Errno.ENOENT -> path + " not found: load the module with 'insmod kmod/shadowk.ko'"
                    + " (build it first with 'make -C kmod'), or run inside the test VM with 'bin/vm -- ...'";
            case Errno.EACCES, Errno.EPERM -> "permission denied opening " + path
                    + ": run as root (the device is 0600 and tracing needs CAP_SYS_ADMIN)";
            case Errno.ENXIO, Errno.ENODEV -> path + " exists but no driver answers: the shadowk module"
                    + " was unloaded; load it again with 'insmod kmod/shadowk.ko'";
            default -> "cannot open " + path + ": " + LibC.strerror(errno) + " (errno " + errno + ")";
        });
    }

    /** Explains an errno from an ioctl on the device. */
    static ShadowkException onIoctl(String request, int errno) {
        return new ShadowkException(errno, switch (errno) {
            case Errno.ENOTTY -> "the loaded shadowk module does not know the " + request
                    + " request: its ABI differs from this tool's (ABI " + ShadowkAbi.ABI_VERSION
                    + "); rebuild and reload the module from this checkout";
            case Errno.EPERM, Errno.EACCES -> request + " refused: permission denied (needs CAP_SYS_ADMIN)";
            case Errno.EFAULT -> request + " failed: the module could not access the request buffer (EFAULT);"
                    + " this is a bug in shadowtrace, please report it";
            default -> request + " failed: " + LibC.strerror(errno) + " (errno " + errno
                    + "); the kernel log (dmesg) has the module's reason";
        });
    }
}
