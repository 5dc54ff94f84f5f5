package dev.shadowtrace.shell.verify;

import dev.shadowtrace.lang.diag.ScriptException;

import java.io.PrintStream;
import java.util.List;

/**
 * VerifyMain's output: one line per program, the verifier's log under a failure, scripts that did
 * not compile, and a closing summary.
 */
final class VerifyReport {
    private final PrintStream out;
    private int scripts;
    private int programs;
    private int loaded;
    private boolean failed;

    VerifyReport(PrintStream out) {
        this.out = out;
    }

    /** {@code ok FILE clause N (PROBES): K insns}, or {@code FAILED ...: reason} and the indented verifier log. */
    void verified(String file, List<ProgramVerdict> verdicts) {
        scripts++;
        for (ProgramVerdict v : verdicts) {
            programs++;
            String what = file + " clause " + v.program().clauseNumber() + " (" + v.program().probes() + ")";
            if (v.ok()) {
                loaded++;
                out.println("ok " + what + ": " + v.program().program().length() + " insns");
            } else {
                failed = true;
                out.println("FAILED " + what + ": " + v.failure().orElseThrow());
                if (!v.verifierLog().isBlank()) {
                    out.println(v.verifierLog().indent(4).stripTrailing());
                }
            }
        }
    }

    void notCompiled(String file, ScriptException e) {
        scripts++;
        failed = true;
        out.println("FAILED " + file + ": does not compile");
        out.println(e.render().indent(4).stripTrailing());
    }

    /** {@code verified N programs of M scripts on Linux R: L loaded, F failed}. */
    void summary(String kernelRelease) {
        out.printf("verified %d programs of %d scripts on Linux %s: %d loaded, %d failed%n",
                programs, scripts, kernelRelease, loaded, programs - loaded);
    }

    /** 0 if every script compiled and every program loaded, else 1. */
    int exitStatus() {
        return failed ? 1 : 0;
    }
}
