package dev.shadowtrace.shell;

import dev.shadowtrace.compiler.kernel.KernelInfo;
import dev.shadowtrace.compiler.kernel.KernelSnapshot;
import dev.shadowtrace.compiler.kernel.SyscallFormats;

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

    /**
     * The kernel to compile scripts for. The running one also knows, through the module at {@code
     * device} if it is there, who calls a function, for the compiler's suggestions; symbol tables
     * from files do not (their addresses are not the running kernel's).
     */
    KernelInfo forCompiling(String device) throws IOException {
        KernelSnapshot snapshot = snapshot();
        return running() ? KernelWithCallers.asking(snapshot, device) : snapshot;
    }

    private boolean running() {
        return kallsyms == null || filterFunctions == null;
    }

    KernelSnapshot snapshot() throws IOException {
        if (running()) {
            return KernelSnapshot.read();
        }
        try (Reader syms = Files.newBufferedReader(kallsyms); Reader filter = Files.newBufferedReader(filterFunctions)) {
            // the tracepoints (events/) next to the file, as tracefs has them next to available_filter_functions
            return KernelSnapshot.parse("fixture", false, syms, filter)
                    .withSyscallFormats(SyscallFormats.in(filterFunctions.toAbsolutePath().getParent()));
        }
    }
}
