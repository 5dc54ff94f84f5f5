package dev.shadowtrace.shell.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shadowtrace.compiler.user.ElfFunctions;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * usym() values named from a (fake) /proc/PID/maps and the ELF symbols of the mapped file: the
 * function holding the address, kept after the process's maps are gone, hex where nothing holds it.
 */
class UserSymbolsTest {
    private static final long BASE = 0x555555554000L;

    @TempDir
    Path dir;

    @Test
    void namesTheFunctionHoldingTheAddress() throws Exception {
        Path source = dir.resolve("two.c");
        Files.writeString(source, """
                __attribute__((noinline)) int inner(int x) { return x * 3 + 1; }
                int main(void) { return inner(0) - 1; }
                """);
        Path binary = dir.resolve("two");
        Process gcc = new ProcessBuilder("gcc", "-O1", "-o", binary.toString(), source.toString())
                .redirectErrorStream(true).start();
        String log = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, gcc.waitFor(), log);
        long inner = ElfFunctions.read(binary).offsets().get("inner").get(0);
        long main = ElfFunctions.read(binary).offsets().get("main").get(0);
        Path proc = dir.resolve("proc");
        Files.createDirectories(proc.resolve("42"));
        Files.writeString(proc.resolve("42/maps"), String.format("%x-%x r-xp 00000000 08:01 1234 %s%n",
                BASE, BASE + 0x100000, binary));
        UserSymbols symbols = new UserSymbols(proc);
        assertEquals("inner", symbols.name(42, BASE + inner + 1));
        Files.delete(proc.resolve("42/maps")); // the process exited: its maps were read once, and kept
        assertEquals("main", symbols.name(42, BASE + main));
        assertEquals("0x1000", symbols.name(42, 0x1000), "an address no mapping holds");
        assertEquals("0x" + Long.toHexString(BASE + inner), symbols.name(43, BASE + inner), "a process never seen");
    }
}
