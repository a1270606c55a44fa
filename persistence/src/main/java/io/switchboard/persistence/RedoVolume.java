package io.switchboard.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;
import org.mapdb.CC;
import org.mapdb.DataInput2;
import org.mapdb.volume.MappedFileVol;
import org.mapdb.volume.Volume;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MapDB {@link Volume} whose changes reach the data file only as a whole, at {@link #sync()}: MapDB's own
 * transactions are not crash-atomic (MapDB 3.1.0's {@code StoreWAL} never replays its WAL when it opens a
 * file, so a process killed while a commit copies its changes into the file leaves that file half-updated).
 *
 * <p>Writes go to 4 KiB page copies held in memory; reads see them. {@code sync()} writes every dirty page to
 * {@code <file>.redo} with a CRC32C trailer, forces it, copies the pages into the memory-mapped file, forces
 * that, and invalidates the redo file. {@link #open} replays a complete redo file before anything reads the
 * data file and discards a torn one (the data file was not touched before its redo file was complete).
 * Replaying a redo file twice is harmless: it holds whole page images. Not thread-safe: the store confines
 * it to the writer thread.
 */
final class RedoVolume extends Volume {
    private static final Logger LOG = LoggerFactory.getLogger(RedoVolume.class);
    static final String SUFFIX = ".redo";
    private static final int PAGE_SHIFT = 12;
    private static final int PAGE = 1 << PAGE_SHIFT;
    static final int MAGIC = 0x53425244; // "SBRD"
    private static final int HEADER = 4 + 4;
    private static final int PAGE_RECORD = 8 + PAGE;
    private static final int TRAILER = 4 + 4;

    private final Path file;
    private final Path redoFile;
    private final MappedFileVol base;
    private final FileChannel redo;
    private final LongObjectHashMap<byte[]> dirty = new LongObjectHashMap<>();
    private long redoBytes;
    /** Between forcing a redo file and applying it: the redo file must then survive a close. */
    private boolean redoLive;
    private ByteBuffer writeBuffer;

    private RedoVolume(Path file, MappedFileVol base, FileChannel redo) {
        this.file = file;
        this.redoFile = redoPath(file);
        this.base = base;
        this.redo = redo;
    }

    static Path redoPath(Path file) {
        return file.resolveSibling(file.getFileName() + SUFFIX);
    }

    /** Replays or discards a redo file left by a crash, then maps the data file (created if absent). */
    static RedoVolume open(Path file) {
        try {
            recover(file);
            MappedFileVol base = new MappedFileVol(file.toFile(), false, -1L, CC.PAGE_SHIFT, false, 0L, false);
            FileChannel redo = FileChannel.open(redoPath(file), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            return new RedoVolume(file, base, redo);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file, e);
        }
    }

    /** Applies a complete redo file to the data file; returns the pages replayed (0 when none or torn). */
    static int recover(Path file) throws IOException {
        Path redoFile = redoPath(file);
        if (!Files.exists(redoFile) || Files.size(redoFile) == 0) {
            return 0;
        }
        int replayed = 0;
        try (FileChannel redo = FileChannel.open(redoFile, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer pages = readComplete(redo);
            if (pages == null && !isInvalidated(redo)) {
                LOG.warn("store.redo-discarded file={}: incomplete (a commit that never finished); the data file "
                        + "was not touched by it", redoFile);
            } else if (pages != null) {
                try (FileChannel data = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                    while (pages.hasRemaining()) {
                        long position = pages.getLong() << PAGE_SHIFT;
                        ByteBuffer page = pages.slice(pages.position(), PAGE);
                        pages.position(pages.position() + PAGE);
                        while (page.hasRemaining()) {
                            data.write(page, position + page.position());
                        }
                        replayed++;
                    }
                    data.force(true);
                }
                LOG.warn("store.redo-replayed file={} pages={}: the last commit before a crash was completed",
                        file, replayed);
            }
            redo.truncate(0);
            redo.force(true);
        }
        return replayed;
    }

    /** A redo file whose commit was applied: {@link #sync()} zeroes its magic afterwards. */
    private static boolean isInvalidated(FileChannel redo) throws IOException {
        ByteBuffer magic = ByteBuffer.allocate(4);
        readFully(redo, magic, 0);
        return magic.flip().getInt() == 0;
    }

    /** The page records of a redo file whose trailer checks, or null when it is torn. */
    private static ByteBuffer readComplete(FileChannel redo) throws IOException {
        long size = redo.size();
        if (size < HEADER + TRAILER) {
            return null;
        }
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        readFully(redo, header, 0);
        header.flip();
        int magic = header.getInt();
        long count = header.getInt() & 0xFFFFFFFFL;
        long length = HEADER + count * PAGE_RECORD + TRAILER;
        if (magic != MAGIC || length > size) {
            return null;
        }
        ByteBuffer all = ByteBuffer.allocate((int) length);
        readFully(redo, all, 0);
        all.flip();
        CRC32C crc = new CRC32C();
        crc.update(all.duplicate().limit((int) length - TRAILER));
        all.position((int) length - TRAILER);
        if (all.getInt() != (int) crc.getValue() || all.getInt() != MAGIC) {
            return null;
        }
        return all.position(HEADER).limit((int) length - TRAILER).slice();
    }

    private static void readFully(FileChannel ch, ByteBuffer into, long position) throws IOException {
        while (into.hasRemaining()) {
            if (ch.read(into, position + into.position()) < 0) {
                throw new IOException("unexpected end of " + ch);
            }
        }
    }

    /** Bytes written to redo files by this volume (the commit traffic). */
    long redoBytes() {
        return redoBytes;
    }

    // ---- commit ----

    @Override
    public void sync() {
        if (dirty.isEmpty()) {
            return;
        }
        long[] pages = dirty.keySet().toSortedArray();
        try {
            // Written through one reused 1 MiB buffer: a checkpoint of thousands of pages allocates nothing large.
            ByteBuffer buf = writeBuffer();
            CRC32C crc = new CRC32C();
            long position = 0;
            buf.putInt(MAGIC).putInt(pages.length);
            for (long page : pages) {
                if (buf.remaining() < PAGE_RECORD) {
                    position = flush(buf, crc, position);
                }
                buf.putLong(page).put(dirty.get(page));
            }
            position = flush(buf, crc, position);
            buf.putInt((int) crc.getValue()).putInt(MAGIC).flip();
            while (buf.hasRemaining()) {
                position += redo.write(buf, position);
            }
            buf.clear();
            redo.force(false);
            redoLive = true;
            redoBytes += position;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + redoFile, e);
        }
        long end = (pages[pages.length - 1] + 1) << PAGE_SHIFT;
        base.ensureAvailable(end);
        for (long page : pages) {
            base.putData(page << PAGE_SHIFT, dirty.get(page), 0, PAGE);
        }
        base.sync();
        dirty.clear();
        try {
            // Not forced: replaying a redo file that was already applied rewrites the same pages.
            redo.write(ByteBuffer.allocate(4), 0);
            redoLive = false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + redoFile, e);
        }
    }

    int dirtyPages() {
        return dirty.size();
    }

    private ByteBuffer writeBuffer() {
        if (writeBuffer == null) {
            writeBuffer = ByteBuffer.allocate(1 << 20);
        }
        return writeBuffer.clear();
    }

    /** Writes what {@code buf} holds at {@code position}, adds it to the CRC, empties it; returns the new position. */
    private long flush(ByteBuffer buf, CRC32C crc, long position) throws IOException {
        buf.flip();
        crc.update(buf.duplicate());
        while (buf.hasRemaining()) {
            position += redo.write(buf, position);
        }
        buf.clear();
        return position;
    }

    /** Drops the changes since the last {@link #sync()}. */
    void discard() {
        dirty.clear();
    }

    /** Drops what was not committed (MapDB writes a header checksum at close: it is written at commit too). */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        boolean clean = !redoLive;
        dirty.clear();
        base.close();
        try {
            redo.close();
            if (clean) {
                Files.deleteIfExists(redoFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + redoFile, e);
        }
    }

    // ---- pages ----

    /** The writable copy of a page, made on first write. */
    private byte[] page(long index) {
        byte[] p = dirty.get(index);
        if (p == null) {
            p = new byte[PAGE];
            long start = index << PAGE_SHIFT;
            long available = Math.min(PAGE, base.length() - start);
            if (available > 0) {
                base.getData(start, p, 0, (int) available);
            }
            dirty.put(index, p);
        }
        return p;
    }

    @Override
    public void putData(long offset, byte[] src, int srcPos, int size) {
        while (size > 0) {
            int within = (int) (offset & (PAGE - 1));
            int n = Math.min(size, PAGE - within);
            System.arraycopy(src, srcPos, page(offset >>> PAGE_SHIFT), within, n);
            offset += n;
            srcPos += n;
            size -= n;
        }
    }

    @Override
    public void putData(long offset, ByteBuffer buf) {
        byte[] bytes = new byte[buf.remaining()];
        buf.get(bytes);
        putData(offset, bytes, 0, bytes.length);
    }

    @Override
    public void getData(long offset, byte[] dst, int dstPos, int size) {
        while (size > 0) {
            int within = (int) (offset & (PAGE - 1));
            int n = Math.min(size, PAGE - within);
            byte[] p = dirty.get(offset >>> PAGE_SHIFT);
            if (p != null) {
                System.arraycopy(p, within, dst, dstPos, n);
            } else {
                base.getData(offset, dst, dstPos, n);
            }
            offset += n;
            dstPos += n;
            size -= n;
        }
    }

    private boolean touchesDirty(long offset, int size) {
        if (dirty.isEmpty()) {
            return false;
        }
        for (long p = offset >>> PAGE_SHIFT, last = (offset + Math.max(size, 1) - 1) >>> PAGE_SHIFT; p <= last; p++) {
            if (dirty.containsKey(p)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public DataInput2 getDataInput(long offset, int size) {
        if (!touchesDirty(offset, size)) {
            return base.getDataInput(offset, size);
        }
        byte[] bytes = new byte[size];
        getData(offset, bytes, 0, size);
        return new DataInput2.ByteArray(bytes);
    }

    @Override
    public void putLong(long offset, long value) {
        byte[] b = new byte[8];
        for (int i = 7; i >= 0; i--) {
            b[i] = (byte) value;
            value >>>= 8;
        }
        putData(offset, b, 0, 8);
    }

    @Override
    public void putInt(long offset, int value) {
        putData(offset, new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value},
                0, 4);
    }

    @Override
    public void putByte(long offset, byte value) {
        page(offset >>> PAGE_SHIFT)[(int) (offset & (PAGE - 1))] = value;
    }

    @Override
    public long getLong(long offset) {
        if (!touchesDirty(offset, 8)) {
            return base.getLong(offset);
        }
        byte[] b = new byte[8];
        getData(offset, b, 0, 8);
        long v = 0;
        for (byte x : b) {
            v = (v << 8) | (x & 0xFF);
        }
        return v;
    }

    @Override
    public int getInt(long offset) {
        if (!touchesDirty(offset, 4)) {
            return base.getInt(offset);
        }
        byte[] b = new byte[4];
        getData(offset, b, 0, 4);
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
    }

    @Override
    public byte getByte(long offset) {
        byte[] p = dirty.get(offset >>> PAGE_SHIFT);
        return p != null ? p[(int) (offset & (PAGE - 1))] : base.getByte(offset);
    }

    @Override
    public void clear(long startOffset, long endOffset) {
        byte[] zeros = new byte[PAGE];
        for (long offset = startOffset; offset < endOffset; ) {
            int n = (int) Math.min(endOffset - offset, PAGE - (offset & (PAGE - 1)));
            putData(offset, zeros, 0, n);
            offset += n;
        }
    }

    // ---- file ----

    @Override
    public void ensureAvailable(long offset) {
        base.ensureAvailable(offset);
    }

    /** Only between commits (MapDB calls it from {@code compact()}, which the store never uses). */
    @Override
    public void truncate(long size) {
        if (!dirty.isEmpty()) {
            throw new IllegalStateException("truncate of " + file + " with uncommitted changes");
        }
        base.truncate(size);
    }

    @Override
    public long length() {
        return base.length();
    }

    @Override
    public int sliceSize() {
        return -1;
    }

    @Override
    public boolean isSliced() {
        return false;
    }

    @Override
    public boolean isReadOnly() {
        return false;
    }

    @Override
    public java.io.File getFile() {
        return file.toFile();
    }

    @Override
    public boolean getFileLocked() {
        return false;
    }

    @Override
    public boolean fileLoad() {
        return base.fileLoad();
    }
}
