package dev.shadowtrace.shell.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.shadowtrace.compiler.CompiledScript;
import dev.shadowtrace.compiler.ScriptCompiler;
import dev.shadowtrace.compiler.kernel.KernelSnapshot;
import dev.shadowtrace.lang.Lang;
import dev.shadowtrace.lang.diag.ScriptException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerifyReportTest {
    private static final String SCRIPT = """
            fbt::vfs_read:entry { self->ts = timestamp; }
            fbt::vfs_read:return /self->ts/ { @ns = quantize(timestamp - self->ts); self->ts = 0; }
            """;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final VerifyReport report = new VerifyReport(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    private static CompiledScript compile(String text) throws IOException, ScriptException {
        KernelSnapshot kernel = KernelSnapshot.parse("6.1.0-56-amd64", true,
                new StringReader("ffffffff8bd669e0 T vfs_read\n"), new StringReader("vfs_read\n"));
        return new ScriptCompiler(kernel).compile(Lang.parseAndCheck("read.d", text));
    }

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void oneLinePerProgramAndASummary() throws IOException, ScriptException {
        CompiledScript script = compile(SCRIPT);
        report.verified("read.d", List.of(ProgramVerdict.loaded(script.programs().get(0)),
                ProgramVerdict.refused(script.programs().get(1), "the kernel verifier rejected program c2_vfs_read:",
                        "0: (bf) r6 = r1\nR1 invalid mem access 'scalar'\n")));
        report.summary("6.1.0-56-amd64");
        int entryLength = script.programs().get(0).program().length();
        assertEquals("ok read.d clause 1 (fbt::vfs_read:entry): " + entryLength + " insns\n"
                + "FAILED read.d clause 2 (fbt::vfs_read:return): the kernel verifier rejected program c2_vfs_read:\n"
                + "    0: (bf) r6 = r1\n"
                + "    R1 invalid mem access 'scalar'\n"
                + "verified 2 programs of 1 scripts on Linux 6.1.0-56-amd64: 1 loaded, 1 failed\n", output());
        assertEquals(1, report.exitStatus());
    }

    @Test
    void scriptsThatDoNotCompileFail() {
        ScriptException error = assertThrows(ScriptException.class,
                () -> compile("fbt::vfs_reed:entry { @ = count(); }"));
        report.notCompiled("read.d", error);
        report.summary("6.1.0-56-amd64");
        assertEquals("""
                FAILED read.d: does not compile
                    read.d:1:6: error: unknown kernel function 'vfs_reed'; did you mean 'vfs_read'?
                    fbt::vfs_reed:entry { @ = count(); }
                         ^
                verified 0 programs of 1 scripts on Linux 6.1.0-56-amd64: 0 loaded, 0 failed
                """, output());
        assertEquals(1, report.exitStatus());
    }

    @Test
    void allLoadedExitsZero() throws IOException, ScriptException {
        CompiledScript script = compile(SCRIPT);
        report.verified("read.d", script.programs().stream().map(ProgramVerdict::loaded).toList());
        assertEquals(0, report.exitStatus());
    }
}
