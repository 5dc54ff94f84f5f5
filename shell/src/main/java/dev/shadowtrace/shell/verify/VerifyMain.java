package dev.shadowtrace.shell.verify;

import dev.shadowtrace.compiler.CompiledScript;
import dev.shadowtrace.compiler.ScriptCompiler;
import dev.shadowtrace.compiler.kernel.KernelSnapshot;
import dev.shadowtrace.lang.Lang;
import dev.shadowtrace.lang.diag.ScriptException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Compiles scripts against the running kernel and has its verifier check every program, without
 * attaching anything. Needs root.
 *
 * <pre>
 * java -cp shell/target/shadowtrace.jar dev.shadowtrace.shell.verify.VerifyMain examples/*.d
 * ok examples/readlatency.d clause 2 (fbt::vfs_read:return): 120 insns
 * FAILED examples/x.d clause 1 (fbt::vfs_read:entry): the kernel verifier rejected program c1_vfs_read:
 *     (the verifier log)
 * verified 12 programs of 11 scripts: 12 loaded, 0 failed
 * </pre>
 *
 * Exits 0 only if every script compiled and every program loaded.
 */
public final class VerifyMain {
    private final PrintStream out;
    private int programs;
    private int loaded;
    private boolean failed;

    private VerifyMain(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: VerifyMain SCRIPT.d...");
            System.exit(2);
        }
        VerifyMain verify = new VerifyMain(System.out);
        KernelSnapshot kernel = KernelSnapshot.read();
        for (String file : args) {
            verify.script(file, new ScriptCompiler(kernel));
        }
        System.out.printf("verified %d programs of %d scripts on Linux %s: %d loaded, %d failed%n",
                verify.programs, args.length, kernel.release(), verify.loaded, verify.programs - verify.loaded);
        System.exit(verify.failed ? 1 : 0);
    }

    private void script(String file, ScriptCompiler compiler) throws IOException {
        CompiledScript compiled;
        try {
            compiled = compiler.compile(Lang.parseAndCheck(file, Files.readString(Path.of(file))));
        } catch (ScriptException e) {
            out.println("FAILED " + file + ": does not compile");
            out.println(e.render().indent(4).stripTrailing());
            failed = true;
            return;
        }
        List<ProgramVerdict> verdicts = KernelVerifier.verify(compiled);
        for (ProgramVerdict v : verdicts) {
            programs++;
            String what = file + " clause " + v.program().clauseNumber() + " (" + v.program().probes() + ")";
            if (v.ok()) {
                loaded++;
                out.println("ok " + what + ": " + v.program().program().length() + " insns");
            } else {
                failed = true;
                out.println("FAILED " + what + ": " + v.failure().orElseThrow());
                out.println(v.verifierLog().indent(4).stripTrailing());
            }
        }
    }
}
