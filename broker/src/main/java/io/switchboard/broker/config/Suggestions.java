package io.switchboard.broker.config;

import java.util.Collection;
import java.util.Optional;

/** "Did you mean" for mistyped keys: the closest known key by edit distance, if close enough. */
final class Suggestions {
    private Suggestions() {
    }

    static Optional<String> closest(String typed, Collection<?> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Object candidate : known) {
            String name = String.valueOf(candidate);
            int distance = distance(typed, name);
            if (distance < bestDistance || (distance == bestDistance && best != null && name.compareTo(best) < 0)) {
                best = name;
                bestDistance = distance;
            }
        }
        int allowed = Math.max(2, typed.length() / 3);
        return best != null && bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
