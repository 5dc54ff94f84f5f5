package dev.shadowtrace.compiler;

import dev.shadowtrace.compiler.kernel.ProbeSite;
import dev.shadowtrace.compiler.user.ElfFunctionsTestImage;
import dev.shadowtrace.lang.diag.ScriptException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * User probes resolve to file offsets of an ELF file's functions; profile probes to a
 * PERF_EVENT program that cannot share a clause with other kernel probes.
 */
class PerProcessProbeTest {
    @TempDir
    Path dir;

    private Path elf() throws IOException {
        Path path = dir.resolve("prog");
        Files.write(path, ElfFunctionsTestImage.bytes());
        return path;
    }

    @Test
    void userProbesResolveToFileOffsets() throws Exception {
        Path prog = elf();
        CompiledScript script = Fixtures.compile("uprobe:" + prog + ":target { @[arg1] = count(); }"
                + " uretprobe:" + prog + ":mem* { @r = sum(retval); }");
        List<ProbeSite> entry = script.programs().get(0).sites();
        assertEquals(1, entry.size());
        assertEquals("target", entry.get(0).function());
        assertEquals(0x17c0, entry.get(0).address());
        assertTrue(entry.get(0).probe().isUser());
        assertEquals("memcpy", script.programs().get(1).sites().get(0).function());
        assertFalse(script.programs().get(0).isProfile());
    }

    @Test
    void unknownUserFunctionsSuggestTheClosest() throws Exception {
        Path prog = elf();
        String errors = Fixtures.errors("uprobe:" + prog + ":targe { @ = count(); }");
        assertTrue(errors.contains("no function 'targe' in " + prog + "; did you mean 'target'?"), errors);
        errors = Fixtures.errors("uprobe:" + dir.resolve("none") + ":main { @ = count(); }");
        assertTrue(errors.contains("cannot probe " + dir.resolve("none") + ": no such file"), errors);
    }

    @Test
    void profileClausesArePerfEventPrograms() throws ScriptException {
        CompiledScript script = Fixtures.compile("profile:hz:99 { @[pid] = count(); } profile-10ms { @n = count(); }");
        assertTrue(script.programs().get(0).isProfile());
        assertEquals(1_000_000_000L / 99, script.programs().get(0).sites().get(0).probe().periodNanos());
        assertEquals(10_000_000L, script.programs().get(1).sites().get(0).probe().periodNanos());
        String errors = Fixtures.errors("profile:hz:99, fbt::vfs_read:entry { @n = count(); }");
        assertTrue(errors.contains("cannot share a clause"), errors);
        errors = Fixtures.errors("profile:hz:99 { @n[arg0] = count(); }");
        assertTrue(errors.contains("arg0"), errors);
    }
}
