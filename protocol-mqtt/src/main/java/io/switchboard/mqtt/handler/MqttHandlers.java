package io.switchboard.mqtt.handler;

import io.switchboard.mqtt.MqttSettings;
import io.switchboard.router.api.TrafficMetrics;
import java.util.Objects;

/**
 * The packet handlers of one MQTT listener. They are stateless (per-connection state lives in
 * {@link Connection}), so every connection of the listener shares them.
 */
public final class MqttHandlers {
    final ConnectHandler connect;
    final PublishHandler publish;
    final PubAckHandler pubAck = new PubAckHandler();
    final PubRecHandler pubRec = new PubRecHandler();
    final PubRelHandler pubRel = new PubRelHandler();
    final PubCompHandler pubComp = new PubCompHandler();
    final SubscribeHandler subscribe = new SubscribeHandler();
    final UnsubscribeHandler unsubscribe = new UnsubscribeHandler();
    final PingReqHandler pingReq = new PingReqHandler();
    final DisconnectHandler disconnect;
    final AuthHandler auth = new AuthHandler();
    final MqttSettings settings;
    final TrafficMetrics metrics;

    public MqttHandlers(MqttSettings settings, SessionConnector connector, TrafficMetrics metrics) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.connect = new ConnectHandler(settings, Objects.requireNonNull(connector, "connector"));
        this.publish = new PublishHandler(settings, metrics);
        this.disconnect = new DisconnectHandler(settings);
    }

    public MqttSettings settings() {
        return settings;
    }
}
