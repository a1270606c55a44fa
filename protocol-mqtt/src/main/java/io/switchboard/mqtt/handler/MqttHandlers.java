package io.switchboard.mqtt.handler;

import io.switchboard.mqtt.MqttSecurity;
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
    final SubscribeHandler subscribe;
    final UnsubscribeHandler unsubscribe = new UnsubscribeHandler();
    final PingReqHandler pingReq = new PingReqHandler();
    final DisconnectHandler disconnect;
    final AuthHandler auth;
    final MqttSettings settings;
    final TrafficMetrics metrics;
    private final ConnectionAdmission admission;

    public MqttHandlers(MqttSettings settings, SessionConnector connector) {
        this(settings, connector, MqttSecurity.NONE, TrafficMetrics.NONE);
    }

    public MqttHandlers(MqttSettings settings, SessionConnector connector, TrafficMetrics metrics) {
        this(settings, connector, MqttSecurity.NONE, metrics);
    }

    public MqttHandlers(MqttSettings settings, SessionConnector connector, MqttSecurity security) {
        this(settings, connector, security, TrafficMetrics.NONE);
    }

    public MqttHandlers(MqttSettings settings, SessionConnector connector, MqttSecurity security,
                        TrafficMetrics metrics) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(security, "security");
        EnhancedAuthentication enhanced = new EnhancedAuthentication(security,
                settings.connectTimeoutSeconds() * 1000L);
        this.connect = new ConnectHandler(settings, Objects.requireNonNull(connector, "connector"),
                new ConnectAuthentication(security), enhanced, security.limits());
        this.auth = new AuthHandler(enhanced);
        this.publish = new PublishHandler(settings, metrics, security.authorizer(), security.limits());
        this.subscribe = new SubscribeHandler(security.authorizer(), security.limits());
        this.admission = new ConnectionAdmission(security.limits(), security.connections(), metrics);
        this.disconnect = new DisconnectHandler(settings);
    }

    public MqttSettings settings() {
        return settings;
    }

    /** Connection limits shared by every listener of these handlers. */
    public ConnectionAdmission admission() {
        return admission;
    }
}
