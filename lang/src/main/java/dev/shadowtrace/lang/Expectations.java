package dev.shadowtrace.lang;

import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;

import java.util.ArrayList;
import java.util.List;

/** Puts the set of tokens the parser expected into words: "an expression or ')'". */
final class Expectations {

    /** The tokens an expression can start with. */
    private static final IntervalSet EXPRESSION_START = IntervalSet.of(ShadowParser.INT);

    static {
        for (int token : new int[] {ShadowParser.STRING, ShadowParser.IDENT, ShadowParser.SELF, ShadowParser.THIS,
                ShadowParser.SCRATCH, ShadowParser.POSITIONAL, ShadowParser.MAP, ShadowParser.LPAREN, ShadowParser.NOT,
                ShadowParser.TILDE, ShadowParser.MINUS}) {
            EXPRESSION_START.add(token);
        }
        EXPRESSION_START.setReadonly(true);
    }

    private Expectations() {
    }

    /** What was expected at a syntax error in rule {@code context}, without the leading "expected". */
    static String describe(IntervalSet expected, ParserRuleContext context) {
        if (context instanceof ShadowParser.BlockItemContext && expected.equals(IntervalSet.of(ShadowParser.SEMI))) {
            return "';' or '}' after statement";
        }
        IntervalSet rest = new IntervalSet(expected);
        List<String> words = new ArrayList<>();
        if (containsAll(rest, EXPRESSION_START)) {
            if (rest.contains(ShadowParser.IF)) {
                words.add("a statement");
                rest.remove(ShadowParser.IF);
                rest.remove(ShadowParser.SEMI);
            } else {
                words.add("an expression");
            }
            rest = rest.subtract(EXPRESSION_START);
        }
        if (rest.size() > 1 || !words.isEmpty()) {
            rest.remove(Token.EOF);
        }
        for (int token : rest.toList()) {
            words.add(describe(token));
        }
        return join(words);
    }

    private static String describe(int token) {
        return switch (token) {
            case Token.EOF -> "end of input";
            case ShadowParser.PROBE -> "a probe description such as fbt::vfs_read:entry";
            case ShadowParser.PRED_START -> "a predicate '/ ... /'";
            case ShadowParser.PRED_END -> "'/' to end the predicate";
            case ShadowParser.IDENT -> "a name";
            case ShadowParser.INT -> "an integer";
            case ShadowParser.STRING -> "a string literal";
            case ShadowParser.MAP -> "a map such as @name";
            case ShadowParser.SCRATCH -> "a variable such as $name";
            case ShadowParser.POSITIONAL -> "a positional parameter such as $1";
            case ShadowParser.COMMA -> "','";   // no literal name: ',' is also lexed in probe lists
            case ShadowParser.LBRACE -> "'{'";  // likewise
            default -> ShadowParser.VOCABULARY.getLiteralName(token);
        };
    }

    private static boolean containsAll(IntervalSet set, IntervalSet subset) {
        return subset.toList().stream().allMatch(set::contains);
    }

    private static String join(List<String> words) {
        if (words.size() == 1) {
            return words.get(0);
        }
        return String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.get(words.size() - 1);
    }
}
