package dev.shadowtrace.shell.interactive;

import dev.shadowtrace.compiler.CompiledScript;
import dev.shadowtrace.compiler.ProbeProgram;
import dev.shadowtrace.compiler.ScriptCompiler;
import dev.shadowtrace.compiler.TracerClause;
import dev.shadowtrace.compiler.kernel.KernelInfo;
import dev.shadowtrace.compiler.layout.Limits;
import dev.shadowtrace.lang.Lang;
import dev.shadowtrace.lang.ast.Clause;
import dev.shadowtrace.lang.ast.ProbeDescription;
import dev.shadowtrace.lang.check.CheckedScript;
import dev.shadowtrace.lang.diag.Diagnostic;
import dev.shadowtrace.lang.diag.ScriptException;
import dev.shadowtrace.lang.diag.SourceFile;
import dev.shadowtrace.lang.diag.SourcePos;

import java.util.ArrayList;
import java.util.List;

/**
 * The session's script: every clause typed and accepted so far, one after the other as lines of
 * one text named {@code <shell>}, and compiled again as a whole with each new input. So a map is
 * the same map in every clause that names it ({@code @n} is {@code m0_n} from the first clause
 * on: the compiler numbers maps in order of first use, and new text only comes at the end), its
 * key and value types are checked across clauses, and an error is reported at its line and column
 * of the session, as the CLI reports them in a file. Removed clauses stay in the text, so that
 * the maps keep their names; only their probes are detached. BEGIN, END and timer clauses are
 * compiled with the rest and run in the tracer ({@link ShellSession}). {@code $target} and
 * {@code pid$target} are the session's target ({@link SessionTarget}), fixed once there is one.
 */
final class ClauseSource {
    static final String NAME = "<shell>";

    /**
     * An input compiled with everything before it.
     *
     * @param script    the whole session's script
     * @param programs  the programs of the input's kernel, user and profile clauses
     * @param tracer    the input's BEGIN, END and timer clauses, which run in the tracer
     * @param source    the whole text, for error positions
     * @param firstLine the input's first line in the session's text
     * @param lastLine  its last line
     */
    record Compiled(CompiledScript script, List<ProbeProgram> programs, List<TracerClause> tracer, SourceFile source,
            int firstLine, int lastLine) {}

    private final KernelInfo kernel;
    private final SessionTarget target;
    private String text = "";
    private int lines;

    /** A session without a target until {@code target} has one. */
    ClauseSource(KernelInfo kernel, SessionTarget target) {
        this.kernel = kernel;
        this.target = target;
    }

    ClauseSource(KernelInfo kernel) {
        this(kernel, new SessionTarget());
    }

    /**
     * Compiles the session's text with {@code input} appended, without keeping it: call {@link
     * #accept} once its clauses are attached.
     */
    Compiled compile(String input) throws ScriptException {
        String candidate = text + input.strip() + "\n";
        SourceFile source = new SourceFile(NAME, candidate);
        int first = lines + 1;
        CheckedScript checked = Lang.parseAndCheck(NAME, candidate, target.parameters());
        requireTargetForPidProbes(checked, source, first);
        CompiledScript script = new ScriptCompiler(kernel, Limits.DEFAULTS, target.user()).compile(checked);
        int last = (int) candidate.chars().filter(c -> c == '\n').count();
        List<TracerClause> tracer = script.tracerClauses().stream()
                .filter(c -> c.clause().pos().line() >= first).toList();
        List<ProbeProgram> programs = script.programs().stream()
                .filter(p -> p.clause().pos().line() >= first).toList();
        if (programs.isEmpty() && tracer.isEmpty()) {
            throw new ScriptException(source.error(new SourcePos(first, 1), "no clause to attach"));
        }
        return new Compiled(script, programs, tracer, source, first, last);
    }

    /**
     * Before there is a target, an error at each {@code pid$target} probe of the new input (the
     * compiler's own would tell to give -c or -p, which the shell takes only at its start).
     */
    private void requireTargetForPidProbes(CheckedScript checked, SourceFile source, int first)
            throws ScriptException {
        if (target.pid().isPresent()) {
            return;
        }
        List<Diagnostic> errors = new ArrayList<>();
        for (Clause clause : checked.script().clauses()) {
            for (ProbeDescription probe : clause.probes()) {
                if (probe.pos().line() >= first && probe.provider().equals(ProbeDescription.PID)
                        && probe.pidTarget().equals("$target")) {
                    errors.add(source.error(probe.pos(), probe.text() + ": $target is the traced process, and this"
                            + " session has none", SessionTarget.NO_TARGET));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new ScriptException(errors);
        }
    }

    /** Keeps {@code compiled}'s text: its clauses are attached. */
    void accept(Compiled compiled) {
        text = compiled.source().text();
        lines = (int) text.chars().filter(c -> c == '\n').count();
    }

    /** The session's text so far. */
    String text() {
        return text;
    }
}
