package dev.shadowtrace.runtime;

import com.sun.jna.Pointer;

/**
 * One probe's counters (struct shadowk_probe_stats), summed over CPUs. All are unsigned 64-bit in
 * the kernel; print them with {@link Long#toUnsignedString(long)}.
 *
 * @param id        the probe's id in its shadow
 * @param address   the address it was attached with
 * @param site      the address patched
 * @param kind      its kind, null if this tool does not know the module's number
 * @param flags     SHADOWK_PROBE_* flags
 * @param hits      its program ran in a bound process
 * @param unionHits its program ran outside process context (union probes)
 * @param skipped   it was hit in a context it does not cover
 * @param recursion its program was not run: a BPF tracing program was running on the CPU
 * @param missed    return probes: the return could not be hooked
 */
public record ProbeStats(long id, long address, long site, ProbeRequest.Kind kind, int flags, long hits,
        long unionHits, long skipped, long recursion, long missed) {

    /** Reads the record at {@code offset} of {@code p}. */
    static ProbeStats read(Pointer p, long offset) {
        return new ProbeStats(
                p.getLong(offset + ShadowkAbi.PROBE_STATS_OFF_ID),
                p.getLong(offset + ShadowkAbi.PROBE_STATS_OFF_ADDR),
                p.getLong(offset + ShadowkAbi.PROBE_STATS_OFF_SITE),
                ProbeRequest.Kind.of(p.getInt(offset + ShadowkAbi.PROBE_STATS_OFF_KIND)),
                p.getInt(offset + ShadowkAbi.PROBE_STATS_OFF_FLAGS),
                p.getLong(offset + ShadowkAbi.PROBE_STATS_OFF_HITS),
                p.getLong(offset + ShadowkAbi.PROBE_STATS_OFF_UNION_HITS),
                p.getLong(offset + ShadowkAbi.PROBE_STATS_OFF_SKIPPED),
                p.getLong(offset + ShadowkAbi.PROBE_STATS_OFF_RECURSION),
                p.getLong(offset + ShadowkAbi.PROBE_STATS_OFF_MISSED));
    }
}
