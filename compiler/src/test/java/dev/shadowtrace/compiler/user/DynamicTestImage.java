package dev.shadowtrace.compiler.user;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * {@link ElfFunctionsTest}'s image made dynamically linked: a second, non-executable PT_LOAD
 * mapping the whole image at virtual address 0, and a PT_DYNAMIC at 0x380 whose DT_NEEDED entries
 * name {@code needed} in a string table at 0x340 (DT_STRTAB). At most 6 names, 0x40 bytes in all.
 */
public final class DynamicTestImage {
    private DynamicTestImage() {}

    public static byte[] bytes(String... needed) {
        ByteBuffer b = ElfFunctionsTest.image();
        b.putShort(56, (short) 3); // phnum
        int load = 0x40 + 56;
        b.putInt(load, 1).putInt(load + 4, 4).putLong(load + 8, 0).putLong(load + 16, 0).putLong(load + 32, 0x400)
                .putLong(load + 40, 0x400);
        int dynamic = load + 56;
        b.putInt(dynamic, 2).putLong(dynamic + 8, 0x380).putLong(dynamic + 32, 0x80);
        StringBuilder strings = new StringBuilder("\0");
        int entry = 0x380;
        for (String name : needed) {
            b.putLong(entry, 1).putLong(entry + 8, strings.length());
            strings.append(name).append('\0');
            entry += 16;
        }
        b.putLong(entry, 5).putLong(entry + 8, 0x340); // DT_STRTAB; then DT_NULL (zeros)
        byte[] text = strings.toString().getBytes(StandardCharsets.US_ASCII);
        if (text.length > 0x40 || needed.length > 6) {
            throw new IllegalArgumentException("too many names for the test image");
        }
        b.put(0x340, text);
        byte[] bytes = new byte[b.capacity()];
        b.get(0, bytes);
        return bytes;
    }
}
