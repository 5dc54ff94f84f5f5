package dev.shadowtrace.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowtrace.runtime.ShadowkAbi;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

class MainTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    @Test
    void versionNamesTheToolAndTheModuleState() {
        assertEquals(0, run("--version"));
        String[] lines = out.toString().split("\n");
        assertEquals("shadowtrace " + Main.VERSION + " (ABI " + ShadowkAbi.ABI_VERSION + ")", lines[0]);
        assertTrue(lines[1].startsWith("shadowk module: "), lines[1]);
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertEquals(2, run("--no-such-option"));
        assertTrue(err.toString().contains("Unknown option: '--no-such-option'"), err.toString());
    }

    @Test
    void jsonQuotingEscapesControlCharacters() {
        assertEquals("\"a\\\"b\\\\c\\n\\u0001\"", Json.quote("a\"b\\c\n\u0001"));
    }

    @Test
    void versionReportRendersAMissingModule() {
        VersionReport r = new VersionReport(null, "/dev/shadowk not found");
        assertEquals("shadowtrace " + Main.VERSION + " (ABI " + ShadowkAbi.ABI_VERSION
                + ")\nshadowk module: not available: /dev/shadowk not found",
                r.toText());
        assertEquals("{\"version\":\"" + Main.VERSION + "\",\"abi\":" + ShadowkAbi.ABI_VERSION + ",\"module\":null,"
                + "\"module_error\":\"/dev/shadowk not found\"}", r.toJson());
    }
}
