package io.switchboard.broker.config;

import io.switchboard.mqtt.MqttSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Section {@code mqtt}: the MQTT listeners. Keys and meanings are those of {@link MqttSettings}, plus
 * {@code allow_anonymous}.
 *
 * @param allowAnonymous accept clients without authentication on a non-loopback {@code host}. Until the
 *                       security module adds authentication, a non-loopback host is refused unless this is true.
 */
public record MqttConfig(
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
        int connectTimeoutSeconds,
        boolean allowAnonymous) {

    /** The MQTT protocol's largest packet: 268,435,455 bytes of remaining length plus the fixed header. */
    static final int MQTT_MAX_PACKET_SIZE = 268_435_460;

    public static final MqttConfig DEFAULTS = from(MqttSettings.DEFAULTS, false);

    public MqttConfig {
        if (host == null || host.isBlank()) {
            throw new InvalidValueException("host", "must be a host name or address");
        }
        InvalidValueException.range("port", port, -1, 65535);
        InvalidValueException.range("websocket_port", websocketPort, -1, 65535);
        if (websocketPath == null || !websocketPath.startsWith("/")) {
            throw new InvalidValueException("websocket_path", "must start with '/', got '" + websocketPath + "'");
        }
        InvalidValueException.range("max_packet_size", maxPacketSize, 64, MQTT_MAX_PACKET_SIZE);
        InvalidValueException.range("max_client_id_length", maxClientIdLength, 1, 65535);
        if (clientIdPattern != null && clientIdPattern.isEmpty()) {
            clientIdPattern = null;
        }
        if (clientIdPattern != null) {
            try {
                Pattern.compile(clientIdPattern);
            } catch (PatternSyntaxException e) {
                throw new InvalidValueException("client_id_pattern",
                        "not a valid regular expression: " + e.getDescription());
            }
        }
        InvalidValueException.range("max_keep_alive_seconds", maxKeepAliveSeconds, 1, 65535);
        InvalidValueException.range("receive_maximum", receiveMaximum, 1, 65535);
        InvalidValueException.range("topic_alias_maximum", topicAliasMaximum, 0, 65535);
        InvalidValueException.range("max_session_expiry_seconds", maxSessionExpirySeconds, 0, 0xFFFF_FFFFL);
        InvalidValueException.range("connect_timeout_seconds", connectTimeoutSeconds, 1, 3600);
    }

    /**
     * Listeners bind beyond loopback only when clients must authenticate, or anonymous access from the network
     * is explicitly allowed (here or as {@code security.allow_anonymous: true}).
     */
    void checkExposure(SecurityConfig security) {
        boolean protectedOrExplicit = allowAnonymous || Boolean.TRUE.equals(security.allowAnonymous())
                || (security.authenticationConfigured() && !security.anonymousAllowed());
        if (!protectedOrExplicit && !isLoopback(host)) {
            throw new InvalidValueException("mqtt.host", "'" + host + "' is not a loopback address; without"
                    + " authentication the broker listens on loopback only (configure security.password_file,"
                    + " or set mqtt.allow_anonymous: true to accept anonymous clients from the network)");
        }
    }

    static MqttConfig from(MqttSettings s, boolean allowAnonymous) {
        return new MqttConfig(s.host(), s.port(), s.websocketPort(), s.websocketPath(), s.maxPacketSize(),
                s.maxClientIdLength(), s.clientIdPattern(), s.allowEmptyClientId(), s.maxKeepAliveSeconds(),
                s.receiveMaximum(), s.topicAliasMaximum(), s.maxSessionExpirySeconds(), s.connectTimeoutSeconds(),
                allowAnonymous);
    }

    public MqttSettings toMqttSettings() {
        return new MqttSettings(host, port, websocketPort, websocketPath, maxPacketSize, maxClientIdLength,
                clientIdPattern, allowEmptyClientId, maxKeepAliveSeconds, receiveMaximum, topicAliasMaximum,
                maxSessionExpirySeconds, connectTimeoutSeconds);
    }

    private static boolean isLoopback(String host) {
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
