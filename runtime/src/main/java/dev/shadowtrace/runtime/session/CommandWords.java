package dev.shadowtrace.runtime.session;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits {@code -c}'s one string into the command's words, as DTrace and bpftrace take it: at
 * blanks, with single quotes, double quotes and backslashes to keep blanks in a word. No variables,
 * globs or redirections: the command is executed directly, not by a shell, so that the trace
 * holds the command's own work (a shell makes system calls of its own while it starts).
 */
public final class CommandWords {
    private CommandWords() {}

    public static List<String> split(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\' && i + 1 < command.length() && "\"\\$`".indexOf(command.charAt(i + 1)) >= 0) {
                    word.append(command.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < command.length()) {
                word.append(command.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unterminated " + (quote == '\'' ? "single" : "double")
                    + " quote in the command: " + command);
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
