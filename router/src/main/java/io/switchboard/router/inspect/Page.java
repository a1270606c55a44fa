package io.switchboard.router.inspect;

import java.util.List;

/**
 * One page of a listing sorted by key.
 *
 * @param items  at most {@code limit} items starting at {@code offset}
 * @param offset index of the first item in the whole sorted listing
 * @param total  size of the whole listing when the page was taken
 */
public record Page<T>(List<T> items, int offset, int total) {
    public Page {
        items = List.copyOf(items);
    }

    /** The page of a sorted list; offset and limit are clamped to the list. */
    public static <T> Page<T> of(List<T> sorted, int offset, int limit) {
        int from = Math.min(Math.max(0, offset), sorted.size());
        int to = (int) Math.min(sorted.size(), (long) from + Math.max(0, limit));
        return new Page<>(sorted.subList(from, to), from, sorted.size());
    }
}
