package dev.shadowtrace.shell.output;

import static dev.shadowtrace.shell.output.FakeMaps.perCpu;
import static dev.shadowtrace.shell.output.SimulatedKernelTest.message;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shadowtrace.compiler.CompiledScript;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** {@code --json}: every line is one JSON object that a strict parser reads back. */
class JsonOutputTest {
    private final StringWriter text = new StringWriter();

    private List<Object> lines() {
        List<Object> out = new ArrayList<>();
        for (String line : text.toString().split("\n")) {
            out.add(JsonParser.parse(line));
        }
        return out;
    }

    private static String bpfName(CompiledScript script, String name) {
        return script.mapDescriptors().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow()
                .spec().name();
    }

    @Test
    void stringsAreEscaped() throws IOException {
        CompiledScript script = Fixture.compile("fbt::vfs_read:entry { printf(\"%s|\\\"\\\\\\t\\r\\n\", execname); }");
        ScriptOutput out = Fixture.output(script, new FakeMaps(script.maps(), 1), text, true);
        out.onEvent(Bytes.record(1, Bytes.of(new Bytes.Str16("a\u0001é"))));
        assertEquals("{\"type\": \"printf\", \"data\": \"a\\u0001é|\\\"\\\\\\t\\r\\n\"}\n", text.toString());
        assertEquals(List.of(message("printf", "a\u0001é|\"\\\t\r\n")), lines());
    }

    @Test
    void integersADoubleCannotHoldAreStrings() throws IOException {
        CompiledScript script = Fixture.compile("fbt::vfs_read:entry { @big = sum(arg2); @ok = sum(arg2); }");
        FakeMaps maps = new FakeMaps(script.maps(), 1);
        maps.put(bpfName(script, "@big"), Bytes.of(0), perCpu(new long[] {(1L << 53) + 1}));
        maps.put(bpfName(script, "@ok"), Bytes.of(0), perCpu(new long[] {-(1L << 53)}));
        Fixture.output(script, maps, text, true).end();
        assertEquals(List.of(message("map", Map.of("@big", "9007199254740993")),
                message("map", Map.of("@ok", -(1L << 53)))), lines());
    }

    @Test
    void tracerClausesMapsAndFormattedPrinta() throws IOException {
        CompiledScript script = Fixture.compile("""
                BEGIN { @names[1, "one"] = "first"; @names[2, "two"] = "second"; trace(5); }
                fbt::vfs_read:entry { @c[execname] = count(); @n = count(); }
                END { printa("%s %@d\\n", @c); printa(@n); exit(1); }
                """);
        FakeMaps maps = new FakeMaps(script.maps(), 1);
        maps.put(bpfName(script, "@c"), Bytes.of("sh"), perCpu(new long[] {2}));
        maps.put(bpfName(script, "@c"), Bytes.of("bash"), perCpu(new long[] {1}));
        ScriptOutput out = Fixture.output(script, maps, text, true);
        out.begin();
        out.end();
        assertEquals(List.of(message("value", 5L),
                message("printf", "bash 1\nsh 2\n"),
                message("map", nullMap("@n")),
                message("exit", 1L),
                message("map", Map.of("@names", Map.of("1,one", "first", "2,two", "second")))), lines());
    }

    /** A keyless map without its one key prints its value as null. */
    private static Map<String, Object> nullMap(String name) {
        Map<String, Object> m = new HashMap<>();
        m.put(name, null);
        return m;
    }

    @Test
    void stackValuesAreArraysOfFrames() throws IOException {
        CompiledScript script = Fixture.compile("fbt::vfs_read:entry { trace(stack()); }");
        FakeMaps maps = new FakeMaps(script.maps(), 1);
        byte[] frames = new byte[127 * 8];
        System.arraycopy(Bytes.of(Fixture.VFS_READ + 1, Fixture.KERN_PATH), 0, frames, 0, 16);
        maps.put("stacks", FakeMaps.le32(2), frames);
        Fixture.output(script, maps, text, true).onEvent(Bytes.record(1, Bytes.of(2)));
        assertEquals(List.of(message("value", List.of("vfs_read+0x1", "kern_path"))), lines());
    }
}
