package io.switchboard.broker.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The users of the broker: one {@code user:hash:scram} line per user, {@code #} comments and blank lines allowed.
 * {@code hash} is a {@link PasswordHash} (user name and password logins), {@code scram} a {@link ScramCredential}
 * (MQTT 5 enhanced authentication with SCRAM-SHA-256). Lines written before SCRAM existed, {@code user:hash},
 * are still read: such a user can log in with a password but not with SCRAM until its password is set again.
 * User names may not contain ':' or whitespace. Immutable once read.
 */
public final class PasswordFile {
    /** One user's stored secrets; {@code scram} is null for an entry written before SCRAM existed. */
    public record Entry(PasswordHash hash, ScramCredential scram) {
    }

    private final Map<String, Entry> users;

    private PasswordFile(Map<String, Entry> users) {
        this.users = Collections.unmodifiableMap(users);
    }

    public static PasswordFile empty() {
        return new PasswordFile(new LinkedHashMap<>());
    }

    /** Reads the file; a bad line is an {@link InvalidRulesException} naming the file and line. */
    public static PasswordFile read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Map<String, Entry> users = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new InvalidRulesException(file, i + 1, "expected user:hash");
            }
            String user = line.substring(0, colon);
            checkUserName(file, i + 1, user);
            try {
                if (users.put(user, parseEntry(line.substring(colon + 1))) != null) {
                    throw new InvalidRulesException(file, i + 1, "user '" + user + "' appears twice");
                }
            } catch (IllegalArgumentException e) {
                if (e instanceof InvalidRulesException) {
                    throw e;
                }
                throw new InvalidRulesException(file, i + 1, "user '" + user + "': " + e.getMessage());
            }
        }
        return new PasswordFile(users);
    }

    private static Entry parseEntry(String secrets) {
        int colon = secrets.indexOf(':');
        if (colon < 0) {
            return new Entry(PasswordHash.parse(secrets), null);
        }
        return new Entry(PasswordHash.parse(secrets.substring(0, colon)),
                ScramCredential.parse(secrets.substring(colon + 1)));
    }

    private static void checkUserName(Path file, int line, String user) {
        if (!validUserName(user)) {
            throw new InvalidRulesException(file, line, "invalid user name '" + user + "'");
        }
    }

    public static boolean validUserName(String user) {
        return !user.isEmpty() && user.chars().noneMatch(ch -> ch == ':' || Character.isWhitespace(ch));
    }

    /** The stored hash of {@code user}, or null when unknown. */
    public PasswordHash hashOf(String user) {
        Entry entry = users.get(user);
        return entry == null ? null : entry.hash();
    }

    /** The stored entry of {@code user}, or null when unknown. */
    public Entry entryOf(String user) {
        return users.get(user);
    }

    public int size() {
        return users.size();
    }

    /** A copy with {@code user} added or its secrets replaced; {@code scram} null writes a password-only entry. */
    public PasswordFile with(String user, PasswordHash hash, ScramCredential scram) {
        if (!validUserName(user)) {
            throw new IllegalArgumentException("invalid user name '" + user + "'");
        }
        Map<String, Entry> copy = new LinkedHashMap<>(users);
        copy.put(user, new Entry(hash, scram));
        return new PasswordFile(copy);
    }

    /** A copy without {@code user}. */
    public PasswordFile without(String user) {
        Map<String, Entry> copy = new LinkedHashMap<>(users);
        copy.remove(user);
        return new PasswordFile(copy);
    }

    /** Writes the file atomically (a temporary file renamed over it), readable by its owner only where POSIX. */
    public void write(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# Switchboard users: user:$pbkdf2-sha512$iterations$salt$hash"
                + ":$scram-sha-256$iterations$salt$StoredKey$ServerKey. Manage with: switchboard passwd FILE USER");
        users.forEach((user, entry) -> lines.add(user + ":" + entry.hash().format()
                + (entry.scram() == null ? "" : ":" + entry.scram().format())));
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            }
            Files.write(tmp, lines, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
