package dev.shadowtrace.shell.output;

import dev.shadowtrace.compiler.CompiledScript;
import dev.shadowtrace.compiler.ScriptCompiler;
import dev.shadowtrace.compiler.kernel.KernelSnapshot;
import dev.shadowtrace.lang.Lang;
import dev.shadowtrace.lang.diag.ScriptException;
import dev.shadowtrace.runtime.KernelSymbols;
import dev.shadowtrace.runtime.aggregate.MapReader;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The compiler's fixture kernel (an extract of Debian 6.1's /proc/kallsyms and
 * available_filter_functions): scripts compile against it and addresses are named from it, so
 * vfs_read is at 0xffffffff8bd669e0 and vfs_write at 0xffffffff8bd67160.
 */
final class Fixture {
    static final Path KALLSYMS = Path.of("../compiler/src/test/resources/kernel/kallsyms");
    static final Path FILTER_FUNCTIONS = Path.of("../compiler/src/test/resources/kernel/available_filter_functions");
    static final long VFS_READ = 0xffffffff8bd669e0L;
    static final long VFS_WRITE = 0xffffffff8bd67160L;
    static final long TCP_SENDMSG = 0xffffffff8c28bf40L;
    static final long KERN_PATH = 0xffffffff8bd7cf20L;

    private static final KernelSnapshot KERNEL = kernel();
    static final KernelSymbols SYMBOLS = symbols();

    private Fixture() {}

    static CompiledScript compile(String text) {
        try {
            return new ScriptCompiler(KERNEL).compile(Lang.parseAndCheck("test.d", text));
        } catch (ScriptException e) {
            throw new AssertionError(e.render(), e);
        }
    }

    /** Output of {@code script} into {@code text}, with the fixture's symbols and a clock at 5000 ns on CPU 3. */
    static ScriptOutput output(CompiledScript script, MapReader maps, StringWriter text, boolean json) {
        return new ScriptOutput(script, maps, new PrintWriter(text), json, () -> SYMBOLS, new FixedEnvironment(5000, 3));
    }

    /** What a script prints for these records and at END: text, or with {@code json} the lines parsed back. */
    static String printed(CompiledScript script, MapReader maps, List<ByteBuffer> records, boolean json)
            throws IOException {
        StringWriter text = new StringWriter();
        ScriptOutput out = output(script, maps, text, json);
        for (ByteBuffer record : records) {
            out.onEvent(record);
        }
        out.end();
        return text.toString();
    }

    /** The JSON lines a script prints for these records and at END, parsed. */
    static List<Object> jsonLines(CompiledScript script, MapReader maps, List<ByteBuffer> records) throws IOException {
        List<Object> lines = new ArrayList<>();
        for (String line : printed(script, maps, records, true).split("\n")) {
            lines.add(JsonParser.parse(line));
        }
        return lines;
    }

    /** A tracer environment whose clock does not move. */
    record FixedEnvironment(long timestamp, long cpu) implements TracerEnvironment {}

    private static KernelSnapshot kernel() {
        try (Reader kallsyms = Files.newBufferedReader(KALLSYMS);
                Reader traceable = Files.newBufferedReader(FILTER_FUNCTIONS)) {
            return KernelSnapshot.parse("6.1.0-56-amd64", true, kallsyms, traceable);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KernelSymbols symbols() {
        try {
            return KernelSymbols.load(KALLSYMS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
