package dev.shadowtrace.shell.interactive;

import dev.shadowtrace.lang.ast.BuiltinFunction;
import dev.shadowtrace.lang.ast.BuiltinVariable;
import dev.shadowtrace.lang.types.AggregationKind;

import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What Tab offers at the prompt: the commands and the providers' prefixes ({@code fbt::},
 * {@code syscall::}, {@code tracepoint:}, {@code profile:hz:}, {@code uprobe:}, ...) as the first
 * word; in a probe description what its provider offers ({@link ProbeCompletion}: functions,
 * syscalls, files and ELF functions, then probe names; a glob offers everything it matches, with
 * {@code -l}'s globbing, which {@link GlobMatcher} lets through); in a clause's body the built-in
 * variables, functions and aggregations and the session's maps; after {@code print}, {@code clear}
 * and {@code watch} the maps; after {@code attach} the running processes' pids, described by their
 * command names.
 */
final class ShellCompleter implements Completer {
    private final List<ProbeCompletion> providers;
    private final Supplier<Collection<String>> maps;
    private final Supplier<Map<Integer, String>> processes;

    /**
     * @param providers what each provider completes
     * @param maps      the session's map names ({@code @n})
     * @param processes running processes: pid to command name
     */
    ShellCompleter(List<ProbeCompletion> providers, Supplier<Collection<String>> maps,
            Supplier<Map<Integer, String>> processes) {
        this.providers = List.copyOf(providers);
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
        // A probe description may hold globs and paths; elsewhere a name is letters, digits, '_' and '@'.
        int start = tokenStart(word, "_@:.*?[]-+/");
        String token = word.substring(start);
        Optional<ProbeCompletion> provider = providers.stream()
                .filter(p -> p.prefixes().stream().anyMatch(token::startsWith)).findFirst();
        boolean probe = provider.isPresent() || (!token.isEmpty() && providers.stream()
                .anyMatch(p -> p.prefixes().stream().anyMatch(x -> x.startsWith(token))));
        if (!probe) {
            start = tokenStart(word, "_@");
        }
        String before = word.substring(0, start);
        String name = word.substring(start);
        if (provider.isPresent()) {
            return provider.get().complete(token).stream().map(v -> probe(before + v, v)).toList();
        }
        List<Candidate> out = new ArrayList<>();
        if (probe) {
            providers.stream().flatMap(p -> p.prefixes().stream()).filter(x -> x.startsWith(token))
                    .forEach(x -> out.add(new Candidate(before + x, x, "providers", null, null, null, false)));
        } else if (index == 0 && before.isEmpty() && name.isEmpty()) {
            providers.stream().flatMap(p -> p.prefixes().stream())
                    .forEach(x -> out.add(new Candidate(x, x, "providers", null, null, null, false)));
        }
        if (index == 0 && before.isEmpty()) {
            ShellCommand.NAMES.forEach(n -> out.add(new Candidate(n, n, "commands", null, null, null, true)));
            return out;
        }
        if (name.startsWith("@")) {
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

    /** A probe description, or the start of one: shown without what precedes the last ':' or '/'. */
    private static Candidate probe(String value, String probe) {
        boolean partial = probe.endsWith(":") || probe.endsWith("/");
        String body = partial ? probe.substring(0, probe.length() - 1) : probe;
        int cut = Math.max(body.lastIndexOf(':'), body.lastIndexOf('/'));
        return new Candidate(value, probe.substring(cut + 1), "probes", null, null, null, false);
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
