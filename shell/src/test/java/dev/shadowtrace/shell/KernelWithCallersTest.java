package dev.shadowtrace.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.shadowtrace.compiler.kernel.KernelSnapshot;
import dev.shadowtrace.runtime.Errno;
import dev.shadowtrace.runtime.ShadowkException;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Who calls a function, as the module answers it (addresses), named with the kernel's symbols. */
class KernelWithCallersTest {
    private static final long HELPER = 0xffffffff81001000L;
    private static final long HELPER_2 = 0xffffffff81009000L;
    private static final long KSYS_READ = 0xffffffff81002000L;
    private static final long ALIAS = 0xffffffff81003000L;
    private static final long NOTRACE = 0xffffffff81004000L;

    private static final String KALLSYMS = """
            ffffffff81001000 t helper
            ffffffff81009000 t helper
            ffffffff81002000 T ksys_read
            ffffffff81003000 T __do_sys_getppid
            ffffffff81003000 T __x64_sys_getppid
            ffffffff81003000 t __a_static_name
            ffffffff81006000 t __a_static_name
            ffffffff81004000 t notrace_fn
            ffffffff81004000 t another_notrace_name
            ffffffff81005000 T untraceable
            """;
    private static final String FILTER_FUNCTIONS = """
            ksys_read
            __x64_sys_getppid
            """;

    private final List<Long> asked = new ArrayList<>();

    private static KernelSnapshot snapshot() throws IOException {
        return KernelSnapshot.parse("test", false, new StringReader(KALLSYMS), new StringReader(FILTER_FUNCTIONS));
    }

    /** The module: answers from {@code answers}; a missing address is not a function start. */
    private KernelWithCallers kernel(Map<Long, List<Long>> answers) throws IOException {
        return new KernelWithCallers(snapshot(), address -> {
            asked.add(address);
            List<Long> callers = answers.get(address);
            if (callers == null) {
                throw new ShadowkException(Errno.ERANGE, "not a function start");
            }
            return callers;
        });
    }

    @Test
    void addressesAreNamedAndEveryFunctionOfTheNameIsAsked() throws Exception {
        KernelWithCallers kernel = kernel(Map.of(
                HELPER, List.of(KSYS_READ, NOTRACE),
                HELPER_2, List.of(ALIAS, KSYS_READ, 0xffffffff8100abcdL)));
        assertEquals(List.of("__do_sys_getppid", "another_notrace_name", "ksys_read"), kernel.callersOf("helper"),
                "a traceable name first (__do_sys_getppid is, as an alias of __x64_sys_getppid), then the first"
                        + " in name order; an address without a symbol is dropped");
        assertEquals(List.of(HELPER, HELPER_2), asked);
    }

    @Test
    void anUnknownFunctionIsNotAsked() throws Exception {
        assertEquals(List.of(), kernel(Map.of()).callersOf("no_such_function"));
        assertEquals(List.of(), asked);
    }

    @Test
    void anAddressTheModuleRefusesAddsNothing() throws Exception {
        KernelWithCallers kernel = kernel(Map.of(HELPER_2, List.of(KSYS_READ)));
        assertEquals(List.of("ksys_read"), kernel.callersOf("helper"));
        assertEquals(List.of(), kernel.callersOf("untraceable"));
        assertEquals(3, asked.size(), "ERANGE is about one address: the module is still asked");
    }

    @Test
    void withoutAModuleNobodyCallsAnything() throws Exception {
        int[] calls = {0};
        KernelWithCallers kernel = new KernelWithCallers(snapshot(), address -> {
            calls[0]++;
            throw new ShadowkException(Errno.ENOENT, "/dev/shadowk not found");
        });
        assertEquals(List.of(), kernel.callersOf("helper"));
        assertEquals(List.of(), kernel.callersOf("ksys_read"));
        assertEquals(1, calls[0], "asked once, then known to be absent");
        assertEquals(List.of(), KernelWithCallers.asking(snapshot(), "/nonexistent/shadowk").callersOf("helper"));
    }

    @Test
    void everythingElseIsTheSnapshots() throws Exception {
        KernelSnapshot snapshot = snapshot();
        KernelWithCallers kernel = new KernelWithCallers(snapshot, address -> List.of());
        assertEquals(snapshot.release(), kernel.release());
        assertEquals(snapshot.hasBtf(), kernel.hasBtf());
        assertEquals(snapshot.textFunctions(), kernel.textFunctions());
        assertEquals(snapshot.traceableFunctions(), kernel.traceableFunctions());
        KernelSnapshot blacklisted = snapshot.withKprobeBlacklist(new StringReader(
                "0xffffffff81002000-0xffffffff81002040\tksys_read\n"));
        assertEquals(Set.of("ksys_read"), new KernelWithCallers(blacklisted, address -> List.of()).kprobeBlacklist());
    }

    @Test
    void theCompilerSuggestsWhatTheModuleFound() throws Exception {
        KernelWithCallers kernel = kernel(Map.of(HELPER, List.of(NOTRACE), HELPER_2, List.of(),
                NOTRACE, List.of(ALIAS, KSYS_READ)));
        StringWriter err = new StringWriter();
        ScriptCompilation compilation = new ScriptCompilation(kernel, new PrintWriter(err, true));
        assertNull(compilation.compile(ScriptSource.commandLine("fbt::helper:entry { @ = count(); }")));
        assertEquals("""
                <command-line>:1:6: error: kernel function 'helper' cannot be traced at entry: it is notrace, \
                inlined or on the kprobe blacklist; probe a caller 2 levels up instead: \
                fbt::__do_sys_getppid:entry or fbt::ksys_read:entry
                fbt::helper:entry { @ = count(); }
                     ^
                """, err.toString());
    }
}
