package dev.shadowtrace.shell;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * The {@code shadowtrace} command line, with bpftrace's and DTrace's habits: a script from a
 * file or {@code -e}, {@code -l} to list probes, {@code -S} to show what a script compiles to.
 * Exit codes: 0 on success, 1 when a script or the kernel refuses, 2 for usage errors.
 */
@Command(name = "shadowtrace", mixinStandardHelpOptions = false, sortOptions = false,
        description = "Per-process dynamic tracing of the Linux kernel through shadow kernels.")
public final class Main implements Callable<Integer> {
    public static final String VERSION = "0.1.0";

    @Option(names = "-e", paramLabel = "SCRIPT", description = "the script, on the command line")
    private String program;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "the script, in a file")
    private String file;

    @Option(names = {"-l", "--list"}, arity = "0..1", fallbackValue = "*", paramLabel = "PATTERN",
            description = "list the probes that match PATTERN (default: all), e.g. 'fbt::vfs_*:entry'")
    private String listPattern;

    @Option(names = {"-S", "--dump"}, description = "print the eBPF programs, maps and formats the script compiles to")
    private boolean dump;

    @Option(names = {"-V", "--version"}, description = "print the tool's version and the kernel module's ABI and backend")
    private boolean version;

    @Option(names = "--json", description = "machine-readable output (JSON)")
    private boolean json;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    private boolean help;

    @Mixin
    private KernelOptions kernel;

    @Spec
    private CommandSpec spec;

    private final PrintWriter out;
    private final PrintWriter err;

    Main(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
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
            return new ProbeLister(kernel.snapshot(), out, err).list(listPattern);
        }
        if (program == null && file == null) {
            spec.commandLine().usage(err);
            return 2;
        }
        if (program != null && file != null) {
            err.println("shadowtrace: give the script either with -e or as a FILE, not both");
            return 2;
        }
        ScriptSource source = program != null ? ScriptSource.commandLine(program) : ScriptSource.file(file);
        ScriptCompilation compilation = new ScriptCompilation(kernel.snapshot(), err);
        if (!dump) {
            if (compilation.compile(source) == null) {
                return 1;
            }
            err.println("shadowtrace: the script compiles, but attaching probes needs the probe engine, which"
                    + " this version does not have yet; -S shows what the script compiles to");
            return 1;
        }
        return compilation.dump(source, out) ? 0 : 1;
    }

    static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Main(out, err));
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
