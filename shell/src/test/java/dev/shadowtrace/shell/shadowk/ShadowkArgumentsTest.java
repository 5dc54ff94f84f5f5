package dev.shadowtrace.shell.shadowk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.shadowtrace.runtime.ShadowkAbi;
import dev.shadowtrace.runtime.SymbolRef;

import org.junit.jupiter.api.Test;

/** The notations of {@code shadowk}: patch specs and hex bytes. */
class ShadowkArgumentsTest {
    private static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    private static String hexError(String text) {
        return assertThrows(IllegalArgumentException.class, () -> HexBytes.parse(text)).getMessage();
    }

    @Test
    void hexBytesWithOrWithoutSpaces() {
        byte[] movRet = bytes(0xb8, 0x2a, 0, 0, 0, 0xc3);
        assertArrayEquals(movRet, HexBytes.parse("b82a000000c3"));
        assertArrayEquals(movRet, HexBytes.parse("b8 2a 00 00 00 c3"));
        assertArrayEquals(movRet, HexBytes.parse(" B82A 0000\t00C3 "));
        assertArrayEquals(bytes(0xcc), HexBytes.parse("cc"));
    }

    @Test
    void hexErrorsShowTheExpectedForm() {
        String form = "expected hex bytes in memory order, e.g. 'b82a000000c3' or 'b8 2a 00 00 00 c3'";
        assertEquals("'b82' has an odd number of hex digits: each byte is two digits; " + form, hexError("b82"));
        assertEquals("'c' has an odd number of hex digits: each byte is two digits; " + form, hexError("b8 c 00"));
        assertEquals("'zz' is not hex: 'z' is not a hex digit; " + form, hexError("zz"));
        assertEquals("'0xcc' is not hex: 'x' is not a hex digit; " + form, hexError("0xcc"));
        assertEquals("no bytes given: " + form, hexError(""));
        assertEquals("no bytes given: " + form, hexError("   "));
        assertEquals("65 bytes is more than a patch may have (64)", hexError("90".repeat(ShadowkAbi.PATCH_MAX + 1)));
        assertEquals(64, HexBytes.parse("90".repeat(ShadowkAbi.PATCH_MAX)).length);
    }

    @Test
    void patchSpecSplitsAtTheFirstEquals() {
        PatchSpec p = PatchSpec.parse("vfs_read+0x4=b8 2a 00 00 00 c3");
        assertEquals(new SymbolRef("vfs_read", 0, 4), p.where());
        assertArrayEquals(bytes(0xb8, 0x2a, 0, 0, 0, 0xc3), p.bytes());
        PatchSpec abs = PatchSpec.parse("0xffffffff81001010=cc");
        assertNull(abs.where().symbol());
        assertEquals(0xffffffff81001010L, abs.where().base());
    }

    @Test
    void patchSpecErrorsNameTheProblem() {
        assertEquals("'vfs_read' has no '=': expected SYMBOL[+OFFSET]=HEXBYTES, e.g. vfs_read+0x4=cc",
                assertThrows(IllegalArgumentException.class, () -> PatchSpec.parse("vfs_read")).getMessage());
        assertEquals("offset 'four' in 'vfs_read+four' is not a number: write it in decimal (16) or hex (0x10)",
                assertThrows(IllegalArgumentException.class, () -> PatchSpec.parse("vfs_read+four=cc")).getMessage());
        assertEquals("'=cc' has no SYMBOL before '=': expected SYMBOL[+OFFSET]=HEXBYTES, e.g. vfs_read+0x4=cc",
                assertThrows(IllegalArgumentException.class, () -> PatchSpec.parse("=cc")).getMessage());
        assertEquals("no bytes given: expected hex bytes in memory order, e.g. 'b82a000000c3' or"
                + " 'b8 2a 00 00 00 c3'",
                assertThrows(IllegalArgumentException.class, () -> PatchSpec.parse("vfs_read=")).getMessage());
    }
}
