package io.switchboard.router.api;

/** What a full per-session outbound queue does with one more message. Every drop is counted and logged. */
public enum OverflowPolicy {
    /** Discard the oldest queued message to make room. */
    DROP_OLDEST,
    /** Discard the new message. */
    DROP_NEW,
    /** Disconnect the client (MQTT 5 reason 0x97 quota exceeded); queued messages of a persistent session stay. */
    DISCONNECT
}
