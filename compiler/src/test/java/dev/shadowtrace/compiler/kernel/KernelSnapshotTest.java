package dev.shadowtrace.compiler.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KernelSnapshotTest {
    private static final String KALLSYMS = """
            ffffffff8bd669d0 T __pfx_vfs_read
            ffffffff8bd669e0 T vfs_read
            ffffffff8bd7cf20 T kern_path
            ffffffff8d53a3c0 d kern_path
            ffffffff8c3fb243 t __cpuid
            ffffffff8ba42ca0 t __cpuid
            ffffffff8ba384f0 t match_id.isra.0
            ffffffff8ba384f0 t __cfi_match_id
            ffffffffc038c30b t shk_exit\t[shadowk]
            ffffffff8d000000 D jiffies
            """;
    private static final String FILTER_FUNCTIONS = """
            vfs_read
            match_id.isra.0
            netfs_read_folio [netfs]
            """;

    private static KernelSnapshot parse() throws IOException {
        return KernelSnapshot.parse("6.1.0-56-amd64", true, new StringReader(KALLSYMS),
                new StringReader(FILTER_FUNCTIONS));
    }

    @Test
    void keepsCoreTextFunctionsOnly() throws IOException {
        KernelSnapshot kernel = parse();
        assertEquals(Set.of("vfs_read", "kern_path", "__cpuid", "match_id.isra.0"), kernel.textFunctions().keySet());
        assertEquals(List.of(0xffffffff8bd7cf20L), kernel.textFunctions().get("kern_path"), "the data symbol is not a function");
    }

    @Test
    void duplicateNamesKeepEveryAddressSorted() throws IOException {
        assertEquals(List.of(0xffffffff8ba42ca0L, 0xffffffff8c3fb243L), parse().textFunctions().get("__cpuid"));
    }

    @Test
    void traceableFunctionsExcludeModules() throws IOException {
        KernelSnapshot kernel = parse();
        assertEquals(Set.of("vfs_read", "match_id.isra.0"), kernel.traceableFunctions());
        assertTrue(kernel.hasBtf());
        assertEquals("6.1.0-56-amd64", kernel.release());
    }

    @Test
    void aliasesOfATraceableFunctionAreTraceable() throws IOException {
        KernelSnapshot kernel = KernelSnapshot.parse("6.1.0-56-amd64", false, new StringReader("""
                ffffffff8bebe3a0 T __x64_sys_getppid
                ffffffff8bebe3a0 t __do_sys_getppid
                ffffffff8bebe3c0 T __ia32_sys_getppid
                """), new StringReader("__do_sys_getppid\n"));
        assertEquals(Set.of("__do_sys_getppid", "__x64_sys_getppid"), kernel.traceableFunctions(),
                "a name at a traceable function's address; not a name elsewhere");
    }

    private static final Path FIXTURE = Path.of("src", "test", "resources", "kernel");

    /**
     * The fixture file is made up in the format of /sys/kernel/debug/kprobes/blacklist, with
     * functions of the fixture kallsyms, one the extract does not have and one of a module.
     */
    @Test
    void theKprobeBlacklistIsReadFromDebugfsWhenItCanBe() throws IOException {
        KernelSnapshot kernel;
        try (Reader kallsyms = Files.newBufferedReader(FIXTURE.resolve("kallsyms"));
                Reader filter = Files.newBufferedReader(FIXTURE.resolve("available_filter_functions"))) {
            kernel = KernelSnapshot.parse("6.1.0-56-amd64", true, kallsyms, filter);
        }
        assertEquals(Set.of(), kernel.kprobeBlacklist(), "not known unless read");
        KernelSnapshot blacklisted = kernel.withKprobeBlacklistFrom(FIXTURE.resolve("kprobes_blacklist"));
        assertEquals(Set.of("vfs_writev", "__cpuid", "match_id.isra.0"), blacklisted.kprobeBlacklist(),
                "core-text functions only: not the module's, nor one kallsyms does not have");
        assertTrue(blacklisted.traceableFunctions().contains("vfs_writev"), "still has its ftrace site");
        assertEquals(kernel.textFunctions(), blacklisted.textFunctions());
        assertEquals(kernel.traceableFunctions(), blacklisted.traceableFunctions());
        assertEquals(Set.of(), kernel.withKprobeBlacklistFrom(FIXTURE.resolve("no_such_file")).kprobeBlacklist(),
                "no debugfs: unknown");
        assertEquals(Set.of(), kernel.withKprobeBlacklistFrom(FIXTURE).kprobeBlacklist(), "unreadable: unknown");
    }

    @Test
    void everyNameAtABlacklistedAddressIsBlacklisted() throws IOException {
        KernelSnapshot kernel = KernelSnapshot.parse("6.1.0-56-amd64", false, new StringReader("""
                ffffffff8bebe3a0 T __x64_sys_getppid
                ffffffff8bebe3a0 t __do_sys_getppid
                ffffffff8bebe3c0 T __ia32_sys_getppid
                ffffffff8bebe400 t notify_die
                ffffffff8bebe500 t kprobe_busy
                ffffffff8bebe600 t fine
                """), new StringReader("__do_sys_getppid\nnotify_die\nfine\n"));
        KernelSnapshot blacklisted = kernel.withKprobeBlacklist(new StringReader("""
                0xffffffff8bebe3a0-0xffffffff8bebe3c0\t__do_sys_getppid
                0x0000000000000000-0x0000000000000000\tnotify_die
                0xzz-0x0\tkprobe_busy
                not a blacklist line
                """));
        assertEquals(Set.of("__do_sys_getppid", "__x64_sys_getppid", "notify_die", "kprobe_busy"),
                blacklisted.kprobeBlacklist(), "aliases by address; a hidden (0) or unreadable address names one");
    }

    @Test
    void functionNamesMatchClonesAndGlobs() {
        assertTrue(FunctionNames.isCloneOf("foo.isra.0", "foo"));
        assertTrue(FunctionNames.isCloneOf("foo.constprop.0.isra.0", "foo"));
        assertTrue(FunctionNames.isCloneOf("foo.llvm.1234567", "foo"));
        assertFalse(FunctionNames.isCloneOf("foo.part.0", "foo"));
        assertFalse(FunctionNames.isCloneOf("foo.isra.0.cold", "foo"));
        assertFalse(FunctionNames.isCloneOf("foobar.isra.0", "foo"));
        assertTrue(FunctionNames.glob("vfs_*").matcher("vfs_read").matches());
        assertTrue(FunctionNames.glob("vfs_[rw]*").matcher("vfs_write").matches());
        assertFalse(FunctionNames.glob("vfs_[!rw]*").matcher("vfs_write").matches());
        assertTrue(FunctionNames.glob("vfs_rea?").matcher("vfs_read").matches());
        assertFalse(FunctionNames.glob("vfs.read").matcher("vfs_read").matches(), "dots are literal");
    }
}
