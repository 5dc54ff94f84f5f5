package dev.shadowtrace.shell.shadowk;

import dev.shadowtrace.runtime.ShadowkAbi;

import java.io.ByteArrayOutputStream;

/** Machine code bytes as the user writes them: "b82a000000c3" or "b8 2a 00 00 00 c3", in memory order. */
final class HexBytes {
    private HexBytes() {}

    static final String FORM = "hex bytes in memory order, e.g. 'b82a000000c3' or 'b8 2a 00 00 00 c3'";

    static byte[] parse(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String group : text.strip().split("\\s+")) {
            if (group.isEmpty()) {
                continue;
            }
            if (group.length() % 2 != 0) {
                throw new IllegalArgumentException("'" + group + "' has an odd number of hex digits: each byte is"
                        + " two digits; expected " + FORM);
            }
            for (int i = 0; i < group.length(); i += 2) {
                int hi = Character.digit(group.charAt(i), 16);
                int lo = Character.digit(group.charAt(i + 1), 16);
                if (hi < 0 || lo < 0) {
                    char bad = hi < 0 ? group.charAt(i) : group.charAt(i + 1);
                    throw new IllegalArgumentException("'" + group + "' is not hex: '" + bad + "' is not a hex digit;"
                            + " expected " + FORM);
                }
                out.write(hi << 4 | lo);
            }
        }
        byte[] bytes = out.toByteArray();
        if (bytes.length == 0) {
            throw new IllegalArgumentException("no bytes given: expected " + FORM);
        }
        if (bytes.length > ShadowkAbi.PATCH_MAX) {
            throw new IllegalArgumentException(bytes.length + " bytes is more than a patch may have ("
                    + ShadowkAbi.PATCH_MAX + ")");
        }
        return bytes;
    }
}
