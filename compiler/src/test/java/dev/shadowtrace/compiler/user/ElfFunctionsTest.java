package dev.shadowtrace.compiler.user;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ElfFunctionsTest {
    private static final Path NAME = Path.of("/test/prog");

    /**
     * A minimal ELF64 image: one executable PT_LOAD (vaddr 0x401000, file offset 0x1000, 0x2000
     * bytes), a .symtab with a function (0x20 bytes), a versioned function, an object, an undefined function
     * and a function outside the segment, and its string table.
     */
    static ByteBuffer image() {
        ByteBuffer b = ByteBuffer.allocate(0x400).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 0x464c457f).put(4, (byte) 2).put(5, (byte) 1);
        b.putLong(32, 0x40).putShort(54, (short) 56).putShort(56, (short) 1); // phoff, phentsize, phnum
        b.putLong(40, 0x100).putShort(58, (short) 64).putShort(60, (short) 3); // shoff, shentsize, shnum
        b.putInt(0x40, 1).putInt(0x44, 5).putLong(0x48, 0x1000).putLong(0x50, 0x401000).putLong(0x68, 0x2000);
        // section 1: .symtab at 0x200, 6 symbols, link 2; section 2: .strtab at 0x300
        b.putInt(0x140 + 4, 2).putLong(0x140 + 24, 0x200).putLong(0x140 + 32, 6 * 24).putInt(0x140 + 40, 2);
        b.putInt(0x180 + 4, 3).putLong(0x180 + 24, 0x300);
        String strings = "\0target\0memcpy@@GLIBC_2.14\0table\0puts\0far\0";
        b.put(0x300, strings.getBytes(StandardCharsets.US_ASCII));
        symbol(b, 1, strings.indexOf("target"), 0x12, 0x4017c0);
        b.putLong(0x200 + 24 + 16, 0x20); // target's st_size
        symbol(b, 2, strings.indexOf("memcpy"), 0x12, 0x401800);
        symbol(b, 3, strings.indexOf("table"), 0x11, 0x401900);
        symbol(b, 4, strings.indexOf("puts"), 0x12, 0);
        symbol(b, 5, strings.indexOf("far"), 0x12, 0x900000);
        return b;
    }

    private static void symbol(ByteBuffer b, int index, int name, int info, long value) {
        int at = 0x200 + index * 24;
        b.putInt(at, name).put(at + 4, (byte) info).putShort(at + 6, (short) (value == 0 ? 0 : 1)).putLong(at + 8, value);
    }

    @Test
    void functionsAtTheirFileOffsets() throws IOException {
        Map<String, List<Long>> offsets = ElfFunctions.parse(image(), NAME);
        assertEquals(Map.of("target", List.of(0x17c0L), "memcpy", List.of(0x1800L)), offsets);
    }

    @Test
    void sizesByFileOffset() throws IOException {
        Map<Long, Long> sizes = new java.util.HashMap<>();
        ElfFunctions.parse(image(), NAME, sizes);
        assertEquals(Map.of(0x17c0L, 0x20L, 0x1800L, 0L), sizes);
    }

    @Test
    void notElf() {
        ByteBuffer b = ByteBuffer.allocate(128).order(ByteOrder.LITTLE_ENDIAN);
        IOException e = assertThrows(IOException.class, () -> ElfFunctions.parse(b, NAME));
        assertTrue(e.getMessage().contains("not an ELF file"), e.getMessage());
    }
}
