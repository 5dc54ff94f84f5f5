package dev.shadowtrace.compiler.user;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** DT_NEEDED entries, the loader's cache as ldconfig -p prints it, and the search through both. */
class NeededLibrariesTest {
    @TempDir
    Path dir;

    private Path elf(Path where, String... needed) throws IOException {
        Files.createDirectories(where.getParent());
        Files.write(where, DynamicTestImage.bytes(needed));
        return where;
    }

    @Test
    void neededNamesInOrderAndNoneForAStaticFile() throws IOException {
        assertEquals(List.of("libfoo.so.1", "libc.so.6"), ElfNeeded.parse(ByteBuffer.wrap(DynamicTestImage.bytes(
                "libfoo.so.1", "libc.so.6")).order(ByteOrder.LITTLE_ENDIAN), Path.of("/test/prog")));
        assertEquals(List.of(), ElfNeeded.parse(ElfFunctionsTest.image(), Path.of("/test/static")));
    }

    @Test
    void theCacheKeepsX8664EntriesOnly() throws IOException {
        LdCache cache = LdCache.of("""
                3 libs found in cache `/etc/ld.so.cache'
                \tlibc.so.6 (libc6) => /usr/lib32/libc.so.6
                \tlibc.so.6 (libc6,x86-64, OS ABI: Linux 3.2.0) => /lib/x86_64-linux-gnu/libc.so.6
                \tlibm.so.6 (libc6,x86-64) => /lib/x86_64-linux-gnu/libm.so.6
                """);
        assertEquals(Optional.of(Path.of("/lib/x86_64-linux-gnu/libc.so.6")), cache.find("libc.so.6"));
        assertEquals(Optional.of(Path.of("/lib/x86_64-linux-gnu/libm.so.6")), cache.find("libm.so.6"));
        assertEquals(Optional.empty(), cache.find("libz.so.1"));
    }

    @Test
    void directAndIndirectLibrariesThroughTheCacheAndLdLibraryPath() throws IOException {
        Path libc = elf(dir.resolve("cached/libc.so.6"));
        Path libfoo = elf(dir.resolve("lib/libfoo.so.1"), "libc.so.6");
        Path prog = elf(dir.resolve("prog"), "libfoo.so.1", "libmissing.so.2");
        LdCache cache = LdCache.of("1 libs found\n\tlibc.so.6 (libc6,x86-64) => " + libc + "\n");
        NeededLibraries search = new NeededLibraries(cache, NeededLibraries.libraryPath(dir.resolve("lib") + "::"));
        assertEquals(Optional.of(libfoo), search.find(prog, "libfoo"));
        assertEquals(Optional.of(libc), search.find(prog, "libc.so.6"), "libc, needed by libfoo");
        assertEquals(Optional.empty(), search.find(prog, "libmissing"), "a library not found is nobody's");
        assertEquals(Optional.empty(), search.find(prog, "libbar"));
        assertEquals(Optional.empty(), new NeededLibraries(cache, List.of()).find(prog, "libc"),
                "without LD_LIBRARY_PATH libfoo is not found, nor what it needs");
    }
}
