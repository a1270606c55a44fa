package io.switchboard.broker.security;

import io.switchboard.router.security.AuthExchange;
import io.switchboard.router.security.AuthStep;
import io.switchboard.router.security.AuthenticationResult.Failure;
import io.switchboard.router.security.Principal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The server side of one SCRAM-SHA-256 exchange (RFC 5802, RFC 7677), without channel binding: client-first
 * message in, server-first message out (the client's nonce extended with ours, the user's salt and iteration
 * count), client-final message in, its proof checked against StoredKey, server-final message ({@code v=} the
 * server signature) out. An unknown user, or one whose entry has no SCRAM credential, gets a made-up salt
 * derived from the user name and fails at the proof, so a client cannot tell unknown users from wrong passwords.
 * Not thread-safe: the adapter runs one step at a time.
 */
final class ScramSha256Exchange implements AuthExchange {
    static final String METHOD = "SCRAM-SHA-256";

    /** What the password file says of a user name. */
    enum Account { FOUND, UNKNOWN, NO_SCRAM_CREDENTIAL }

    private enum Stage { CLIENT_FIRST, CLIENT_FINAL, DONE }

    private final Function<String, PasswordFile.Entry> users;
    private final Function<String, ScramCredential> decoys;
    private final Supplier<String> nonces;
    private Stage stage = Stage.CLIENT_FIRST;
    private String user;
    private Account account;
    private ScramCredential credential;
    private String gs2Header;
    private String clientFirstBare;
    private String serverFirst;
    private String nonce;

    /**
     * @param users  the current password file's entries by user name (null when unknown)
     * @param decoys a made-up credential for a user name without one (same name, same salt every time)
     * @param nonces the server's part of each nonce: printable, no commas
     */
    ScramSha256Exchange(Function<String, PasswordFile.Entry> users, Function<String, ScramCredential> decoys,
                        Supplier<String> nonces) {
        this.users = users;
        this.decoys = decoys;
        this.nonces = nonces;
    }

    /** The user name the client sent, once its first message was read (null before). */
    String user() {
        return user;
    }

    /** Whether the user exists and has a SCRAM credential, once its first message was read. */
    Account account() {
        return account;
    }

    @Override
    public AuthStep step(byte[] data) {
        Stage current = stage;
        stage = Stage.DONE;
        try {
            return switch (current) {
                case CLIENT_FIRST -> clientFirst(utf8(data));
                case CLIENT_FINAL -> clientFinal(utf8(data));
                case DONE -> new AuthStep.Failure(Failure.NOT_AUTHORIZED, "exchange_over");
            };
        } catch (Malformed e) {
            return new AuthStep.Failure(Failure.NOT_AUTHORIZED, e.getMessage());
        }
    }

    private AuthStep clientFirst(String message) {
        int first = message.indexOf(',');
        int second = first < 0 ? -1 : message.indexOf(',', first + 1);
        if (second < 0) {
            throw new Malformed("malformed_client_first");
        }
        String flag = message.substring(0, first);
        if (flag.startsWith("p=")) {
            return new AuthStep.Failure(Failure.NOT_AUTHORIZED, "channel_binding_not_supported");
        }
        if (!flag.equals("n") && !flag.equals("y")) {
            throw new Malformed("malformed_gs2_header");
        }
        String authzid = message.substring(first + 1, second);
        gs2Header = message.substring(0, second + 1);
        clientFirstBare = message.substring(second + 1);
        String[] attributes = clientFirstBare.split(",", -1);
        if (attributes.length < 2 || attributes[0].startsWith("m=")) {
            throw new Malformed(attributes.length >= 2 ? "extensions_not_supported" : "malformed_client_first");
        }
        user = saslName(value(attributes[0], 'n'));
        String clientNonce = value(attributes[1], 'r');
        if (user.isEmpty() || !printable(clientNonce) || !extensions(attributes, 2)) {
            throw new Malformed("malformed_client_first");
        }
        if (!authzid.isEmpty() && !saslName(value(authzid, 'a')).equals(user)) {
            return new AuthStep.Failure(Failure.NOT_AUTHORIZED, "authzid_not_user");
        }
        PasswordFile.Entry entry = users.apply(user);
        account = entry == null ? Account.UNKNOWN
                : entry.scram() == null ? Account.NO_SCRAM_CREDENTIAL : Account.FOUND;
        credential = account == Account.FOUND ? entry.scram() : decoys.apply(user);
        nonce = clientNonce + nonces.get();
        serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(credential.salt()) + ",i="
                + credential.iterations();
        stage = Stage.CLIENT_FINAL;
        return new AuthStep.Continue(serverFirst.getBytes(StandardCharsets.UTF_8));
    }

    private AuthStep clientFinal(String message) {
        int proofAt = message.lastIndexOf(",p=");
        if (proofAt < 0) {
            throw new Malformed("malformed_client_final");
        }
        String withoutProof = message.substring(0, proofAt);
        String[] attributes = withoutProof.split(",", -1);
        if (attributes.length < 2 || !extensions(attributes, 2)) {
            throw new Malformed("malformed_client_final");
        }
        String channelBinding = value(attributes[0], 'c');
        if (!channelBinding.equals(Base64.getEncoder().encodeToString(gs2Header.getBytes(StandardCharsets.UTF_8)))) {
            return new AuthStep.Failure(Failure.NOT_AUTHORIZED, "channel_binding_mismatch");
        }
        if (!value(attributes[1], 'r').equals(nonce)) {
            return new AuthStep.Failure(Failure.NOT_AUTHORIZED, "nonce_mismatch");
        }
        byte[] proof = base64(message.substring(proofAt + 3));
        String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        byte[] authBytes = authMessage.getBytes(StandardCharsets.UTF_8);
        byte[] clientSignature = ScramCredential.hmac(credential.storedKey(), authBytes);
        if (proof.length != clientSignature.length) {
            throw new Malformed("malformed_proof");
        }
        byte[] clientKey = new byte[proof.length];
        for (int i = 0; i < proof.length; i++) {
            clientKey[i] = (byte) (proof[i] ^ clientSignature[i]);
        }
        boolean proven = MessageDigest.isEqual(ScramCredential.sha256(clientKey), credential.storedKey());
        if (account != Account.FOUND) {
            return new AuthStep.Failure(Failure.BAD_CREDENTIALS,
                    account == Account.UNKNOWN ? "unknown_user" : "no_scram_credential");
        }
        if (!proven) {
            return new AuthStep.Failure(Failure.BAD_CREDENTIALS, "wrong_password");
        }
        byte[] serverSignature = ScramCredential.hmac(credential.serverKey(), authBytes);
        String serverFinal = "v=" + Base64.getEncoder().encodeToString(serverSignature);
        return new AuthStep.Success(Principal.user(user), serverFinal.getBytes(StandardCharsets.UTF_8));
    }

    /** The value of {@code name=value}, or a malformed message. */
    private static String value(String attribute, char name) {
        if (attribute.length() < 2 || attribute.charAt(0) != name || attribute.charAt(1) != '=') {
            throw new Malformed("expected_attribute_" + name);
        }
        return attribute.substring(2);
    }

    /** Decodes RFC 5802's saslname: "=2C" is ',', "=3D" is '=', any other '=' is malformed. */
    private static String saslName(String encoded) {
        StringBuilder out = new StringBuilder(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char ch = encoded.charAt(i);
            if (ch != '=') {
                out.append(ch);
            } else if (encoded.startsWith("=2C", i)) {
                out.append(',');
                i += 2;
            } else if (encoded.startsWith("=3D", i)) {
                out.append('=');
                i += 2;
            } else {
                throw new Malformed("malformed_user_name");
            }
        }
        return out.toString();
    }

    /** Optional extensions (ignored) must still be {@code letter=value} attributes. */
    private static boolean extensions(String[] attributes, int from) {
        for (int i = from; i < attributes.length; i++) {
            String attribute = attributes[i];
            if (attribute.length() < 2 || !Character.isLetter(attribute.charAt(0)) || attribute.charAt(1) != '=') {
                return false;
            }
        }
        return true;
    }

    private static boolean printable(String nonce) {
        return !nonce.isEmpty() && nonce.chars().allMatch(ch -> ch >= 0x21 && ch <= 0x7e && ch != ',');
    }

    private static byte[] base64(String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new Malformed("malformed_base64");
        }
    }

    private static String utf8(byte[] data) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data)).toString();
        } catch (CharacterCodingException e) {
            throw new Malformed("not_utf8");
        }
    }

    /** A message that does not follow RFC 5802's grammar; its text is the reason logged. */
    private static final class Malformed extends RuntimeException {
        Malformed(String reason) {
            super(reason, null, false, false);
        }
    }
}
