package dev.shadowtrace.shell.output;

import static dev.shadowtrace.shell.output.FakeMaps.perCpu;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.shadowtrace.compiler.CompiledScript;
import dev.shadowtrace.compiler.layout.EventAction;
import dev.shadowtrace.compiler.layout.Field;
import dev.shadowtrace.compiler.layout.FieldType;
import dev.shadowtrace.compiler.layout.MapDescriptor;
import dev.shadowtrace.runtime.aggregate.PerCpu;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

/** Ring buffer records built by hand from the formats' documented payload layouts. */
class EventRecordTest {
    private final StringWriter text = new StringWriter();

    private static String bpfName(CompiledScript script, String name) {
        return script.mapDescriptors().stream().filter(m -> m.name().equals(name)).map(MapDescriptor::spec)
                .findFirst().orElseThrow().name();
    }

    @Test
    void printfRecordsFormatTheirPayload() throws IOException {
        CompiledScript script = Fixture.compile("fbt::vfs_read:entry"
                + " { printf(\"%-6s|%5d|%s|%s|%x\\n\", execname, arg2, probefunc, probename, arg0); }");
        assertEquals(List.of(new Field("arg1", FieldType.STRING, 0, 16), new Field("arg2", FieldType.INT, 16, 8),
                new Field("arg3", FieldType.SYMBOL, 24, 8), new Field("arg4", FieldType.PROBENAME, 32, 8),
                new Field("arg5", FieldType.INT, 40, 8)), script.formats().get(0).payload().fields());
        ScriptOutput out = Fixture.output(script, new FakeMaps(script.maps(), 1), text, false);
        ByteBuffer record = Bytes.record(1, Bytes.of(new Bytes.Str16("bash"), 42, Fixture.VFS_READ + 3, 0, 255));
        assertEquals(OptionalInt.empty(), out.onEvent(record));
        assertEquals(0, record.position(), "the record is not consumed");
        assertEquals("bash  |   42|vfs_read|entry|ff\n", text.toString());
    }

    @Test
    void traceRecords() throws IOException {
        CompiledScript script = Fixture.compile("""
                fbt::vfs_read:entry { trace(arg2); trace(execname); trace(probefunc); trace(stack()); }
                """);
        assertEquals(List.of(EventAction.TRACE, EventAction.TRACE, EventAction.TRACE, EventAction.TRACE),
                script.formats().stream().map(f -> f.action()).toList());
        FakeMaps maps = new FakeMaps(script.maps(), 1);
        byte[] frames = new byte[127 * 8];
        System.arraycopy(Bytes.of(Fixture.VFS_READ, Fixture.KERN_PATH + 0x22), 0, frames, 0, 16);
        maps.put("stacks", FakeMaps.le32(4), frames);
        ScriptOutput out = Fixture.output(script, maps, text, false);
        out.onEvent(Bytes.record(1, Bytes.of(-5)));
        out.onEvent(Bytes.record(2, Bytes.of(new Bytes.Str16("sshd"))));
        out.onEvent(Bytes.record(3, Bytes.of(Fixture.VFS_READ)));
        out.onEvent(Bytes.record(4, Bytes.of(4)));
        assertEquals("-5\nsshd\nvfs_read\n\n              vfs_read\n              kern_path+0x22\n", text.toString());
    }

    @Test
    void mapActionRecordsReadTheMapNow() throws IOException {
        CompiledScript script = Fixture.compile("""
                fbt::vfs_read:entry
                {
                    @c[execname] = count(); printa("%s:%@d\\n", @c); print(@c); clear(@c); trunc(@c, 1); trunc(@c);
                }
                """);
        FakeMaps maps = new FakeMaps(script.maps(), 2);
        String c = bpfName(script, "@c");
        maps.put(c, Bytes.of("a"), perCpu(new long[] {1}, new long[] {1}));
        maps.put(c, Bytes.of("b"), perCpu(new long[] {0}, new long[] {5}));
        ScriptOutput out = Fixture.output(script, maps, text, false);
        out.onEvent(Bytes.record(1, new byte[0]));
        out.onEvent(Bytes.record(2, new byte[0]));
        assertEquals("a:2\nb:5\n\n"
                + "  a                                                                 2\n"
                + "  b                                                                 5\n", text.toString());
        maps.put(c, Bytes.of("z"), perCpu(new long[] {1}, new long[] {0}));
        out.onEvent(Bytes.record(4, Bytes.of(2)));
        assertEquals(2, maps.entries(c).size());
        out.onEvent(Bytes.record(3, new byte[0]));
        assertEquals(perCpu(new long[] {0}, new long[] {0}).length, maps.lookup(c, Bytes.of("b")).orElseThrow().length);
        assertEquals(0, PerCpu.sum(script.mapDescriptors().get(0).value(), maps.lookup(c, Bytes.of("b")).orElseThrow()));
        out.onEvent(Bytes.record(5, new byte[0]));
        assertEquals(0, maps.entries(c).size());
    }

    @Test
    void anExitRecordReturnsItsStatus() throws IOException {
        CompiledScript script = Fixture.compile("fbt::vfs_read:entry { printf(\"x\\n\"); exit(7); exit(); }");
        ScriptOutput out = Fixture.output(script, new FakeMaps(script.maps(), 1), text, false);
        assertEquals(OptionalInt.empty(), out.onEvent(Bytes.record(1, new byte[0])));
        assertEquals(OptionalInt.of(7), out.onEvent(Bytes.record(2, Bytes.of(7))));
        assertEquals(OptionalInt.of(0), out.onEvent(Bytes.record(3, Bytes.of(0))));
        assertEquals(OptionalInt.of(7), out.exitStatus(), "the first exit() decides");
        assertEquals("x\n", text.toString());
    }

    @Test
    void recordsThatMatchNoFormatAreRejected() {
        CompiledScript script = Fixture.compile("fbt::vfs_read:entry { printf(\"%d\\n\", arg0); }");
        ScriptOutput out = Fixture.output(script, new FakeMaps(script.maps(), 1), text, false);
        assertEquals("event record with format id 2; the script has formats 1 to 1",
                assertThrows(IllegalArgumentException.class, () -> out.onEvent(Bytes.record(2, Bytes.of(1))))
                        .getMessage());
        assertEquals("event record of format 1 (PRINTF at 1:23) has 16 payload bytes and 16 bytes left, expected 8",
                assertThrows(IllegalArgumentException.class, () -> out.onEvent(Bytes.record(1, Bytes.of(1, 2))))
                        .getMessage());
        assertEquals("an event record of 4 bytes is shorter than its 8-byte header",
                assertThrows(IllegalArgumentException.class, () -> out.onEvent(ByteBuffer.allocate(4))).getMessage());
    }
}
