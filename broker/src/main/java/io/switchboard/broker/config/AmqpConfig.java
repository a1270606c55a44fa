package io.switchboard.broker.config;

import io.switchboard.amqp.AddressKind;
import io.switchboard.amqp.AmqpSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Section {@code amqp}: the AMQP 1.0 listener. Keys and meanings are those of {@link AmqpSettings}, plus
 * {@code allow_anonymous} (as in section {@code mqtt}: a non-loopback host needs it, unless clients must
 * authenticate).
 */
public record AmqpConfig(
        String host,
        int port,
        int maxFrameSize,
        int channelMax,
        int idleTimeoutSeconds,
        long maxMessageSize,
        int linkCredit,
        int sessionWindowFrames,
        int maxUnacknowledged,
        AddressKind bareAddress,
        boolean allowAnonymous) {

    public static final AmqpConfig DEFAULTS = from(AmqpSettings.DEFAULTS);

    public AmqpConfig {
        if (host == null || host.isBlank()) {
            throw new InvalidValueException("host", "must be a host name or address");
        }
        InvalidValueException.range("port", port, -1, 65535);
        InvalidValueException.range("max_frame_size", maxFrameSize, AmqpSettings.MIN_MAX_FRAME_SIZE,
                Integer.MAX_VALUE);
        InvalidValueException.range("channel_max", channelMax, 0, 65535);
        InvalidValueException.range("idle_timeout_seconds", idleTimeoutSeconds, 0, 86_400);
        InvalidValueException.range("max_message_size", maxMessageSize, 1, Integer.MAX_VALUE);
        InvalidValueException.range("link_credit", linkCredit, 1, 1_000_000);
        InvalidValueException.range("session_window_frames", sessionWindowFrames, 1, 1_000_000);
        InvalidValueException.range("max_unacknowledged", maxUnacknowledged, 1, 65535);
        InvalidValueException.required("bare_address", bareAddress);
    }

    /**
     * The listeners bind beyond loopback only when clients must authenticate, or anonymous access from the network
     * is explicitly allowed (here or as {@code security.allow_anonymous: true}), as for MQTT.
     */
    void checkExposure(SecurityConfig security) {
        boolean protectedOrExplicit = allowAnonymous || Boolean.TRUE.equals(security.allowAnonymous())
                || (security.authenticationConfigured() && !security.anonymousAllowed());
        if (!protectedOrExplicit && !isLoopback(host)) {
            throw new InvalidValueException("amqp.host", "'" + host + "' is not a loopback address; without"
                    + " authentication the broker listens on loopback only (configure security.password_file,"
                    + " or set amqp.allow_anonymous: true to accept anonymous clients from the network)");
        }
    }

    static AmqpConfig from(AmqpSettings s) {
        return new AmqpConfig(s.host(), s.port(), s.maxFrameSize(), s.channelMax(), s.idleTimeoutSeconds(),
                s.maxMessageSize(), s.linkCredit(), s.sessionWindowFrames(), s.maxUnacknowledged(), s.bareAddress(),
                false);
    }

    public AmqpSettings toAmqpSettings() {
        return new AmqpSettings(host, port, maxFrameSize, channelMax, idleTimeoutSeconds, maxMessageSize, linkCredit,
                sessionWindowFrames, maxUnacknowledged, bareAddress);
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
