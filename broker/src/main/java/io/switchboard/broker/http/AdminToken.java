package io.switchboard.broker.http;

import io.switchboard.broker.config.HttpConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * The bearer token that guards the admin API: {@code http.admin_token}, else the first line of
 * {@code http.admin_token_file}, else a random token generated at start into {@code <storage.dir>/admin.token}
 * (owner-only permissions), where {@code switchboard ctl} on the same machine finds it.
 */
public final class AdminToken {
    public static final String GENERATED_FILE = "admin.token";
    private static final int MIN_LENGTH = 16;

    private final byte[] token;

    private AdminToken(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    /** The configured token, or a newly generated one written to the data directory. */
    public static AdminToken resolve(HttpConfig config, Path dataDir) throws IOException {
        String configured = configured(config, dataDir);
        if (configured != null) {
            return new AdminToken(configured);
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String generated = HexFormat.of().formatHex(random);
        Path file = dataDir.resolve(GENERATED_FILE);
        Path temporary = dataDir.resolve(GENERATED_FILE + ".tmp");
        Files.deleteIfExists(temporary);
        try {
            Files.createFile(temporary,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(temporary); // not a POSIX file system
        }
        Files.writeString(temporary, generated + "\n", StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new AdminToken(generated);
    }

    /**
     * The token a client of this config uses: the configured one, else the generated file's; null when none can
     * be read.
     */
    public static String configured(HttpConfig config, Path dataDir) throws IOException {
        if (config.adminToken() != null && !config.adminToken().isEmpty()) {
            return config.adminToken();
        }
        if (config.adminTokenFile() != null && !config.adminTokenFile().isEmpty()) {
            return readFile(Path.of(config.adminTokenFile()));
        }
        return null;
    }

    /** The first line of a token file, which must hold at least 16 characters. */
    public static String readFile(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String token = lines.isEmpty() ? "" : lines.get(0).strip();
        if (token.length() < MIN_LENGTH) {
            throw new IOException("admin token file " + file + " must hold a token of at least " + MIN_LENGTH
                    + " characters on its first line");
        }
        return token;
    }

    /** True when the {@code Authorization} header carries this token; compared in constant time. */
    public boolean accepts(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.startsWith("Bearer ")) {
            return false;
        }
        byte[] presented = authorizationHeader.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(presented, token);
    }
}
