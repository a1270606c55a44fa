package io.switchboard.amqp;

import io.switchboard.router.limit.ConnectionGate;
import io.switchboard.router.security.AuthenticationResult;
import io.switchboard.router.security.Authenticator;
import io.switchboard.router.security.Authorizer;
import io.switchboard.router.security.Principal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transport.SenderSettleMode;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** proton-j as a client stack: negotiation, multi-frame transfers, exact link credit, SASL. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProtonClientTest {
    private TestBroker broker;

    @BeforeEach
    void start() throws Exception {
        broker = new TestBroker();
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void openAnnouncesFrameSizeChannelMaxAndIdleTimeout() throws Exception {
        try (ProtonClient client = ProtonClient.opened(broker.port())) {
            assertThat(client.connection.getRemoteState()).isEqualTo(EndpointState.ACTIVE);
            assertThat(client.connection.getRemoteContainer()).isEqualTo("switchboard");
            assertThat(client.transport.getRemoteMaxFrameSize()).isEqualTo(AmqpSettings.DEFAULTS.maxFrameSize());
            assertThat(client.transport.getRemoteChannelMax()).isEqualTo(AmqpSettings.DEFAULTS.channelMax());
            // proton-j announces half its idle timeout, so that a peer's heartbeats arrive in time
            assertThat(client.transport.getRemoteIdleTimeout())
                    .isEqualTo(AmqpSettings.DEFAULTS.idleTimeoutSeconds() * 1000 / 2);
            client.connection.close();
            client.pumpUntil(() -> client.connection.getRemoteState() == EndpointState.CLOSED);
        }
    }

    @Test
    void fiveMebibyteMessageCrossesInManyFramesAndIsAcceptedUnsettled() throws Exception {
        byte[] payload = new byte[5 * 1024 * 1024];
        new Random(42).nextBytes(payload);
        try (ProtonClient client = ProtonClient.opened(broker.port())) {
            Session session = client.connection.session();
            session.open();
            Receiver receiver = ProtonClient.receiver(session, "topic://big/#");
            receiver.flow(1);
            Sender sender = ProtonClient.sender(session, "topic://big/one", SenderSettleMode.UNSETTLED);
            client.pumpUntil(() -> sender.getRemoteState() == EndpointState.ACTIVE
                    && receiver.getRemoteState() == EndpointState.ACTIVE && sender.getCredit() > 0);
            Message message = Proton.message();
            message.setBody(new Data(new Binary(payload)));
            byte[] encoded = AmqpMessages.encode(message);
            Delivery sent = sender.delivery(new byte[] {1});
            sender.send(encoded, 0, encoded.length);
            sender.advance();
            client.pumpUntil(() -> sent.getRemoteState() != null);
            assertThat(sent.getRemoteState()).isInstanceOf(Accepted.class);
            sent.settle();

            client.pumpUntil(() -> receiver.current() != null && !receiver.current().isPartial());
            Delivery incoming = receiver.current();
            byte[] bytes = new byte[incoming.pending()];
            receiver.recv(bytes, 0, bytes.length);
            receiver.advance();
            Message received = Proton.message();
            received.decode(bytes, 0, bytes.length);
            Binary body = ((Data) received.getBody()).getValue();
            assertThat(body.getLength()).isEqualTo(payload.length);
            assertThat(new Binary(payload)).isEqualTo(body);
            assertThat(received.getAddress()).isEqualTo("big/one");
            incoming.disposition(Accepted.getInstance());
            incoming.settle();
            client.pumpUntil(() -> true);
        }
    }

    @Test
    void deliveriesNeverExceedLinkCreditAndWaitForMore() throws Exception {
        try (ProtonClient client = ProtonClient.opened(broker.port())) {
            Session session = client.connection.session();
            session.open();
            Receiver receiver = ProtonClient.receiver(session, "topic://credit/x");
            receiver.flow(2);
            Sender sender = ProtonClient.sender(session, "topic://credit/x", SenderSettleMode.SETTLED);
            client.pumpUntil(() -> sender.getCredit() >= 5 && receiver.getRemoteState() == EndpointState.ACTIVE);
            for (int i = 0; i < 5; i++) {
                ProtonClient.send(sender, "m" + i);
            }
            List<String> received = new ArrayList<>();
            client.pumpUntil(() -> ProtonClient.drain(receiver, received) && received.size() == 2);
            assertThat(receiver.getCredit()).isZero();
            // the broker may not send more without credit: a round trip (BEGIN of a second session) proves it had
            // the chance to
            Session probe = client.connection.session();
            probe.open();
            client.pumpUntil(() -> probe.getRemoteState() == EndpointState.ACTIVE);
            ProtonClient.drain(receiver, received);
            assertThat(received).containsExactly("m0", "m1");
            receiver.flow(10);
            client.pumpUntil(() -> ProtonClient.drain(receiver, received) && received.size() == 5);
            assertThat(received).containsExactly("m0", "m1", "m2", "m3", "m4");
        }
    }

    @Test
    void aSilentPeerIsClosedAfterTheIdleTimeout() throws Exception {
        broker.close();
        broker = new TestBroker(AmqpSettings.DEFAULTS.withPort(0).withIdleTimeoutSeconds(1),
                AmqpSecurity.none());
        try (ProtonClient silent = ProtonClient.opened(broker.port())) {
            long start = System.nanoTime();
            silent.pumpUntil(() -> silent.connection.getRemoteState() == EndpointState.CLOSED);
            assertThat(System.nanoTime() - start).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(900));
            assertThat(silent.connection.getRemoteCondition().getCondition().toString())
                    .isEqualTo("amqp:resource-limit-exceeded");
        }
    }

    @Test
    void heartbeatsAreSentWithinThePeersIdleTimeout() throws Exception {
        try (ProtonClient client = new ProtonClient(broker.port(), null, null)) {
            client.transport.setIdleTimeout(1_000); // announces 500 ms: the broker must send at least that often
            client.open();
            long afterOpen = client.bytesRead();
            // the client sends nothing: only the broker's empty frames can arrive
            client.pumpUntil(() -> client.bytesRead() >= afterOpen + 16);
            assertThat(client.connection.getRemoteState()).isEqualTo(EndpointState.ACTIVE);
        }
    }

    @Test
    void routerShutdownClosesTheConnectionWithConnectionForced() throws Exception {
        try (ProtonClient client = ProtonClient.opened(broker.port())) {
            broker.router.shutdown();
            client.pumpUntil(() -> client.connection.getRemoteState() == EndpointState.CLOSED);
            assertThat(client.connection.getRemoteCondition().getCondition().toString())
                    .isEqualTo("amqp:connection:forced");
            assertThat(client.connection.getRemoteCondition().getDescription()).isEqualTo("server_shutting_down");
        }
    }

    @Test
    void saslPlainIsCheckedByTheAuthenticatorOffTheEventLoop() throws Exception {
        broker.close();
        List<String> threads = new CopyOnWriteArrayList<>();
        Authenticator authenticator = credentials -> {
            threads.add(Thread.currentThread().getName());
            return "alice".equals(credentials.username())
                    && Arrays.equals("secret".getBytes(StandardCharsets.UTF_8), credentials.password())
                    ? AuthenticationResult.success(Principal.user("alice"))
                    : AuthenticationResult.failure(AuthenticationResult.Failure.BAD_CREDENTIALS, "wrong_password");
        };
        ExecutorService authThread = Executors.newSingleThreadExecutor(task -> new Thread(task, "test-auth"));
        try {
            broker = new TestBroker(AmqpSettings.DEFAULTS.withPort(0), new AmqpSecurity(authenticator,
                    Authorizer.ALLOW_ALL, authThread, false, null, () -> AmqpLimits.NONE, new ConnectionGate()));
            try (ProtonClient good = new ProtonClient(broker.port(), "alice", "secret")) {
                good.open();
                assertThat(good.transport.sasl().getOutcome()).isEqualTo(Sasl.SaslOutcome.PN_SASL_OK);
                assertThat(good.connection.getRemoteState()).isEqualTo(EndpointState.ACTIVE);
            }
            assertThat(threads).containsExactly("test-auth");
            try (ProtonClient bad = new ProtonClient(broker.port(), "alice", "wrong")) {
                bad.connection.open();
                bad.pumpUntilEof();
                assertThat(bad.transport.sasl().getOutcome()).isEqualTo(Sasl.SaslOutcome.PN_SASL_AUTH);
                assertThat(bad.connection.getRemoteState()).isEqualTo(EndpointState.UNINITIALIZED);
            }
            try (ProtonClient anonymous = new ProtonClient(broker.port(), null, null)) {
                anonymous.connection.open();
                anonymous.pumpUntilEof();
                assertThat(anonymous.transport.sasl().getOutcome()).isEqualTo(Sasl.SaslOutcome.PN_SASL_AUTH);
                assertThat(anonymous.transport.sasl().getRemoteMechanisms()).doesNotContain("ANONYMOUS");
            }
        } finally {
            authThread.shutdownNow();
        }
    }
}
