package dev.shadowtrace.compiler.user;

import java.nio.ByteBuffer;

/** The synthetic ELF image of {@link ElfFunctionsTest}, for tests of other packages. */
public final class ElfFunctionsTestImage {
    private ElfFunctionsTestImage() {}

    public static byte[] bytes() {
        ByteBuffer image = ElfFunctionsTest.image();
        byte[] bytes = new byte[image.capacity()];
        image.get(0, bytes);
        return bytes;
    }
}
