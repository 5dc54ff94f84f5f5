package dev.shadowtrace.shell;

import dev.shadowtrace.compiler.CompiledScript;
import dev.shadowtrace.compiler.ProbeProgram;
import dev.shadowtrace.compiler.bpf.Assembler;
import dev.shadowtrace.compiler.bpf.Reg;
import dev.shadowtrace.compiler.bpf.Size;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code shadowtrace} with the first clause's program replaced by one the kernel's verifier
 * rejects (it reads past the end of its pt_regs context; shadowtrace's own checker lets that
 * through), for the VM test of how a rejection reaches the user: no script compiles to such a
 * program. Same arguments as {@code shadowtrace}; run with the test classes on the class path:
 *
 * <pre>
 * java -cp shell/target/shadowtrace.jar:shell/target/test-classes dev.shadowtrace.shell.RejectedProgramMain -c true -e '...'
 * </pre>
 */
public final class RejectedProgramMain {
    private RejectedProgramMain() {}

    static CompiledScript breakFirstProgram(CompiledScript s) {
        List<ProbeProgram> programs = new ArrayList<>(s.programs());
        ProbeProgram p = programs.get(0);
        programs.set(0, new ProbeProgram(p.clauseNumber(), p.clause(), p.sites(),
                new Assembler().ldx(Size.DW, Reg.R0, Reg.R1, 4096).exit().assemble(), p.name()));
        return new CompiledScript(s.source(), s.kernelRelease(), s.btf(), programs, s.maps(), s.formats(),
                s.probeNames(), s.tracerClauses(), s.mapDescriptors(), s.globals(), s.threadLocals(),
                s.scopePrograms());
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(Main.run(out, err, RejectedProgramMain::breakFirstProgram, args));
    }
}
