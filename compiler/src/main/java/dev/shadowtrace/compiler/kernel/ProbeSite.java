package dev.shadowtrace.compiler.kernel;

import dev.shadowtrace.lang.ast.ProbeDescription;
import dev.shadowtrace.lang.ast.ProbeKind;

import java.util.Locale;
import java.util.Optional;

/**
 * One place in kernel text where a probe's program runs.
 *
 * @param probe    the probe description it was resolved from
 * @param function the kernel symbol, e.g. {@code vfs_read} or {@code do_sys_openat2.isra.0}
 * @param address  for entry and return probes the function's address (the runtime patches its
 *                 ftrace site, or its returns); for offset probes function + offset
 *                 ftrace site, or its returns); for offset probes function + offset; for a
 *                 tracepoint probe the tracepoint's id
 * @param syscall  for a syscall probe, the syscall whose wrapper {@code function} is
 * @param tracepoint for a tracepoint probe, its format ({@code function} is {@code CATEGORY:NAME})
 */
public record ProbeSite(ProbeDescription probe, String function, long address, Optional<Syscall> syscall,
                        Optional<TracepointFormat> tracepoint) {

    /** A site of an fbt probe. */
    public ProbeSite(ProbeDescription probe, String function, long address) {
        this(probe, function, address, Optional.empty(), Optional.empty());
    }

    /** A site of a syscall probe (or, with an empty syscall, of an fbt probe). */
    public ProbeSite(ProbeDescription probe, String function, long address, Optional<Syscall> syscall) {
        this(probe, function, address, syscall, Optional.empty());
    }

    /** The site of a tracepoint probe: the tracepoint, by its id. */
    public static ProbeSite of(ProbeDescription probe, TracepointFormat tracepoint) {
        return new ProbeSite(probe, tracepoint.fullName(), tracepoint.id(), Optional.empty(), Optional.of(tracepoint));
    }

    /** Whether this is a tracepoint's site (a tracepoint program on its perf event). */
    public boolean isTracepoint() {
        return tracepoint.isPresent();
    }

    public ProbeKind kind() {
        return probe.kind();
    }

    /** E.g. {@code entry vfs_read 0xffffffff8bd669e0} or {@code offset tcp_v4_rcv+0x1c 0x...}. */
    @Override
    public String toString() {
        if (isTracepoint()) {
            return "tracepoint " + function + " id " + address;
        }
        String where = kind() == ProbeKind.OFFSET ? function + "+0x" + Long.toHexString(probe.offset()) : function;
        return kind().name().toLowerCase(Locale.ROOT) + " " + where + " 0x" + Long.toHexString(address);
    }
}
