package io.switchboard.router.api;

import io.switchboard.router.security.ReadPermission;
import java.util.Objects;

/**
 * What an adapter asks of the router when a client connects.
 *
 * @param clientId              the (possibly broker-assigned) client identifier
 * @param cleanStart            discard any existing session (MQTT clean session / clean start)
 * @param sessionExpirySeconds  how long the session outlives the connection: 0 ends it with the connection,
 *                              {@link #NEVER_EXPIRES} keeps it forever (MQTT 3.1.1 clean session = false)
 * @param will                  the will, or null
 * @param receiveMaximum        how many QoS 1/2 deliveries may be unacknowledged at once towards this client
 * @param protocol              the adapter's protocol
 * @param sink                  where deliveries for this session go
 * @param executor              the connection's event loop; the session lives there while connected
 * @param readPermission        which topics this client may receive (retained and live messages are filtered by
 *                              it); {@link ReadPermission#ALL} without an ACL
 * @param queueLimits           this client's own queue bounds (e.g. its user's), or null for the router's
 */
public record ConnectRequest(
        String clientId,
        boolean cleanStart,
        long sessionExpirySeconds,
        Will will,
        int receiveMaximum,
        Protocol protocol,
        DeliverySink sink,
        SessionExecutor executor,
        ReadPermission readPermission,
        QueueLimits queueLimits) {

    /** MQTT 5 session expiry 0xFFFFFFFF: the session does not expire. */
    public static final long NEVER_EXPIRES = 0xFFFF_FFFFL;

    public ConnectRequest {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(readPermission, "readPermission");
        if (receiveMaximum < 1 || receiveMaximum > 65_535) {
            throw new IllegalArgumentException("receive maximum " + receiveMaximum);
        }
        if (sessionExpirySeconds < 0 || sessionExpirySeconds > NEVER_EXPIRES) {
            throw new IllegalArgumentException("session expiry " + sessionExpirySeconds);
        }
    }

    /** A request with the router's queue bounds. */
    public ConnectRequest(String clientId, boolean cleanStart, long sessionExpirySeconds, Will will,
                          int receiveMaximum, Protocol protocol, DeliverySink sink, SessionExecutor executor,
                          ReadPermission readPermission) {
        this(clientId, cleanStart, sessionExpirySeconds, will, receiveMaximum, protocol, sink, executor,
                readPermission, null);
    }

    /** A request whose client may receive every topic (no ACL). */
    public ConnectRequest(String clientId, boolean cleanStart, long sessionExpirySeconds, Will will,
                          int receiveMaximum, Protocol protocol, DeliverySink sink, SessionExecutor executor) {
        this(clientId, cleanStart, sessionExpirySeconds, will, receiveMaximum, protocol, sink, executor,
                ReadPermission.ALL);
    }
}
