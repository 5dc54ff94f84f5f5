package dev.shadowtrace.shell.interactive;

import dev.shadowtrace.compiler.TracerClause;
import dev.shadowtrace.compiler.kernel.KernelInfo;
import dev.shadowtrace.lang.ast.ProbeDescription;
import dev.shadowtrace.lang.ast.ProbeKind;
import dev.shadowtrace.lang.diag.ScriptException;
import dev.shadowtrace.runtime.ProbeStats;
import dev.shadowtrace.runtime.ShadowInfo;
import dev.shadowtrace.runtime.session.CgroupTarget;
import dev.shadowtrace.runtime.session.ProbePlan;
import dev.shadowtrace.runtime.session.TraceException;
import dev.shadowtrace.runtime.session.TraceSession;
import dev.shadowtrace.runtime.session.TraceTarget;
import dev.shadowtrace.shell.trace.VerboseReport;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What the shell's commands do to the session: clauses compiled with the session's script and
 * attached to its one shadow, detached by number; maps printed and cleared; processes bound and
 * unbound; counters. Each method returns the text to show, or throws {@link ShellError} with it.
 */
final class ShellSession implements AutoCloseable {
    /**
     * How clauses are attached and reported.
     *
     * @param union   {@code -U}: kernel probes also fire outside process context
     * @param verbose {@code -v}: each attach reports its probes and how long it took
     * @param json    {@code --json}: print, watch and the clauses' output as JSON lines
     */
    record Flags(boolean union, boolean verbose, boolean json) {
        static final Flags NONE = new Flags(false, false, false);
    }

    private final TraceSession trace;
    private final ClauseSource source;
    private final SessionTarget target = new SessionTarget();
    private final ClauseTable table = new ClauseTable();
    private final MapOutput output;
    private final Flags flags;
    private final Ticker ticker;
    private volatile Consumer<String> above = text -> {
        System.out.print(text);
        System.out.flush();
    };
    /** {@code --cgroup}: the cgroup followed until detach, or null. */
    private CgroupTarget cgroup;

    ShellSession(TraceSession trace, KernelInfo kernel) {
        this(trace, kernel, Flags.NONE);
    }

    ShellSession(TraceSession trace, KernelInfo kernel, Flags flags) {
        this.trace = trace;
        this.source = new ClauseSource(kernel, target);
        this.output = new MapOutput(trace.maps(), flags.json());
        this.flags = flags;
        this.ticker = new Ticker(text -> above.accept(text));
    }

    /** Where the timer clauses' output goes: above the line being edited, once the prompt exists. */
    void showTimersWith(Consumer<String> show) {
        this.above = show;
    }

    MapOutput output() {
        return output;
    }

    TraceSession trace() {
        return trace;
    }

    /** {@code $target}: the first process the session attached, once it has attached one. */
    OptionalLong target() {
        return target.pid();
    }

    /** Compiles {@code text} with the clauses before it and attaches its probes; returns its number and probe count. */
    String add(String text) throws ShellError {
        ClauseSource.Compiled compiled;
        try {
            compiled = source.compile(text);
        } catch (ScriptException e) {
            throw new ShellError(e.render());
        } catch (IllegalArgumentException e) {
            throw new ShellError("shadowtrace: " + e.getMessage());
        }
        try {
            output.check(compiled.script()); // what the tracer would run of it: before the kernel is touched
            if (flags.union()) {
                ProbePlan.requireUnionFallback(compiled.script(), compiled.source());
            }
        } catch (IllegalArgumentException e) {
            throw new ShellError(e.getMessage());
        } catch (TraceException e) {
            throw new ShellError(e.text());
        }
        TraceSession.Attached attached;
        try {
            attached = trace.attach(compiled.script(), compiled.programs(), compiled.source(), flags.union());
        } catch (TraceException e) {
            throw new ShellError(e.text());
        }
        source.accept(compiled);
        output.update(compiled.script());
        int first = compiled.firstLine();
        int last = compiled.lastLine();
        Ticker.Timers timers = new Ticker.Timers();
        ClauseTable.Row row = table.add(text, attached, first, last, timers);
        StringBuilder out = new StringBuilder();
        attached.skipped().forEach(s -> out.append("shadowtrace: ").append(s).append('\n'));
        if (flags.verbose()) {
            out.append(verbose(attached, compiled.programs().size()));
        }
        List<String> parts = new ArrayList<>();
        int n = row.probes();
        if (n > 0 || compiled.tracer().isEmpty()) {
            parts.add(n + (n == 1 ? " probe" : " probes") + " attached");
        }
        Map<String, ProbeDescription> timerProbes = new LinkedHashMap<>();
        boolean begin = false;
        boolean end = false;
        for (TracerClause c : compiled.tracer()) {
            for (ProbeDescription p : c.probes()) {
                begin |= p.kind() == ProbeKind.BEGIN;
                end |= p.kind() == ProbeKind.END;
                if (p.kind() == ProbeKind.TIMER) {
                    timerProbes.putIfAbsent(p.name(), p);
                }
            }
        }
        if (begin) {
            parts.add("BEGIN runs now");
        }
        if (end) {
            parts.add("END runs at detach and when the shell ends");
        }
        timerProbes.values().forEach(p -> parts.add(p.name() + " runs every " + seconds(p.periodNanos())));
        out.append("clause ").append(row.number()).append(": ").append(String.join(", ", parts)).append('\n');
        if (begin) {
            try {
                out.append(fire(ProbeKind.BEGIN, null, row));
            } catch (ShellError e) {
                out.append(e.getMessage()).append('\n');
            }
        }
        for (ProbeDescription p : timerProbes.values()) {
            ticker.every(p.periodNanos(), () -> fire(ProbeKind.TIMER, p.name(), row), timers);
        }
        return out.toString();
    }

    private static String seconds(long nanos) {
        double s = nanos / 1e9;
        return (s == Math.rint(s) ? String.valueOf((long) s) : String.valueOf(s)) + "s";
    }

    /** What -v says of one attach: its kernel probes, the time it took, and its per-process probes. */
    private String verbose(TraceSession.Attached attached, int programs) {
        StringWriter text = new StringWriter();
        PrintWriter err = new PrintWriter(text);
        VerboseReport report = new VerboseReport(err);
        report.attached(attached.probes(), programs, trace.attachNanos());
        if (attached.perProcessSites() > 0) {
            report.note(attached.perProcessSites() + " user/profile probe site(s), a perf event per site in each of"
                    + " the processes attached now " + trace.bound() + " and later");
        }
        err.flush();
        return text.toString();
    }

    /** Runs {@code row}'s tracer clauses of {@code kind} (named {@code name}); returns what they printed. */
    private String fire(ProbeKind kind, String name, ClauseTable.Row row) throws ShellError {
        try {
            return output.fire(kind, name, row.firstLine(), row.lastLine());
        } catch (IOException | RuntimeException e) {
            throw new ShellError("shadowtrace: clause " + row.number() + ": " + e.getMessage());
        }
    }

    /**
     * Runs the END clauses of every attached input, in the order they were typed: at {@code detach}
     * and when the shell ends. Returns what they printed.
     */
    String end() {
        StringBuilder out = new StringBuilder();
        for (ClauseTable.Row row : table.rows()) {
            try {
                out.append(fire(ProbeKind.END, null, row));
            } catch (ShellError e) {
                out.append(e.getMessage()).append('\n');
            }
        }
        return out.toString();
    }

    /** The clauses and their hits. */
    String clauses() throws ShellError {
        return table.render(probeStats());
    }

    /** Detaches clause {@code number}. */
    String remove(int number) throws ShellError {
        ClauseTable.Row row = table.find(number).orElseThrow(() -> new ShellError("shadowtrace: no clause "
                + number + " is attached (see 'clauses')"));
        row.timers().cancel();
        try {
            trace.detach(row.attached());
        } catch (TraceException e) {
            throw new ShellError(e.text());
        }
        table.remove(row);
        return "clause " + number + " removed\n";
    }

    String print(String map) throws ShellError {
        requireMap(map);
        try {
            return output.print(map);
        } catch (IOException e) {
            throw new ShellError("shadowtrace: " + e.getMessage());
        }
    }

    String clear(String map) throws ShellError {
        requireMap(map);
        try {
            output.clear(map);
            return "";
        } catch (IOException e) {
            throw new ShellError("shadowtrace: " + e.getMessage());
        }
    }

    /** Fails unless the session has the map {@code map}. */
    void requireMap(String map) throws ShellError {
        List<String> names = output.names();
        if (!names.contains(map)) {
            throw new ShellError("shadowtrace: no map " + map + " in this session" + (names.isEmpty()
                    ? " (no clause has made one yet)" : " (it has " + String.join(", ", names) + ")"));
        }
    }

    /** Probes, hits, skipped hits, and what the shadow costs in memory. */
    String stats() throws ShellError {
        List<ProbeStats> probes = probeStats();
        ShadowInfo info;
        try {
            info = trace.info();
        } catch (TraceException e) {
            throw new ShellError(e.text());
        }
        long hits = 0;
        long skipped = 0;
        long recursion = 0;
        long missed = 0;
        for (ProbeStats p : probes) {
            hits += p.hits() + p.unionHits();
            skipped += p.skipped();
            recursion += p.recursion();
            missed += p.missed();
        }
        return String.format("clauses %d, probes %d, hits %s, skipped %s, recursion %s, missed %s%n"
                        + "shadow %s: pages copied %s, page-table pages %s, bound processes %s%s%n",
                table.rows().size(), probes.size(), u(hits), u(skipped), u(recursion), u(missed),
                u(info.id()), u(info.pagesCopied()), u(info.tablePages()), u(info.boundMms()),
                trace.bound().isEmpty() ? "" : " (attached: " + trace.bound() + ")");
    }

    private static String u(long v) {
        return Long.toUnsignedString(v);
    }

    private List<ProbeStats> probeStats() throws ShellError {
        try {
            return trace.probeStats();
        } catch (TraceException e) {
            throw new ShellError(e.text());
        }
    }

    /** Binds running processes; stops at the first that cannot be bound. */
    String attach(List<Integer> pids) throws ShellError {
        List<Integer> done = new ArrayList<>();
        for (int pid : pids) {
            if (pid == ProcessHandle.current().pid()) {
                throw new ShellError("shadowtrace: " + pid + " is shadowtrace itself, which must run the pristine"
                        + " kernel");
            }
            try {
                trace.bind(pid);
                done.add(pid);
            } catch (TraceException e) {
                throw new ShellError((done.isEmpty() ? "" : attached(done)) + e.text());
            }
        }
        return attached(done);
    }

    /** What an attach that bound {@code done} says; the first process bound in the session becomes $target. */
    private String attached(List<Integer> done) {
        return "attached " + done + (target.attached(done) ? " ($target is " + done.get(0) + ")" : "") + "\n";
    }

    /**
     * Follows the cgroup {@code path} ({@code --cgroup}): binds its processes now, and those that join
     * it later, until {@link #detach}.
     */
    String follow(String path) throws ShellError {
        try {
            CgroupTarget target = (CgroupTarget) TraceTarget.cgroup(path, m -> above.accept("shadowtrace: " + m
                    + "\n"));
            try {
                target.start(trace);
            } catch (TraceException e) {
                target.close();
                throw new ShellError(e.text());
            }
            cgroup = target;
            return "following cgroup " + target.dir() + ": attached " + trace.bound() + "\n";
        } catch (IOException e) {
            throw new ShellError("shadowtrace: --cgroup " + path + ": " + e.getMessage());
        }
    }

    /** Whether a cgroup is followed ({@code --cgroup}). */
    boolean following() {
        return cgroup != null;
    }

    /**
     * Stops following a cgroup, runs the END clauses (if a process was attached) and unbinds every
     * attached process, which closes the user and profile probes' events in them.
     */
    String detach() {
        String what = cgroup == null ? "" : "stopped following cgroup " + cgroup.dir() + "\n";
        if (cgroup != null) {
            cgroup.close();
            cgroup = null;
        }
        if (trace.bound().isEmpty()) {
            return what + "no process attached\n";
        }
        String end = end();
        List<Integer> pids = trace.unbindAll();
        return what + end + "detached " + pids + "\n";
    }

    /** Runs {@code command} bound, in the foreground; returns its exit status. */
    int run(List<String> command) throws ShellError {
        try {
            return trace.run(command);
        } catch (TraceException e) {
            throw new ShellError(e.text());
        }
    }

    /** The attached probes' ids, for tests. */
    Set<Long> probeIds() {
        return table.probeIds();
    }

    /** At the end of the shell: stops the timers, then runs the END clauses; returns what they printed. */
    String finish() {
        ticker.close();
        return end();
    }

    /** Stops the timers and the cgroup poller, then detaches everything; END ran before ({@link #finish}). */
    @Override
    public void close() {
        ticker.close();
        if (cgroup != null) {
            cgroup.close();
        }
        trace.close();
    }
}
