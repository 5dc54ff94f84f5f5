package dev.shadowtrace.compiler.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelSymbolCacheTest {
    private static final String BOOT = "7c0d9a64-0f59-4b0e-9a1b-6e0c5c1d2f3a";
    private static final String RELEASE = "6.1.0-57-amd64";

    @TempDir
    Path tmp;

    private static KernelSnapshot kernel() {
        TreeMap<String, List<Long>> functions = new TreeMap<>(Map.of(
                "vfs_read", List.of(0xffffffff8bd669e0L),
                "__cpuid", List.of(0xffffffff8ba42ca0L, 0xffffffff8c3fb243L),
                "match_id.isra.0", List.of(0xffffffff8ba384f0L),
                "kprobe_int3_handler", List.of(0xffffffff8b0a1000L)));
        return new KernelSnapshot(RELEASE, true, functions, Set.of("vfs_read", "match_id.isra.0"),
                Set.of("kprobe_int3_handler"));
    }

    private Path cacheFile() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("run"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        return dir.resolve("kernel-symbols");
    }

    @Test
    void givesBackWhatWasStoredForTheSameBoot() throws IOException {
        KernelSymbolCache cache = new KernelSymbolCache(cacheFile());
        cache.store(BOOT, kernel());
        KernelSnapshot back = cache.load(BOOT, RELEASE, true, SyscallFormats.NONE).orElseThrow();
        assertEquals(kernel().textFunctions(), back.textFunctions());
        assertEquals(List.copyOf(kernel().textFunctions().keySet()), List.copyOf(back.textFunctions().keySet()),
                "in name order");
        assertEquals(kernel().traceableFunctions(), back.traceableFunctions());
        assertEquals(kernel().kprobeBlacklist(), back.kprobeBlacklist());
        assertEquals(RELEASE, back.release());
        assertTrue(back.hasBtf());
        assertEquals(List.of(0xffffffff8ba42ca0L), back.textFunctions().subMap("__", true, "__d", false)
                .get("__cpuid").subList(0, 1), "a navigable map, as one read from the kernel's files");
    }

    @Test
    void anotherBootOrReleaseFindsNothing() throws IOException {
        KernelSymbolCache cache = new KernelSymbolCache(cacheFile());
        cache.store(BOOT, kernel());
        assertEquals(Optional.empty(), cache.load("00000000-0000-0000-0000-000000000000", RELEASE, true, SyscallFormats.NONE));
        assertEquals(Optional.empty(), cache.load(BOOT, "6.12.118+deb12-amd64", true, SyscallFormats.NONE));
    }

    @Test
    void aFileOthersMayReadOrWriteIsNotTrusted() throws IOException {
        Path file = cacheFile();
        KernelSymbolCache cache = new KernelSymbolCache(file);
        cache.store(BOOT, kernel());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
                "kernel addresses are root's only");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertFalse(cache.load(BOOT, RELEASE, true, SyscallFormats.NONE).isPresent());
    }

    @Test
    void aDirectoryOthersMayWriteIsNeitherReadNorWritten() throws IOException {
        Path file = cacheFile();
        KernelSymbolCache cache = new KernelSymbolCache(file);
        cache.store(BOOT, kernel());
        Files.setPosixFilePermissions(file.getParent(), PosixFilePermissions.fromString("rwxrwxrwx"));
        assertFalse(cache.load(BOOT, RELEASE, true, SyscallFormats.NONE).isPresent(), "another user could have renamed a file in");
        Files.delete(file);
        cache.store(BOOT, kernel());
        assertFalse(Files.exists(file));
    }

    @Test
    void aSymlinkIsNotFollowed() throws IOException {
        Path file = cacheFile();
        Path real = file.resolveSibling("real");
        new KernelSymbolCache(real).store(BOOT, kernel());
        Files.createSymbolicLink(file, real);
        assertFalse(new KernelSymbolCache(file).load(BOOT, RELEASE, true, SyscallFormats.NONE).isPresent());
    }

    @Test
    void aShortOrAlteredFileFindsNothing() throws IOException {
        Path file = cacheFile();
        KernelSymbolCache cache = new KernelSymbolCache(file);
        cache.store(BOOT, kernel());
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(whole, whole.length - 3));
        assertFalse(cache.load(BOOT, RELEASE, true, SyscallFormats.NONE).isPresent(), "cut short");
        byte[] longer = Arrays.copyOf(whole, whole.length + 1);
        Files.write(file, longer);
        assertFalse(cache.load(BOOT, RELEASE, true, SyscallFormats.NONE).isPresent(), "trailing bytes");
        Files.write(file, whole);
        assertTrue(cache.load(BOOT, RELEASE, true, SyscallFormats.NONE).isPresent());
    }

    @Test
    void storesIntoADirectoryItCreatesPrivate() throws IOException {
        Path file = tmp.resolve("new-dir").resolve("kernel-symbols");
        new KernelSymbolCache(file).store(BOOT, kernel());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        assertTrue(new KernelSymbolCache(file).load(BOOT, RELEASE, true, SyscallFormats.NONE).isPresent());
    }
}
