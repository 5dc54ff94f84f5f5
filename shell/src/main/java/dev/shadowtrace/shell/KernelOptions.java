package dev.shadowtrace.shell;

import dev.shadowtrace.compiler.kernel.KernelSnapshot;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which kernel scripts are compiled for: the running one, or (hidden options, for tests) the
 * symbol tables in two files.
 */
final class KernelOptions {
    @Option(names = "--kallsyms", hidden = true, paramLabel = "PATH")
    Path kallsyms;

    @Option(names = "--filter-functions", hidden = true, paramLabel = "PATH")
    Path filterFunctions;

    KernelSnapshot snapshot() throws IOException {
        if (kallsyms == null || filterFunctions == null) {
            return KernelSnapshot.read();
        }
        try (Reader syms = Files.newBufferedReader(kallsyms); Reader filter = Files.newBufferedReader(filterFunctions)) {
            return KernelSnapshot.parse("fixture", false, syms, filter);
        }
    }
}
