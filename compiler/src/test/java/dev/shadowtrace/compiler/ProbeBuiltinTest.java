package dev.shadowtrace.compiler;

import static dev.shadowtrace.compiler.Sim.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowtrace.compiler.layout.FieldType;
import dev.shadowtrace.lang.diag.ScriptException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** probefunc is the function's address (symbolized by the runtime), probename an index into probeNames. */
class ProbeBuiltinTest {
    private static final long VFS_READ = 0xffffffff8bd669e0L;
    private static final long VFS_WRITE = 0xffffffff8bd67160L;
    private static final byte[] NO_KEY = new byte[8];

    @Test
    void probefuncIsAConstantForOneFunction() throws ScriptException {
        Sim sim = new Sim("fbt::vfs_read:entry { @[probefunc] = count(); }");
        sim.fire(1);
        assertEquals(Optional.of(1L), sim.value("@", key(VFS_READ), "count"));
        assertEquals(FieldType.SYMBOL, sim.descriptor("@").key().fields().get(0).type());
    }

    @Test
    void probefuncIsTheSiteAddressForSeveralFunctions() throws ScriptException {
        Sim sim = new Sim("fbt::vfs_read:entry, fbt::vfs_write:entry { @[probefunc] = count(); }");
        sim.fire(1, Map.of(Sim.IP, VFS_WRITE));
        assertEquals(Optional.of(1L), sim.value("@", key(VFS_WRITE), "count"));
    }

    @Test
    void probefuncComparesWithTheSitesOfTheNamedFunction() throws ScriptException {
        Sim sim = new Sim("""
                fbt::vfs_*:entry /probefunc == "vfs_write"/ { @w = count(); }
                fbt::vfs_*:entry /probefunc != "vfs_write"/ { @other = count(); }
                fbt::vfs_read:entry /probefunc == "vfs_read" && probename == "entry"/ { @r = count(); }
                fbt::vfs_read:entry /probefunc == "vfs_write" || probename != "entry"/ { @never = count(); }
                """);
        for (int clause = 1; clause <= 4; clause++) {
            sim.fire(clause, Map.of(Sim.IP, VFS_READ));
            sim.fire(clause, Map.of(Sim.IP, VFS_WRITE));
        }
        assertEquals(Optional.of(1L), sim.value("@w", NO_KEY, "count"));
        assertEquals(Optional.of(1L), sim.value("@other", NO_KEY, "count"));
        assertEquals(Optional.of(2L), sim.value("@r", NO_KEY, "count"), "constant in a one-function clause");
        assertTrue(sim.entries("@never").isEmpty());
    }

    @Test
    void probenameIsAnId() throws ScriptException {
        Sim sim = new Sim("fbt::vfs_read:return { @[probename] = count(); printf(\"%s %s\\n\", probefunc, probename); }");
        sim.fire(1);
        assertEquals(List.of("return"), sim.script.probeNames());
        assertEquals(Optional.of(1L), sim.value("@", key(0), "count"));
        assertEquals(List.of(FieldType.SYMBOL, FieldType.PROBENAME),
                sim.script.formats().get(0).payload().fields().stream().map(f -> f.type()).toList());
        assertEquals(VFS_READ, Sim.word(sim.events().get(0), 8));
        assertEquals(0, Sim.word(sim.events().get(0), 16));
    }

    @Test
    void probefuncIsNoOrdinaryString() {
        assertEquals("""
                test.d:1:33: error: probefunc can only be a map key, an argument of printf() or trace(), or \
                compared with a string literal
                fbt::vfs_read:entry { this->f = probefunc; }
                                                ^
                hint: it holds the function's address, which the tracer prints as a name""",
                Fixtures.errors("fbt::vfs_read:entry { this->f = probefunc; }"));
        assertEquals("""
                test.d:1:35: error: probefunc can only be compared with a string literal
                fbt::vfs_read:entry /probefunc == execname/ { @ = count(); }
                                                  ^""",
                Fixtures.errors("fbt::vfs_read:entry /probefunc == execname/ { @ = count(); }"));
    }

    @Test
    void probenameMustBeTheSameForEveryProbe() {
        assertEquals("""
                test.d:1:47: error: probename differs between the probes of this clause (entry, return)
                fbt::vfs_read:entry, fbt::vfs_read:return { @[probename] = count(); }
                                                              ^
                hint: give each probe its own clause""",
                Fixtures.errors("fbt::vfs_read:entry, fbt::vfs_read:return { @[probename] = count(); }"));
    }

    @Test
    void aKeyHoldsProbefuncOrStringsNotBoth() {
        assertEquals("""
                test.d:2:31: error: key 1 of @calls is a string here, but probefunc at 1:30
                fbt::vfs_write:entry { @calls[execname] = count(); }
                                              ^
                hint: probefunc and probename are stored as numbers that the tracer prints as names, so a key \
                position holds only one of them""", Fixtures.errors("""
                fbt::vfs_read:entry { @calls[probefunc] = count(); }
                fbt::vfs_write:entry { @calls[execname] = count(); }
                """));
    }
}
