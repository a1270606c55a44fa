package io.switchboard.mqtt;

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
 * @param receiveMaximum         QoS 1/2 publishes a client may have unacknowledged towards the broker
 * @param topicAliasMaximum      topic aliases a client may use towards the broker (0: none)
 * @param maxSessionExpirySeconds highest session expiry granted
 * @param connectTimeoutSeconds  time a new connection has to send CONNECT
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

    public static final MqttSettings DEFAULTS = new MqttSettings("127.0.0.1", 1883, 8083, "/mqtt",
            1024 * 1024, 256, null, true, 3600, 1024, 64, 0xFFFF_FFFFL, 10);

    /** A copy with other ports (tests bind ephemeral ports). */
    public MqttSettings withPorts(int newPort, int newWebsocketPort) {
        return new MqttSettings(host, newPort, newWebsocketPort, websocketPath, maxPacketSize, maxClientIdLength,
                clientIdPattern, allowEmptyClientId, maxKeepAliveSeconds, receiveMaximum, topicAliasMaximum,
                maxSessionExpirySeconds, connectTimeoutSeconds);
    }
}
