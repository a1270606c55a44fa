package io.switchboard.router.api;

/** Delivery guarantee requested by a publisher or granted to a subscriber. */
public enum Qos {
    /** Fire and forget: MQTT QoS 0, AMQP pre-settled. Never persisted. */
    AT_MOST_ONCE,
    /** MQTT QoS 1, AMQP unsettled with accepted outcome. */
    AT_LEAST_ONCE,
    /** MQTT QoS 2. */
    EXACTLY_ONCE;

    private static final Qos[] BY_LEVEL = values();

    /** The MQTT level of this QoS (0, 1 or 2). */
    public int level() {
        return ordinal();
    }

    public static Qos ofLevel(int level) {
        if (level < 0 || level > 2) {
            throw new IllegalArgumentException("QoS level " + level);
        }
        return BY_LEVEL[level];
    }

    public Qos min(Qos other) {
        return ordinal() <= other.ordinal() ? this : other;
    }

    public Qos max(Qos other) {
        return ordinal() >= other.ordinal() ? this : other;
    }
}
