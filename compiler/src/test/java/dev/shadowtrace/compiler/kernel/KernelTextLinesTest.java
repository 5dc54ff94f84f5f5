package dev.shadowtrace.compiler.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KernelTextLinesTest {
    private static final List<String> LINES = List.of("ffffffff81000000 T _stext", "ffffffffc0a01000 t foo\t[ext4]",
            "vfs_read", "  padded \t line  ", "", "   ", "0xffffffff81000000-0xffffffff81000010\tsrso_alias_untrain_ret",
            "a\u000Bb\fc\rd", "one_field", "crlf line\r");

    private static KernelTextLines of(String text) {
        return new KernelTextLines(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)));
    }

    /** Each line's fields, as line.trim().split("\\s+") gives them. */
    private static List<String[]> regexFields(List<String> lines) {
        List<String[]> all = new ArrayList<>();
        for (String line : lines) {
            String[] regex = line.trim().split("\\s+");
            all.add(regex.length == 1 && regex[0].isEmpty() ? new String[0] : regex);
        }
        return all;
    }

    private static List<String[]> fields(KernelTextLines lines) throws IOException {
        List<String[]> all = new ArrayList<>();
        while (lines.next()) {
            all.add(lines.all());
        }
        return all;
    }

    private static void assertSameFields(List<String[]> expected, List<String[]> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), "line " + i);
        }
    }

    /** The lines the kernel's files hold, and the odd ones: what the regex split gives, field for field. */
    @Test
    void splitsAsTheRegexDoes() throws IOException {
        assertSameFields(regexFields(LINES), fields(of(String.join("\n", LINES) + "\n")));
    }

    @Test
    void lastLineWithoutNewlineCounts() throws IOException {
        assertSameFields(regexFields(List.of("a b", "c")), fields(of("a b\nc")));
        assertFalse(of("").next());
    }

    /** Lines cut anywhere by short reads, and a line longer than the buffer, are read whole. */
    @Test
    void linesSpanningReadsAndLongLines() throws IOException {
        List<String> lines = new ArrayList<>(LINES);
        lines.add("x".repeat(200_000) + " y");
        for (int i = 0; i < 20_000; i++) {
            lines.add("ffffffff8100" + Integer.toHexString(0x1000 + i) + " t f" + i);
        }
        byte[] text = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.ISO_8859_1);
        InputStream trickle = new ByteArrayInputStream(text) {
            private int calls;

            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1 + calls++ % 4093));
            }
        };
        assertSameFields(regexFields(lines), fields(new KernelTextLines(trickle)));
    }

    @Test
    void readsFieldsInPlace() throws IOException {
        KernelTextLines f = of("ffffffff81000000 T _stext\n0xffffffff81000000-0xffffffff81000010\tx\n");
        assertTrue(f.next());
        assertEquals(3, f.count());
        assertEquals(1, f.length(1));
        assertEquals('T', f.charAt(1, 0));
        assertEquals(0xffffffff81000000L, f.parseHex(0));
        assertTrue(f.startsWith(2, "_st"));
        assertFalse(f.startsWith(2, "_stext_"));
        assertEquals("_stext", f.get(2));
        assertTrue(f.next());
        int dash = f.indexOf(0, '-');
        assertEquals(18, dash);
        assertEquals(-1, f.indexOf(1, '-'));
        assertEquals(0xffffffff81000000L, f.parseHex(0, 2, dash));
        assertFalse(f.next());
    }

    @Test
    void rejectsWhatIsNotA64BitHexNumber() throws IOException {
        KernelTextLines f = of("zz 1ffffffffffffffff 0x g\n");
        assertTrue(f.next());
        assertThrows(NumberFormatException.class, () -> f.parseHex(0));
        assertThrows(NumberFormatException.class, () -> f.parseHex(1));
        assertEquals(0xffffffffffffffffL, f.parseHex(1, 1, 17));
        assertThrows(NumberFormatException.class, () -> f.parseHex(2, 2, 2));
        assertThrows(NumberFormatException.class, () -> f.parseHex(3));
    }

    @Test
    void growsPastSixteenFields() throws IOException {
        KernelTextLines f = of("a b c d e f g h i j k l m n o p q r s t\n");
        assertTrue(f.next());
        assertEquals(20, f.count());
        assertEquals("t", f.get(19));
    }
}
