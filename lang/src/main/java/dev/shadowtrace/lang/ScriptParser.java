package dev.shadowtrace.lang;

import dev.shadowtrace.lang.ast.Script;
import dev.shadowtrace.lang.diag.Diagnostics;
import dev.shadowtrace.lang.diag.ScriptException;
import dev.shadowtrace.lang.diag.SourceFile;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;

/**
 * Parses script text into an unchecked {@link Script} (every expression has type
 * {@code UNRESOLVED}; run {@link dev.shadowtrace.lang.check.Checker#check(Script)} next).
 */
public final class ScriptParser {

    private ScriptParser() {
    }

    /**
     * Parses a script.
     *
     * @param sourceName the name used in error messages: a file path, or
     *                   {@link SourceFile#COMMAND_LINE} for a one-liner
     * @param text       the script
     * @throws ScriptException at the first syntax error, or with every error found while building
     *                         the AST (malformed probe descriptions or literals, unknown functions,
     *                         misplaced aggregating functions, assignments to non-variables)
     */
    public static Script parse(String sourceName, String text) throws ScriptException {
        return parse(sourceName, text, ScriptParameters.NONE);
    }

    /**
     * Parses a script whose {@code $1}..{@code $N}, {@code $#} and {@code $target} stand for
     * {@code parameters}; as {@link #parse(String, String)} otherwise.
     */
    public static Script parse(String sourceName, String text, ScriptParameters parameters) throws ScriptException {
        SourceFile source = new SourceFile(sourceName, text);
        ShadowLexer lexer = new ShadowLexer(CharStreams.fromString(text, sourceName));
        lexer.removeErrorListeners();  // every character lexes to some token (STRAY at worst)
        ShadowParser parser = new ShadowParser(new CommonTokenStream(lexer));
        parser.removeErrorListeners();
        parser.setErrorHandler(new SyntaxErrorStrategy(source));
        ShadowParser.ScriptContext tree;
        try {
            tree = parser.script();
        } catch (SyntaxError e) {
            throw new ScriptException(e.diagnostic());
        }
        Diagnostics diagnostics = new Diagnostics(source);
        Script script = new AstBuilder(diagnostics, parameters).script(tree);
        diagnostics.throwIfErrors();
        return script;
    }
}
