package dev.shadowtrace.runtime;

import com.sun.jna.Pointer;

/**
 * One shadow's counters (struct shadowk_info). All are unsigned 64-bit in
 * the kernel; print them with {@link Long#toUnsignedString(long)}.
 */
public record ShadowInfo(long id, long pagesCopied, long tablePages, long bytesPatched, long patches,
        long boundMms, long coherenceWrites, long coherenceConflicts) {

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
                p.getLong(offset + ShadowkAbi.INFO_OFF_COHERENCE_CONFLICTS));
    }
}
