package dev.shadowtrace.shell.interactive;

import dev.shadowtrace.lang.ast.BuiltinFunction;
import dev.shadowtrace.lang.ast.BuiltinVariable;
import dev.shadowtrace.lang.types.AggregationKind;

import dev.shadowtrace.shell.ProbeLister;

import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * What Tab offers at the prompt: the commands and the {@code fbt} provider as the first word;
 * in a probe description the running kernel's traceable functions (those {@code -l} lists; a
 * function with a glob offers every function it matches, with {@code -l}'s globbing, which
 * {@link GlobMatcher} lets through), then {@code entry} and {@code return}; in a clause's body
 * the built-in variables, functions and aggregations and the
 * session's maps; after {@code print}, {@code clear} and {@code watch} the maps; after
 * {@code attach} the running processes' pids, described by their command names.
 */
final class ShellCompleter implements Completer {
    static final String PROVIDER = "fbt::";
    private static final Pattern GLOB = Pattern.compile("[*?\\[]");

    private final Supplier<Collection<String>> functions;
    private final Supplier<Collection<String>> maps;
    private final Supplier<Map<Integer, String>> processes;

    /**
     * @param functions the traceable functions, sorted
     * @param maps      the session's map names ({@code @n})
     * @param processes running processes: pid to command name
     */
    ShellCompleter(Supplier<Collection<String>> functions, Supplier<Collection<String>> maps,
            Supplier<Map<Integer, String>> processes) {
        this.functions = functions;
        this.maps = maps;
        this.processes = processes;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        String word = line.word().substring(0, Math.min(line.wordCursor(), line.word().length()));
        candidates.addAll(candidates(line.words(), line.wordIndex(), word));
    }

    /** The candidates for {@code word} (up to the cursor), the {@code index}-th of {@code words}. */
    List<Candidate> candidates(List<String> words, int index, String word) {
        String command = index > 0 && !words.isEmpty() ? words.get(0) : "";
        switch (command) {
            case "print", "clear", "watch" -> {
                return index == 1 ? mapNames("") : List.of();
            }
            case "attach" -> {
                List<Candidate> out = new ArrayList<>();
                processes.get().forEach((pid, comm) -> out.add(new Candidate(String.valueOf(pid), pid + " " + comm,
                        null, comm, null, null, true)));
                return out;
            }
            case "remove", "run", "detach", "clauses", "stats", "help", "quit" -> {
                return List.of();
            }
            default -> {
                // a clause, or the first word
            }
        }
        // Only the end of a word like "{@n" or "(arg0" is completed; the rest is kept in front.
        // A probe description may hold globs; elsewhere a name is letters, digits, '_' and '@'.
        int start = tokenStart(word, "_@:.*?[]-+");
        String token = word.substring(start);
        boolean probe = token.startsWith("fbt:") || (!token.isEmpty() && PROVIDER.startsWith(token));
        if (!probe) {
            start = tokenStart(word, "_@");
            token = word.substring(start);
        }
        String before = word.substring(0, start);
        if (token.startsWith("fbt:")) {
            return probes(before, token);
        }
        List<Candidate> out = new ArrayList<>();
        if (probe) {
            out.addAll(probes(before, token));
        }
        if (index == 0 && before.isEmpty()) {
            ShellCommand.NAMES.forEach(n -> out.add(new Candidate(n, n, "commands", null, null, null, true)));
            return out;
        }
        if (token.startsWith("@")) {
            out.addAll(mapNames(before));
        } else {
            BuiltinVariable.allNames().forEach(n -> out.add(plain(before + n, n, "variables")));
            Arrays.stream(BuiltinFunction.values()).flatMap(f -> f.names().stream())
                    .forEach(n -> out.add(call(before + n, n, "functions")));
            Arrays.stream(AggregationKind.values()).flatMap(a -> a.names().stream())
                    .forEach(n -> out.add(call(before + n, n, "aggregations")));
        }
        return out;
    }

    private static int tokenStart(String word, String punctuation) {
        int start = word.length();
        while (start > 0 && (Character.isLetterOrDigit(word.charAt(start - 1))
                || punctuation.indexOf(word.charAt(start - 1)) >= 0)) {
            start--;
        }
        return start;
    }

    /** {@code fbt::} then the functions, then the probe names; a glob in the function offers what it matches. */
    private List<Candidate> probes(String before, String token) {
        if (!token.startsWith(PROVIDER)) {
            return List.of(new Candidate(before + PROVIDER, PROVIDER, "providers", null, null, null, false));
        }
        String rest = token.substring(PROVIDER.length());
        int colon = rest.indexOf(':');
        if (colon >= 0) {
            String function = rest.substring(0, colon);
            return List.of("entry", "return").stream()
                    .map(n -> plain(before + PROVIDER + function + ":" + n, n, "probes")).toList();
        }
        List<Candidate> out = new ArrayList<>();
        Pattern glob = GLOB.matcher(rest).find() ? Pattern.compile(ProbeLister.globToRegex(rest)) : null;
        for (String f : functions.get()) {
            if (glob != null ? glob.matcher(f).matches() : f.startsWith(rest)) {
                out.add(new Candidate(before + PROVIDER + f + ":", f, "functions", null, null, null, false));
            }
        }
        return out;
    }

    private List<Candidate> mapNames(String before) {
        return maps.get().stream().map(m -> plain(before + m, m, "maps")).toList();
    }

    private static Candidate plain(String value, String display, String group) {
        return new Candidate(value, display, group, null, null, null, false);
    }

    private static Candidate call(String value, String display, String group) {
        return new Candidate(value + "(", display + "()", group, null, null, null, false);
    }

}
