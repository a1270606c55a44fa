package io.switchboard.mqtt;

import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Settings of the MQTT listeners, bound from the broker's config file (section {@code mqtt}).
 *
 * @param host                   address to bind ("127.0.0.1" unless authentication is configured)
 * @param port                   MQTT over TCP port, 0 for an ephemeral port, -1 to disable
 * @param websocketPort          MQTT over WebSocket port, 0 for ephemeral, -1 to disable
 * @param websocketPath          WebSocket path, "/mqtt"
 * @param maxPacketSize          largest packet accepted, in bytes (announced as Maximum Packet Size in MQTT 5)
 * @param maxClientIdLength      longest client id accepted
 * @param clientIdPattern        regular expression a client id must match (null: any)
 * @param allowEmptyClientId     assign an id to clients that send none (MQTT 3.1.1 only with clean session)
 * @param maxKeepAliveSeconds    highest keep-alive granted; a larger or zero request gets this as Server Keep Alive
 *                               (0: no limit, the client's value is used)
 * @param receiveMaximum         QoS 1/2 publishes a client may have unacknowledged towards the broker; also the
 *                               in-flight window towards MQTT 3.x clients, which cannot announce one
 * @param topicAliasMaximum      topic aliases a client may use towards the broker (0: none)
 * @param maxSessionExpirySeconds highest session expiry granted
 * @param connectTimeoutSeconds  time a new connection has to send CONNECT (0: no limit)
 */
public record MqttSettings(
        String host,
        int port,
        int websocketPort,
        String websocketPath,
        int maxPacketSize,
        int maxClientIdLength,
        String clientIdPattern,
        boolean allowEmptyClientId,
        int maxKeepAliveSeconds,
        int receiveMaximum,
        int topicAliasMaximum,
        long maxSessionExpirySeconds,
        int connectTimeoutSeconds) {

    /** Largest remaining length MQTT can express (four-byte variable byte integer). */
    public static final int MQTT_MAX_PACKET_SIZE = 268_435_455;

    public MqttSettings {
        Objects.requireNonNull(host, "mqtt.host");
        checkPort(port, "mqtt.port");
        checkPort(websocketPort, "mqtt.websocketPort");
        Objects.requireNonNull(websocketPath, "mqtt.websocketPath");
        if (!websocketPath.startsWith("/")) {
            throw new IllegalArgumentException("mqtt.websocketPath must start with '/': " + websocketPath);
        }
        check(maxPacketSize, 16, MQTT_MAX_PACKET_SIZE, "mqtt.maxPacketSize");
        check(maxClientIdLength, 1, 65_535, "mqtt.maxClientIdLength");
        if (clientIdPattern != null) {
            try {
                Pattern.compile(clientIdPattern);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("mqtt.clientIdPattern is not a regular expression: "
                        + e.getDescription());
            }
        }
        check(maxKeepAliveSeconds, 0, 65_535, "mqtt.maxKeepAliveSeconds");
        check(receiveMaximum, 1, 65_535, "mqtt.receiveMaximum");
        check(topicAliasMaximum, 0, 65_535, "mqtt.topicAliasMaximum");
        if (maxSessionExpirySeconds < 0 || maxSessionExpirySeconds > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("mqtt.maxSessionExpirySeconds must be 0.." + 0xFFFF_FFFFL + ": "
                    + maxSessionExpirySeconds);
        }
        check(connectTimeoutSeconds, 0, 3600, "mqtt.connectTimeoutSeconds");
    }

    private static void checkPort(int value, String key) {
        check(value, -1, 65_535, key);
    }

    private static void check(int value, int min, int max, String key) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " must be " + min + ".." + max + ": " + value);
        }
    }

    public static final MqttSettings DEFAULTS = new MqttSettings("127.0.0.1", 1883, 8083, "/mqtt",
            1024 * 1024, 256, null, true, 3600, 1024, 64, 0xFFFF_FFFFL, 10);

    /** A copy with other ports (tests bind ephemeral ports). */
    public MqttSettings withPorts(int newPort, int newWebsocketPort) {
        return new MqttSettings(host, newPort, newWebsocketPort, websocketPath, maxPacketSize, maxClientIdLength,
                clientIdPattern, allowEmptyClientId, maxKeepAliveSeconds, receiveMaximum, topicAliasMaximum,
                maxSessionExpirySeconds, connectTimeoutSeconds);
    }
}
