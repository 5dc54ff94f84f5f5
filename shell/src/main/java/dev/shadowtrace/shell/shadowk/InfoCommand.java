package dev.shadowtrace.shell.shadowk;

import dev.shadowtrace.runtime.ShadowkDevice;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code shadowk info}: the module's counters and every shadow's. */
@Command(name = "info", sortOptions = false,
        header = "Show the module's counters and every shadow's.",
        description = "Print the module-wide counters, then one line per shadow.")
final class InfoCommand implements Callable<Integer> {
    @Option(names = "--json", description = "one JSON object: {\"stats\":{...},\"shadows\":[{...}]}, keys as in"
            + " shadowk.h")
    boolean json;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    @Mixin
    HostOptions host;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        InfoReport report;
        try (ShadowkDevice dev = host.openDevice()) {
            report = new InfoReport(dev.stats(), dev.list());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? report.toJson() : report.toText());
        out.flush();
        return 0;
    }
}
