package dev.shadowtrace.runtime.session;

/**
 * Binding the processes of a group that changes while it is traced (a cgroup): each is bound when
 * it joins and unbound when it leaves. {@link TraceSession} is the one in production.
 */
public interface Membership {
    /** What {@link #join} did with a process. */
    enum Joined {
        /** bound now */
        BOUND,
        /** bound already: inherited from a traced parent at fork, or another shadow's (then not traced) */
        ALREADY_BOUND,
        /** exited meanwhile, or a kernel thread */
        NOT_A_PROCESS
    }

    /**
     * Binds {@code pid}, which joined the group and may have been bound already by inheritance;
     * either way it is unbound when it leaves or the trace ends. Other refusals are thrown.
     */
    Joined join(int pid) throws TraceException;

    /** Unbinds {@code pid}, which left the group; one that exited or is not bound is fine. */
    void leave(int pid) throws TraceException;
}
