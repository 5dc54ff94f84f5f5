package dev.shadowtrace.runtime;

import com.sun.jna.Memory;

/**
 * One shadow: a copy-on-write view of the core kernel text, owned through the
 * file descriptor SHADOWK_IOC_CREATE returned. Closing it closes that
 * descriptor; the kernel keeps the shadow alive while a process is bound to it.
 */
public final class Shadow implements AutoCloseable {
    private final ShadowkFd fd;
    private final long id;

    Shadow(int fd, long id) {
        this.fd = new ShadowkFd(fd, "shadow " + Long.toUnsignedString(id));
        this.id = id;
    }

    /** The shadow's id, unique while the module is loaded. */
    public long id() {
        return id;
    }

    int fd() {
        return fd.fd();
    }

    /**
     * Replaces {@code bytes} at the core-text address {@code addr} in this shadow only.
     * Returns the end of the pristine instructions the patch owns (at least addr + bytes.length).
     */
    public long patch(long addr, byte[] bytes) throws ShadowkException {
        return PatchRequest.issue(fd, ShadowkRequest.PATCH, addr, bytes);
    }

    /**
     * Binds the address space of {@code pid} (0: the caller) to this shadow, on every thread
     * and CPU before returning. {@code flags}: {@link ShadowkAbi#BIND_NO_FORK_INHERIT},
     * {@link ShadowkAbi#BIND_EXEC_RESET}, {@link ShadowkAbi#BIND_KEEP_NEXT_EXEC}.
     */
    public void bind(int pid, int flags) throws ShadowkException {
        int known = ShadowkAbi.BIND_NO_FORK_INHERIT | ShadowkAbi.BIND_EXEC_RESET | ShadowkAbi.BIND_KEEP_NEXT_EXEC;
        if ((flags & ~known) != 0) {
            throw new IllegalArgumentException("unknown binding flags 0x" + Integer.toHexString(flags & ~known));
        }
        bindRequest(ShadowkRequest.BIND, pid, flags);
    }

    /** Unbinds the address space of {@code pid} (0: the caller) from this shadow. */
    public void unbind(int pid) throws ShadowkException {
        bindRequest(ShadowkRequest.UNBIND, pid, 0);
    }

    private void bindRequest(ShadowkRequest request, int pid, int flags) throws ShadowkException {
        if (pid < 0) {
            throw new IllegalArgumentException("pid must not be negative: " + pid);
        }
        try (Memory req = new Memory(ShadowkAbi.BIND_SIZE)) {
            req.clear();
            req.setInt(ShadowkAbi.BIND_OFF_PID, pid);
            req.setInt(ShadowkAbi.BIND_OFF_FLAGS, flags);
            fd.ioctl(request, req, errno -> ShadowkErrors.bind(request, pid, errno));
        }
    }

    /** This shadow's counters. */
    public ShadowInfo info() throws ShadowkException {
        try (Memory buf = new Memory(ShadowkAbi.INFO_SIZE)) {
            buf.clear();
            fd.ioctl(ShadowkRequest.INFO, buf, errno -> ShadowkErrors.request(ShadowkRequest.INFO, errno));
            return ShadowInfo.read(buf, 0);
        }
    }

    @Override
    public void close() {
        fd.close();
    }
}
