package dev.shadowtrace.shell.trace;

import dev.shadowtrace.compiler.CompiledScript;
import dev.shadowtrace.compiler.kernel.CallerSuggestion;
import dev.shadowtrace.compiler.kernel.KernelInfo;
import dev.shadowtrace.lang.diag.SourceFile;
import dev.shadowtrace.runtime.LaunchGate;
import dev.shadowtrace.runtime.ProbeStats;
import dev.shadowtrace.runtime.Wakeup;
import dev.shadowtrace.runtime.aggregate.Drops;
import dev.shadowtrace.runtime.aggregate.MapReader;
import dev.shadowtrace.runtime.session.CgroupTarget;
import dev.shadowtrace.runtime.session.CommandTarget;
import dev.shadowtrace.runtime.session.CommandWords;
import dev.shadowtrace.runtime.session.LiveMaps;
import dev.shadowtrace.runtime.session.ProbePlan;
import dev.shadowtrace.runtime.session.TraceException;
import dev.shadowtrace.runtime.session.TraceSession;
import dev.shadowtrace.runtime.session.TraceTarget;
import dev.shadowtrace.shell.output.ScriptOutput;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * One trace, {@code shadowtrace -p PID SCRIPT}, {@code -c CMD} or {@code --cgroup PATH}, from a
 * compiled script to the exit status:
 *
 * <ol>
 *   <li>the output side checks the script's tracer clauses;
 *   <li>a {@link TraceSession} (the runtime's): maps, programs (the verifier), a shadow, every probe
 *       in one ATTACH;
 *   <li>BEGIN clauses; then the target is bound (a command started), with the probes already in
 *       place so that no running process is stopped to patch its view;
 *   <li>{@link TraceLoop} until a signal, the target's exit or {@code exit()};
 *   <li>the probes are detached, a command still running is terminated, END clauses run and the
 *       aggregations are printed;
 *   <li>everything is closed: a traced process is unbound.
 * </ol>
 *
 * Exit status: 0, or the status of the script's first {@code exit()}; 1 when the script or the
 * kernel refused, or the trace failed.
 */
public final class Tracer {
    /**
     * What to trace and how.
     *
     * @param pids    {@code -p}: the processes to trace, or empty
     * @param command {@code -c}: the command to start and trace, or empty
     * @param cgroup  {@code --cgroup}: the cgroup v2 directory whose processes to trace, or null
     * @param json    output as JSON lines
     * @param verbose attach statistics and probe counters on stderr
     * @param union   {@code -U}: every probe also fires outside process context (the union
     *                fallback), which the module has for entry and return probes only
     * @param device  the module's device
     * @param intervalNanos {@code --interval}: print every aggregation's delta this often, or 0
     * @param hdrLog  {@code --hdr-log}: write hdr() aggregations to this file as an HdrHistogram log
     * @param folded  {@code --folded}: stack aggregations as folded stacks (text output only)
     */
    public record Options(List<Integer> pids, List<String> command, String cgroup, boolean json, boolean verbose,
                          boolean union, String device, long intervalNanos, Optional<Path> hdrLog, boolean folded) {
        public Options {
            pids = List.copyOf(pids);
            command = List.copyOf(command);
            if ((pids.isEmpty() ? 0 : 1) + (command.isEmpty() ? 0 : 1) + (cgroup == null ? 0 : 1) != 1) {
                throw new IllegalArgumentException("trace either pids, a command or a cgroup");
            }
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(hdrLog, "hdrLog");
            if (intervalNanos < 0) {
                throw new IllegalArgumentException("negative interval");
            }
            if (folded && json) {
                throw new IllegalArgumentException("folded stacks are text, not JSON");
            }
        }

        /** Without snapshots or an hdr log. */
        public Options(List<Integer> pids, List<String> command, String cgroup, boolean json, boolean verbose,
                       boolean union, String device) {
            this(pids, command, cgroup, json, verbose, union, device, 0, Optional.empty(), false);
        }

        /** How {@code -c}'s string is split into words. */
        public static List<String> commandWords(String command) {
            return CommandWords.split(command);
        }
    }

    /** Makes the output side; in production a {@link ScriptOutput}. */
    interface Outputs {
        TraceOutput create(CompiledScript script, MapReader maps, PrintWriter out, Options options) throws IOException;
    }

    private final CompiledScript script;
    private final SourceFile source;
    private final CallerSuggestion callers;
    private final Options options;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Outputs outputs;
    private final VerboseReport verbose;
    /** {@code -c}'s command, spawned before the script was compiled ({@code $target} is its pid), if it was. */
    private Optional<LaunchGate> gate = Optional.empty();

    /**
     * A trace of {@code script}, compiled from {@code source} for {@code kernel}; when the module
     * refuses to probe a function the script names, the kernel is asked for its nearest traceable
     * callers ({@link KernelInfo#callersOf}), as the compiler does for a function without an ftrace
     * site.
     */
    public Tracer(CompiledScript script, SourceFile source, KernelInfo kernel, Options options, PrintWriter out,
            PrintWriter err) {
        this(script, source, kernel, options, out, err, Tracer::scriptOutput);
    }

    Tracer(CompiledScript script, SourceFile source, KernelInfo kernel, Options options, PrintWriter out,
            PrintWriter err, Outputs outputs) {
        this.script = script;
        this.source = source;
        this.callers = new CallerSuggestion(kernel);
        this.options = options;
        this.out = out;
        this.err = err;
        this.outputs = outputs;
        this.verbose = new VerboseReport(err);
    }

    /**
     * Traces {@code gate}'s command, spawned already (so that the script could be compiled with
     * its pid as {@code $target}), instead of starting {@code -c}'s command itself. The caller
     * still closes the gate: closing kills it if the trace never started it.
     */
    public Tracer withCommandAt(LaunchGate gate) {
        this.gate = Optional.of(gate);
        return this;
    }

    /** Traces until the end and returns the exit status; every failure is printed on stderr. */
    public int run() {
        LiveMaps maps = new LiveMaps();
        TraceOutput output;
        try {
            output = outputs.create(script, maps, out, options);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage()); // the tracer clauses' errors, file:line:col: error: ...
            return 1;
        } catch (IOException e) {
            err.println("shadowtrace: " + e.getMessage());
            return 1;
        }
        try (Wakeup wakeup = Wakeup.create(); StopSignals signals = new StopSignals(wakeup)) {
            return trace(maps, output, wakeup, signals);
        } catch (TraceException e) {
            err.println(e.text());
            return 1;
        } catch (IOException e) {
            err.println("shadowtrace: " + e.getMessage());
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int trace(LiveMaps maps, TraceOutput output, Wakeup wakeup, StopSignals signals)
            throws TraceException, IOException {
        if (options.union()) {
            ProbePlan.requireUnionFallback(script, source);
        }
        if (!options.command().isEmpty()) {
            CommandTarget.requireRunnable(options.command().get(0), System.getenv("PATH"));
        }
        try (TraceSession session = install(maps); TraceTarget target = target()) {
            if (options.verbose()) {
                verbose.attached(session.attached(), script.programs().size(), session.attachNanos());
            }
            OptionalInt exit = output.begin();
            out.flush();
            if (exit.isEmpty() && !signals.received()) {
                target.start(session);
                if (options.verbose()) {
                    verbose.tracing(what(target));
                    session.userProbes().ifPresent(verbose::note);
                }
                new TraceLoop(session.events(), output, target, signals, wakeup, System::nanoTime,
                        options.intervalNanos()).run();
            }
            List<ProbeStats> counters = options.verbose() ? session.probeStats() : List.of();
            Map<Long, ProbePlan.Probe> probes = session.attached(); // detaching forgets them
            session.detachAll();
            target.close(); // a command still running ends before the final output, not in the middle of it
            if (options.intervalNanos() > 0) {
                output.snapshot(); // the last, partial interval: the deltas add up to the totals end() prints
            }
            output.end();
            Drops drops = output.reportDrops();
            out.flush();
            if (options.verbose()) {
                verbose.counters(counters, probes);
                verbose.drops(drops);
            } else if (drops.any()) {
                verbose.drops(drops);
            }
            return output.exitStatus().orElse(0);
        }
    }

    /** A session with the whole script attached; what a glob skipped is a warning. */
    private TraceSession install(LiveMaps maps) throws TraceException {
        TraceSession session = TraceSession.open(options.device(), callers, maps, this::warn);
        try {
            session.attach(script, source, options.union()).skipped().forEach(this::warn);
            return session;
        } catch (TraceException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    private TraceTarget target() throws IOException {
        if (!options.pids().isEmpty()) {
            return TraceTarget.processes(options.pids());
        }
        if (options.cgroup() != null) {
            return TraceTarget.cgroup(options.cgroup(), this::warn);
        }
        return gate.isPresent() ? TraceTarget.command(options.command(), gate.get())
                : TraceTarget.command(options.command());
    }

    /** What -v says is traced: "pid 12", "pids 12, 13", "command ...", "cgroup PATH (N processes)". */
    private String what(TraceTarget target) {
        if (target instanceof CgroupTarget c) {
            return "cgroup " + c.dir() + " (" + c.members().size() + " processes)";
        }
        if (!options.pids().isEmpty()) {
            return (options.pids().size() == 1 ? "pid " : "pids ") + options.pids().stream().map(String::valueOf)
                    .collect(Collectors.joining(", "));
        }
        return "command " + String.join(" ", options.command());
    }

    /** The output side of a trace: a {@link ScriptOutput}, logging hdr() aggregations if asked to. */
    private static TraceOutput scriptOutput(CompiledScript script, MapReader maps, PrintWriter out, Options options)
            throws IOException {
        ScriptOutput.Format format = options.json() ? ScriptOutput.Format.JSON
                : options.folded() ? ScriptOutput.Format.FOLDED : ScriptOutput.Format.TEXT;
        ScriptOutput output = new ScriptOutput(script, maps, out, format);
        if (!options.command().isEmpty()) { // ustack frames of the command, named after it exited
            CommandTarget.resolve(options.command().get(0), System.getenv("PATH")).ifPresent(output::knowUserFile);
        }
        if (options.hdrLog().isPresent()) {
            Path log = options.hdrLog().get();
            try {
                output.logHdrTo(Files.newOutputStream(log));
            } catch (IOException e) {
                throw new IOException("cannot write the hdr log " + log + ": " + e.getMessage(), e);
            }
        }
        return TraceOutput.of(output);
    }

    private void warn(String message) {
        err.println("shadowtrace: " + message);
        err.flush();
    }
}
