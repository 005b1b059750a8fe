package dev.eksrole.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/** The "did you mean" of a typo: the known name nearest to it by edit distance, ignoring case. */
final class DidYouMean {

    private DidYouMean() {}

    /**
     * The candidate nearest to {@code typed}, the first of them on a tie, if it is at most {@code maxDistance} edits away.
     *
     * @param typed what was typed, in lower case
     * @return the candidate as given, not lowered
     */
    static Optional<String> nearest(Collection<String> candidates, String typed, int maxDistance) {
        return candidates.stream()
                .filter(c -> distance(c.toLowerCase(Locale.ROOT), typed) <= maxDistance)
                .min(Comparator.comparingInt(c -> distance(c.toLowerCase(Locale.ROOT), typed)));
    }

    /** Levenshtein distance, small strings only. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
