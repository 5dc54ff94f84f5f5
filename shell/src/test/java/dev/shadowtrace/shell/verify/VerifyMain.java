package dev.shadowtrace.shell.verify;

import dev.shadowtrace.compiler.CompiledScript;
import dev.shadowtrace.compiler.ScriptCompiler;
import dev.shadowtrace.compiler.kernel.KernelSnapshot;
import dev.shadowtrace.compiler.layout.Limits;
import dev.shadowtrace.compiler.user.UserTarget;
import dev.shadowtrace.lang.Lang;
import dev.shadowtrace.lang.diag.ScriptException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Compiles scripts against the running kernel and has its verifier check every program, without
 * attaching anything. Needs root.
 *
 * <pre>
 * java -cp shell/target/shadowtrace.jar dev.shadowtrace.shell.verify.VerifyMain examples/*.d
 * ok examples/readlatency.d clause 2 (fbt::vfs_read:return): 120 insns
 * FAILED examples/x.d clause 1 (fbt::vfs_read:entry): the kernel verifier rejected program c1_vfs_read:
 *     (the verifier's log)
 * verified 13 programs of 11 scripts on Linux 6.1.0-56-amd64: 12 loaded, 1 failed
 * </pre>
 *
 * Exits 0 only if every script compiled and every program loaded; 2 without arguments.
 */
public final class VerifyMain {
    private VerifyMain() {}

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: java -cp shadowtrace.jar " + VerifyMain.class.getName() + " SCRIPT.d...");
            System.exit(2);
        }
        KernelSnapshot kernel = KernelSnapshot.read();
        // $target of pid probes (examples/pid_calls.d): bash, as the examples' Run lines have it
        ScriptCompiler compiler = new ScriptCompiler(kernel, Limits.DEFAULTS, UserTarget.command(Path.of("/bin/bash")));
        VerifyReport report = new VerifyReport(System.out);
        for (String file : args) {
            try {
                CompiledScript compiled = compiler.compile(Lang.parseAndCheck(file, Files.readString(Path.of(file))));
                report.verified(file, KernelVerifier.verify(compiled));
            } catch (ScriptException e) {
                report.notCompiled(file, e);
            }
        }
        report.summary(kernel.release());
        System.exit(report.exitStatus());
    }
}
