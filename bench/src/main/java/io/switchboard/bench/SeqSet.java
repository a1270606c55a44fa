package io.switchboard.bench;

import java.util.Arrays;

/** A growable set of non-negative sequence numbers (one bit each); single-threaded. */
public final class SeqSet {
    private long[] words = new long[16];
    private long size;

    /** Adds the sequence; false when it was already there (a duplicate). */
    public boolean add(long seq) {
        int w = wordIndex(seq);
        if (w >= words.length) {
            words = Arrays.copyOf(words, Math.max(w + 1, words.length * 2));
        }
        long bit = 1L << seq;
        if ((words[w] & bit) != 0) {
            return false;
        }
        words[w] |= bit;
        size++;
        return true;
    }

    public boolean contains(long seq) {
        int w = wordIndex(seq);
        return w < words.length && (words[w] & (1L << seq)) != 0;
    }

    public long size() {
        return size;
    }

    /** Number of sequences in {@code other} that are not in this set. */
    public long countMissing(SeqSet other) {
        long missing = 0;
        for (int i = 0; i < other.words.length; i++) {
            long mine = i < words.length ? words[i] : 0;
            missing += Long.bitCount(other.words[i] & ~mine);
        }
        return missing;
    }

    /** Adds every sequence of {@code other}; returns how many were already present (overlap). */
    public long addAll(SeqSet other) {
        if (other.words.length > words.length) {
            words = Arrays.copyOf(words, other.words.length);
        }
        long overlap = 0;
        for (int i = 0; i < other.words.length; i++) {
            long both = words[i] & other.words[i];
            overlap += Long.bitCount(both);
            size += Long.bitCount(other.words[i] & ~words[i]);
            words[i] |= other.words[i];
        }
        return overlap;
    }

    private static int wordIndex(long seq) {
        if (seq < 0) {
            throw new IllegalArgumentException("negative sequence " + seq);
        }
        return Math.toIntExact(seq >>> 6);
    }
}
