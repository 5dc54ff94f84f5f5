package dev.shadowtrace.shell.interactive;

import org.jline.reader.impl.DefaultParser;

/**
 * How JLine splits the prompt's input: words at blanks (for completion), strings in double
 * quotes; Enter continues the input on a new line while a brace or a string is open, so that a
 * clause can be typed over several lines.
 */
final class ShellParser extends DefaultParser {
    ShellParser() {
        quoteChars(new char[] {'"'});
        escapeChars(new char[] {'\\'});
        eofOnUnclosedQuote(true);
        eofOnUnclosedBracket(Bracket.CURLY);
    }
}
