package dev.shadowtrace.compiler.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Naming user addresses: a small C program, built here with gcc as a position-independent and as a
 * fixed-address executable, prints the address of its function {@code inner} and its own
 * {@code /proc/self/maps}; that address, through the maps ({@link ProcMaps}) and the file's symbols
 * ({@link ElfSymbols}), must name {@code inner}. The build id is set explicitly at link time.
 */
class ElfSymbolsTest {
    static final String BUILD_ID = "0123456789abcdef0123456789abcdef01234567";

    static final String PROGRAM = """
            #include <stdio.h>
            __attribute__((noinline)) int inner(int x) { return x * 3 + 1; }
            int main(void) {
                char line[512];
                FILE *maps = fopen("/proc/self/maps", "r");
                printf("inner %lx\\n", (unsigned long) &inner);
                while (fgets(line, sizeof(line), maps))
                    fputs(line, stdout);
                return inner(0) - 1;
            }
            """;

    /** Builds {@link #PROGRAM} into {@code dir/name} with these extra gcc flags. */
    static Path build(Path dir, String name, String buildId, String... flags) throws IOException, InterruptedException {
        Path source = dir.resolve(name + ".c");
        Files.writeString(source, PROGRAM);
        Path out = dir.resolve(name);
        List<String> command = new ArrayList<>(List.of("gcc", "-O1", "-o", out.toString(), source.toString(),
                "-Wl,--build-id=0x" + buildId));
        command.addAll(List.of(flags));
        Process gcc = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, gcc.waitFor(), "gcc: " + log);
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"-pie", "-no-pie"})
    void anAddressOfTheRunningProgramNamesItsFunction(String pie, @TempDir Path dir) throws Exception {
        Path binary = build(dir, "prog", BUILD_ID, pie);
        Process run = new ProcessBuilder(binary.toString()).start();
        List<String> lines = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertEquals(0, run.waitFor());
        long inner = Long.parseUnsignedLong(lines.get(0).substring("inner ".length()), 16);
        ProcMaps maps = ProcMaps.parse(lines.subList(1, lines.size()));
        ProcMaps.Mapping m = maps.executableAt(inner).orElseThrow(() -> new AssertionError("no mapping of "
                + Long.toHexString(inner) + " in " + lines));
        assertEquals(binary.toRealPath().toString(), m.path());
        ElfSymbols elf = ElfSymbols.read(binary);
        assertEquals(Optional.of("inner"), elf.function(m.fileOffset(inner)));
        assertEquals(Optional.of("inner"), elf.frame(m.fileOffset(inner)));
        assertEquals(Optional.of("inner+0x2"), elf.frame(m.fileOffset(inner) + 2));
        assertEquals(Optional.of(BUILD_ID), elf.buildId());
        assertEquals(Optional.of(BUILD_ID), ElfSymbols.readBuildId(binary));
        if (pie.equals("-no-pie")) {
            assertTrue(inner < 0x1000000, "a fixed executable's code is at its link address: " + Long.toHexString(inner));
        }
    }

    /** Past a sized function's end (padding before the next one) is no function. */
    @Test
    void beyondAFunctionsSizeIsUnknown(@TempDir Path dir) throws Exception {
        Path binary = build(dir, "prog", BUILD_ID);
        ElfSymbols elf = ElfSymbols.read(binary);
        long inner = ElfFunctions.read(binary).offsets().get("inner").get(0);
        assertEquals(Optional.of("inner"), elf.frame(inner));
        assertEquals(Optional.empty(), elf.frame(0));
    }

    @Test
    void mapsLinesParse() {
        ProcMaps maps = ProcMaps.parse(List.of(
                "55d0c8a00000-55d0c8a01000 r--p 00000000 fe:01 1234     /usr/bin/prog",
                "55d0c8a01000-55d0c8a02000 r-xp 00001000 fe:01 1234     /usr/bin/prog",
                "7f0000000000-7f0000021000 rw-p 00000000 00:00 0 ",
                "7f1000000000-7f1000100000 r-xp 00026000 fe:01 99       /lib/libc.so.6 (deleted)",
                "7ffd1000000-7ffd1021000 rw-p 00000000 00:00 0          [stack]"));
        assertEquals(3, maps.mappings().size());
        ProcMaps.Mapping prog = maps.executableAt(0x55d0c8a01234L).orElseThrow();
        assertEquals("/usr/bin/prog", prog.path());
        assertEquals(0x1234, prog.fileOffset(0x55d0c8a01234L));
        assertEquals(Optional.empty(), maps.executableAt(0x55d0c8a00010L), "not executable");
        ProcMaps.Mapping libc = maps.executableAt(0x7f1000000010L).orElseThrow();
        assertEquals("/lib/libc.so.6", libc.path());
        assertTrue(libc.deleted());
        assertEquals(0x26010, libc.fileOffset(0x7f1000000010L));
    }
}
