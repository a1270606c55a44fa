package io.switchboard.broker.security;

import io.switchboard.broker.Broker;
import io.switchboard.broker.config.BrokerConfig;
import io.switchboard.broker.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real broker on ephemeral loopback ports with the given {@code --set} overrides, for security tests: MQTT over
 * TCP only unless the overrides turn more on.
 */
final class SecureBroker {
    /** Cheap hashes keep the tests fast; the format and check are the same as with the default count. */
    static final int TEST_ITERATIONS = PasswordHash.MIN_ITERATIONS;

    private SecureBroker() {
    }

    static Broker start(Path dir, String... sets) throws Exception {
        Path config = dir.resolve("switchboard.yaml");
        if (!Files.exists(config)) {
            Files.writeString(config, "");
        }
        // Ephemeral ports for HTTP, AMQP and AMQPS: their defaults are shared with every other broker on the machine
        List<String> all = new ArrayList<>(List.of("mqtt.port=0", "mqtt.websocket_port=-1", "http.port=0",
                "amqp.port=0", "security.tls.amqp_port=0", "storage.dir=" + dir.resolve("data")));
        all.addAll(List.of(sets));
        BrokerConfig brokerConfig = ConfigLoader.load(config, Map.of(), all);
        return Broker.start(brokerConfig);
    }

    /** Writes a password file with {@code user, password} pairs. */
    static Path users(Path dir, String... userAndPassword) throws Exception {
        PasswordFile file = PasswordFile.empty();
        for (int i = 0; i < userAndPassword.length; i += 2) {
            char[] password = userAndPassword[i + 1].toCharArray();
            file = file.with(userAndPassword[i], PasswordHash.create(password, TEST_ITERATIONS),
                    ScramCredential.create(password, ScramCredential.MIN_ITERATIONS));
        }
        Path path = dir.resolve("passwords");
        file.write(path);
        return path;
    }

    static Path acl(Path dir, String... lines) throws Exception {
        Path path = dir.resolve("acl");
        Files.write(path, List.of(lines));
        return path;
    }
}
