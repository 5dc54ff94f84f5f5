package dev.shadowtrace.shell;

import dev.shadowtrace.compiler.CompiledScript;
import dev.shadowtrace.compiler.ScriptCompiler;
import dev.shadowtrace.compiler.kernel.KernelInfo;
import dev.shadowtrace.compiler.layout.Limits;
import dev.shadowtrace.lang.Lang;
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
        this.compiler = new ScriptCompiler(kernel, limits);
        this.err = err;
    }

    /** The compiled script, or null after the errors were printed. */
    CompiledScript compile(ScriptSource source) {
        try {
            return compiler.compile(Lang.parseAndCheck(source.name(), source.text()));
        } catch (ScriptException e) {
            err.print(e.render());
            if (!e.render().endsWith("\n")) {
                err.println();
            }
            return null;
        }
    }

    /** Prints what the script compiles to; false after errors were printed instead. */
    boolean dump(ScriptSource source, PrintWriter out) {
        CompiledScript compiled = compile(source);
        if (compiled == null) {
            return false;
        }
        out.print(compiled.dump());
        return true;
    }
}
