package dev.shadowtrace.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@link HitContext} against {@code enum shadowk_hit_context} of the protocol header: the same
 * constants, with the same numbers, in both directions (a new context in the module needs a name
 * here). The runtime's {@code AbiConsistencyTest} checks {@code ShadowkAbi.CTX_*} the same way.
 */
class HitContextTest {
    private static final Path HEADER = Path.of("..", "kmod", "include", "uapi", "shadowk.h");

    @Test
    void matchesTheProtocolHeader() throws IOException {
        assertTrue(Files.isRegularFile(HEADER), "protocol header not found at " + HEADER.toAbsolutePath());
        String code = Files.readString(HEADER).replaceAll("(?s)/\\*.*?\\*/", "");
        Matcher body = Pattern.compile("(?s)enum\\s+shadowk_hit_context\\s*\\{(.*?)\\}").matcher(code);
        assertTrue(body.find(), "no enum shadowk_hit_context in " + HEADER);
        Map<String, Integer> header = new TreeMap<>();
        Matcher constant = Pattern.compile("\\bSHADOWK_CTX_(\\w+)\\s*=\\s*(\\d+)").matcher(body.group(1));
        while (constant.find()) {
            header.put(constant.group(1), Integer.parseInt(constant.group(2)));
        }
        assertEquals(Pattern.compile("\\bSHADOWK_CTX_\\w+").matcher(body.group(1)).results().count(), header.size(),
                "every constant of the enum has an explicit value:" + body.group(1));
        Map<String, Integer> ours = Arrays.stream(HitContext.values())
                .collect(Collectors.toMap(HitContext::name, HitContext::cookie, (a, b) -> a, TreeMap::new));
        assertEquals(header, ours);
    }

    @Test
    void namesAreDistinctLowerCaseAndFitOneWord() {
        for (HitContext h : HitContext.values()) {
            assertEquals(h.name().toLowerCase(Locale.ROOT), h.text());
        }
        assertEquals(8, HitContext.STRING_SIZE, "context strings are stored and compared as one word");
        assertTrue(Arrays.stream(HitContext.values()).noneMatch(h -> h.text().equals(HitContext.UNKNOWN)));
    }
}
