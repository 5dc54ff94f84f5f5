package dev.shadowtrace.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shadowtrace.compiler.layout.Field;
import dev.shadowtrace.compiler.layout.FieldType;
import dev.shadowtrace.lang.diag.ScriptException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** usym(addr): a 16-byte field, the process (tgid) then the address, which the tracer names. */
class UsymTest {

    @Test
    void keyAndPrintfHoldThePidAndTheAddress() throws ScriptException {
        Sim sim = new Sim("fbt::kern_path:entry { @[usym(arg0)] = count(); printf(\"%s\\n\", usym(arg0)); }");
        sim.fire(1, Map.of(Sim.DI, 0x401234L));
        assertEquals(Optional.of(1L), sim.value("@", Sim.key(1000, 0x401234L), "count"));
        assertEquals(List.of(new Field("arg1", FieldType.USYM, 0, 16)), sim.script.formats().get(0).payload().fields());
        byte[] record = sim.events().get(0);
        assertEquals(1000, Sim.word(record, 8));
        assertEquals(0x401234L, Sim.word(record, 16));
    }

    @Test
    void itCannotBeStoredOrCompared() {
        assertEquals("""
                test.d:1:29: error: usym() can only be a map key or an argument of printf() or trace()
                fbt::kern_path:entry { @x = usym(arg0); }
                                            ^
                hint: it holds the address, which the tracer prints as the name of its function""",
                Fixtures.errors("fbt::kern_path:entry { @x = usym(arg0); }"));
    }
}
