package io.switchboard.broker.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * The client side of SCRAM-SHA-256 (RFC 5802), written for the tests from the RFC: first message, final message
 * with the proof, and the check of the server's signature. One instance per exchange.
 */
final class ScramClient {
    private final String user;
    private final char[] password;
    private final String clientNonce;
    private String clientFirstBare;
    private byte[] serverSignature;

    ScramClient(String user, String password, String clientNonce) {
        this.user = user;
        this.password = password.toCharArray();
        this.clientNonce = clientNonce;
    }

    String first() {
        clientFirstBare = "n=" + user.replace("=", "=3D").replace(",", "=2C") + ",r=" + clientNonce;
        return "n,," + clientFirstBare;
    }

    /** The client-final message answering {@code serverFirst}; throws when the server's nonce is not ours extended. */
    String last(String serverFirst) {
        String[] attributes = serverFirst.split(",");
        String nonce = attributes[0].substring(2);
        if (!attributes[0].startsWith("r=") || !nonce.startsWith(clientNonce) || nonce.equals(clientNonce)) {
            throw new IllegalArgumentException("server nonce does not extend ours: " + serverFirst);
        }
        byte[] salt = Base64.getDecoder().decode(attributes[1].substring(2));
        int iterations = Integer.parseInt(attributes[2].substring(2));
        String withoutProof = "c=" + Base64.getEncoder().encodeToString("n,,".getBytes(StandardCharsets.UTF_8))
                + ",r=" + nonce;
        byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof)
                .getBytes(StandardCharsets.UTF_8);
        byte[] salted = ScramCredential.saltedPassword(password, salt, iterations);
        byte[] clientKey = ScramCredential.hmac(salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
        byte[] storedKey = ScramCredential.sha256(clientKey);
        byte[] clientSignature = ScramCredential.hmac(storedKey, authMessage);
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) {
            proof[i] = (byte) (clientKey[i] ^ clientSignature[i]);
        }
        byte[] serverKey = ScramCredential.hmac(salted, "Server Key".getBytes(StandardCharsets.US_ASCII));
        serverSignature = ScramCredential.hmac(serverKey, authMessage);
        return withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof);
    }

    /** True when the server-final message proves the server knew our credential. */
    boolean verify(String serverFinal) {
        return serverFinal.startsWith("v=") && MessageDigest.isEqual(serverSignature,
                Base64.getDecoder().decode(serverFinal.substring(2)));
    }
}
