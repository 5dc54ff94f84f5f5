package dev.shadowtrace.shell;

import dev.shadowtrace.compiler.CompiledScript;
import dev.shadowtrace.compiler.kernel.KernelInfo;
import dev.shadowtrace.compiler.layout.Limits;
import dev.shadowtrace.compiler.user.UserTarget;
import dev.shadowtrace.lang.check.CheckedScript;
import dev.shadowtrace.lang.ScriptParameters;
import dev.shadowtrace.lang.diag.SourceFile;
import dev.shadowtrace.runtime.LaunchGate;
import dev.shadowtrace.runtime.ShadowkAbi;
import dev.shadowtrace.runtime.session.CommandTarget;
import dev.shadowtrace.runtime.session.TraceException;
import dev.shadowtrace.shell.interactive.InteractiveShell;
import dev.shadowtrace.shell.trace.Tracer;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;

/**
 * The {@code shadowtrace} command line, with bpftrace's and DTrace's habits: a script from a
 * file or {@code -e}, traced in running processes ({@code -p PID[,PID...]}), a command it starts
 * ({@code -c CMD}) or a cgroup's processes ({@code --cgroup PATH}); {@code -l} to list probes,
 * {@code -S} to show what a script compiles to.
 * Exit codes: 0 on success (or the status the script's {@code exit()} gave), 1 when a script or
 * the kernel refuses or the trace fails, 2 for usage errors.
 */
@Command(name = "shadowtrace", mixinStandardHelpOptions = false, sortOptions = false,
        description = "Per-process dynamic tracing of the Linux kernel through shadow kernels.")
public final class Main implements Callable<Integer> {
    public static final String VERSION = "0.1.0";

    @Option(names = "-e", paramLabel = "SCRIPT", description = "the script, on the command line")
    private String program;

    @Parameters(paramLabel = "FILE", description = "the script, in a file (unless -e gives it), then the words the"
            + " script's $1, $2 ... stand for (an integer if written as one, else a string; $# counts them)")
    private List<String> words = new ArrayList<>();

    /** The script file: the first word, unless -e gives the script. */
    private String file;

    @Option(names = "-p", paramLabel = "PID", split = ",", description = "trace these running processes (and the"
            + " children they fork) in one shadow: -p 12,13 or -p 12 -p 13; the trace ends when all have exited")
    private List<Integer> pids;

    @Option(names = "-c", paramLabel = "CMD", description = "run CMD (words split at blanks, quotes kept) and trace it"
            + " from its exec until it exits")
    private String command;

    @Option(names = "--cgroup", paramLabel = "PATH", description = "trace every process of this cgroup v2 directory"
            + " (and the cgroups below it), those that join it later too, until Ctrl-C; PATH absolute or relative"
            + " to /sys/fs/cgroup")
    private String cgroup;

    @Option(names = {"-U", "--union"}, description = "also fire outside process context, on behalf of no one:"
            + " interrupts, softirqs, kernel threads (kworkers); every process calling a probed function then"
            + " pays an ftrace call while the trace runs; entry and return probes only")
    private boolean union;

    @Option(names = {"-v", "--verbose"}, description = "print attach statistics and probe counters on stderr")
    private boolean verbose;

    @Option(names = {"-l", "--list"}, arity = "0..1", fallbackValue = "*", paramLabel = "PATTERN",
            description = "list the probes that match PATTERN (default: all), e.g. 'fbt::vfs_*:entry'")
    private String listPattern;

    @Option(names = {"-S", "--dump"}, description = "print the eBPF programs, maps and formats the script compiles to")
    private boolean dump;

    @Option(names = {"-V", "--version"}, description = "print the tool's version and the kernel module's ABI and backend")
    private boolean version;

    @Option(names = "--json", description = "machine-readable output (JSON)")
    private boolean json;

    @Option(names = "--interval", paramLabel = "SECONDS", description = "every SECONDS, print what each aggregation"
            + " gained since the last time (a delta; the end still prints the totals)")
    private Double interval;

    @Option(names = "--hdr-log", paramLabel = "FILE", description = "write every hdr() aggregation to FILE as an"
            + " HdrHistogram interval log, one interval per --interval (else one for the whole trace)")
    private Path hdrLog;

    @Option(names = "--folded", description = "print stack aggregations as folded stacks (frame;frame;frame count),"
            + " the input of flame graph tools")
    private boolean folded;

    @Option(names = "-o", paramLabel = "FILE", description = "write the trace's output to FILE instead of stdout")
    private Path outputFile;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    private boolean help;

    @Mixin
    private KernelOptions kernel;

    /** The event ring buffer's size; hidden: for tests that overrun it (a power of two, 4096 or more). */
    @Option(names = "--ringbuf-size", hidden = true, paramLabel = "BYTES")
    private Integer ringBufferBytes;

    @Option(names = "--device", hidden = true, paramLabel = "PATH")
    private String device = ShadowkAbi.DEVICE_PATH;

    @Spec
    private CommandSpec spec;

    private final PrintWriter out;
    private final PrintWriter err;
    private final UnaryOperator<CompiledScript> afterCompile;

    Main(PrintWriter out, PrintWriter err, UnaryOperator<CompiledScript> afterCompile) {
        this.out = out;
        this.err = err;
        this.afterCompile = afterCompile;
    }

    @Override
    public Integer call() throws Exception {
        try {
            return dispatch();
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int dispatch() throws Exception {
        if (version) {
            VersionReport report = VersionReport.probe();
            out.println(json ? report.toJson() : report.toText());
            return 0;
        }
        if (listPattern != null) {
            return ProbeLister.isUser(listPattern) ? ProbeLister.listUser(listPattern, out, err)
                    : new ProbeLister(kernel.snapshot(), out, err).list(listPattern);
        }
        file = program == null && !words.isEmpty() ? words.get(0) : null;
        if (program == null && file == null) {
            return openShell();
        }
        if ((pids != null ? 1 : 0) + (command != null ? 1 : 0) + (cgroup != null ? 1 : 0) > 1) {
            err.println("shadowtrace: give one of -p PID, -c CMD and --cgroup PATH, not several");
            return 2;
        }
        Tracer.Options options = dump ? null : traceOptions();
        if (!dump && options == null) {
            return 2;
        }
        ScriptSource source = program != null ? ScriptSource.commandLine(program) : ScriptSource.file(file);
        Limits limits = Limits.DEFAULTS;
        if (ringBufferBytes != null) {
            if (ringBufferBytes < 4096 || Integer.bitCount(ringBufferBytes) != 1) {
                err.println("shadowtrace: --ringbuf-size needs a power of two from 4096, not " + ringBufferBytes);
                return 2;
            }
            limits = new Limits(limits.mapEntries(), limits.threadEntries(), limits.stackEntries(), ringBufferBytes);
        }
        LaunchGate gate;
        try {
            gate = spawnCommand(options);
        } catch (TraceException e) {
            err.println(e.text());
            return 1;
        }
        try (gate) { // a gate the trace never released (a compile error, a refusal) is killed and reaped
            return compileAndTrace(source, limits, options, gate);
        }
    }

    /**
     * {@code -c}'s command, spawned and waiting to be bound, so that {@code $target} is its pid when
     * the script is compiled; null without -c (or with -S).
     */
    private static LaunchGate spawnCommand(Tracer.Options options) throws TraceException {
        if (options == null || options.command().isEmpty()) {
            return null;
        }
        CommandTarget.requireRunnable(options.command().get(0), System.getenv("PATH"));
        try {
            return LaunchGate.spawn(options.command());
        } catch (IOException e) {
            throw TraceException.plain("cannot start " + String.join(" ", options.command()) + ": " + e.getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TraceException.plain("interrupted while starting " + String.join(" ", options.command()), e);
        }
    }

    private int compileAndTrace(ScriptSource source, Limits limits, Tracer.Options options, LaunchGate gate)
            throws Exception {
        OptionalLong target = gate != null ? OptionalLong.of(gate.pid())
                : pids == null || pids.isEmpty() ? OptionalLong.empty() : OptionalLong.of(pids.get(0));
        ScriptParameters parameters = new ScriptParameters(words.subList(program == null ? 1 : 0, words.size()),
                target);
        // before the kernel is read: errors in order
        CheckedScript checked = ScriptCompilation.check(source, parameters, err);
        if (checked == null) {
            return 1;
        }
        KernelInfo compiledFor = kernel.forCompiling(device);
        ScriptCompilation compilation = new ScriptCompilation(compiledFor, limits, userTarget(options), err);
        if (dump) {
            return compilation.dump(checked, out) ? 0 : 1;
        }
        CompiledScript compiled = compilation.compile(checked);
        if (compiled == null) {
            return 1;
        }
        SourceFile sourceFile = new SourceFile(source.name(), source.text());
        if (outputFile == null) {
            return tracer(afterCompile.apply(compiled), sourceFile, compiledFor, options, out, gate).run();
        }
        try (PrintWriter file = new PrintWriter(Files.newBufferedWriter(outputFile))) {
            int status = tracer(afterCompile.apply(compiled), sourceFile, compiledFor, options, file, gate).run();
            file.flush();
            if (file.checkError()) {
                err.println("shadowtrace: cannot write " + outputFile);
                return 1;
            }
            return status;
        } catch (IOException e) {
            err.println("shadowtrace: cannot write " + outputFile + ": " + e.getMessage());
            return 1;
        }
    }

    private Tracer tracer(CompiledScript compiled, SourceFile source, KernelInfo compiledFor, Tracer.Options options,
            PrintWriter to, LaunchGate gate) {
        Tracer tracer = new Tracer(compiled, source, compiledFor, options, to, err);
        return gate == null ? tracer : tracer.withCommandAt(gate);
    }

    /**
     * No script: the interactive shell, attached to {@code -p PID} if given, with {@code -c CMD} as
     * what its {@code run} runs; without a terminal on stdin and stdout (or with -S), the usage.
     */
    private int openShell() throws Exception {
        if ((pids != null ? 1 : 0) + (command != null ? 1 : 0) + (cgroup != null ? 1 : 0) > 1) {
            err.println("shadowtrace: give one of -p PID, -c CMD and --cgroup PATH, not several");
            return 2;
        }
        List<String> refused = shellRefuses();
        if (!refused.isEmpty() && !dump) {
            boolean one = refused.size() == 1;
            err.println("shadowtrace: " + String.join(", ", refused) + (one ? " makes" : " make") + " no sense in the"
                    + " interactive shell, which prints what you ask when you ask (print, watch): give a script (-e"
                    + " or FILE) to use " + (one ? "it" : "them"));
            return 2;
        }
        if (System.console() == null || dump) {
            spec.commandLine().usage(err);
            return 2;
        }
        Tracer.Options target = pids == null && command == null && cgroup == null ? null : traceOptions();
        if (target == null && (pids != null || command != null || cgroup != null)) {
            return 2;
        }
        return InteractiveShell.open(kernel.forCompiling(device), new InteractiveShell.Options(
                target == null ? List.of() : target.pids(), target == null ? List.of() : target.command(),
                target == null ? null : target.cgroup(), device, union, verbose, json), err);
    }

    /** The options given that the shell refuses, as typed. */
    private List<String> shellRefuses() {
        List<String> refused = new java.util.ArrayList<>();
        if (interval != null) {
            refused.add("--interval");
        }
        if (hdrLog != null) {
            refused.add("--hdr-log");
        }
        if (folded) {
            refused.add("--folded");
        }
        if (outputFile != null) {
            refused.add("-o");
        }
        if (ringBufferBytes != null) {
            refused.add("--ringbuf-size");
        }
        return refused;
    }

    /** What $target is in pid probes: the first -p process, or -c's executable (none with -S or --cgroup). */
    private static UserTarget userTarget(Tracer.Options options) {
        if (options == null) {
            return UserTarget.NONE;
        }
        if (!options.pids().isEmpty()) {
            return UserTarget.process(options.pids().get(0));
        }
        if (!options.command().isEmpty()) {
            return CommandTarget.resolve(options.command().get(0), System.getenv("PATH")).map(UserTarget::command)
                    .orElse(UserTarget.NONE);
        }
        return UserTarget.NONE;
    }

    /** The target from -p, -c or --cgroup, or null after a usage error was printed. */
    private Tracer.Options traceOptions() {
        if (pids == null && command == null && cgroup == null) {
            err.println("shadowtrace traces processes: give -p PID, -c CMD or --cgroup PATH");
            return null;
        }
        for (int pid : pids == null ? List.<Integer>of() : pids) {
            if (pid <= 0) {
                err.println("shadowtrace: -p needs a process id, not " + pid);
                return null;
            }
            if (pid == ProcessHandle.current().pid()) {
                err.println("shadowtrace: -p " + pid + " is shadowtrace itself, which must run the pristine kernel");
                return null;
            }
        }
        List<String> words = List.of();
        if (command != null) {
            try {
                words = Tracer.Options.commandWords(command);
            } catch (IllegalArgumentException e) {
                err.println("shadowtrace: " + e.getMessage());
                return null;
            }
            if (words.isEmpty()) {
                err.println("shadowtrace: -c needs a command");
                return null;
            }
        }
        if (interval != null && !(interval >= 0.001 && interval <= 86_400)) {
            err.println("shadowtrace: --interval needs a number of seconds from 0.001 to 86400, not " + interval);
            return null;
        }
        if (folded && json) {
            err.println("shadowtrace: --folded prints text; it cannot be combined with --json");
            return null;
        }
        long intervalNanos = interval == null ? 0 : Math.round(interval * 1e9);
        List<Integer> distinct = pids == null ? List.of() : List.copyOf(new LinkedHashSet<>(pids));
        return new Tracer.Options(distinct, words, cgroup, json, verbose, union, device, intervalNanos,
                Optional.ofNullable(hdrLog), folded);
    }

    static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(out, err, UnaryOperator.identity(), args);
    }

    /** As {@link #run(PrintWriter, PrintWriter, String...)}, with {@code afterCompile} applied to the compiled script; for tests. */
    static int run(PrintWriter out, PrintWriter err, UnaryOperator<CompiledScript> afterCompile, String... args) {
        CommandLine cl = new CommandLine(new Main(out, err, afterCompile));
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            err.println("shadowtrace: " + e.getMessage());
            err.flush();
            return 1;
        });
        return cl.execute(args);
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(run(out, err, args));
    }
}
