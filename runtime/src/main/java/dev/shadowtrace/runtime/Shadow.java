package dev.shadowtrace.runtime;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import java.util.List;

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
     * {@link ShadowkAbi#BIND_EXEC_RESET}, {@link ShadowkAbi#BIND_KEEP_NEXT_EXEC},
     * {@link ShadowkAbi#BIND_AT_NEXT_EXEC} (then the binding takes effect at the process's next exec),
     * {@link ShadowkAbi#BIND_PERSIST}. Without the last, a binding of another process is owned by this
     * process: the module undoes it when this process holds no descriptor of the shadow any more (closed,
     * exited or killed), and the process goes on untraced.
     */
    public void bind(int pid, int flags) throws ShadowkException {
        int known = ShadowkAbi.BIND_NO_FORK_INHERIT | ShadowkAbi.BIND_EXEC_RESET | ShadowkAbi.BIND_KEEP_NEXT_EXEC
                | ShadowkAbi.BIND_AT_NEXT_EXEC | ShadowkAbi.BIND_PERSIST;
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

    /**
     * Attaches {@code probes} in one SHADOWK_IOC_ATTACH: when the shadow is bound they take effect
     * together, with one stop of the machine for the whole batch, so attach before binding to avoid
     * even that. Returns one result per request, in order.
     *
     * <p>Without {@code bestEffort} the batch is all or nothing: when the module refuses a probe,
     * nothing is attached, and the results say which probe (its errno; the others are neither
     * attached nor refused). With it, refused probes come back with their errno and the rest are
     * attached, or none if every probe was refused. Failures of the request itself (permission,
     * ABI, malformed request) are thrown.
     */
    public List<ProbeResult> attach(List<ProbeRequest> probes, boolean bestEffort) throws ShadowkException {
        if (probes.isEmpty()) {
            return List.of();
        }
        try (ProbeBatch batch = new ProbeBatch(probes); Memory req = new Memory(ShadowkAbi.ATTACH_SIZE)) {
            batch.fill(req, bestEffort);
            try {
                fd.ioctl(ShadowkRequest.ATTACH, req, errno -> ShadowkErrors.request(ShadowkRequest.ATTACH, errno));
            } catch (ShadowkException e) {
                List<ProbeResult> results = batch.results();
                if (results.stream().noneMatch(ProbeResult::refused)) {
                    throw e;
                }
                return results;
            }
            return batch.results();
        }
    }

    /**
     * Detaches the probes with these ids, all together: when this returns, no CPU runs their
     * programs any more. An id not attached to this shadow fails the whole request.
     */
    public void detach(long... ids) throws ShadowkException {
        if (ids.length == 0) {
            return;
        }
        if (ids.length > ShadowkAbi.ATTACH_MAX) {
            throw ShadowkErrors.request(ShadowkRequest.DETACH, Errno.E2BIG);
        }
        try (Memory array = new Memory(8L * ids.length); Memory req = new Memory(ShadowkAbi.DETACH_SIZE)) {
            array.write(0, ids, 0, ids.length);
            req.clear();
            req.setLong(ShadowkAbi.DETACH_OFF_IDS, Pointer.nativeValue(array));
            req.setInt(ShadowkAbi.DETACH_OFF_COUNT, ids.length);
            fd.ioctl(ShadowkRequest.DETACH, req, errno -> ShadowkErrors.request(ShadowkRequest.DETACH, errno));
        }
    }

    /** The counters of every probe of this shadow, in attach order, asking again until all fit. */
    public List<ProbeStats> probes() throws ShadowkException {
        return RecordArrayRequest.fetch(fd, ShadowkRequest.PROBES, ShadowkAbi.PROBES_SIZE,
                ShadowkAbi.PROBES_OFF_STATS, ShadowkAbi.PROBES_OFF_COUNT, ShadowkAbi.PROBE_STATS_SIZE,
                ShadowkAbi.ATTACH_MAX, ProbeStats::read);
    }

    /**
     * Enables the tracepoint of perf event {@code perfFd} (which carries the caller's program) in this
     * shadow only: the kernel's static key goes off for every other task, and the tracepoint's jump
     * sites jump in this shadow's copy of the text. Returns how many sites; fails (see
     * {@link ShadowkErrors#tracepoint}) where the module cannot hold it, and the tracepoint then stays
     * enabled for every task.
     */
    public int holdTracepoint(int perfFd) throws ShadowkException {
        try (Memory req = new Memory(ShadowkAbi.TRACEPOINT_SIZE)) {
            req.clear();
            req.setInt(ShadowkAbi.TRACEPOINT_OFF_PERF_FD, perfFd);
            fd.ioctl(ShadowkRequest.TRACEPOINT, req, errno -> ShadowkErrors.tracepoint(errno));
            return req.getInt(ShadowkAbi.TRACEPOINT_OFF_SITES);
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
