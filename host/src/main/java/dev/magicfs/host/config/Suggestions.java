package dev.magicfs.host.config;

import java.util.Collection;
import java.util.Comparator;

/** "did you mean" hints for misspelt keys and kinds. */
public final class Suggestions {
    private Suggestions() {}

    /** {@code " (did you mean 'clock'?)"} when a candidate is close to {@code word}, else "". */
    public static String didYouMean(String word, Collection<String> candidates) {
        return candidates.stream()
                .filter(c -> distance(word, c) <= Math.max(2, c.length() / 3))
                .min(Comparator.comparingInt((String c) -> distance(word, c)).thenComparing(c -> c))
                .map(c -> " (did you mean '" + c + "'?)")
                .orElse("");
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] row = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            row[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                row[j] = Math.min(substitution, Math.min(previous[j], row[j - 1]) + 1);
            }
            int[] t = previous;
            previous = row;
            row = t;
        }
        return previous[b.length()];
    }
}
