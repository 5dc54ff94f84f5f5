package dev.shadowtrace.shell.shadowk;

import dev.shadowtrace.runtime.ShadowInfo;
import dev.shadowtrace.runtime.Stats;

import java.util.List;

/**
 * What {@code shadowk info} prints: the module's counters, then one line per
 * shadow. A limited resource is shown as "USED of CAP": the module's caps on
 * its line, each shadow's own caps on the shadow's.
 */
record InfoReport(Stats stats, List<ShadowInfo> shadows) {

    private static String u(long v) {
        return Long.toUnsignedString(v);
    }

    private static String of(long used, long cap) {
        return u(used) + " of " + u(cap);
    }

    String toText() {
        StringBuilder sb = new StringBuilder("module: shadows ").append(of(stats.shadows(), stats.maxShadows()))
                .append(", pages copied ").append(of(stats.pagesCopied(), stats.maxPages()))
                .append(", table pages ").append(u(stats.tablePages()))
                .append(", patches ").append(of(stats.patches(), stats.maxPatches()))
                .append(", probes ").append(of(stats.probes(), stats.maxProbes()))
                .append(", per-CPU bytes ").append(of(stats.percpuBytes(), stats.maxPercpuBytes()))
                .append(", probed shadows ").append(of(stats.probedShadows(), stats.maxProbedShadows()))
                .append(", out-of-line slots ").append(of(stats.xolSlots(), stats.maxXolSlots()))
                .append(", bound address spaces ").append(u(stats.boundMms()))
                .append(", binds ").append(u(stats.bindsTotal()))
                .append(", unbinds ").append(u(stats.unbindsTotal()))
                .append(", coherence writes ").append(u(stats.coherenceWrites()))
                .append(", coherence conflicts ").append(u(stats.coherenceConflicts()))
                .append(", coherence lost ").append(u(stats.coherenceLost()));
        for (ShadowInfo s : shadows) {
            sb.append("\nshadow ").append(u(s.id()))
                    .append(": pages copied ").append(of(s.pagesCopied(), s.maxPages()))
                    .append(", table pages ").append(u(s.tablePages()))
                    .append(", bytes patched ").append(u(s.bytesPatched()))
                    .append(", patches ").append(of(s.patches(), s.maxPatches()))
                    .append(", probes ").append(of(s.probes(), s.maxProbes()))
                    .append(", per-CPU bytes ").append(of(s.percpuBytes(), s.maxPercpuBytes()))
                    .append(", bound address spaces ").append(u(s.boundMms()))
                    .append(", coherence writes ").append(u(s.coherenceWrites()))
                    .append(", coherence conflicts ").append(u(s.coherenceConflicts()));
        }
        return sb.toString();
    }

    /** One object; keys are the header's field names. */
    String toJson() {
        StringBuilder sb = new StringBuilder("{\"stats\":{\"shadows\":").append(u(stats.shadows()))
                .append(",\"pages_copied\":").append(u(stats.pagesCopied()))
                .append(",\"table_pages\":").append(u(stats.tablePages()))
                .append(",\"bound_mms\":").append(u(stats.boundMms()))
                .append(",\"binds_total\":").append(u(stats.bindsTotal()))
                .append(",\"unbinds_total\":").append(u(stats.unbindsTotal()))
                .append(",\"coherence_writes\":").append(u(stats.coherenceWrites()))
                .append(",\"coherence_conflicts\":").append(u(stats.coherenceConflicts()))
                .append(",\"patches\":").append(u(stats.patches()))
                .append(",\"probes\":").append(u(stats.probes()))
                .append(",\"percpu_bytes\":").append(u(stats.percpuBytes()))
                .append(",\"max_shadows\":").append(u(stats.maxShadows()))
                .append(",\"max_pages\":").append(u(stats.maxPages()))
                .append(",\"max_patches\":").append(u(stats.maxPatches()))
                .append(",\"max_probes\":").append(u(stats.maxProbes()))
                .append(",\"max_percpu_bytes\":").append(u(stats.maxPercpuBytes()))
                .append(",\"probed_shadows\":").append(u(stats.probedShadows()))
                .append(",\"max_probed_shadows\":").append(u(stats.maxProbedShadows()))
                .append(",\"xol_slots\":").append(u(stats.xolSlots()))
                .append(",\"max_xol_slots\":").append(u(stats.maxXolSlots()))
                .append(",\"coherence_lost\":").append(u(stats.coherenceLost()))
                .append("},\"shadows\":[");
        for (int i = 0; i < shadows.size(); i++) {
            ShadowInfo s = shadows.get(i);
            sb.append(i == 0 ? "" : ",").append("{\"id\":").append(u(s.id()))
                    .append(",\"pages_copied\":").append(u(s.pagesCopied()))
                    .append(",\"table_pages\":").append(u(s.tablePages()))
                    .append(",\"bytes_patched\":").append(u(s.bytesPatched()))
                    .append(",\"patches\":").append(u(s.patches()))
                    .append(",\"bound_mms\":").append(u(s.boundMms()))
                    .append(",\"coherence_writes\":").append(u(s.coherenceWrites()))
                    .append(",\"coherence_conflicts\":").append(u(s.coherenceConflicts()))
                    .append(",\"probes\":").append(u(s.probes()))
                    .append(",\"percpu_bytes\":").append(u(s.percpuBytes()))
                    .append(",\"max_pages\":").append(u(s.maxPages()))
                    .append(",\"max_patches\":").append(u(s.maxPatches()))
                    .append(",\"max_probes\":").append(u(s.maxProbes()))
                    .append(",\"max_percpu_bytes\":").append(u(s.maxPercpuBytes()))
                    .append('}');
        }
        return sb.append("]}").toString();
    }
}
