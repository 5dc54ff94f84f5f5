package dev.shadowtrace.compiler;

import static dev.shadowtrace.compiler.Sim.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowtrace.lang.diag.ScriptException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** String comparison and strings in keys: zero-padded fixed buffers compared word by word. */
class StringTest {
    private static final byte[] NO_KEY = new byte[8];

    @ParameterizedTest
    @CsvSource({"memcached, 1", "memcache, 0", "memcached2, 0", "Memcached, 0", "bash, 0", "'', 0"})
    void execnameEqualsLiteral(String comm, long expected) throws ScriptException {
        Sim sim = new Sim("fbt::vfs_read:entry /execname == \"memcached\"/ { @n = count(); }");
        sim.machine.comm = comm;
        sim.fire(1);
        assertEquals(expected, sim.value("@n", NO_KEY, "count").orElse(0L));
    }

    @Test
    void literalLongerThanAnyCommandNameNeverMatches() throws ScriptException {
        Sim sim = new Sim("fbt::vfs_read:entry /execname == \"a_very_long_command\"/ { @n = count(); }"
                + " fbt::vfs_write:entry /execname != \"a_very_long_command\"/ { @n = count(); }");
        sim.machine.comm = "a_very_long_command";
        sim.fire(1);
        assertTrue(sim.entries("@n").isEmpty());
        sim.fire(2);
        assertEquals(Optional.of(1L), sim.value("@n", NO_KEY, "count"));
    }

    @Test
    void kernelStringsCompare() throws ScriptException {
        Sim sim = new Sim("""
                fbt::kern_path:entry /str(arg0) == "/etc/passwd"/ { @hit = count(); }
                fbt::kern_path:entry { this->p = str(arg0); this->q = "/tmp"; @[this->p == this->q ? "same" : "other"] = count(); }
                """);
        sim.machine.kernelString(0x1000, "/etc/passwd");
        sim.machine.kernelString(0x2000, "/tmp");
        sim.machine.kernelString(0x3000, "/etc/passwd2");
        for (long address : new long[] {0x1000, 0x2000, 0x3000}) {
            sim.fire(1, Map.of(Sim.DI, address));
            sim.fire(2, Map.of(Sim.DI, address));
        }
        assertEquals(Optional.of(1L), sim.value("@hit", NO_KEY, "count"));
        assertEquals(Optional.of(1L), sim.value("@", key("same"), "count"));
        assertEquals(Optional.of(2L), sim.value("@", key("other"), "count"));
    }

    @Test
    void equalStringsGiveEqualKeys() throws ScriptException {
        Sim sim = new Sim("""
                fbt::kern_path:entry { @paths[str(arg0)] = count(); }
                fbt::vfs_read:entry { @names[execname, 1] = count(); }
                fbt::vfs_write:entry { @names["bash", 1] = count(); }
                """);
        sim.machine.kernelString(0x1000, "/etc");
        sim.machine.kernelString(0x2000, "/etc");
        sim.fire(1, Map.of(Sim.DI, 0x1000L));
        sim.fire(1, Map.of(Sim.DI, 0x2000L));
        assertEquals(Optional.of(2L), sim.value("@paths", key("/etc"), "count"));
        sim.fire(2);
        sim.fire(3);
        assertEquals(Optional.of(2L), sim.value("@names", key("bash", 1), "count"));
        assertEquals(1, sim.entries("@names").size());
    }

    @Test
    void unreadableKernelStringIsEmpty() throws ScriptException {
        Sim sim = new Sim("fbt::kern_path:entry { @paths[str(arg0)] = count(); }");
        sim.fire(1, Map.of(Sim.DI, 0xdeadL));
        assertEquals(Optional.of(1L), sim.value("@paths", key(""), "count"));
    }

    @Test
    void stringVariablesInEveryScope() throws ScriptException {
        Sim sim = new Sim("""
                fbt::vfs_read:entry { last = execname; @owner[1] = "root"; self->s = "x"; }
                fbt::vfs_write:entry { trace(last); trace(@owner[1]); trace(@owner[2]); trace(self->s == "x"); }
                """);
        sim.fire(1);
        sim.fire(2);
        assertEquals("bash", Sim.string(sim.events().get(0), 8, 64));
        assertEquals("root", Sim.string(sim.events().get(1), 8, 64));
        assertEquals("", Sim.string(sim.events().get(2), 8, 64));
        assertEquals(1, Sim.word(sim.events().get(3), 8));
    }
}
