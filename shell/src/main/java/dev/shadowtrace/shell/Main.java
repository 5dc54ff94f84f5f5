package dev.shadowtrace.shell;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * The {@code shadowtrace} command line. Exit codes follow bpftrace and
 * DTrace: 0 on success, 1 when tracing fails, 2 for usage errors.
 */
@Command(name = "shadowtrace", mixinStandardHelpOptions = false, sortOptions = false,
        description = "Per-process dynamic tracing of the Linux kernel through shadow kernels.")
public final class Main implements Callable<Integer> {
    public static final String VERSION = "0.1.0";

    @Option(names = {"-V", "--version"}, description = "print the tool's version and the kernel module's ABI and backend")
    private boolean version;

    @Option(names = "--json", description = "machine-readable output (JSON)")
    private boolean json;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    private boolean help;

    @Spec
    private CommandSpec spec;

    private final PrintWriter out;

    Main(PrintWriter out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        if (version) {
            VersionReport report = VersionReport.probe();
            out.println(json ? report.toJson() : report.toText());
            out.flush();
            return 0;
        }
        spec.commandLine().usage(out);
        out.flush();
        return 2;
    }

    static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Main(out));
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(run(out, err, args));
    }
}
