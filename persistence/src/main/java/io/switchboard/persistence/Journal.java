package io.switchboard.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's durability point: segment files {@code switchboard.journal.<first sequence>} in the data
 * directory, to which the writer appends each batch's {@link JournalBatch records} and forces them once
 * ({@code FileChannel.force(false)}) before it acknowledges the batch. The MapDB file is a checkpoint that
 * records the last sequence it covers; after each checkpoint the writer starts a new segment and deletes the
 * older ones. Confined to the writer thread.
 */
final class Journal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    static final String PREFIX = "switchboard.journal.";
    /** A record longer than this is damage, not data (a message body is limited far below it). */
    static final int MAX_RECORD = 512 << 20;

    /** Applies one replayed record: its sequence, type and a reader over its payload. */
    interface RecordSink {
        void apply(long sequence, int type, ByteReader payload);
    }

    /** A record read during replay, held until its batch's COMMIT record is read. */
    private record Pending(long sequence, int type, ByteReader payload) {
    }

    private final Path dir;
    private Path segment;
    private FileChannel channel;
    private long size;
    private volatile long bytesWritten;

    private Journal(Path dir) {
        this.dir = dir;
    }

    /**
     * Starts a new, empty segment whose first record will carry {@code firstSequence} and deletes the others:
     * the store calls it once the file is a checkpoint of every record they hold.
     */
    static Journal start(Path dir, long firstSequence) {
        Journal journal = new Journal(dir);
        journal.openSegment(firstSequence);
        journal.deleteOthers();
        return journal;
    }

    private void openSegment(long firstSequence) {
        segment = dir.resolve(PREFIX + String.format("%020d", firstSequence));
        try {
            channel = FileChannel.open(segment, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create journal segment " + segment, e);
        }
        StoreFiles.syncDirectory(dir);
        size = 0;
    }

    /** Appends the batch and forces it to disk; returns the bytes written. */
    long append(JournalBatch batch) {
        if (batch.size() == 0) {
            return 0;
        }
        ByteBuffer buf = ByteBuffer.wrap(batch.buffer(), 0, batch.size());
        try {
            while (buf.hasRemaining()) {
                channel.write(buf, size + buf.position());
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write journal segment " + segment, e);
        }
        size += batch.size();
        bytesWritten += batch.size();
        return batch.size();
    }

    /** Bytes in the current segment: what a restart would replay. */
    long segmentBytes() {
        return size;
    }

    long bytesWritten() {
        return bytesWritten;
    }

    /**
     * After a checkpoint covering every record before {@code nextSequence}: starts a new segment and deletes
     * the others. A crash before the deletion leaves segments whose records the checkpoint covers; replay skips them.
     */
    void roll(long nextSequence) {
        closeChannel();
        openSegment(nextSequence);
        deleteOthers();
    }

    private void deleteOthers() {
        try {
            for (Path p : segments(dir)) {
                if (!p.equals(segment)) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete old journal segments in " + dir, e);
        }
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close journal segment " + segment, e);
        }
    }

    /** Closes the segment; deletes it when it holds nothing (a checkpoint covers everything). */
    @Override
    public void close() {
        closeChannel();
        if (size == 0) {
            try {
                Files.deleteIfExists(segment);
            } catch (IOException e) {
                LOG.warn("store.journal-delete-failed file={} cause={}", segment, e.toString());
            }
        }
    }

    /** Journal segments in the directory, oldest first. */
    static List<Path> segments(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, PREFIX + "*")) {
            stream.forEach(out::add);
        }
        out.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return out;
    }

    /**
     * Replays, in order, every batch after {@code afterSequence} that ends with its COMMIT record; returns the
     * sequence of the last COMMIT replayed (or {@code afterSequence}). A record that does not check at the very end of the journal is a write the crash
     * cut short: the segment is cut there and the records before it stand. A record that does not check while
     * checked records follow it, or a gap in the sequences, is damage: with {@code salvage} the journal is cut
     * there (logged as an error), otherwise {@link CorruptRecordException} is thrown and nothing is changed.
     */
    static long replay(Path dir, long afterSequence, RecordSink sink, boolean salvage) throws IOException {
        List<Path> segments = segments(dir);
        long expected = afterSequence + 1;
        long committed = afterSequence;
        List<Pending> pending = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            Path path = segments.get(i);
            byte[] data = Files.readAllBytes(path);
            int pos = 0;
            while (pos < data.length) {
                ByteReader record = frame(data, pos);
                String damage = null;
                long seq = 0;
                if (record == null) {
                    damage = "a record that does not check";
                } else {
                    seq = record.readLong();
                    if (seq > afterSequence && seq != expected) {
                        damage = "sequence " + seq + " where " + expected + " was expected";
                    }
                }
                if (damage != null) {
                    boolean tail = record == null && !checkedRecordAfter(data, pos + 1)
                            && laterSegmentsEmpty(segments, i);
                    if (!tail && !salvage) {
                        throw new CorruptRecordException("journal " + path + " is damaged at byte " + pos + ": "
                                + damage + ", and records follow it");
                    }
                    cut(path, pos, data.length);
                    if (tail) {
                        LOG.warn("store.journal-torn-tail file={} offset={} bytesCut={}: the last write before "
                                + "a crash was incomplete; no acknowledged record is in it", path, pos,
                                data.length - pos);
                    } else {
                        LOG.error("store.journal-cut file={} offset={} cause={}: salvage keeps the records "
                                + "before the damage and drops every later one", path, pos, damage);
                        deleteLater(segments, i);
                    }
                    return tail ? dropIncomplete(committed, pending) : committed;
                }
                if (seq > afterSequence) {
                    int type = record.readByte();
                    if (type == JournalBatch.COMMIT) {
                        for (Pending r : pending) {
                            sink.apply(r.sequence(), r.type(), r.payload());
                        }
                        pending.clear();
                        committed = seq;
                    } else {
                        pending.add(new Pending(seq, type, record));
                    }
                    expected++;
                }
                pos += 4 + frameLength(data, pos) + 4;
            }
        }
        return dropIncomplete(committed, pending);
    }

    /** The last batch without its COMMIT record was never acknowledged: it is dropped whole. */
    private static long dropIncomplete(long committed, List<Pending> pending) {
        if (!pending.isEmpty()) {
            LOG.warn("store.journal-incomplete-batch records={} afterSequence={}: a batch whose commit record was "
                    + "never written is dropped whole (it was never acknowledged)", pending.size(), committed);
        }
        return committed;
    }

    /** Length of the checked part of the record at {@code pos} (sequence, type, payload). */
    private static int frameLength(byte[] data, int pos) {
        return ((data[pos] & 0xFF) << 24) | ((data[pos + 1] & 0xFF) << 16) | ((data[pos + 2] & 0xFF) << 8)
                | (data[pos + 3] & 0xFF);
    }

    /** A reader over the record at {@code pos} if its frame is whole and its CRC checks, else null. */
    private static ByteReader frame(byte[] data, int pos) {
        if (data.length - pos < JournalBatch.FRAME_OVERHEAD) {
            return null;
        }
        int length = frameLength(data, pos);
        if (length < 9 || length > MAX_RECORD || (long) pos + 4 + length + 4 > data.length) {
            return null;
        }
        try {
            return ByteReader.checked(Arrays.copyOfRange(data, pos + 4, pos + 4 + length + 4), "journal record");
        } catch (CorruptRecordException e) {
            return null;
        }
    }

    private static boolean checkedRecordAfter(byte[] data, int from) {
        for (int p = from; p <= data.length - JournalBatch.FRAME_OVERHEAD; p++) {
            if (frame(data, p) != null) {
                return true;
            }
        }
        return false;
    }

    private static boolean laterSegmentsEmpty(List<Path> segments, int index) throws IOException {
        for (int j = index + 1; j < segments.size(); j++) {
            if (Files.size(segments.get(j)) > 0) {
                return false;
            }
        }
        return true;
    }

    private static void deleteLater(List<Path> segments, int index) throws IOException {
        for (int j = index + 1; j < segments.size(); j++) {
            Files.deleteIfExists(segments.get(j));
        }
    }

    private static void cut(Path path, int at, int length) throws IOException {
        if (at >= length) {
            return;
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
            ch.truncate(at);
            ch.force(true);
        }
    }
}
