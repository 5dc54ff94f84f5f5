package dev.shadowtrace.shell.interactive;

import dev.shadowtrace.shell.ProbeLister;

import org.jline.reader.CompletingParsedLine;
import org.jline.reader.LineReader;
import org.jline.reader.impl.CompletionMatcherImpl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * JLine keeps the candidates that start with the typed word; a word with a glob
 * ({@code fbt::vfs_*re}) starts no candidate, so for such a word the candidates are those the
 * glob matches at their start, as {@link ShellCompleter} offers them.
 */
final class GlobMatcher extends CompletionMatcherImpl {
    @Override
    protected void defaultMatchers(Map<LineReader.Option, Boolean> options, boolean prefix,
            CompletingParsedLine line, boolean caseInsensitive, int errors, String originalGroupName) {
        String word = line.word().substring(0, Math.min(line.wordCursor(), line.word().length()));
        if (word.contains("fbt::") && word.matches(".*[*?\\[].*")) {
            Pattern glob = Pattern.compile(ProbeLister.globToRegex(word) + ".*");
            exact = s -> false;
            matchers = new ArrayList<>(List.of(simpleMatcher(s -> glob.matcher(s).matches())));
            return;
        }
        super.defaultMatchers(options, prefix, line, caseInsensitive, errors, originalGroupName);
    }
}
