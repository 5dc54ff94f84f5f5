package dev.shadowtrace.shell.shadowk;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * The {@code shadowk} expert tool (what bpftool is to BPF): shadows by hand.
 * Every error is one line on stderr, "shadowk: " and what was refused and why.
 * Exit codes: 0 ok, 1 failure, 2 usage error; {@code run} exits with its command's status.
 */
@Command(name = "shadowk", sortOptions = false,
        subcommands = {RunCommand.class, CheckCommand.class, InfoCommand.class},
        description = "Create shadows of the kernel text, patch them and bind processes to them by hand.")
public final class ShadowkMain implements Callable<Integer> {
    static final String PREFIX = "shadowk: ";

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    private boolean help;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new ShadowkMain());
        cl.setOut(out);
        cl.setErr(err);
        cl.getSubcommands().get("run").setStopAtPositional(true);
        cl.setParameterExceptionHandler(ShadowkMain::usageError);
        cl.setExecutionExceptionHandler(ShadowkMain::failure);
        return cl;
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println(PREFIX + e.getMessage() + " (see '" + cl.getCommandSpec().qualifiedName() + " --help')");
        err.flush();
        return 2;
    }

    private static int failure(Exception e, CommandLine cl, ParseResult parsed) {
        PrintWriter err = cl.getErr();
        boolean expected = e instanceof dev.shadowtrace.runtime.ShadowkException
                || e instanceof dev.shadowtrace.runtime.SymbolException || e instanceof java.io.IOException;
        err.println(PREFIX + (expected ? e.getMessage() : "internal error: " + e + " (please report it)"));
        err.flush();
        return 1;
    }

    static int run(PrintWriter out, PrintWriter err, String... args) {
        return commandLine(out, err).execute(args);
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(run(out, err, args));
    }
}
