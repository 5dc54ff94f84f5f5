package dev.shadowtrace.compiler;

import dev.shadowtrace.compiler.kernel.KernelInfo;
import dev.shadowtrace.compiler.kernel.KernelSnapshot;
import dev.shadowtrace.compiler.kernel.btf.Btf;
import dev.shadowtrace.compiler.kernel.Tracepoints;
import dev.shadowtrace.compiler.layout.Limits;
import dev.shadowtrace.lang.Lang;
import dev.shadowtrace.lang.diag.ScriptException;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.NavigableMap;
import java.util.Set;
import java.util.Objects;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The fixture kernel (src/test/resources/kernel: an extract of Debian's 6.1.0-56-amd64
 * /proc/kallsyms and available_filter_functions, with a module symbol, a data symbol and a 6.12-style
 * {@code __pfx_} symbol, and a few syscall wrappers with their sys_enter formats in kernel/syscalls) and
 * one-call compilation against it.
 */
final class Fixtures {
    static final String RELEASE = "6.1.0-56-amd64";
    static final KernelSnapshot KERNEL = load();
    /** The fixture kernel with the tracepoints of src/test/resources/kernel/events (a few, with 6.1's formats). */
    static final KernelInfo TRACED_KERNEL = withTracepoints(KERNEL);

    private Fixtures() {}

    static CompiledScript compile(String text) throws ScriptException {
        return compile("test.d", text);
    }

    static CompiledScript compile(String name, String text) throws ScriptException {
        return compile(name, text, Limits.DEFAULTS);
    }

    static CompiledScript compile(String name, String text, Limits limits) throws ScriptException {
        return new ScriptCompiler(TRACED_KERNEL, limits).compile(Lang.parseAndCheck(name, text));
    }

    /** The rendered errors of a script that must not compile. */
    static String errors(String text) {
        return assertThrows(ScriptException.class, () -> compile(text)).render();
    }

    private static KernelSnapshot load() {
        try (Reader kallsyms = resource("kernel/kallsyms");
                Reader traceable = resource("kernel/available_filter_functions")) {
            return KernelSnapshot.parse(RELEASE, true, kallsyms, traceable).withSyscallFormats(Fixtures::syscallFormat);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture's sys_enter formats, copied from the 6.1 guest's tracefs: a few syscalls only. */
    private static Optional<String> syscallFormat(String syscall) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/kernel/syscalls/sys_enter_" + syscall + "/format")) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KernelInfo withTracepoints(KernelSnapshot kernel) {
        Path tracefs;
        try {
            tracefs = Path.of(Objects.requireNonNull(Fixtures.class.getResource("/kernel")).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Tracepoints tracepoints = Tracepoints.in(tracefs);
        return new KernelInfo() {
            @Override
            public String release() {
                return kernel.release();
            }

            @Override
            public boolean hasBtf() {
                return kernel.hasBtf();
            }

            @Override
            public NavigableMap<String, List<Long>> textFunctions() {
                return kernel.textFunctions();
            }

            @Override
            public Set<String> traceableFunctions() {
                return kernel.traceableFunctions();
            }

            @Override
            public Set<String> kprobeBlacklist() {
                return kernel.kprobeBlacklist();
            }

            @Override
            public Optional<String> syscallFormat(String syscall) {
                return kernel.syscallFormat(syscall);
            }

            @Override
            public Tracepoints tracepoints() {
                return tracepoints;
            }

            @Override
            public Optional<Btf> btf() {
                return kernel.btf();
            }
        };
    }

    private static Reader resource(String name) {
        return new InputStreamReader(Objects.requireNonNull(Fixtures.class.getResourceAsStream("/" + name), name),
                StandardCharsets.UTF_8);
    }
}
