package io.switchboard.broker.security;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A salted PBKDF2-HMAC-SHA512 password hash (JDK provider), written in the password file as
 * {@code $pbkdf2-sha512$<iterations>$<salt, base64>$<hash, base64>}: 16 random bytes of salt per user, a 64-byte
 * derived key, {@value #DEFAULT_ITERATIONS} iterations by default (OWASP's 2023 figure for PBKDF2-HMAC-SHA512).
 * The iteration count is stored with each hash, so it can be raised later without invalidating old entries.
 */
public record PasswordHash(int iterations, byte[] salt, byte[] hash) {
    public static final int DEFAULT_ITERATIONS = 210_000;
    /** Entries below this are refused when the file is read: too cheap to brute-force. */
    public static final int MIN_ITERATIONS = 1_000;
    private static final String PREFIX = "$pbkdf2-sha512$";
    private static final String ALGORITHM = "PBKDF2WithHmacSHA512";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 64;
    private static final SecureRandom RANDOM = new SecureRandom();

    public PasswordHash {
        if (iterations < MIN_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be at least " + MIN_ITERATIONS + ", got " + iterations);
        }
        if (salt.length < 8 || hash.length < 32) {
            throw new IllegalArgumentException("salt or hash too short");
        }
    }

    /** Hashes a password with a fresh random salt. */
    public static PasswordHash create(char[] password, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return new PasswordHash(iterations, salt, derive(password, salt, iterations, HASH_BYTES));
    }

    /** Parses the text form; throws IllegalArgumentException naming what is wrong. */
    public static PasswordHash parse(String text) {
        if (!text.startsWith(PREFIX)) {
            throw new IllegalArgumentException("hash must start with " + PREFIX);
        }
        String[] parts = text.substring(PREFIX.length()).split("\\$", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("hash must be " + PREFIX + "<iterations>$<salt>$<hash>");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(parts[0]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("iterations must be a number, got '" + parts[0] + "'");
        }
        Base64.Decoder decoder = Base64.getDecoder();
        return new PasswordHash(iterations, decoder.decode(parts[1]), decoder.decode(parts[2]));
    }

    /** Constant-time comparison of the password's derived key with the stored one. */
    public boolean matches(byte[] password) {
        CharBuffer decoded = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(password));
        char[] chars = new char[decoded.remaining()];
        decoded.get(chars);
        try {
            return MessageDigest.isEqual(hash, derive(chars, salt, iterations, hash.length));
        } finally {
            Arrays.fill(chars, '\0');
            if (decoded.hasArray()) {
                Arrays.fill(decoded.array(), '\0');
            }
        }
    }

    public String format() {
        Base64.Encoder encoder = Base64.getEncoder().withoutPadding();
        return PREFIX + iterations + "$" + encoder.encodeToString(salt) + "$" + encoder.encodeToString(hash);
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations, int bytes) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bytes * 8);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available in this JDK", e);
        } finally {
            spec.clearPassword();
        }
    }

    @Override
    public String toString() {
        return "PasswordHash[iterations=" + iterations + "]";
    }
}
