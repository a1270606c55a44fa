package io.switchboard.persistence;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code switchboard.lock} in the data directory: an OS file lock held for the store's lifetime, and the
 * owner's pid written inside so that a refused opener can say who holds it. The lock dies with the process,
 * so a stale file left by {@code kill -9} never blocks a restart.
 */
final class DataDirLock implements AutoCloseable {
    static final String FILE_NAME = "switchboard.lock";

    /** Lock files held by this process: a second channel on one of them would drop the OS lock when closed. */
    private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    static DataDirLock acquire(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE_NAME).toAbsolutePath().normalize();
        if (!HELD_HERE.add(file)) {
            throw locked(dataDir, file, ProcessHandle.current().pid() + " (this process)");
        }
        try {
            return lock(dataDir, file);
        } catch (IOException | RuntimeException e) {
            HELD_HERE.remove(file);
            throw e;
        }
    }

    private static StoreLockedException locked(Path dataDir, Path file, String owner) {
        return new StoreLockedException("data directory " + dataDir.toAbsolutePath() + " is in use by process "
                + owner + " (lock " + file + "); stop that broker first, or give this one another data directory");
    }

    private static DataDirLock lock(Path dataDir, Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            String owner = readOwner(channel);
            channel.close();
            throw locked(dataDir, file, owner);
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)),
                0);
        channel.force(true);
        return new DataDirLock(file, channel, lock);
    }

    private static String readOwner(FileChannel channel) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(64);
        channel.read(buf, 0);
        String text = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).trim();
        return text.isEmpty() ? "(pid not yet written)" : text;
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
            HELD_HERE.remove(file);
        }
    }
}
