package dev.shadowtrace.runtime;

import com.sun.jna.Pointer;

/**
 * One shadow's counters and caps (struct shadowk_info). All are unsigned
 * 64-bit in the kernel; print them with {@link Long#toUnsignedString(long)}.
 * The {@code max} fields are the module's per-shadow caps (its
 * {@code shadow_max_*} parameters): a request over one fails with E2BIG.
 */
public record ShadowInfo(long id, long pagesCopied, long tablePages, long bytesPatched, long patches,
        long boundMms, long coherenceWrites, long coherenceConflicts, long probes, long percpuBytes,
        long maxPages, long maxPatches, long maxProbes, long maxPercpuBytes) {

    /** Reads the record at {@code offset} of {@code p}. */
    static ShadowInfo read(Pointer p, long offset) {
        return new ShadowInfo(
                p.getLong(offset + ShadowkAbi.INFO_OFF_ID),
                p.getLong(offset + ShadowkAbi.INFO_OFF_PAGES_COPIED),
                p.getLong(offset + ShadowkAbi.INFO_OFF_TABLE_PAGES),
                p.getLong(offset + ShadowkAbi.INFO_OFF_BYTES_PATCHED),
                p.getLong(offset + ShadowkAbi.INFO_OFF_PATCHES),
                p.getLong(offset + ShadowkAbi.INFO_OFF_BOUND_MMS),
                p.getLong(offset + ShadowkAbi.INFO_OFF_COHERENCE_WRITES),
                p.getLong(offset + ShadowkAbi.INFO_OFF_COHERENCE_CONFLICTS),
                p.getLong(offset + ShadowkAbi.INFO_OFF_PROBES),
                p.getLong(offset + ShadowkAbi.INFO_OFF_PERCPU_BYTES),
                p.getLong(offset + ShadowkAbi.INFO_OFF_MAX_PAGES),
                p.getLong(offset + ShadowkAbi.INFO_OFF_MAX_PATCHES),
                p.getLong(offset + ShadowkAbi.INFO_OFF_MAX_PROBES),
                p.getLong(offset + ShadowkAbi.INFO_OFF_MAX_PERCPU_BYTES));
    }
}
