package dev.shadowtrace.compiler.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class FieldsTest {
    /** The lines the kernel's files hold, and the odd ones: what the regex split gave, field for field. */
    @Test
    void splitsAsTheRegexDid() {
        for (String line : List.of("ffffffff81000000 T _stext", "ffffffffc0a01000 t foo\t[ext4]", "vfs_read",
                "  padded \t line  ", "", "   ", "0xffffffff81000000-0xffffffff81000010\tsrso_alias_untrain_ret",
                "a\u000Bb\fc\rd", "one_field")) {
            String[] regex = line.trim().split("\\s+");
            String[] expected = regex.length == 1 && regex[0].isEmpty() ? new String[0] : regex;
            assertArrayEquals(expected, Fields.of(line).all(), line);
        }
    }

    @Test
    void readsFieldsInPlace() {
        Fields f = Fields.of("ffffffff81000000 T _stext");
        assertEquals(3, f.count());
        assertEquals(1, f.length(1));
        assertEquals('T', f.charAt(1, 0));
        assertEquals(0xffffffff81000000L, f.parseHex(0));
        assertThrows(NumberFormatException.class, () -> Fields.of("zz T x").parseHex(0));
    }

    @Test
    void growsPastEightFields() {
        assertEquals(12, Fields.of("a b c d e f g h i j k l").count());
    }
}
