package io.switchboard.amqp;

import java.util.Objects;

/**
 * Settings of the AMQP 1.0 listener.
 *
 * @param host                  address to bind
 * @param port                  TCP port; 0 binds an ephemeral port, -1 disables the listener
 * @param maxFrameSize          largest frame accepted (announced in OPEN); larger frames close the connection
 *                              with {@code amqp:connection:framing-error}
 * @param channelMax            highest channel number (sessions per connection minus one) announced in OPEN
 * @param idleTimeoutSeconds    idle timeout announced in OPEN; a peer silent for that long is closed. 0 for none
 * @param maxMessageSize        largest message accepted on a link (announced in ATTACH); a larger transfer closes
 *                              the link with {@code amqp:link:message-size-exceeded}
 * @param linkCredit            credit each publishing link gets, topped up as messages are settled
 * @param sessionWindowFrames   incoming session window, in frames of {@code maxFrameSize}
 * @param maxUnacknowledged     at-least-once deliveries that may await a receiver's settlement per connection
 * @param bareAddress           how an address without prefix or capability is read
 */
public record AmqpSettings(
        String host,
        int port,
        int maxFrameSize,
        int channelMax,
        int idleTimeoutSeconds,
        long maxMessageSize,
        int linkCredit,
        int sessionWindowFrames,
        int maxUnacknowledged,
        AddressKind bareAddress) {

    /** The smallest max-frame-size AMQP 1.0 allows (512). */
    public static final int MIN_MAX_FRAME_SIZE = 512;

    public static final AmqpSettings DEFAULTS = new AmqpSettings("127.0.0.1", 5672, 65_536, 255, 60,
            16L * 1024 * 1024, 500, 64, 1_000, AddressKind.QUEUE);

    public AmqpSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(bareAddress, "bareAddress");
        check(port >= -1 && port <= 65_535, "port", port);
        check(maxFrameSize >= MIN_MAX_FRAME_SIZE, "maxFrameSize", maxFrameSize);
        check(channelMax >= 0 && channelMax <= 65_535, "channelMax", channelMax);
        check(idleTimeoutSeconds >= 0, "idleTimeoutSeconds", idleTimeoutSeconds);
        check(maxMessageSize >= 1, "maxMessageSize", maxMessageSize);
        check(linkCredit >= 1, "linkCredit", linkCredit);
        check(sessionWindowFrames >= 1, "sessionWindowFrames", sessionWindowFrames);
        check(maxUnacknowledged >= 1 && maxUnacknowledged <= 65_535, "maxUnacknowledged", maxUnacknowledged);
    }

    private static void check(boolean ok, String name, long value) {
        if (!ok) {
            throw new IllegalArgumentException(name + " out of range: " + value);
        }
    }

    public AmqpSettings withPort(int newPort) {
        return new AmqpSettings(host, newPort, maxFrameSize, channelMax, idleTimeoutSeconds, maxMessageSize,
                linkCredit, sessionWindowFrames, maxUnacknowledged, bareAddress);
    }

    public AmqpSettings withMaxFrameSize(int newMaxFrameSize) {
        return new AmqpSettings(host, port, newMaxFrameSize, channelMax, idleTimeoutSeconds, maxMessageSize,
                linkCredit, sessionWindowFrames, maxUnacknowledged, bareAddress);
    }

    public AmqpSettings withIdleTimeoutSeconds(int newIdleTimeoutSeconds) {
        return new AmqpSettings(host, port, maxFrameSize, channelMax, newIdleTimeoutSeconds, maxMessageSize,
                linkCredit, sessionWindowFrames, maxUnacknowledged, bareAddress);
    }

    public AmqpSettings withLinkCredit(int newLinkCredit) {
        return new AmqpSettings(host, port, maxFrameSize, channelMax, idleTimeoutSeconds, maxMessageSize,
                newLinkCredit, sessionWindowFrames, maxUnacknowledged, bareAddress);
    }

    public AmqpSettings withMaxMessageSize(long newMaxMessageSize) {
        return new AmqpSettings(host, port, maxFrameSize, channelMax, idleTimeoutSeconds, newMaxMessageSize,
                linkCredit, sessionWindowFrames, maxUnacknowledged, bareAddress);
    }
}
