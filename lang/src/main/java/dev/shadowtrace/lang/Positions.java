package dev.shadowtrace.lang;

import dev.shadowtrace.lang.diag.SourcePos;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;

/** Source positions of tokens (ANTLR columns are 0-based, ours 1-based). */
final class Positions {

    private Positions() {
    }

    static SourcePos pos(Token token) {
        return new SourcePos(token.getLine(), token.getCharPositionInLine() + 1);
    }

    static SourcePos pos(TerminalNode node) {
        return pos(node.getSymbol());
    }
}
