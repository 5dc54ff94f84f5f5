package dev.shadowtrace.runtime.session;

import dev.shadowtrace.compiler.CompiledScript;
import dev.shadowtrace.compiler.ScriptCompiler;
import dev.shadowtrace.compiler.kernel.KernelSnapshot;
import dev.shadowtrace.lang.Lang;
import dev.shadowtrace.lang.diag.SourceFile;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;

/** Scripts compiled against the compiler's fixture extract of a Debian 6.1 kernel. */
public final class Fixture {
    private Fixture() {}

    private static final Path KERNEL = Path.of("..", "compiler", "src", "test", "resources", "kernel");

    public static KernelSnapshot kernel() throws Exception {
        try (Reader syms = Files.newBufferedReader(KERNEL.resolve("kallsyms"));
                Reader filter = Files.newBufferedReader(KERNEL.resolve("available_filter_functions"))) {
            return KernelSnapshot.parse("fixture", false, syms, filter);
        }
    }

    /**
     * The fixture kernel with a kprobe blacklist (made up, in the format of
     * /sys/kernel/debug/kprobes/blacklist): vfs_writev, __cpuid and match_id.isra.0.
     */
    static KernelSnapshot kernelWithBlacklist() throws Exception {
        try (Reader blacklist = Files.newBufferedReader(KERNEL.resolve("kprobes_blacklist"))) {
            return kernel().withKprobeBlacklist(blacklist);
        }
    }

    public static CompiledScript compile(String text) throws Exception {
        return new ScriptCompiler(kernel()).compile(Lang.parseAndCheck(SourceFile.COMMAND_LINE, text));
    }

    public static SourceFile source(String text) {
        return new SourceFile(SourceFile.COMMAND_LINE, text);
    }
}
