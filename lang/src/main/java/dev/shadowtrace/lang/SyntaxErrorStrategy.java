package dev.shadowtrace.lang;

import dev.shadowtrace.lang.diag.SourceFile;
import dev.shadowtrace.lang.diag.SourcePos;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;

import java.util.Optional;

/**
 * Replaces ANTLR's error reporting and recovery: the first syntax error stops the parse with a
 * {@link SyntaxError} that says, in words, what was expected and what was found instead.
 * (Recovering would mostly produce follow-on errors that confuse more than they help.)
 */
final class SyntaxErrorStrategy extends DefaultErrorStrategy {

    /** Longest token text quoted in a message before it is shortened. */
    private static final int MAX_QUOTED = 24;

    private final SourceFile source;

    SyntaxErrorStrategy(SourceFile source) {
        this.source = source;
    }

    @Override
    public void reportError(Parser parser, RecognitionException e) {
        throw error(parser, e.getOffendingToken(), e.getExpectedTokens());
    }

    /** Called when a single expected token is missing; no single-token insertion or deletion is attempted. */
    @Override
    public Token recoverInline(Parser parser) {
        throw error(parser, parser.getCurrentToken(), parser.getExpectedTokens());
    }

    /** Called by {@link #sync} when the current token can neither continue nor end a loop or optional part. */
    @Override
    protected void reportUnwantedToken(Parser parser) {
        throw error(parser, parser.getCurrentToken(), parser.getExpectedTokens());
    }

    private SyntaxError error(Parser parser, Token found, IntervalSet expected) {
        ParserRuleContext context = parser.getContext();
        SourcePos pos = position(parser, found);
        return switch (found.getType()) {
            case ShadowParser.UNTERMINATED_STRING -> new SyntaxError(source.error(pos,
                    "unterminated string literal", "a string literal must end with '\"' on the same line"));
            case ShadowParser.UNTERMINATED_COMMENT -> new SyntaxError(source.error(pos,
                    "unterminated comment", "a '/*' comment must end with '*/'"));
            default -> {
                String message = "expected " + Expectations.describe(expected, context) + ", found " + describe(found);
                Optional<Token> openBrace = found.getType() == Token.EOF ? innermostBlock(context) : Optional.empty();
                yield new SyntaxError(openBrace
                        .map(brace -> source.error(pos, message, "the '{' at line " + brace.getLine() + ", column "
                                + (brace.getCharPositionInLine() + 1) + " is never closed"))
                        .orElseGet(() -> source.error(pos, message)));
            }
        };
    }

    /** The token's position; for the end of input, just after the last token, where something is missing. */
    private static SourcePos position(Parser parser, Token found) {
        Token at = found;
        int length = 0;
        if (found.getType() == Token.EOF && parser.getInputStream().LT(-1) != null) {
            at = parser.getInputStream().LT(-1);
            length = at.getText().length();
        }
        return new SourcePos(at.getLine(), at.getCharPositionInLine() + 1 + length);
    }

    private static String describe(Token found) {
        if (found.getType() == Token.EOF) {
            return "end of input";
        }
        String text = found.getText();
        return "'" + (text.length() > MAX_QUOTED ? text.substring(0, MAX_QUOTED) + "..." : text) + "'";
    }

    /** The '{' of the innermost block being parsed, if any. */
    private static Optional<Token> innermostBlock(ParserRuleContext context) {
        for (ParserRuleContext c = context; c != null; c = c.getParent()) {
            if (c instanceof ShadowParser.BlockContext) {
                return Optional.of(c.getStart());
            }
        }
        return Optional.empty();
    }
}
