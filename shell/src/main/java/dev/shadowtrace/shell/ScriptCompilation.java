package dev.shadowtrace.shell;

import dev.shadowtrace.compiler.CompiledScript;
import dev.shadowtrace.compiler.ScriptCompiler;
import dev.shadowtrace.compiler.user.UserTarget;
import dev.shadowtrace.compiler.kernel.KernelInfo;
import dev.shadowtrace.compiler.layout.Limits;
import dev.shadowtrace.lang.Lang;
import dev.shadowtrace.lang.ScriptParameters;
import dev.shadowtrace.lang.check.CheckedScript;
import dev.shadowtrace.lang.diag.ScriptException;

import java.io.PrintWriter;

/** Parses, checks and compiles a script for a kernel, reporting errors with their positions. */
final class ScriptCompilation {
    private final ScriptCompiler compiler;
    private final PrintWriter err;

    ScriptCompilation(KernelInfo kernel, PrintWriter err) {
        this(kernel, Limits.DEFAULTS, err);
    }

    ScriptCompilation(KernelInfo kernel, Limits limits, PrintWriter err) {
        this(kernel, limits, UserTarget.NONE, err);
    }

    /** With {@code target} as the process of pid probes ({@code pid$target::FUNC:entry}). */
    ScriptCompilation(KernelInfo kernel, Limits limits, UserTarget target, PrintWriter err) {
        this.compiler = new ScriptCompiler(kernel, limits, target);
        this.err = err;
    }

    /**
     * The script parsed and type-checked, or null after its syntax and type errors were printed
     * with their positions: these need nothing of the kernel, so they come before it is read.
     */
    static CheckedScript check(ScriptSource source, PrintWriter err) {
        return check(source, ScriptParameters.NONE, err);
    }

    /** As {@link #check(ScriptSource, PrintWriter)}, with what {@code $1}..{@code $N} and {@code $target} stand for. */
    static CheckedScript check(ScriptSource source, ScriptParameters parameters, PrintWriter err) {
        try {
            return Lang.parseAndCheck(source.name(), source.text(), parameters);
        } catch (ScriptException e) {
            report(e, err);
            return null;
        }
    }

    /** The compiled script, or null after the errors were printed. */
    CompiledScript compile(ScriptSource source) {
        CheckedScript checked = check(source, err);
        return checked == null ? null : compile(checked);
    }

    /** {@code checked} compiled for the kernel (its probes resolved), or null after the errors were printed. */
    CompiledScript compile(CheckedScript checked) {
        try {
            return compiler.compile(checked);
        } catch (ScriptException e) {
            report(e, err);
            return null;
        }
    }

    private static void report(ScriptException e, PrintWriter err) {
        err.print(e.render());
        if (!e.render().endsWith("\n")) {
            err.println();
        }
    }

    /** Prints what the script compiles to; false after errors were printed instead. */
    boolean dump(CheckedScript checked, PrintWriter out) {
        CompiledScript compiled = compile(checked);
        if (compiled == null) {
            return false;
        }
        out.print(compiled.dump());
        return true;
    }
}
