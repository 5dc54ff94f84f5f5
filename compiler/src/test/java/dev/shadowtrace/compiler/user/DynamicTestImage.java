package dev.shadowtrace.compiler.user;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * {@link ElfFunctionsTest}'s image made dynamically linked and 0x1000 bytes long: a second,
 * non-executable PT_LOAD mapping the whole image at virtual address 0, and a PT_DYNAMIC at 0x400
 * whose entries name {@code needed} (DT_NEEDED), and optionally a DT_RPATH and a DT_RUNPATH, in a
 * string table at 0x600 (DT_STRTAB). At most 12 names, 0xa00 bytes of strings in all.
 */
public final class DynamicTestImage {
    private DynamicTestImage() {}

    public static byte[] bytes(String... needed) {
        return withPaths(null, null, needed);
    }

    /** With a DT_RPATH {@code rpath} and a DT_RUNPATH {@code runpath} (each null: none). */
    public static byte[] withPaths(String rpath, String runpath, String... needed) {
        ByteBuffer b = ByteBuffer.allocate(0x1000).order(ByteOrder.LITTLE_ENDIAN).put(ElfFunctionsTest.image().rewind());
        b.putShort(56, (short) 3); // phnum
        int load = 0x40 + 56;
        b.putInt(load, 1).putInt(load + 4, 4).putLong(load + 8, 0).putLong(load + 16, 0).putLong(load + 32, 0x1000)
                .putLong(load + 40, 0x1000);
        int dynamic = load + 56;
        b.putInt(dynamic, 2).putLong(dynamic + 8, 0x400).putLong(dynamic + 32, 0x200);
        StringBuilder strings = new StringBuilder("\0");
        int entry = 0x400;
        for (String name : needed) {
            entry = dyn(b, entry, 1, strings, name);
        }
        if (rpath != null) {
            entry = dyn(b, entry, 15, strings, rpath);
        }
        if (runpath != null) {
            entry = dyn(b, entry, 29, strings, runpath);
        }
        b.putLong(entry, 5).putLong(entry + 8, 0x600); // DT_STRTAB; then DT_NULL (zeros)
        byte[] text = strings.toString().getBytes(StandardCharsets.US_ASCII);
        if (text.length > 0xa00 || needed.length > 12) {
            throw new IllegalArgumentException("too many names for the test image");
        }
        b.put(0x600, text);
        return b.array();
    }

    private static int dyn(ByteBuffer b, int entry, long tag, StringBuilder strings, String text) {
        b.putLong(entry, tag).putLong(entry + 8, strings.length());
        strings.append(text).append('\0');
        return entry + 16;
    }
}
