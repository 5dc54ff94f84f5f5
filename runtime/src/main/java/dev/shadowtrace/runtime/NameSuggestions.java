package dev.shadowtrace.runtime;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** "Did you mean ...?": the known names closest to a misspelt one, by edit distance. */
final class NameSuggestions {
    private NameSuggestions() {}

    static final int MAX_SUGGESTIONS = 3;

    /**
     * The names nearest to {@code wanted} (ignoring case), at most {@link #MAX_SUGGESTIONS}, sorted;
     * empty when none is within a third of its length (1 to 3 edits).
     */
    static List<String> nearest(String wanted, Collection<String> names) {
        String w = wanted.toLowerCase(Locale.ROOT);
        int best = Math.max(1, Math.min(3, w.length() / 3));
        List<String> found = new ArrayList<>();
        for (String name : names) {
            if (Math.abs(name.length() - w.length()) > best) {
                continue;
            }
            int d = distance(w, name.toLowerCase(Locale.ROOT), best);
            if (d < best) {
                best = d;
                found.clear();
            }
            if (d <= best) {
                found.add(name);
            }
        }
        found.sort(null);
        return found.size() > MAX_SUGGESTIONS ? found.subList(0, MAX_SUGGESTIONS) : found;
    }

    /** Levenshtein distance of a and b, or limit + 1 as soon as it must exceed limit. */
    static int distance(String a, String b, int limit) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            int rowMin = cur[0];
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                rowMin = Math.min(rowMin, cur[j]);
            }
            if (rowMin > limit) {
                return limit + 1;
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return Math.min(prev[b.length()], limit + 1);
    }

    /** "'a'", "'a' or 'b'", "'a', 'b' or 'c'". */
    static String phrase(List<String> names) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                sb.append(i == names.size() - 1 ? " or " : ", ");
            }
            sb.append('\'').append(names.get(i)).append('\'');
        }
        return sb.toString();
    }
}
