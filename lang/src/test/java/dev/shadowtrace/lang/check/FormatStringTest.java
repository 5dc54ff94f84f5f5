package dev.shadowtrace.lang.check;

import dev.shadowtrace.lang.types.ScalarType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FormatStringTest {

    private static List<String> texts(String format) throws FormatString.InvalidFormat {
        return FormatString.parse(format).stream().map(FormatString.Conversion::text).toList();
    }

    @Test
    void conversionsWithFlagsWidthsPrecisionsAndLengths() throws Exception {
        assertEquals(List.of("%d", "%-16s", "%08x", "%.3d", "%+5.2i", "%lu", "%llx", "%hhd", "%zu", "%c", "%p", "%X",
                        "%o", "%k", "%# x"),
                texts("%d %-16s %08x %.3d %+5.2i %lu %llx %hhd %zu %c %p %X %o %k %# x"));
    }

    @Test
    void percentPercentIsNotAConversion() throws Exception {
        assertEquals(List.of("%d"), texts("100%% of %d%%"));
        assertEquals(List.of(), texts("no conversions"));
    }

    @Test
    void aggregationValueFlag() throws Exception {
        List<FormatString.Conversion> conversions = FormatString.parse("%-20s %@8d");
        assertFalse(conversions.get(0).aggregationValue());
        assertTrue(conversions.get(1).aggregationValue());
    }

    @Test
    void acceptedTypes() throws Exception {
        List<FormatString.Conversion> c = FormatString.parse("%d %s %k");
        assertTrue(c.get(0).accepts(ScalarType.INT));
        assertFalse(c.get(0).accepts(ScalarType.STRING));
        assertTrue(c.get(1).accepts(ScalarType.STRING));
        assertTrue(c.get(1).accepts(ScalarType.STACK));
        assertFalse(c.get(1).accepts(ScalarType.INT));
        assertTrue(c.get(2).accepts(ScalarType.STACK));
        assertFalse(c.get(2).accepts(ScalarType.STRING));
    }

    @Test
    void malformedFormats() {
        assertEquals("unknown conversion '%q' in the format",
                assertThrows(FormatString.InvalidFormat.class, () -> FormatString.parse("%q")).getMessage());
        assertEquals("unknown conversion '%5.2f' in the format",
                assertThrows(FormatString.InvalidFormat.class, () -> FormatString.parse("x %5.2f")).getMessage());
        assertEquals("incomplete conversion '%-5' at the end of the format",
                assertThrows(FormatString.InvalidFormat.class, () -> FormatString.parse("%-5")).getMessage());
        assertEquals("'*' widths and precisions are not supported",
                assertThrows(FormatString.InvalidFormat.class, () -> FormatString.parse("%.*s")).getMessage());
    }
}
