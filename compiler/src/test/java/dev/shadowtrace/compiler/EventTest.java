package dev.shadowtrace.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shadowtrace.compiler.layout.EventAction;
import dev.shadowtrace.compiler.layout.EventFormat;
import dev.shadowtrace.compiler.layout.Field;
import dev.shadowtrace.compiler.layout.FieldType;
import dev.shadowtrace.lang.diag.ScriptException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Event records: {u32 format id, u32 payload size, payload} in the events ring buffer. */
class EventTest {

    @Test
    void printfRecordFollowsItsFormat() throws ScriptException {
        Sim sim = new Sim("fbt::kern_path:entry { printf(\"%-16s %6d %s\\n\", execname, tid, str(arg0)); }");
        sim.machine.kernelString(0x1000, "/etc/hosts");
        sim.fire(1, Map.of(Sim.DI, 0x1000L));
        EventFormat format = sim.script.formats().get(0);
        assertEquals(1, format.id());
        assertEquals(EventAction.PRINTF, format.action());
        assertEquals(Optional.of("%-16s %6d %s\n"), format.format());
        assertEquals(List.of(new Field("arg1", FieldType.STRING, 0, 16), new Field("arg2", FieldType.INT, 16, 8),
                new Field("arg3", FieldType.STRING, 24, 64)), format.payload().fields());
        byte[] record = sim.events().get(0);
        assertEquals(8 + 88, record.length);
        assertEquals(1, Sim.word(record, 0) & 0xffffffffL);
        assertEquals(88, Sim.word(record, 0) >>> 32);
        assertEquals("bash", Sim.string(record, 8, 16));
        assertEquals(1001, Sim.word(record, 24));
        assertEquals("/etc/hosts", Sim.string(record, 32, 64));
    }

    @Test
    void actionsOnMapsAndExit() throws ScriptException {
        Sim sim = new Sim("""
                fbt::vfs_read:entry { @c[execname] = count(); printa("%s %@d\\n", @c); print(@c); clear(@c);
                                      trunc(@c, 5); trunc(@c); exit(); exit(3); trace(stack()); stack(); }
                """);
        sim.fire(1);
        List<EventFormat> formats = sim.script.formats();
        assertEquals(List.of(EventAction.PRINTA, EventAction.PRINT, EventAction.CLEAR, EventAction.TRUNC,
                EventAction.TRUNC, EventAction.EXIT, EventAction.EXIT, EventAction.TRACE, EventAction.TRACE),
                formats.stream().map(EventFormat::action).toList());
        assertEquals(Optional.of("@c"), formats.get(0).map());
        assertEquals(Optional.of("%s %@d\n"), formats.get(0).format());
        List<byte[]> events = sim.events();
        assertEquals(8, events.get(0).length, "printa has no payload");
        assertEquals(5, Sim.word(events.get(3), 8), "trunc count");
        assertEquals(8, events.get(4).length, "trunc without count");
        assertEquals(0, Sim.word(events.get(5), 8), "exit status");
        assertEquals(3, Sim.word(events.get(6), 8));
        assertEquals(FieldType.STACK, formats.get(7).payload().fields().get(0).type());
        assertEquals(5, Sim.word(events.get(7), 8), "the stack id from bpf_get_stackid");
        assertEquals(FieldType.STACK, formats.get(8).payload().fields().get(0).type(), "stack() prints the stack");
    }
}
