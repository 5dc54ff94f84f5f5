package dev.shadowtrace.shell.trace;

import dev.shadowtrace.runtime.ProbeStats;
import dev.shadowtrace.runtime.aggregate.Drops;
import dev.shadowtrace.runtime.session.ProbePlan;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code -v} adds on stderr: how many probes were attached and how long it took, when the
 * target is bound, and at the end each probe's counters from the module (hits, hits in contexts
 * the probe does not cover, runs lost to recursion, returns that could not be hooked).
 */
public final class VerboseReport {
    private final PrintWriter err;

    public VerboseReport(PrintWriter err) {
        this.err = err;
    }

    public void attached(Map<Long, ProbePlan.Probe> attached, int programs, long nanos) {
        long functions = attached.values().stream().map(p -> p.address()).distinct().count();
        err.printf(Locale.ROOT, "shadowtrace: attached %d probe%s (%d program%s at %d function%s) in %.1f ms%n",
                attached.size(), plural(attached.size()), programs, plural(programs), functions, plural(functions),
                nanos / 1e6);
        err.flush();
    }

    void tracing(String target) {
        err.println("shadowtrace: tracing " + target);
        err.flush();
    }

    public void note(String line) {
        err.println("shadowtrace: " + line);
        err.flush();
    }

    /**
     * What the kernel programs could not store: with -v always, otherwise (a warning) only when
     * something was dropped.
     */
    void drops(Drops drops) {
        err.println("shadowtrace: dropped in the kernel: " + drops.lostRecords() + " event record"
                + plural(drops.lostRecords()) + " (ring buffer full), " + drops.failedUpdates() + " map update"
                + plural(drops.failedUpdates()) + " (map full)");
        err.flush();
    }

    /** One line per probe with a non-zero counter, in attach order, then how many had none. */
    void counters(List<ProbeStats> stats, Map<Long, ProbePlan.Probe> attached) {
        err.println("shadowtrace: probe counters:");
        int quiet = 0;
        for (ProbeStats s : stats) {
            if (s.hits() == 0 && s.unionHits() == 0 && s.skipped() == 0 && s.recursion() == 0 && s.missed() == 0) {
                quiet++;
                continue;
            }
            ProbePlan.Probe p = attached.get(s.id());
            String what = p == null ? "probe " + s.id()
                    : "clause " + p.program().clauseNumber() + " " + p.kind().label() + " " + p.where();
            err.println("  " + what + ": hits " + Long.toUnsignedString(s.hits())
                    + (s.unionHits() != 0 ? ", outside process context " + Long.toUnsignedString(s.unionHits()) : "")
                    + ", skipped " + Long.toUnsignedString(s.skipped())
                    + ", recursion " + Long.toUnsignedString(s.recursion())
                    + ", missed " + Long.toUnsignedString(s.missed()));
        }
        if (stats.isEmpty()) {
            err.println("  no probes attached");
        } else if (quiet > 0) {
            err.println("  " + quiet + " probe" + plural(quiet) + " never hit");
        }
        err.flush();
    }

    private static String plural(long n) {
        return n == 1 ? "" : "s";
    }
}
