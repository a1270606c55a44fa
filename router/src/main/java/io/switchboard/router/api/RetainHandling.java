package io.switchboard.router.api;

/** MQTT 5 subscription option: when retained messages are sent at subscribe time. */
public enum RetainHandling {
    SEND_ON_SUBSCRIBE,
    SEND_IF_NEW_SUBSCRIPTION,
    DO_NOT_SEND;

    public static RetainHandling ofCode(int code) {
        return switch (code) {
            case 0 -> SEND_ON_SUBSCRIBE;
            case 1 -> SEND_IF_NEW_SUBSCRIPTION;
            case 2 -> DO_NOT_SEND;
            default -> throw new IllegalArgumentException("retain handling " + code);
        };
    }
}
