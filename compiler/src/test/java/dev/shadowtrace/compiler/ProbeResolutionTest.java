package dev.shadowtrace.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowtrace.compiler.kernel.KernelInfo;
import dev.shadowtrace.compiler.kernel.KernelWithCallersOf;
import dev.shadowtrace.compiler.kernel.ProbeSite;
import dev.shadowtrace.lang.Lang;
import dev.shadowtrace.lang.diag.ScriptException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Kernel probes against the fixture kernel (an extract of Debian's 6.1 symbol tables). */
class ProbeResolutionTest {

    private static List<ProbeSite> sites(String probe) throws ScriptException {
        return Fixtures.compile(probe + " { @ = count(); }").programs().get(0).sites();
    }

    private static List<String> functions(String probe) throws ScriptException {
        return sites(probe).stream().map(ProbeSite::function).toList();
    }

    @Test
    void exactFunction() throws ScriptException {
        List<ProbeSite> sites = sites("fbt::vfs_read:entry");
        assertEquals(1, sites.size());
        assertEquals("entry vfs_read 0xffffffff8bd669e0", sites.get(0).toString());
        assertEquals("return vfs_read 0xffffffff8bd669e0", sites("kretprobe:vfs_read").get(0).toString());
    }

    @Test
    void compilerClonesMatchTheirBaseName() throws ScriptException {
        assertEquals(List.of("match_id.isra.0"), functions("fbt::match_id:entry"));
        assertEquals(List.of("get_sigframe.constprop.0", "get_sigframe.constprop.0.isra.0"),
                functions("fbt::get_sigframe:entry"), "every clone, but not the .cold part");
        assertEquals(List.of("match_id.isra.0"), functions("fbt::match_id.isra.0:entry"), "spelled out");
    }

    @Test
    void partialFunctionsAreNotClones() {
        assertEquals("""
                test.d:1:6: error: unknown kernel function 'pfn_to_mfn'
                fbt::pfn_to_mfn+4 { @ = count(); }
                     ^
                hint: it is not in /proc/kallsyms: it may have been inlined, or live in a kernel module""",
                Fixtures.errors("fbt::pfn_to_mfn+4 { @ = count(); }"));
    }

    @Test
    void globsMatchTraceableFunctions() throws ScriptException {
        assertEquals(List.of("vfs_read", "vfs_readlink", "vfs_readv"), functions("fbt::vfs_read*:entry"));
        assertEquals(List.of("vfs_read", "vfs_readlink", "vfs_readv"), functions("fbt::vfs_[rw]ead*:entry"));
        List<String> all = functions("fbt::vfs_*:entry");
        assertEquals(73, all.size(), "vfs_* functions with an ftrace site in the fixture");
        assertTrue(!all.contains("vfs_caches_init") && !all.contains("vfs_get_tree.cold"));
    }

    @Test
    void unknownFunctionSuggestsTheClosest() {
        assertEquals("""
                test.d:1:6: error: unknown kernel function 'vfs_reed'; did you mean 'vfs_read'?
                fbt::vfs_reed:entry { @ = count(); }
                     ^""", Fixtures.errors("fbt::vfs_reed:entry { @ = count(); }"));
    }

    @Test
    void functionWithoutFtraceSite() {
        assertEquals("""
                test.d:1:6: error: kernel function 'vfs_caches_init' cannot be traced at entry: it is notrace, \
                inlined or on the kprobe blacklist
                fbt::vfs_caches_init:entry { @ = count(); }
                     ^""", Fixtures.errors("fbt::vfs_caches_init:entry { @ = count(); }"));
        assertEquals("""
                test.d:1:11: error: kernel function '__cpuid' cannot be traced at return: it is notrace, \
                inlined or on the kprobe blacklist
                kretprobe:__cpuid { @ = count(); }
                          ^""", Fixtures.errors("kretprobe:__cpuid { @ = count(); }"));
    }

    /** The fixture kernel, with who calls whom as the module would tell it. */
    private static final class WithCallers extends KernelWithCallersOf {
        private final Map<String, List<String>> callers;

        WithCallers(KernelInfo kernel, Map<String, List<String>> callers) {
            super(kernel);
            this.callers = callers;
        }

        @Override
        public List<String> callersOf(String function) {
            return callers.getOrDefault(function, List.of());
        }
    }

    private static String errors(KernelInfo kernel, String text) {
        return assertThrows(ScriptException.class,
                () -> new ScriptCompiler(kernel).compile(Lang.parseAndCheck("test.d", text))).render();
    }

    @Test
    void functionWithoutFtraceSiteSuggestsItsNearestTraceableCallers() {
        KernelInfo kernel = new WithCallers(Fixtures.KERNEL, Map.of(
                "vfs_caches_init", List.of("vfs_readv", "vfs_read", "__cpuid"),
                "__cpuid", List.of("__cpuid.constprop.0"),
                "__cpuid.constprop.0", List.of("vfs_write")));
        assertEquals("""
                test.d:1:6: error: kernel function 'vfs_caches_init' cannot be traced at entry: it is notrace, \
                inlined or on the kprobe blacklist; probe a caller instead: fbt::vfs_read:entry or \
                fbt::vfs_readv:entry
                fbt::vfs_caches_init:entry { @ = count(); }
                     ^""", errors(kernel, "fbt::vfs_caches_init:entry { @ = count(); }"));
        assertEquals("""
                test.d:1:11: error: kernel function '__cpuid' cannot be traced at return: it is notrace, \
                inlined or on the kprobe blacklist; probe a caller 2 levels up instead: fbt::vfs_write:return
                kretprobe:__cpuid { @ = count(); }
                          ^""", errors(kernel, "kretprobe:__cpuid { @ = count(); }"));
        assertEquals("""
                test.d:1:6: error: no kernel function matching 'vfs_caches_*' can be traced at entry: it is \
                notrace, inlined or on the kprobe blacklist
                fbt::vfs_caches_*:entry { @ = count(); }
                     ^""", errors(kernel, "fbt::vfs_caches_*:entry { @ = count(); }"), "no suggestion for a glob");
    }

    @Test
    void globMatchingNothing() {
        assertEquals("""
                test.d:1:6: error: no kernel function matches 'zfs_*'
                fbt::zfs_*:entry { @ = count(); }
                     ^""", Fixtures.errors("fbt::zfs_*:entry { @ = count(); }"));
        assertEquals("""
                test.d:1:6: error: no kernel function matching 'vfs_caches_*' can be traced at entry: it is \
                notrace, inlined or on the kprobe blacklist
                fbt::vfs_caches_*:entry { @ = count(); }
                     ^""", Fixtures.errors("fbt::vfs_caches_*:entry { @ = count(); }"));
    }

    @Test
    void offsetProbesNeedNoFtraceSiteAndCoverEveryDuplicate() throws ScriptException {
        assertEquals(List.of("offset __cpuid+0x4 0xffffffff8ba42ca4", "offset __cpuid+0x4 0xffffffff8ba5a8b4",
                "offset __cpuid+0x4 0xffffffff8c3fb247"),
                sites("fbt::__cpuid+4").stream().map(ProbeSite::toString).toList());
        assertEquals("offset tcp_v4_rcv+0x1c 0xffffffff8c2ac42c", sites("fbt::tcp_v4_rcv+0x1c").get(0).toString());
    }

    @Test
    void onlyCoreKernelText() throws ScriptException {
        assertEquals(List.of("vfs_read"), functions("fbt:vmlinux:vfs_read:entry"));
        assertEquals("""
                test.d:1:1: error: cannot trace functions of kernel module 'ext4': shadowtrace traces core \
                kernel text only
                fbt:ext4:ext4_file_open:entry { @ = count(); }
                ^
                hint: leave the module part empty: fbt::ext4_file_open:entry""",
                Fixtures.errors("fbt:ext4:ext4_file_open:entry { @ = count(); }"));
    }

    @Test
    void everyResolutionErrorIsReportedInOrder() {
        String errors = Fixtures.errors("""
                fbt::vfs_wrte:entry { @ = count(); }
                fbt::vfs_read:entry, fbt::nosuch_fn:return { @ = count(); }
                """);
        assertTrue(errors.startsWith("test.d:1:6: error: unknown kernel function 'vfs_wrte'; did you mean"), errors);
        assertTrue(errors.contains("test.d:2:27: error: unknown kernel function 'nosuch_fn'"), errors);
    }
}
