package dev.shadowtrace.shell.shadowk;

import dev.shadowtrace.runtime.ShadowInfo;
import dev.shadowtrace.runtime.Stats;

import java.util.List;

/** What {@code shadowk info} prints: the module's counters, then one line per shadow. */
record InfoReport(Stats stats, List<ShadowInfo> shadows) {

    private static String u(long v) {
        return Long.toUnsignedString(v);
    }

    String toText() {
        StringBuilder sb = new StringBuilder("module: shadows ").append(u(stats.shadows()))
                .append(", pages copied ").append(u(stats.pagesCopied()))
                .append(", table pages ").append(u(stats.tablePages()))
                .append(", bound address spaces ").append(u(stats.boundMms()))
                .append(", binds ").append(u(stats.bindsTotal()))
                .append(", unbinds ").append(u(stats.unbindsTotal()))
                .append(", coherence writes ").append(u(stats.coherenceWrites()))
                .append(", coherence conflicts ").append(u(stats.coherenceConflicts()));
        for (ShadowInfo s : shadows) {
            sb.append("\nshadow ").append(u(s.id()))
                    .append(": pages copied ").append(u(s.pagesCopied()))
                    .append(", table pages ").append(u(s.tablePages()))
                    .append(", bytes patched ").append(u(s.bytesPatched()))
                    .append(", patches ").append(u(s.patches()))
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
                    .append('}');
        }
        return sb.append("]}").toString();
    }
}
