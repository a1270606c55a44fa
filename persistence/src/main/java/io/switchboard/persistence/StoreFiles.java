package io.switchboard.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** File names in the data directory and the moves between them. */
final class StoreFiles {
    static final String DB_FILE = "switchboard.db";
    static final String CREATING = DB_FILE + ".creating";
    static final String ROTATING = DB_FILE + ".rotating";

    private StoreFiles() {
    }

    /**
     * The file and the files that go with it: its redo file ({@code name.redo}) and the WAL files
     * ({@code name.wal.N}) that MapDB's transactions left in stores written before format version 2.
     */
    static List<Path> family(Path file) throws IOException {
        List<Path> out = new ArrayList<>();
        String prefix = file.getFileName().toString() + ".";
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(file.getParent())) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                String suffix = name.startsWith(prefix) ? name.substring(prefix.length()) : "";
                if (suffix.startsWith("wal") || suffix.equals("redo")) {
                    out.add(p);
                }
            }
        }
        if (Files.exists(file)) {
            out.add(0, file);
        }
        return out;
    }

    /** Whether MapDB's WAL files of a pre-version-2 store are next to {@code file}: that process died. */
    static boolean hasLegacyWal(Path file) throws IOException {
        for (Path p : family(file)) {
            if (p.getFileName().toString().startsWith(file.getFileName() + ".wal")) {
                return true;
            }
        }
        return false;
    }

    static void deleteLegacyWal(Path file) throws IOException {
        for (Path p : family(file)) {
            if (p.getFileName().toString().startsWith(file.getFileName() + ".wal")) {
                Files.deleteIfExists(p);
            }
        }
    }

    static void deleteFamily(Path file) throws IOException {
        for (Path p : family(file)) {
            Files.deleteIfExists(p);
        }
    }

    /**
     * Moves {@code from} and its companion files to {@code to}'s names; the main file last, atomically. The
     * companions {@code to} had are deleted first, so that no redo or WAL file of the replaced file is ever
     * applied to the new one.
     */
    static void moveFamily(Path from, Path to) throws IOException {
        String fromName = from.getFileName().toString();
        String toName = to.getFileName().toString();
        for (Path p : family(to)) {
            if (!p.equals(to)) {
                Files.delete(p);
            }
        }
        for (Path p : family(from)) {
            if (!p.equals(from)) {
                String suffix = p.getFileName().toString().substring(fromName.length());
                Files.move(p, to.resolveSibling(toName + suffix), StandardCopyOption.ATOMIC_MOVE);
            }
        }
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(to.getParent());
    }

    /** Copies {@code from} and its WAL files to {@code to}'s names. */
    static void copyFamily(Path from, Path to) throws IOException {
        String fromName = from.getFileName().toString();
        String toName = to.getFileName().toString();
        for (Path p : family(from)) {
            String suffix = p.getFileName().toString().substring(fromName.length());
            Files.copy(p, to.resolveSibling(toName + suffix), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sync directory " + dir, e);
        }
    }

    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
