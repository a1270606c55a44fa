package io.switchboard.broker.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.router.security.AuthStep;
import io.switchboard.router.security.AuthenticationResult.Failure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SCRAM-SHA-256 server against RFC 7677's example exchange, then against clients that get things wrong. */
class ScramSha256ExchangeTest {
    // RFC 7677 section 3
    private static final String CLIENT_FIRST = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
    private static final String SERVER_NONCE = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    private static final String SERVER_FIRST = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
            + "s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    private static final String CLIENT_FINAL = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
            + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    private static final String SERVER_FINAL = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";
    private static final ScramCredential PENCIL = ScramCredential.derive("pencil".toCharArray(),
            Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);

    @TempDir
    Path dir;

    private static ScramSha256Exchange exchange(Map<String, PasswordFile.Entry> users) {
        return new ScramSha256Exchange(users::get, user -> ScramCredential.derive("decoy".toCharArray(),
                ("salt-of-" + user).getBytes(StandardCharsets.UTF_8), 4096), () -> SERVER_NONCE);
    }

    private static ScramSha256Exchange pencilExchange() {
        return exchange(Map.of("user", new PasswordFile.Entry(null, PENCIL)));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(AuthStep step) {
        byte[] data = step instanceof AuthStep.Continue next ? next.data() : ((AuthStep.Success) step).data();
        return new String(data, StandardCharsets.UTF_8);
    }

    @Test
    void rfc7677ExampleExchange() {
        ScramSha256Exchange exchange = pencilExchange();
        AuthStep first = exchange.step(bytes(CLIENT_FIRST));
        assertThat(first).isInstanceOf(AuthStep.Continue.class);
        assertThat(text(first)).isEqualTo(SERVER_FIRST);
        AuthStep last = exchange.step(bytes(CLIENT_FINAL));
        assertThat(last).isInstanceOf(AuthStep.Success.class);
        assertThat(((AuthStep.Success) last).principal().name()).isEqualTo("user");
        assertThat(text(last)).isEqualTo(SERVER_FINAL);
        assertThat(exchange.step(bytes(CLIENT_FINAL))).isEqualTo(new AuthStep.Failure(Failure.NOT_AUTHORIZED,
                "exchange_over"));
    }

    @Test
    void theTestClientAgreesWithTheRfcExample() {
        ScramClient client = new ScramClient("user", "pencil", "rOprNGfwEbeRWgbNEkqO");
        assertThat(client.first()).isEqualTo(CLIENT_FIRST);
        assertThat(client.last(SERVER_FIRST)).isEqualTo(CLIENT_FINAL);
        assertThat(client.verify(SERVER_FINAL)).isTrue();
    }

    @Test
    void wrongPasswordFailsAtTheProof() {
        ScramSha256Exchange exchange = pencilExchange();
        ScramClient client = new ScramClient("user", "crayon", "abc");
        String serverFirst = text(exchange.step(bytes(client.first())));
        assertThat(exchange.step(bytes(client.last(serverFirst))))
                .isEqualTo(new AuthStep.Failure(Failure.BAD_CREDENTIALS, "wrong_password"));
    }

    @Test
    void unknownUserGetsAStableMadeUpSaltAndFailsAtTheProof() {
        ScramClient client = new ScramClient("nobody", "pencil", "abc");
        ScramSha256Exchange exchange = pencilExchange();
        String serverFirst = text(exchange.step(bytes(client.first())));
        String again = text(pencilExchange().step(bytes(new ScramClient("nobody", "x", "abc").first())));
        assertThat(serverFirst).isEqualTo(again).contains(",s=").endsWith(",i=4096");
        assertThat(exchange.step(bytes(client.last(serverFirst))))
                .isEqualTo(new AuthStep.Failure(Failure.BAD_CREDENTIALS, "unknown_user"));
        assertThat(exchange.account()).isEqualTo(ScramSha256Exchange.Account.UNKNOWN);
    }

    @Test
    void anEntryWithoutScramCredentialCannotUseScramEvenWithTheRightPassword() {
        PasswordHash hash = PasswordHash.create("pencil".toCharArray(), PasswordHash.MIN_ITERATIONS);
        ScramSha256Exchange exchange = exchange(Map.of("user", new PasswordFile.Entry(hash, null)));
        ScramClient client = new ScramClient("user", "pencil", "abc");
        String serverFirst = text(exchange.step(bytes(client.first())));
        assertThat(exchange.step(bytes(client.last(serverFirst))))
                .isEqualTo(new AuthStep.Failure(Failure.BAD_CREDENTIALS, "no_scram_credential"));
    }

    @Test
    void userNamesAreDecodedFromSaslName() {
        ScramSha256Exchange exchange = exchange(Map.of("a,b=c", new PasswordFile.Entry(null, PENCIL)));
        ScramClient client = new ScramClient("a,b=c", "pencil", "abc");
        assertThat(client.first()).contains("n=a=2Cb=3Dc,");
        String serverFirst = text(exchange.step(bytes(client.first())));
        AuthStep last = exchange.step(bytes(client.last(serverFirst)));
        assertThat(((AuthStep.Success) last).principal().name()).isEqualTo("a,b=c");
    }

    @Test
    void channelBindingIsRefused() {
        assertThat(pencilExchange().step(bytes("p=tls-unique,,n=user,r=abc")))
                .isEqualTo(new AuthStep.Failure(Failure.NOT_AUTHORIZED, "channel_binding_not_supported"));
    }

    @Test
    void malformedFirstMessagesAreRefused() {
        for (String message : new String[] {"", "n,", "x,,n=user,r=abc", "n,,r=abc,n=user", "n,,n=user",
                "n,,m=ext,n=user,r=abc", "n,,n=us=er,r=abc", "n,,n=user,r=a,bc", "n,,n=user,r="}) {
            AuthStep step = pencilExchange().step(bytes(message));
            assertThat(step).as(message).isInstanceOf(AuthStep.Failure.class);
            assertThat(((AuthStep.Failure) step).kind()).as(message).isEqualTo(Failure.NOT_AUTHORIZED);
        }
        assertThat(pencilExchange().step(new byte[] {(byte) 0xC3, 0x28})).isEqualTo(
                new AuthStep.Failure(Failure.NOT_AUTHORIZED, "not_utf8"));
    }

    @Test
    void anotherAuthorizationIdentityIsRefused() {
        assertThat(pencilExchange().step(bytes("n,a=admin,n=user,r=abc")))
                .isEqualTo(new AuthStep.Failure(Failure.NOT_AUTHORIZED, "authzid_not_user"));
        assertThat(pencilExchange().step(bytes("n,a=user,n=user,r=abc"))).isInstanceOf(AuthStep.Continue.class);
    }

    @Test
    void theFinalMessageMustCarryTheCombinedNonceAndTheHeader() {
        ScramSha256Exchange exchange = pencilExchange();
        exchange.step(bytes(CLIENT_FIRST));
        assertThat(exchange.step(bytes(CLIENT_FINAL.replace("k0,p=", "k1,p="))))
                .isEqualTo(new AuthStep.Failure(Failure.NOT_AUTHORIZED, "nonce_mismatch"));
        ScramSha256Exchange other = pencilExchange();
        other.step(bytes(CLIENT_FIRST));
        assertThat(other.step(bytes(CLIENT_FINAL.replace("c=biws", "c=eSws"))))
                .isEqualTo(new AuthStep.Failure(Failure.NOT_AUTHORIZED, "channel_binding_mismatch"));
        ScramSha256Exchange third = pencilExchange();
        third.step(bytes(CLIENT_FIRST));
        assertThat(third.step(bytes(CLIENT_FINAL.substring(0, CLIENT_FINAL.indexOf(",p=")))))
                .isEqualTo(new AuthStep.Failure(Failure.NOT_AUTHORIZED, "malformed_client_final"));
    }

    @Test
    void credentialsRoundTripThroughThePasswordFileAndOldLinesStillRead() throws Exception {
        ScramCredential credential = ScramCredential.create("pencil".toCharArray(), 4096);
        assertThat(ScramCredential.parse(credential.format()).format()).isEqualTo(credential.format());
        assertThat(credential.format()).startsWith("$scram-sha-256$4096$").doesNotContain("pencil");
        Path file = dir.resolve("passwords");
        PasswordHash hash = PasswordHash.create("pencil".toCharArray(), PasswordHash.MIN_ITERATIONS);
        PasswordFile.empty().with("new", hash, credential).write(file);
        Files.writeString(file, "old:" + hash.format() + "\n", java.nio.file.StandardOpenOption.APPEND);
        PasswordFile read = PasswordFile.read(file);
        assertThat(read.entryOf("new").scram().format()).isEqualTo(credential.format());
        assertThat(read.entryOf("old").scram()).isNull();
        assertThat(read.hashOf("old").matches(bytes("pencil"))).isTrue();
        Files.writeString(file, "bad:" + hash.format() + ":$scram-sha-256$4096$c2FsdHNhbHQ$AAAA$AAAA\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PasswordFile.read(file))
                .isInstanceOf(InvalidRulesException.class).hasMessageContaining(file + ":1: user 'bad'");
    }
}
