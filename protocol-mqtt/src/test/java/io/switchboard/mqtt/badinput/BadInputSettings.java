package io.switchboard.mqtt.badinput;

import io.switchboard.mqtt.MqttSettings;

/** The listener settings the bad-input suite runs against: small limits, so that they are cheap to exceed. */
final class BadInputSettings {
    static final int MAX_PACKET_SIZE = 4096;
    static final int MAX_CLIENT_ID_LENGTH = 64;
    static final String CLIENT_ID_PATTERN = "[A-Za-z0-9_-]+";
    static final int CONNECT_TIMEOUT_SECONDS = 1;

    private BadInputSettings() {
    }

    static MqttSettings settings() {
        MqttSettings d = MqttSettings.DEFAULTS;
        return new MqttSettings(d.host(), 0, 0, d.websocketPath(), MAX_PACKET_SIZE, MAX_CLIENT_ID_LENGTH,
                CLIENT_ID_PATTERN, d.allowEmptyClientId(), d.maxKeepAliveSeconds(), d.receiveMaximum(),
                d.topicAliasMaximum(), d.maxSessionExpirySeconds(), CONNECT_TIMEOUT_SECONDS);
    }
}
