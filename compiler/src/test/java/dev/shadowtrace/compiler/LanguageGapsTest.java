package dev.shadowtrace.compiler;

import static dev.shadowtrace.compiler.Sim.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shadowtrace.compiler.layout.EventAction;
import dev.shadowtrace.compiler.layout.EventFormat;
import dev.shadowtrace.compiler.layout.FieldType;
import dev.shadowtrace.lang.diag.ScriptException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What bpftrace and DTrace users write at once: delete(), strncmp(), curtask, kaddr(), cgroupid(),
 * ksym(), print(@m, n), run through the BPF interpreter.
 */
class LanguageGapsTest {
    private static final byte[] NO_KEY = new byte[8];

    @Test
    void deleteRemovesOneElementInBothSpellings() throws ScriptException {
        Sim sim = new Sim("""
                fbt::vfs_read:entry { @m[arg0, "a"] = 1; @m[arg0 + 1, "a"] = 2; @n[arg0] = count(); }
                fbt::vfs_write:entry { delete(@m[arg0, "a"]); delete(@n, arg0); }
                fbt::kern_path:entry { delete(@m, arg0 + 1, "a"); }
                """);
        sim.fire(1, Map.of(Sim.DI, 7L));
        assertEquals(2, sim.entries("@m").size());
        assertEquals(1, sim.entries("@n").size());
        sim.fire(2, Map.of(Sim.DI, 7L));
        assertEquals(Optional.empty(), sim.machine.lookup(sim.descriptor("@m").spec().name(), key(7, "a")));
        assertEquals(1, sim.entries("@m").size(), "only @m[7, \"a\"] is removed");
        assertTrue(sim.entries("@n").isEmpty(), "delete() of an aggregation's element");
        sim.fire(3, Map.of(Sim.DI, 7L));
        assertTrue(sim.entries("@m").isEmpty());
        sim.fire(2, Map.of(Sim.DI, 7L)); // deleting a missing element is no error
    }

    @ParameterizedTest
    @CsvSource({"memcached, 3, 0", "memcached, 9, 0", "memcached, 200, 0", "memcache, 8, 0", "memcache, 9, 1",
            "me, 2, 0", "me, 3, 1", "bash, 0, 0", "Memcached, 1, 1", "memcachex, 9, 1"})
    void strncmpComparesTheFirstBytes(String comm, long n, long expected) throws ScriptException {
        Sim sim = new Sim("fbt::vfs_read:entry { r = strncmp(execname, \"memcached\", " + n + "); }"
                + " fbt::vfs_write:entry { this->s = \"memcached\"; r = strncmp(this->s, execname, " + n + "); }");
        sim.machine.comm = comm;
        sim.fire(1);
        assertEquals(expected, sim.global("r"), "string, then literal");
        sim.fire(2);
        assertEquals(expected, sim.global("r"), "clause-local, then string");
    }

    @Test
    void strncmpInAPredicate() throws ScriptException {
        Sim sim = new Sim("fbt::vfs_read:entry /strncmp(execname, \"ba\", 2) == 0/ { @n = count(); }");
        sim.fire(1);
        sim.machine.comm = "dash";
        sim.fire(1);
        assertEquals(Optional.of(1L), sim.value("@n", NO_KEY, "count"));
    }

    @Test
    void curtaskIsTheCurrentTaskAddress() throws ScriptException {
        Sim sim = new Sim("fbt::vfs_read:entry { t = curtask; }");
        sim.fire(1);
        assertEquals(sim.machine.currentTask, sim.global("t"));
    }

    @Test
    void kaddrIsTheFunctionsAddress() throws ScriptException {
        Sim sim = new Sim("fbt::vfs_write:entry { a = kaddr(\"vfs_read\"); }");
        sim.fire(1);
        assertEquals(Fixtures.KERNEL.textFunctions().get("vfs_read").get(0), sim.global("a"));
    }

    @Test
    void kaddrOfAnUnknownFunctionSuggests() {
        String errors = Fixtures.errors("fbt::vfs_write:entry { a = kaddr(\"vfs_reed\"); }");
        assertTrue(errors.contains("1:34: error: unknown kernel function 'vfs_reed'; did you mean 'vfs_read' or 'vfs_readv'?"),
                errors);
    }

    @Test
    void cgroupidIsTheDirectorysInode(@TempDir Path dir) throws Exception {
        long inode = (Long) Files.getAttribute(dir, "unix:ino");
        Sim sim = new Sim("fbt::vfs_read:entry /cgroup == cgroupid(\"" + dir + "\")/ { @n = count(); }");
        sim.machine.cgroupId = inode;
        sim.fire(1);
        sim.machine.cgroupId = inode + 1;
        sim.fire(1);
        assertEquals(Optional.of(1L), sim.value("@n", NO_KEY, "count"));
    }

    @Test
    void cgroupidOfAMissingDirectoryIsAnError(@TempDir Path dir) {
        String errors = Fixtures.errors("fbt::vfs_read:entry { c = cgroupid(\"" + dir.resolve("gone") + "\"); }");
        assertTrue(errors.contains("error: no cgroup directory " + dir.resolve("gone")), errors);
        assertTrue(errors.contains("hint: give a cgroup v2 directory"), errors);
    }

    @Test
    void ksymIsAnAddressPrintedAsASymbol() throws ScriptException {
        Sim sim = new Sim("fbt::vfs_read:entry { @[ksym(arg0)] = count(); printf(\"%s\\n\", ksym(arg0)); }");
        sim.fire(1, Map.of(Sim.DI, 0xffffffff8bd669e4L));
        assertEquals(FieldType.SYMBOL, sim.descriptor("@").key().fields().get(0).type());
        assertEquals(Optional.of(1L), sim.value("@", key(0xffffffff8bd669e4L), "count"));
        EventFormat printf = sim.script.formats().get(0);
        assertEquals(FieldType.SYMBOL, printf.payload().fields().get(0).type());
        assertEquals(0xffffffff8bd669e4L, Sim.word(sim.events().get(0), 8));
    }

    @Test
    void ksymCannotBeComparedOrStored() {
        assertTrue(Fixtures.errors("fbt::vfs_read:entry /ksym(arg0) == \"vfs_read\"/ { @n = count(); }")
                .contains("error: ksym() can only be a map key or an argument of printf() or trace()"));
        assertTrue(Fixtures.errors("fbt::vfs_read:entry { $s = ksym(arg0); }")
                .contains("error: ksym() can only be a map key"));
    }

    @Test
    void printTopNSendsItsCount() throws ScriptException {
        Sim sim = new Sim("fbt::vfs_read:entry { @[arg0] = count(); print(@, 3); print(@); }");
        sim.fire(1);
        EventFormat top = sim.script.formats().get(0);
        assertEquals(EventAction.PRINT, top.action());
        assertEquals(FieldType.INT, top.payload().fields().get(0).type());
        assertEquals(3, Sim.word(sim.events().get(0), 8));
        assertTrue(sim.script.formats().get(1).payload().fields().isEmpty());
    }

    @Test
    void statsKeepsCountSumMinMaxPerCpu() throws ScriptException {
        Sim sim = new Sim("fbt::vfs_read:entry { @s = stats(arg2); }");
        for (long v : new long[] {5, -3, 250, 50}) {
            sim.fire(1, Map.of(Sim.DX, v));
        }
        assertEquals(Optional.of(4L), sim.value("@s", NO_KEY, "count"));
        assertEquals(Optional.of(302L), sim.value("@s", NO_KEY, "sum"));
        assertEquals(Optional.of(-3L), sim.value("@s", NO_KEY, "min"));
        assertEquals(Optional.of(250L), sim.value("@s", NO_KEY, "max"));
    }
}
