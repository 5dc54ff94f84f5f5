package dev.shadowtrace.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The protocol header is the specification: compile it with the C compiler,
 * print every number, and check ShadowkAbi against it in both directions.
 */
class AbiConsistencyTest {
    private static final Map<String, String> fromHeader = new TreeMap<>();

    @BeforeAll
    static void compileHeader(@TempDir Path tmp) throws Exception {
        Path header = Path.of("..", "kmod", "include", "uapi", "shadowk.h").toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(header), "protocol header not found at " + header);
        Path src = tmp.resolve("abi-check.c");
        try (InputStream in = AbiConsistencyTest.class.getResourceAsStream("/abi-check.c")) {
            Files.copy(in, src);
        }
        Path exe = tmp.resolve("abi-check");
        run(tmp, "gcc", "-Wall", "-Werror", "-I", header.getParent().toString(), "-o", exe.toString(), src.toString());
        for (String line : run(tmp, exe.toString()).split("\n")) {
            int eq = line.indexOf('=');
            fromHeader.put(line.substring(0, eq).toUpperCase(Locale.ROOT), line.substring(eq + 1));
        }
    }

    private static String run(Path dir, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + " failed:\n" + out);
        return out;
    }

    @Test
    void everyHeaderNumberMatchesTheJavaMirror() throws Exception {
        for (Map.Entry<String, String> e : fromHeader.entrySet()) {
            Field f = ShadowkAbi.class.getField(e.getKey());
            assertEquals(e.getValue(), String.valueOf(f.get(null)), "ShadowkAbi." + e.getKey());
        }
    }

    @Test
    void everyJavaConstantIsCheckedAgainstTheHeader() {
        for (Field f : ShadowkAbi.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                assertTrue(fromHeader.containsKey(f.getName()),
                        "ShadowkAbi." + f.getName() + " is not printed by abi-check.c; add it there");
            }
        }
    }

    @Test
    void versionRequestNumberIsTheReadDirectionWithTheStructSize() {
        long nr = ShadowkAbi.IOC_VERSION;
        assertEquals(2, nr >>> 30, "direction _IOC_READ");
        assertEquals(ShadowkAbi.VERSION_SIZE, (nr >>> 16) & 0x3fff);
        assertEquals("0x8078d000", "0x" + Long.toHexString(nr).toLowerCase(Locale.ROOT));
    }
}
