package dev.shadowtrace.runtime.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shadowtrace.compiler.CompiledScript;
import dev.shadowtrace.compiler.ProbeProgram;
import dev.shadowtrace.compiler.bpf.Assembler;
import dev.shadowtrace.compiler.bpf.Reg;
import dev.shadowtrace.compiler.bpf.Size;
import dev.shadowtrace.runtime.bpf.BpfException;
import dev.shadowtrace.runtime.bpf.BpfMap;
import dev.shadowtrace.runtime.bpf.BpfProgram;

import org.junit.jupiter.api.Test;

import java.util.Map;

/**
 * A program the kernel's verifier rejects is reported at its clause, with the log. Needs bpf(2)
 * (root on Linux x86-64); skipped elsewhere.
 */
class VerifierRejectionTest {
    /** Reads past the end of the pt_regs context: our checker lets it through, the verifier does not. */
    static ProbeProgram broken(ProbeProgram p) {
        Assembler asm = new Assembler();
        asm.ldx(Size.DW, Reg.R0, Reg.R1, 4096).exit();
        return new ProbeProgram(p.clauseNumber(), p.clause(), p.sites(), asm.assemble(), p.name());
    }

    @Test
    void theClauseItsProbesAndTheLogAreShown() throws Exception {
        boolean bpf;
        try (BpfMap probe = BpfMap.create("st_probe", BpfMap.HASH, 4, 4, 1, 0)) {
            bpf = probe.fd() >= 0;
        } catch (BpfException | UnsupportedOperationException | UnsatisfiedLinkError e) {
            bpf = false;
        }
        assumeTrue(bpf, "bpf(2) not usable here (needs root on Linux x86-64)");

        String text = "BEGIN { x = 1; }\nfbt::vfs_read:entry /x/ { @ = count(); }";
        CompiledScript script = Fixture.compile(text);
        ProbeProgram program = broken(script.programs().get(0));
        BpfException e = assertThrows(BpfException.class,
                () -> BpfProgram.loadKprobe(program.name(), program.program().encode(Map.of())));
        TraceException t = TraceSession.rejected(program, e, Fixture.source(text));
        assertTrue(t.located());
        String[] lines = t.text().split("\n");
        assertEquals("<command-line>:2:1: error: the kernel's BPF verifier rejected clause 2 (fbt::vfs_read:entry),"
                + " compiled to program " + program.name(), lines[0]);
        assertEquals("fbt::vfs_read:entry /x/ { @ = count(); }", lines[1]);
        assertEquals("^", lines[2]);
        assertTrue(lines[3].startsWith("hint: shadowtrace should never generate a program the verifier rejects"),
                lines[3]);
        assertEquals("verifier log of " + program.name() + ":", lines[4]);
        assertTrue(t.text().contains("invalid bpf_context access"), t.text());
    }
}
