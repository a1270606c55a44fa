package io.switchboard.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.regex.Pattern;

/** mosquitto_pub and mosquitto_sub (Debian's mosquitto-clients) driven as processes. */
final class Mosquitto {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private Mosquitto() {
    }

    /**
     * Subscribes with mosquitto_sub, waits for its SUBACK, publishes one QoS 1 message with mosquitto_pub and
     * checks that the subscriber printed it and exited.
     *
     * @param version mosquitto's protocol name: mqttv31, mqttv311 or mqttv5
     */
    static void roundTrip(int port, String version, String topic, String payload)
            throws IOException, InterruptedException {
        // stdbuf: mosquitto_sub block-buffers its output into a pipe; its SUBACK line is needed at once.
        try (ProcessOutput sub = ProcessOutput.start("mosquitto_sub-" + version, new ProcessBuilder(
                "stdbuf", "-oL", "mosquitto_sub", "-h", "127.0.0.1", "-p", String.valueOf(port), "-V", version,
                "-i", "sub-" + version, "-t", topic, "-q", "1", "-C", "1", "-W", "10", "-d"))) {
            sub.awaitLine(Pattern.compile("received SUBACK"), TIMEOUT);
            try (ProcessOutput pub = ProcessOutput.start("mosquitto_pub-" + version, new ProcessBuilder(
                    "mosquitto_pub", "-h", "127.0.0.1", "-p", String.valueOf(port), "-V", version,
                    "-i", "pub-" + version, "-t", topic, "-q", "1", "-m", payload))) {
                assertThat(pub.awaitExit(TIMEOUT)).as(pub.text()).isZero();
            }
            assertThat(sub.awaitExit(TIMEOUT)).as(sub.text()).isZero();
            assertThat(sub.lines()).as(sub.text()).contains(payload);
        }
    }
}
