package dev.shadowtrace.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SymbolRefTest {
    private static String error(String spec) {
        return assertThrows(IllegalArgumentException.class, () -> SymbolRef.parse(spec)).getMessage();
    }

    @Test
    void symbolWithDecimalOrHexOffset() {
        assertEquals(new SymbolRef("vfs_read", 0, 0), SymbolRef.parse("vfs_read"));
        assertEquals(new SymbolRef("vfs_read", 0, 16), SymbolRef.parse("vfs_read+16"));
        assertEquals(new SymbolRef("vfs_read", 0, 16), SymbolRef.parse("vfs_read+0x10"));
        assertEquals(new SymbolRef("vfs_read", 0, 16), SymbolRef.parse("vfs_read+0X10"));
        assertEquals(new SymbolRef("do_one.isra.0", 0, 0), SymbolRef.parse("do_one.isra.0"));
    }

    @Test
    void absoluteAddress() {
        assertEquals(new SymbolRef(null, 0xffffffff81001010L, 0), SymbolRef.parse("0xffffffff81001010"));
        assertEquals(new SymbolRef(null, 0xffffffff81001010L, 5), SymbolRef.parse("0xffffffff81001010+5"));
    }

    @Test
    void printsBack() {
        assertEquals("vfs_read+0x10", SymbolRef.parse("vfs_read+16").toString());
        assertEquals("vfs_read", SymbolRef.parse("vfs_read").toString());
        assertEquals("0xffffffff81001010", SymbolRef.parse("0xffffffff81001010").toString());
    }

    @Test
    void syntaxErrorsSayWhatIsExpected() {
        assertEquals("offset 'zz' in 'vfs_read+zz' is not a number: write it in decimal (16) or hex (0x10)",
                error("vfs_read+zz"));
        assertEquals("offset '' in 'vfs_read+' is not a number: write it in decimal (16) or hex (0x10)",
                error("vfs_read+"));
        assertEquals("offset '-4' in 'vfs_read+-4' is not a number: write it in decimal (16) or hex (0x10)",
                error("vfs_read+-4"));
        assertEquals("offset '0x' in 'vfs_read+0x' is not a number: write it in decimal (16) or hex (0x10)",
                error("vfs_read+0x"));
        assertEquals("missing SYMBOL in '+4': expected SYMBOL[+OFFSET], e.g. vfs_read+0x4", error("+4"));
        assertEquals("missing SYMBOL: expected SYMBOL[+OFFSET], e.g. vfs_read+0x4", error(""));
        assertEquals("'0xfffffffff81001010' is not a kernel address: expected 0x and up to 16 hex digits",
                error("0xfffffffff81001010"));
        assertEquals("'0xgg' is not a kernel address: expected 0x and up to 16 hex digits", error("0xgg"));
        assertEquals("'vfs read' is not a kernel symbol name: it contains ' '", error("vfs read"));
    }
}
