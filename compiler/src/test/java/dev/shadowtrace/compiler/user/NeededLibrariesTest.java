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

/**
 * DT_NEEDED, DT_RPATH and DT_RUNPATH entries, the loader's cache as ldconfig -p prints it, and the
 * search through them in glibc's order.
 */
class NeededLibrariesTest {
    @TempDir
    Path dir;

    private Path elf(Path where, String... needed) throws IOException {
        Files.createDirectories(where.getParent());
        Files.write(where, DynamicTestImage.bytes(needed));
        return where;
    }

    private Path elfWithPaths(Path where, String rpath, String runpath, String... needed) throws IOException {
        Files.createDirectories(where.getParent());
        Files.write(where, DynamicTestImage.withPaths(rpath, runpath, needed));
        return where;
    }

    private static ElfNeeded parse(byte[] image) throws IOException {
        return ElfNeeded.parse(ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN), Path.of("/test/prog"));
    }

    @Test
    void neededNamesInOrderAndNoneForAStaticFile() throws IOException {
        assertEquals(new ElfNeeded(List.of("libfoo.so.1", "libc.so.6"), null, null),
                parse(DynamicTestImage.bytes("libfoo.so.1", "libc.so.6")));
        assertEquals(new ElfNeeded(List.of(), null, null),
                ElfNeeded.parse(ElfFunctionsTest.image(), Path.of("/test/static")));
    }

    @Test
    void searchPathsAndRpathIgnoredBesideARunpath() throws IOException {
        assertEquals(new ElfNeeded(List.of("libfoo.so.1"), "/opt/a:$ORIGIN", null),
                parse(DynamicTestImage.withPaths("/opt/a:$ORIGIN", null, "libfoo.so.1")));
        assertEquals(new ElfNeeded(List.of("libfoo.so.1"), null, "/opt/b"),
                parse(DynamicTestImage.withPaths(null, "/opt/b", "libfoo.so.1")));
        assertEquals(new ElfNeeded(List.of("libfoo.so.1"), null, "/opt/b"),
                parse(DynamicTestImage.withPaths("/opt/a", "/opt/b", "libfoo.so.1")), "the loader ignores DT_RPATH then");
    }

    @Test
    void dynamicStringTokensInSearchPaths() {
        assertEquals(List.of(Path.of("/app/bin"), Path.of("/app/bin/../lib"), Path.of("lib/x86_64-linux-gnu/x"),
                Path.of("/p/x86_64"), Path.of("$ORIGINAL"), Path.of("")),
                NeededLibraries.searchPath("$ORIGIN:${ORIGIN}/../lib:$LIB/x:/p/$PLATFORM:$ORIGINAL:",
                        Path.of("/app/bin/prog")));
        assertEquals(List.of(), NeededLibraries.searchPath(null, Path.of("/app/bin/prog")));
    }

    @Test
    void runpathOfTheRequesterOnlyAfterLdLibraryPath() throws IOException {
        Path prog = elfWithPaths(dir.resolve("app/bin/prog"), null, "$ORIGIN/../lib", "libfoo.so.1");
        Path libfoo = elf(dir.resolve("app/lib/libfoo.so.1"), "libbar.so.2");
        elf(dir.resolve("app/lib/libbar.so.2"));
        LdCache none = LdCache.of("0 libs found\n");
        NeededLibraries search = new NeededLibraries(none, List.of());
        assertEquals(Optional.of(libfoo), search.find(prog, "libfoo"), "through the program's $ORIGIN RUNPATH");
        assertEquals(Optional.empty(), search.find(prog, "libbar"),
                "a RUNPATH serves its own object's needs only, not libfoo's");
        Path early = elf(dir.resolve("early/libfoo.so.1"));
        assertEquals(Optional.of(early), new NeededLibraries(none, List.of(dir.resolve("early"))).find(prog, "libfoo"),
                "LD_LIBRARY_PATH comes before a RUNPATH");
        Path libfoo2 = elfWithPaths(dir.resolve("app2/lib/libfoo.so.1"), null, "$ORIGIN", "libbar.so.2");
        Path libbar2 = elf(dir.resolve("app2/lib/libbar.so.2"));
        Path prog2 = elfWithPaths(dir.resolve("app2/bin/prog"), null, "${ORIGIN}/../lib", "libfoo.so.1");
        assertEquals(Optional.of(libfoo2), search.find(prog2, "libfoo"));
        assertEquals(Optional.of(libbar2), search.find(prog2, "libbar"), "through libfoo's own RUNPATH");
    }

    @Test
    void rpathIsInheritedAndComesBeforeLdLibraryPath() throws IOException {
        Path prog = elfWithPaths(dir.resolve("app/bin/prog"), "$ORIGIN/../lib", null, "libfoo.so.1");
        Path libfoo = elf(dir.resolve("app/lib/libfoo.so.1"), "libbar.so.2");
        Path libbar = elf(dir.resolve("app/lib/libbar.so.2"));
        elf(dir.resolve("early/libfoo.so.1"));
        NeededLibraries search = new NeededLibraries(LdCache.of("0 libs found\n"), List.of(dir.resolve("early")));
        assertEquals(Optional.of(libfoo), search.find(prog, "libfoo"), "DT_RPATH before LD_LIBRARY_PATH");
        assertEquals(Optional.of(libbar), search.find(prog, "libbar"), "libfoo's need, through the program's RPATH");
        Path prog2 = elfWithPaths(dir.resolve("app/bin/prog2"), "$ORIGIN/../lib", null, "libbaz.so.1");
        elfWithPaths(dir.resolve("other/libbaz.so.1"), null, "/nonexistent", "libbar.so.2");
        NeededLibraries viaPath = new NeededLibraries(LdCache.of("0 libs found\n"), List.of(dir.resolve("other")));
        assertEquals(Optional.empty(), viaPath.find(prog2, "libbar"),
                "a requester with a RUNPATH does not search its loaders' RPATHs");
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

    @Test
    void preloadListsSplitAsTheLoaderSplitsThem() {
        assertEquals(List.of("/opt/a.so", "libb.so", "libc.so", "/etc/d.so", "e.so"),
                NeededLibraries.preloadList(" /opt/a.so:libb.so  libc.so:", "/etc/d.so\n\te.so\n"));
        assertEquals(List.of(), NeededLibraries.preloadList(null, null));
        assertEquals(List.of(), NeededLibraries.preloadList("", ""));
    }

    @Test
    void aDlopenOfAFileNameSearchesAsForTheProgramsOwnNeeds() throws IOException {
        Path prog = elfWithPaths(dir.resolve("app/bin/prog"), null, "$ORIGIN/../plugins");
        Path plugin = elf(dir.resolve("app/plugins/libplug.so"));
        LdCache none = LdCache.of("0 libs found\n");
        NeededLibraries search = new NeededLibraries(none, List.of());
        assertEquals(Optional.of(plugin), search.findLoadable(prog, "libplug.so"), "through the program's RUNPATH");
        assertEquals(Optional.empty(), search.findLoadable(prog, "libplug"), "a file name, not a prefix");
        assertEquals(Optional.empty(), search.find(prog, "libplug"), "not a library the program needs");
        assertEquals(Optional.of(plugin), search.findLoadable(prog, plugin.toString()), "a path is that file");
    }
}
