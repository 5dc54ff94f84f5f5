package dev.shadowtrace.lang;

import dev.shadowtrace.lang.check.CheckedScript;
import dev.shadowtrace.lang.check.Checker;
import dev.shadowtrace.lang.diag.ScriptException;

/** The front end in one call: {@link ScriptParser#parse} then {@link Checker#check}. */
public final class Lang {

    private Lang() {
    }

    /**
     * Parses and checks a script.
     *
     * @param sourceName the name used in error messages: a file path, or
     *                   {@link dev.shadowtrace.lang.diag.SourceFile#COMMAND_LINE} for a one-liner
     * @param text       the script
     * @throws ScriptException with the syntax error, or with every error found while building the AST,
     *                         or with every type error
     */
    public static CheckedScript parseAndCheck(String sourceName, String text) throws ScriptException {
        return Checker.check(ScriptParser.parse(sourceName, text));
    }

    /** As {@link #parseAndCheck(String, String)}, with {@code $1}..{@code $N}, {@code $#} and {@code $target} given. */
    public static CheckedScript parseAndCheck(String sourceName, String text, ScriptParameters parameters)
            throws ScriptException {
        return Checker.check(ScriptParser.parse(sourceName, text, parameters));
    }
}
