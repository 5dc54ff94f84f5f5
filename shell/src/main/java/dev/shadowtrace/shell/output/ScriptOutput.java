package dev.shadowtrace.shell.output;

import dev.shadowtrace.compiler.CompiledScript;
import dev.shadowtrace.compiler.TracerClause;
import dev.shadowtrace.lang.ast.ProbeDescription;
import dev.shadowtrace.lang.ast.ProbeKind;
import dev.shadowtrace.runtime.KernelSymbols;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

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
    private final Printer printer;
    private final EventRecords records;
    private final TracerInterpreter interpreter;
    private final MapActions actions;
    private final ExitStatus exits = new ExitStatus();

    /**
     * Output for a script running on this machine: kernel addresses are named from
     * {@code /proc/kallsyms}, read the first time an address is printed.
     *
     * @throws IllegalArgumentException if a BEGIN, END or timer clause uses something the tracer
     *     cannot do ({@code str()}); the message has one {@code file:line:column: error: ...} line each
     */
    public ScriptOutput(CompiledScript script, MapReader maps, PrintWriter out, boolean json) {
        this(script, maps, out, json, KernelSymbols::load, TracerEnvironment.SYSTEM);
    }

    /** As above, naming kernel addresses with symbols the caller already loaded. */
    public ScriptOutput(CompiledScript script, MapReader maps, PrintWriter out, boolean json, KernelSymbols symbols) {
        this(script, maps, out, json, () -> symbols, TracerEnvironment.SYSTEM);
    }

    ScriptOutput(CompiledScript script, MapReader maps, PrintWriter out, boolean json,
            KernelNames.SymbolSource symbols, TracerEnvironment environment) {
        TracerCheck.check(script);
        this.script = script;
        KernelNames names = new KernelNames(script, symbols);
        Printf printf = new Printf(names, new Stacks(maps, names));
        this.printer = json ? new JsonPrinter(out, printf) : new TextPrinter(out, printf);
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
     * Runs the END clauses, then prints, as DTrace does, every map that was never printed and has
     * keys: an empty line, then each map in script order, sorted by value.
     */
    public void end() throws IOException {
        try {
            fire(ProbeKind.END, null);
            actions.printRemaining();
        } finally {
            printer.flush();
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

    /** The status of the first exit() the script ran anywhere: the tracer's exit status. */
    public OptionalInt exitStatus() {
        return exits.first();
    }

    private OptionalInt fire(ProbeKind kind, String name) throws IOException {
        OptionalInt first = OptionalInt.empty();
        try {
            for (TracerClause clause : script.tracerClauses()) {
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
