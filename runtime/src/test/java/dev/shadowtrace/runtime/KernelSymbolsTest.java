package dev.shadowtrace.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

class KernelSymbolsTest {
    private static KernelSymbols fixture(String resource) throws Exception {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                KernelSymbolsTest.class.getResourceAsStream("/" + resource), StandardCharsets.UTF_8))) {
            return KernelSymbols.parse("/proc/kallsyms", in);
        }
    }

    private static KernelAddress resolve(String spec) throws Exception {
        return fixture("kallsyms-fixture.txt").resolve(SymbolRef.parse(spec));
    }

    private static String refusal(String spec) throws Exception {
        return assertThrows(SymbolException.class, () -> resolve(spec)).getMessage();
    }

    @Test
    void resolvesAFunctionAndAnOffset() throws Exception {
        assertEquals(new KernelAddress("vfs_read", 0, 0xffffffff81001010L), resolve("vfs_read"));
        assertEquals(new KernelAddress("vfs_read", 0x10, 0xffffffff81001020L), resolve("vfs_read+0x10"));
        assertEquals(new KernelAddress("vfs_read", 16, 0xffffffff81001020L), resolve("vfs_read+16"));
        assertEquals("vfs_read+0x10 (0xffffffff81001020)", resolve("vfs_read+0x10").toString());
        assertEquals("vfs_read+0x0", resolve("vfs_read").label());
    }

    @Test
    void aModuleSymbolOfTheSameNameDoesNotShadowTheCoreFunction() throws Exception {
        assertEquals(0xffffffff81001010L, resolve("vfs_read").address());
    }

    @Test
    void aLineRepeatedAtTheSameAddressIsNotAmbiguous() throws Exception {
        assertEquals(0xffffffff81001a00L, resolve("do_sys_open").address());
    }

    @Test
    void misspeltNamesGetASuggestion() throws Exception {
        assertEquals("unknown kernel function 'vfs_reed'; did you mean 'vfs_read'?", refusal("vfs_reed"));
        assertEquals("unknown kernel function 'vfs_rite'; did you mean 'vfs_write'?", refusal("vfs_rite+4"));
        assertEquals("unknown kernel function 'VFS_READ'; did you mean 'vfs_read'?", refusal("VFS_READ"));
        assertEquals("unknown kernel function 'vfs_rea'; did you mean 'vfs_read'?", refusal("vfs_rea"));
    }

    @Test
    void farOffNamesGetNoSuggestion() throws Exception {
        assertEquals("unknown kernel function 'tcp_sendmsg' (not in /proc/kallsyms)", refusal("tcp_sendmsg"));
    }

    @Test
    void dataAndModuleSymbolsAreNamedAsSuch() throws Exception {
        assertEquals("kernel symbol 'jiffies' is not a function (kallsyms type 'D'): only kernel text can be"
                + " patched", refusal("jiffies"));
        assertEquals("kernel symbol 'ext4_file_read_iter' is in [ext4], not in the core kernel text: shadows"
                + " cover only the core kernel text (_stext.._etext)", refusal("ext4_file_read_iter"));
    }

    @Test
    void anAmbiguousStaticNameAsksForTheAddress() throws Exception {
        assertEquals("kernel function name 'cleanup' is ambiguous: 5 functions have it (at 0xffffffff81001500,"
                + " 0xffffffff81001600, 0xffffffff81001700, 0xffffffff81001800, ...); give the address instead,"
                + " e.g. 0xffffffff81001500+0x3", refusal("cleanup+3"));
    }

    @Test
    void anAbsoluteAddressIsNamedByTheFunctionContainingIt() throws Exception {
        assertEquals(new KernelAddress("vfs_read", 4, 0xffffffff81001014L), resolve("0xffffffff81001014"));
        assertEquals(new KernelAddress("vfs_read", 8, 0xffffffff81001018L), resolve("0xffffffff81001014+4"));
        assertEquals(new KernelAddress("cleanup", 0, 0xffffffff81001600L), resolve("0xffffffff81001600"));
        assertEquals(new KernelAddress("srso_alias_untrain_ret", 1, 0xffffffff81000001L),
                resolve("0xffffffff81000001"), "the first name at an address is used");
    }

    @Test
    void addressesOutsideTheCoreTextHaveNoSymbol() throws Exception {
        assertNull(resolve("0xffffffff81002000").symbol(), "_etext is past the text");
        assertNull(resolve("0xffffffff80000000").symbol());
        assertEquals("0xffffffff80000000", resolve("0xffffffff80000000").toString());
    }

    @Test
    void hiddenAddressesSayHowToSeeThem() throws Exception {
        KernelSymbols hidden = fixture("kallsyms-hidden.txt");
        assertTrue(hidden.addressesHidden());
        SymbolException e = assertThrows(SymbolException.class, () -> hidden.resolve(SymbolRef.parse("vfs_read")));
        assertEquals("kernel addresses are hidden: /proc/kallsyms shows 0 for every symbol; run as root"
                + " (CAP_SYSLOG), and as root set kernel.kptr_restrict to 0 or 1 (sysctl -w kernel.kptr_restrict=1)",
                e.getMessage());
        assertEquals("unknown kernel function 'vfs_reed'; did you mean 'vfs_read'?",
                assertThrows(SymbolException.class, () -> hidden.resolve(SymbolRef.parse("vfs_reed"))).getMessage(),
                "names are still known when addresses are hidden");
        assertFalse(fixture("kallsyms-fixture.txt").addressesHidden());
    }

    @Test
    void suggestionsAreTheNearestFewNames() {
        List<String> names = List.of("vfs_write", "vfs_readv", "vfs_read", "kernel_read");
        assertEquals(List.of("vfs_read"), NameSuggestions.nearest("vfs_raed", names));
        assertEquals(List.of("vfs_read", "vfs_readv"), NameSuggestions.nearest("vfs_readx", names));
        assertEquals(List.of(), NameSuggestions.nearest("tcp_sendmsg", names));
        assertEquals("'a', 'b' or 'c'", NameSuggestions.phrase(List.of("a", "b", "c")));
        assertEquals("'a' or 'b'", NameSuggestions.phrase(List.of("a", "b")));
        assertEquals(3, NameSuggestions.distance("kitten", "sitting", 5));
        assertEquals(3, NameSuggestions.distance("abcdef", "uvwxyz", 2), "stops past the limit");
    }

    /** This machine's table: resolvable when we may see addresses, a clear refusal otherwise. */
    @Test
    void theRunningKernelsTableResolvesVfsRead() throws Exception {
        Assumptions.assumeTrue(Files.isReadable(KernelSymbols.KALLSYMS), "no /proc/kallsyms here");
        KernelSymbols real = KernelSymbols.load();
        if (real.addressesHidden()) {
            SymbolException e = assertThrows(SymbolException.class, () -> real.resolve(SymbolRef.parse("vfs_read")));
            assertTrue(e.getMessage().startsWith("kernel addresses are hidden"), e.getMessage());
            return;
        }
        KernelAddress a = real.resolve(SymbolRef.parse("vfs_read+0x4"));
        assertTrue(a.address() != 4, "a real address");
        assertEquals(a, real.locate(a.address()));
    }
}
