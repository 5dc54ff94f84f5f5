package dev.shadowtrace.lang.diag;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean ...?" suggestions: the candidates closest to a misspelled name by edit distance
 * (Damerau-Levenshtein, optimal string alignment, ignoring case). Used for built-ins, functions,
 * variables and maps here, and by the compiler for kernel function names:
 *
 * <pre>
 * Suggest.didYouMean("vfs_reed", kernelFunctions)   // Optional["did you mean 'vfs_read'?"]
 * </pre>
 */
public final class Suggest {

    /** How many suggestions {@link #closest} returns at most. */
    public static final int MAX_SUGGESTIONS = 3;

    private Suggest() {
    }

    /**
     * The candidates within {@link #threshold(String)} edits of {@code name}, best first (ties broken
     * by case-sensitive distance, then alphabetically), at most {@link #MAX_SUGGESTIONS}. Never
     * includes {@code name} itself.
     */
    public static List<String> closest(String name, Collection<String> candidates) {
        int limit = threshold(name);
        String lower = name.toLowerCase(Locale.ROOT);
        record Scored(String candidate, int distance, int exactDistance) {
        }
        return candidates.stream()
                .distinct()
                .filter(c -> !c.equals(name) && Math.abs(c.length() - name.length()) <= limit)
                .map(c -> new Scored(c, distance(lower, c.toLowerCase(Locale.ROOT)), distance(name, c)))
                .filter(s -> s.distance <= limit)
                .sorted(Comparator.comparingInt(Scored::distance)
                        .thenComparingInt(Scored::exactDistance)
                        .thenComparing(Scored::candidate))
                .limit(MAX_SUGGESTIONS)
                .map(Scored::candidate)
                .toList();
    }

    /** "did you mean 'a'?" or "did you mean 'a' or 'b'?" for the closest candidates, if any. */
    public static Optional<String> didYouMean(String name, Collection<String> candidates) {
        return didYouMean(name, candidates, "");
    }

    /** Like {@link #didYouMean(String, Collection)}, quoting each candidate with a prefix ("@", "self->"). */
    public static Optional<String> didYouMean(String name, Collection<String> candidates, String prefix) {
        List<String> close = closest(name, candidates);
        if (close.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder text = new StringBuilder("did you mean ");
        for (int i = 0; i < close.size(); i++) {
            if (i > 0) {
                text.append(i == close.size() - 1 ? " or " : ", ");
            }
            text.append('\'').append(prefix).append(close.get(i)).append('\'');
        }
        return Optional.of(text.append('?').toString());
    }

    /** The largest edit distance still worth suggesting: a third of the name's length, between 1 and 3. */
    public static int threshold(String name) {
        return Math.max(1, Math.min(3, name.length() / 3));
    }

    /** Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps. */
    public static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
