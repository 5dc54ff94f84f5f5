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
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The protocol header is the specification: compile it with the C compiler,
 * print every number, and check ShadowkAbi against it in both directions.
 */
class AbiConsistencyTest {
    private static final Map<String, String> fromHeader = new TreeMap<>();
    private static String headerText;

    @BeforeAll
    static void compileHeader(@TempDir Path tmp) throws Exception {
        Path header = Path.of("..", "kmod", "include", "uapi", "shadowk.h").toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(header), "protocol header not found at " + header);
        headerText = Files.readString(header);
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

    /**
     * abi-check.c is written by hand, so check that it misses nothing: every
     * #define and enum constant of the header, and every struct's size, named
     * field offsets and array lengths (reserved and padding fields excepted).
     */
    @Test
    void abiCheckPrintsEveryNumberOfTheHeader() {
        String code = headerText.replaceAll("(?s)/\\*.*?\\*/", "");
        TreeSet<String> expected = new TreeSet<>();
        Matcher define = Pattern.compile("(?m)^#define\\s+SHADOWK_(\\w+)\\s").matcher(code);
        while (define.find()) {
            expected.add(define.group(1));
        }
        Matcher enumConstant = Pattern.compile("\\bSHADOWK_(\\w+)\\s*=").matcher(code);
        while (enumConstant.find()) {
            expected.add(enumConstant.group(1));
        }
        Matcher struct = Pattern.compile("(?s)struct\\s+shadowk_(\\w+)\\s*\\{(.*?)\\};").matcher(code);
        Pattern field = Pattern.compile("(?m)^\\s*\\w+\\s+(\\w+)\\s*(\\[[^\\]]*\\])?\\s*;");
        int structs = 0;
        while (struct.find()) {
            structs++;
            String prefix = struct.group(1).toUpperCase(Locale.ROOT);
            expected.add(prefix + "_SIZE");
            Matcher f = field.matcher(struct.group(2));
            while (f.find()) {
                if (f.group(1).startsWith("__")) {
                    continue;
                }
                String name = f.group(1).toUpperCase(Locale.ROOT);
                expected.add(prefix + "_OFF_" + name);
                if (f.group(2) != null) {
                    expected.add(prefix + "_LEN_" + name);
                }
            }
        }
        assertTrue(structs >= 13, "found only " + structs + " structs in the header; is the parser stale?");
        expected.removeAll(fromHeader.keySet());
        assertTrue(expected.isEmpty(), "abi-check.c does not print " + expected
                + " from shadowk.h; add them there and to ShadowkAbi");
    }

    @Test
    void requestNumbersEncodeDirectionAndSize() {
        assertEquals(0xc010d001L, ShadowkAbi.IOC_CREATE);
        assertEquals(0xc020d002L, ShadowkAbi.IOC_PATCH);
        assertEquals(0xc020d003L, ShadowkAbi.IOC_CHECK);
        assertEquals(0x4010d004L, ShadowkAbi.IOC_BIND);
        assertEquals(0x4010d005L, ShadowkAbi.IOC_UNBIND);
        assertEquals(0x8070d006L, ShadowkAbi.IOC_INFO);
        assertEquals(0x80a8d007L, ShadowkAbi.IOC_STATS);
        assertEquals(0xc010d008L, ShadowkAbi.IOC_LIST);
        assertEquals(0xc018d009L, ShadowkAbi.IOC_ATTACH);
        assertEquals(0x4010d00aL, ShadowkAbi.IOC_DETACH);
        assertEquals(0xc010d00bL, ShadowkAbi.IOC_PROBES);
        assertEquals(0xc018d00cL, ShadowkAbi.IOC_CALLERS);
        assertEquals(0xc010d00dL, ShadowkAbi.IOC_TRACEPOINT);
    }

    /** The probe records are arrays in user memory: their sizes keep every u64 field 8-aligned. */
    @Test
    void probeArraysKeepTheirFieldsAligned() {
        assertEquals(0, ShadowkAbi.PROBE_SIZE % 8);
        assertEquals(0, ShadowkAbi.PROBE_STATS_SIZE % 8);
        assertEquals(ShadowkAbi.ATTACH_MAX, ShadowkAbi.MAX_PROBES, "one request can fill a shadow");
    }

    /** A number the header gives only in prose, in the errors of ATTACH: the module's out-of-line slots. */
    @Test
    void offsetSiteSlotsMatchTheHeaderText() {
        String prose = headerText.replaceAll("\\s*\\*?\\s+", " ");
        assertTrue(prose.contains("out-of-line slots for distinct offset sites (" + ShadowkErrors.OFFSET_SITES + ")"),
                "the header no longer says " + ShadowkErrors.OFFSET_SITES + " out-of-line slots: update ShadowkErrors");
    }

    @Test
    void versionRequestNumberIsTheReadDirectionWithTheStructSize() {
        long nr = ShadowkAbi.IOC_VERSION;
        assertEquals(2, nr >>> 30, "direction _IOC_READ");
        assertEquals(ShadowkAbi.VERSION_SIZE, (nr >>> 16) & 0x3fff);
        assertEquals("0x8078d000", "0x" + Long.toHexString(nr).toLowerCase(Locale.ROOT));
    }
}
