package dev.shadowtrace.shell.output;

import dev.shadowtrace.compiler.CompiledScript;
import dev.shadowtrace.compiler.TracerClause;
import dev.shadowtrace.compiler.codegen.DataPlan;
import dev.shadowtrace.compiler.layout.MapDescriptor;
import dev.shadowtrace.lang.ast.ProbeDescription;
import dev.shadowtrace.lang.ast.ProbeKind;
import dev.shadowtrace.runtime.KernelSymbols;
import dev.shadowtrace.runtime.aggregate.Drops;
import dev.shadowtrace.runtime.aggregate.Fields;
import dev.shadowtrace.runtime.aggregate.MapReader;
import dev.shadowtrace.runtime.aggregate.MapRow;

import java.io.IOException;
import java.nio.file.Path;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Predicate;

/**
 * Everything a running script prints, and the parts of it that run in the tracer. The attach path
 * calls, from one thread:
 *
 * <pre>{@code
 * ScriptOutput output = new ScriptOutput(compiled, maps, out, json);
 * output.begin();                        // BEGIN clauses, before the programs are attached
 * ... output.onEvent(record) ...         // each ring buffer record; a status: exit() ran
 * ... output.timer(probe) ...            // every probe.periodNanos(), for each of timers()
 * output.end();                          // after detaching: END clauses, then the maps left to print
 * output.reportDrops();                  // what the programs could not store (JSON: a last line)
 * }</pre>
 *
 * <p>BEGIN, END and timer clauses are interpreted ({@link TracerInterpreter}) on the same maps the
 * kernel programs use, read and written through the {@link MapReader}. Text output is DTrace's
 * ({@link TextPrinter}); {@code json} gives bpftrace-style JSON lines ({@link JsonPrinter},
 * schema in shell/README.md).
 *
 * <p>Methods throw {@link IOException} when a map cannot be read or written, and
 * {@link IllegalArgumentException} for a record that matches none of the script's formats.
 */
public final class ScriptOutput {
    private final CompiledScript script;
    private final MapReader maps;
    private final Printer printer;
    private final EventRecords records;
    private final TracerInterpreter interpreter;
    private final MapActions actions;
    private final ExitStatus exits = new ExitStatus();
    private final Printf printf;
    private long startMillis = System.currentTimeMillis();
    private long lastSnapshotMillis = startMillis;
    private int snapshots;
    private OutputStream hdrLogStream;
    private HdrIntervalLog hdrLog;
    private final Stacks stacks;

    /**
     * Output for a script running on this machine: kernel addresses are named from
     * {@code /proc/kallsyms}, read the first time an address is printed.
     *
     * @throws IllegalArgumentException if a BEGIN, END or timer clause uses something the tracer
     *     cannot do ({@code str()}); the message has one {@code file:line:column: error: ...} line each
     */
    public ScriptOutput(CompiledScript script, MapReader maps, PrintWriter out, boolean json) {
        this(script, maps, out, json ? Format.JSON : Format.TEXT);
    }

    /** As above, in any of the output formats. */
    public ScriptOutput(CompiledScript script, MapReader maps, PrintWriter out, Format format) {
        this(script, maps, out, format, KernelSymbols::load, TracerEnvironment.SYSTEM);
    }

    /** As above, naming kernel addresses with symbols the caller already loaded. */
    public ScriptOutput(CompiledScript script, MapReader maps, PrintWriter out, boolean json, KernelSymbols symbols) {
        this(script, maps, out, json ? Format.JSON : Format.TEXT, () -> symbols, TracerEnvironment.SYSTEM);
    }

    /** What the output looks like. */
    public enum Format {
        /** DTrace's text ({@link TextPrinter}). */
        TEXT,
        /** DTrace's text, stack aggregations as folded stacks ({@code --folded}, {@link FoldedStacks}). */
        FOLDED,
        /** bpftrace-style JSON lines ({@link JsonPrinter}). */
        JSON
    }

    ScriptOutput(CompiledScript script, MapReader maps, PrintWriter out, boolean json,
            KernelNames.SymbolSource symbols, TracerEnvironment environment) {
        this(script, maps, out, json ? Format.JSON : Format.TEXT, symbols, environment);
    }

    ScriptOutput(CompiledScript script, MapReader maps, PrintWriter out, Format format,
            KernelNames.SymbolSource symbols, TracerEnvironment environment) {
        TracerCheck.check(script);
        this.script = script;
        this.maps = maps;
        KernelNames names = new KernelNames(script, symbols);
        this.stacks = new Stacks(maps, names);
        Printf printf = new Printf(names, stacks);
        this.printf = printf;
        this.printer = format == Format.JSON ? new JsonPrinter(out, printf)
                : new TextPrinter(out, printf, format == Format.FOLDED);
        this.actions = new MapActions(script, maps, new RowOrder(names), printer);
        this.records = new EventRecords(script, printf, printer, actions, exits);
        this.interpreter = new TracerInterpreter(script, new TracerStorage(script, maps, names), actions, printf,
                printer, exits, environment);
    }

    /**
     * Runs the BEGIN clauses, in script order.
     *
     * @return the status of the first exit() they ran: tracing should not start, but end() still runs
     */
    public OptionalInt begin() throws IOException {
        startMillis = System.currentTimeMillis();
        lastSnapshotMillis = startMillis;
        if (hdrLogStream != null) {
            hdrLog = new HdrIntervalLog(hdrLogStream, startMillis);
        }
        return fire(ProbeKind.BEGIN, null);
    }

    /**
     * Handles one ring buffer record: prints a printf() or trace(), prints, clears or truncates a
     * map (read from the kernel now), or reports an exit().
     *
     * @param record the record, from its position to its limit (not consumed)
     * @return the exit() status if the record is an exit(), after everything before it was printed
     */
    public OptionalInt onEvent(ByteBuffer record) throws IOException {
        try {
            return records.handle(record);
        } finally {
            printer.flush();
        }
    }

    /** The script's timers, one per distinct name ({@code tick-1s}), each with its {@code periodNanos()}. */
    public List<ProbeDescription> timers() {
        List<ProbeDescription> timers = new ArrayList<>();
        for (TracerClause clause : script.tracerClauses()) {
            for (ProbeDescription probe : clause.probes()) {
                if (probe.kind() == ProbeKind.TIMER && timers.stream().noneMatch(t -> t.name().equals(probe.name()))) {
                    timers.add(probe);
                }
            }
        }
        return timers;
    }

    /**
     * Runs, in script order, the clauses of the timer named like {@code timer} ({@code tick-1s}).
     *
     * @return the status of the first exit() they ran
     */
    public OptionalInt timer(ProbeDescription timer) throws IOException {
        return fire(ProbeKind.TIMER, timer.name());
    }

    /**
     * A file user stacks may have been recorded from that no live process may map when they are printed:
     * the {@code -c} command's executable, which has exited by END ({@link UserNames}).
     */
    public void knowUserFile(Path file) {
        stacks.users().addFile(file);
    }

    /**
     * {@code --hdr-log}, called before {@link #begin()}: writes every hdr() aggregation to
     * {@code log} as an HdrHistogram interval log ({@link HdrIntervalLog}), starting at begin():
     * one interval per {@link #snapshot()}, or without snapshots one interval for the whole trace,
     * written by {@link #end()}, which closes {@code log}.
     */
    public void logHdrTo(OutputStream log) {
        this.hdrLogStream = log;
    }

    /**
     * {@code --interval}: prints what every aggregation gained since the previous snapshot (since
     * the start for the first), as printa() does, after an interval header ({@link IntervalDeltas}:
     * nothing in the kernel is cleared, so no count is lost and the deltas add up to the totals).
     */
    public void snapshot() throws IOException {
        try {
            long now = System.currentTimeMillis();
            printer.interval(++snapshots, (now - startMillis) / 1000.0);
            Map<MapDescriptor, List<MapRow>> deltas = actions.printDeltas();
            if (hdrLog != null) {
                hdrLog.write(deltas, lastSnapshotMillis, now, printf);
            }
            lastSnapshotMillis = now;
        } finally {
            printer.flush();
        }
    }

    /**
     * Runs the END clauses, then prints, as DTrace does, every map that was never printed and has
     * keys: an empty line, then each map in script order, sorted by value.
     */
    public void end() throws IOException {
        try {
            if (hdrLog != null && snapshots == 0) {
                hdrLog.write(actions.totals(), startMillis, System.currentTimeMillis(), printf);
            }
            fire(ProbeKind.END, null);
            actions.printRemaining();
        } finally {
            printer.flush();
            if (hdrLog != null) {
                hdrLog.close();
            } else if (hdrLogStream != null) {
                hdrLogStream.close();
            }
        }
    }

    /**
     * Prints the map {@code name} ({@code @n}) now, as {@code print(@n)} in a clause would: for the
     * interactive shell's {@code print} and {@code watch}.
     *
     * @throws IllegalArgumentException if the script has no such map
     */
    public void print(String name) throws IOException {
        try {
            actions.print(name, Optional.empty());
        } finally {
            printer.flush();
        }
    }

    /** Sets every value of the map {@code name} to zero, as {@code clear(@n)}: for the shell's {@code clear}. */
    public void clear(String name) throws IOException {
        actions.clear(name);
    }

    /**
     * After {@link #end()}: what the kernel programs could not store ({@link #drops()}), which JSON
     * output prints as a last line; text output leaves it to the caller (a warning on stderr).
     */
    public Drops reportDrops() throws IOException {
        Drops drops = drops();
        try {
            printer.drops(drops);
        } finally {
            printer.flush();
        }
        return drops;
    }

    /**
     * What the kernel programs could not store until now ({@link Drops}); none when no program
     * outputs records or updates maps.
     */
    public Drops drops() throws IOException {
        boolean counted = script.maps().stream().anyMatch(m -> m.name().equals(DataPlan.DROPS));
        if (!counted) {
            return Drops.NONE;
        }
        byte[] perCpu = maps.lookup(DataPlan.DROPS, new byte[4]).orElse(new byte[0]);
        long lost = 0;
        long failed = 0;
        for (int at = 0; at + 16 <= perCpu.length; at += 16) {
            lost += Fields.word(perCpu, at + DataPlan.DROPS_LOST_RECORDS);
            failed += Fields.word(perCpu, at + DataPlan.DROPS_FAILED_UPDATES);
        }
        return new Drops(lost, failed);
    }

    /** The status of the first exit() the script ran anywhere: the tracer's exit status. */
    public OptionalInt exitStatus() {
        return exits.first();
    }

    private OptionalInt fire(ProbeKind kind, String name) throws IOException {
        return fire(kind, name, clause -> true);
    }

    /**
     * Runs, in script order, those of the tracer clauses {@code which} accepts that have a probe of
     * {@code kind} (and named {@code name}, unless null): for the interactive shell, which runs the
     * BEGIN, END and timer clauses of one input at a time.
     *
     * @return the status of the first exit() they ran
     */
    public OptionalInt fire(ProbeKind kind, String name, Predicate<TracerClause> which) throws IOException {
        OptionalInt first = OptionalInt.empty();
        try {
            for (TracerClause clause : script.tracerClauses()) {
                if (!which.test(clause)) {
                    continue;
                }
                for (ProbeDescription probe : clause.probes()) {
                    if (probe.kind() == kind && (name == null || probe.name().equals(name))) {
                        OptionalInt exit = interpreter.run(clause, probe);
                        first = first.isPresent() ? first : exit;
                        break;
                    }
                }
            }
        } finally {
            printer.flush();
        }
        return first;
    }
}
