package dev.shadowtrace.shell.interactive;

import dev.shadowtrace.runtime.ProbeStats;
import dev.shadowtrace.runtime.session.ProbePlan;
import dev.shadowtrace.runtime.session.TraceSession;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The clauses attached in the session, numbered from 1 in the order they were typed; a number
 * is never reused after {@code remove}. Each row has the ids of its probes in the shadow, so
 * that the module's per-probe counters add up to the clause's hits.
 */
final class ClauseTable {
    /**
     * One attached input: its number, its text as typed, what {@link TraceSession#attach} attached
     * of it (kernel probes by id, user and profile probes), its lines in the session's text (where
     * its BEGIN, END and timer clauses are) and its running timers.
     */
    record Row(int number, String text, TraceSession.Attached attached, int firstLine, int lastLine,
            Ticker.Timers timers) {
        Set<Long> probeIds() {
            return attached.probeIds();
        }

        /** Kernel probes, and user and profile probe sites. */
        int probes() {
            return attached.probeIds().size() + attached.perProcessSites() + attached.tracepoints();
        }
    }

    private final List<Row> rows = new ArrayList<>();
    private int next = 1;

    /** Adds a clause and returns its row. */
    Row add(String text, TraceSession.Attached attached, int firstLine, int lastLine, Ticker.Timers timers) {
        Row row = new Row(next++, text.strip(), attached, firstLine, lastLine, timers);
        rows.add(row);
        return row;
    }

    /** Adds a clause of kernel probes only. */
    Row add(String text, Set<Long> probeIds) {
        Map<Long, ProbePlan.Probe> probes = new LinkedHashMap<>();
        probeIds.forEach(id -> probes.put(id, null));
        return add(text, new TraceSession.Attached(probes, List.of()), 0, 0, new Ticker.Timers());
    }

    /** The row numbered {@code number}, if it is attached. */
    Optional<Row> find(int number) {
        return rows.stream().filter(r -> r.number() == number).findFirst();
    }

    /** Forgets a row (its probes were detached). */
    void remove(Row row) {
        rows.remove(row);
    }

    List<Row> rows() {
        return List.copyOf(rows);
    }

    /** Every attached probe's id. */
    Set<Long> probeIds() {
        return rows.stream().flatMap(r -> r.probeIds().stream()).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * The listing {@code clauses} prints: number, hits (the sum of the clause's probes' hits in
     * bound processes and, for union probes, outside them), probes, then the text on one line.
     */
    String render(List<ProbeStats> stats) {
        if (rows.isEmpty()) {
            return "no clauses attached\n";
        }
        Map<Long, ProbeStats> byId = stats.stream().collect(Collectors.toMap(ProbeStats::id, Function.identity(),
                (a, b) -> a));
        StringBuilder out = new StringBuilder(String.format("%4s %12s %7s  %s%n", "#", "HITS", "PROBES", "CLAUSE"));
        for (Row row : rows) {
            long hits = 0;
            for (long id : row.probeIds()) {
                ProbeStats s = byId.get(id);
                if (s != null) {
                    hits += s.hits() + s.unionHits();
                }
            }
            out.append(String.format("%4d %12s %7d  %s%n", row.number(), Long.toUnsignedString(hits),
                    row.probes(), row.text().replaceAll("\\s+", " ")));
        }
        return out.toString();
    }
}
