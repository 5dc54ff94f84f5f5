package dev.shadowtrace.runtime;

/**
 * A failed request to /dev/shadowk, with the errno and a message that tells
 * the user what happened and what to do about it. The message is
 * "SUBJECT: REASON" when the request was about something ("patch at 0x...");
 * {@link #reason()} is the part after the subject, for callers that name the
 * subject their own way.
 */
public final class ShadowkException extends Exception {
    private final int errno;
    private final String reason;
    private final boolean refusal;

    /** A failure with no separate subject; {@code errno} is 0 when it did not come from the kernel. */
    public ShadowkException(int errno, String message) {
        this(errno, null, message, false);
    }

    ShadowkException(int errno, String subject, String reason, boolean refusal) {
        super(subject == null ? reason : subject + ": " + reason);
        this.errno = errno;
        this.reason = reason;
        this.refusal = refusal;
    }

    public int errno() {
        return errno;
    }

    /** The message without its subject. */
    public String reason() {
        return reason;
    }

    /**
     * True when the module refused a patch because of where it is or what it
     * writes (the refusals listed for SHADOWK_IOC_PATCH); false for failures
     * of permission, ABI, resources, or of the request itself.
     */
    public boolean refusal() {
        return refusal;
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
}
