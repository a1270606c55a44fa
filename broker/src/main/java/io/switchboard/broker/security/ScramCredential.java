package io.switchboard.broker.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * What the server keeps of a password for SCRAM-SHA-256 (RFC 5802, RFC 7677): the salt and iteration count the
 * client derives its SaltedPassword with, StoredKey = H(HMAC(SaltedPassword, "Client Key")) and
 * ServerKey = HMAC(SaltedPassword, "Server Key"). Neither the password nor the SaltedPassword is kept: StoredKey
 * verifies a client's proof, ServerKey signs the server's final message. Written in the password file as
 * {@code $scram-sha-256$<iterations>$<salt>$<StoredKey>$<ServerKey>} (base64 without padding).
 *
 * <p>Passwords are used as their UTF-8 bytes; SASLprep is not applied (it changes nothing for ASCII passwords).
 */
public record ScramCredential(int iterations, byte[] salt, byte[] storedKey, byte[] serverKey) {
    /** RFC 7677's minimum; every client computes this many PBKDF2 rounds per connection. */
    public static final int DEFAULT_ITERATIONS = 4096;
    public static final int MIN_ITERATIONS = 4096;
    static final String PREFIX = "$scram-sha-256$";
    private static final int KEY_BYTES = 32;
    private static final int SALT_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    public ScramCredential {
        if (iterations < MIN_ITERATIONS) {
            throw new IllegalArgumentException("SCRAM iterations must be at least " + MIN_ITERATIONS + ", got "
                    + iterations);
        }
        if (salt.length < 8 || storedKey.length != KEY_BYTES || serverKey.length != KEY_BYTES) {
            throw new IllegalArgumentException("SCRAM salt too short or keys not " + KEY_BYTES + " bytes");
        }
    }

    /** Derives the credential of a password with a fresh random salt. */
    public static ScramCredential create(char[] password, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return derive(password, salt, iterations);
    }

    /** Derives the credential of a password with the given salt (RFC 5802 section 3). */
    public static ScramCredential derive(char[] password, byte[] salt, int iterations) {
        byte[] saltedPassword = saltedPassword(password, salt, iterations);
        byte[] clientKey = hmac(saltedPassword, "Client Key".getBytes(StandardCharsets.US_ASCII));
        byte[] serverKey = hmac(saltedPassword, "Server Key".getBytes(StandardCharsets.US_ASCII));
        Arrays.fill(saltedPassword, (byte) 0);
        return new ScramCredential(iterations, salt, sha256(clientKey), serverKey);
    }

    /** Hi(password, salt, i) of RFC 5802: PBKDF2 with HMAC-SHA-256 and a 32-byte output. */
    static byte[] saltedPassword(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, KEY_BYTES * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available in this JDK", e);
        } finally {
            spec.clearPassword();
        }
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JDK", e);
        }
    }

    /** Parses the text form; throws IllegalArgumentException naming what is wrong. */
    public static ScramCredential parse(String text) {
        if (!text.startsWith(PREFIX)) {
            throw new IllegalArgumentException("SCRAM credential must start with " + PREFIX);
        }
        String[] parts = text.substring(PREFIX.length()).split("\\$", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("SCRAM credential must be " + PREFIX
                    + "<iterations>$<salt>$<StoredKey>$<ServerKey>");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(parts[0]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("SCRAM iterations must be a number, got '" + parts[0] + "'");
        }
        Base64.Decoder decoder = Base64.getDecoder();
        return new ScramCredential(iterations, decoder.decode(parts[1]), decoder.decode(parts[2]),
                decoder.decode(parts[3]));
    }

    public String format() {
        Base64.Encoder encoder = Base64.getEncoder().withoutPadding();
        return PREFIX + iterations + "$" + encoder.encodeToString(salt) + "$" + encoder.encodeToString(storedKey)
                + "$" + encoder.encodeToString(serverKey);
    }

    @Override
    public String toString() {
        return "ScramCredential[iterations=" + iterations + "]";
    }
}
