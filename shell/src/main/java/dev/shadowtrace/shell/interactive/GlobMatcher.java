package dev.shadowtrace.shell.interactive;

import dev.shadowtrace.shell.ProbeLister;

import org.jline.reader.CompletingParsedLine;
import org.jline.reader.LineReader;
import org.jline.reader.impl.CompletionMatcherImpl;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * JLine's matching of completion candidates, plus globs: JLine keeps only the candidates that
 * start with (or contain) the word typed, so a word such as {@code fbt::vfs_rea*} would match
 * none of the functions {@link ShellCompleter} offers for it. When the word holds {@code *},
 * {@code ?} or {@code [}, the candidates it matches as a glob ({@code -l}'s globbing; a trailing
 * {@code :} of a candidate is optional) come first: one is completed in place of the word, several
 * are listed and the word stays as typed (their common prefix does not start with it).
 */
final class GlobMatcher extends CompletionMatcherImpl {
    private static final Pattern GLOB = Pattern.compile("[*?\\[]");

    @Override
    protected void defaultMatchers(Map<LineReader.Option, Boolean> options, boolean prefix,
            CompletingParsedLine line, boolean caseInsensitive, int errors, String originalGroupName) {
        super.defaultMatchers(options, prefix, line, caseInsensitive, errors, originalGroupName);
        String word = line.word().substring(0, Math.min(line.wordCursor(), line.word().length()));
        if (GLOB.matcher(word).find()) {
            Pattern glob = Pattern.compile(ProbeLister.globToRegex(word));
            matchers.add(0, simpleMatcher(value -> glob.matcher(value).matches()
                    || value.endsWith(":") && glob.matcher(value.substring(0, value.length() - 1)).matches()));
        }
    }
}
