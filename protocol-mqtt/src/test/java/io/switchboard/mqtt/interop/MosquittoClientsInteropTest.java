package io.switchboard.mqtt.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.mqtt.Clients;
import io.switchboard.mqtt.SharedBroker;
import io.switchboard.mqtt.TestBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code mosquitto_pub} and {@code mosquitto_sub} (Debian mosquitto-clients) run as processes, MQTT 3.1.1 and 5.0. */
class MosquittoClientsInteropTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String SUBACK = "received SUBACK";

    @RegisterExtension
    static final SharedBroker broker = new SharedBroker();

    @RegisterExtension
    final Clients clients = new Clients(broker);

    private static List<String> base(String program, String version, String clientId) {
        return new ArrayList<>(List.of(MosquittoProcess.executable(program), "-h", "127.0.0.1",
                "-p", String.valueOf(broker.get().port()), "-V", version, "-i", clientId));
    }

    /** mosquitto_sub with debug output (to see the SUBACK) and payload lines printed as "MSG qos retain payload". */
    private MosquittoProcess subscribe(String version, String topic, int qos, int count, String... extra) {
        List<String> command = base("mosquitto_sub", version, Clients.unique("msub"));
        command.addAll(List.of("-d", "-t", topic, "-q", String.valueOf(qos), "-C", String.valueOf(count),
                "-W", "10", "-F", "MSG %q %r %p"));
        command.addAll(List.of(extra));
        return clients.track(MosquittoProcess.start(command));
    }

    private static void publish(String version, String topic, int qos, String payload, String... extra)
            throws InterruptedException {
        List<String> command = base("mosquitto_pub", version, Clients.unique("mpub"));
        command.addAll(List.of("-t", topic, "-q", String.valueOf(qos), "-m", payload));
        command.addAll(List.of(extra));
        MosquittoProcess.run(command, TIMEOUT);
    }

    @ParameterizedTest(name = "{0} QoS {1}")
    @CsvSource({"mqttv311,0", "mqttv311,1", "mqttv311,2", "mqttv5,0", "mqttv5,1", "mqttv5,2"})
    @DisplayName("QoS 0/1/2 round trip from mosquitto_pub to mosquitto_sub")
    void roundTrip(String version, int qos) throws InterruptedException {
        String topic = Clients.unique("mosq/qos" + qos);
        MosquittoProcess subscriber = subscribe(version, topic, qos, 3);
        subscriber.awaitLine(l -> l.contains(SUBACK), TIMEOUT);
        for (int i = 0; i < 3; i++) {
            publish(version, topic, qos, "m" + i);
        }
        assertThat(subscriber.awaitLines("MSG ", 3, TIMEOUT))
                .containsExactly("MSG " + qos + " 0 m0", "MSG " + qos + " 0 m1", "MSG " + qos + " 0 m2");
        subscriber.expectExit(0, TIMEOUT);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mqttv311", "mqttv5"})
    @DisplayName("retained message from mosquitto_pub -r delivered to a later mosquitto_sub, then removed with -n")
    void retained(String version) throws InterruptedException {
        String topic = Clients.unique("mosq/retained");
        publish(version, topic, 1, "state", "-r");
        MosquittoProcess subscriber = subscribe(version, topic, 1, 1);
        assertThat(subscriber.awaitLine(l -> l.startsWith("MSG "), TIMEOUT)).isEqualTo("MSG 1 1 state");
        subscriber.expectExit(0, TIMEOUT);

        List<String> delete = base("mosquitto_pub", version, Clients.unique("mpub"));
        delete.addAll(List.of("-t", topic, "-q", "1", "-r", "-n"));
        MosquittoProcess.run(delete, TIMEOUT);
        MosquittoProcess late = subscribe(version, topic, 1, 1);
        late.awaitLine(l -> l.contains(SUBACK), TIMEOUT);
        publish(version, topic, 1, "marker");
        assertThat(late.awaitLine(l -> l.startsWith("MSG "), TIMEOUT)).isEqualTo("MSG 1 0 marker");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mqttv311", "mqttv5"})
    @DisplayName("will of a mosquitto_sub killed with SIGKILL is delivered to another mosquitto_sub")
    void will(String version) throws InterruptedException {
        String topic = Clients.unique("mosq/will");
        MosquittoProcess watcher = subscribe(version, topic, 1, 1);
        watcher.awaitLine(l -> l.contains(SUBACK), TIMEOUT);
        MosquittoProcess dying = subscribe(version, Clients.unique("mosq/idle"), 0, 1,
                "--will-topic", topic, "--will-payload", "lost", "--will-qos", "1");
        dying.awaitLine(l -> l.contains(SUBACK), TIMEOUT);
        dying.kill();
        assertThat(watcher.awaitLine(l -> l.startsWith("MSG "), TIMEOUT)).isEqualTo("MSG 1 0 lost");
        watcher.expectExit(0, TIMEOUT);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mqttv311", "mqttv5"})
    @DisplayName("persistent session: mosquitto_sub -c receives everything published while it was away")
    void persistentSession(String version) throws InterruptedException {
        String topic = Clients.unique("mosq/session");
        String id = Clients.unique("msub-persistent");
        List<String> first = base("mosquitto_sub", version, id);
        first.addAll(List.of("-c", "-t", topic, "-q", "1", "-E"));
        if (version.equals("mqttv5")) {
            first.addAll(List.of("-x", "300"));
        }
        MosquittoProcess.run(first, TIMEOUT);

        for (int i = 0; i < 3; i++) {
            publish(version, topic, 1 + i % 2, "offline " + i);
        }

        List<String> second = base("mosquitto_sub", version, id);
        second.addAll(List.of("-c", "-t", topic, "-q", "1", "-C", "3", "-W", "10", "-F", "MSG %p"));
        if (version.equals("mqttv5")) {
            second.addAll(List.of("-x", "300"));
        }
        MosquittoProcess resumed = clients.track(MosquittoProcess.start(second));
        assertThat(resumed.awaitLines("MSG ", 3, TIMEOUT))
                .containsExactly("MSG offline 0", "MSG offline 1", "MSG offline 2");
        resumed.expectExit(0, TIMEOUT);
    }
}
