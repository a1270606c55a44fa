package io.switchboard.router.api;

/**
 * Result of one subscription request.
 *
 * @param granted the QoS granted, or null when refused
 * @param failure why it was refused, or null when granted
 */
public record SubscribeOutcome(Qos granted, Failure failure) {
    /** Refusal reasons (MQTT 5 SUBACK codes for reference; MQTT 3.1.1 sends 0x80 for all). */
    public enum Failure {
        /** 0x8F */
        TOPIC_FILTER_INVALID,
        /** 0x9E */
        SHARED_SUBSCRIPTIONS_NOT_SUPPORTED,
        /** 0xA1 */
        SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED,
        /** 0xA2 */
        WILDCARDS_NOT_SUPPORTED,
        /** 0x97 */
        QUOTA_EXCEEDED,
        /** 0x87 */
        NOT_AUTHORIZED
    }

    public static SubscribeOutcome granted(Qos qos) {
        return new SubscribeOutcome(qos, null);
    }

    public static SubscribeOutcome refused(Failure failure) {
        return new SubscribeOutcome(null, failure);
    }

    public boolean isGranted() {
        return granted != null;
    }
}
