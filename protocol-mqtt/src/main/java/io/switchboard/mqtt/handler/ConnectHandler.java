package io.switchboard.mqtt.handler;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttProperties.IntegerProperty;
import io.netty.handler.codec.mqtt.MqttProperties.StringProperty;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.switchboard.mqtt.MqttLimits;
import io.switchboard.mqtt.MqttSettings;
import io.switchboard.router.api.ConnectRequest;
import io.switchboard.router.api.ConnectResult;
import io.switchboard.router.api.Message;
import io.switchboard.router.api.Protocol;
import io.switchboard.router.api.Qos;
import io.switchboard.router.api.SessionExecutor;
import io.switchboard.router.api.Will;
import io.switchboard.router.security.Action;
import io.switchboard.router.security.AuthExchange;
import io.switchboard.router.security.Authorizer;
import io.switchboard.router.security.Credentials;
import io.switchboard.router.security.PeerCertificate;
import io.switchboard.router.security.Principal;
import io.switchboard.router.security.ReadPermission;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** CONNECT: validates it, opens the router session and answers with CONNACK once the session is there. */
final class ConnectHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectHandler.class);
    private final Map<EventLoop, SessionExecutor> executors = new ConcurrentHashMap<>();
    private static final int MAX_RECEIVE_MAXIMUM = 65_535;

    private final MqttSettings settings;
    private final Pattern clientIdPattern;
    private final SessionConnector connector;
    private final ConnectAuthentication authentication;
    private final EnhancedAuthentication enhanced;
    private final Supplier<MqttLimits> limits;

    ConnectHandler(MqttSettings settings, SessionConnector connector, ConnectAuthentication authentication,
                   EnhancedAuthentication enhanced, Supplier<MqttLimits> limits) {
        this.settings = settings;
        this.limits = limits;
        this.authentication = authentication;
        this.enhanced = enhanced;
        this.clientIdPattern = settings.clientIdPattern() == null ? null : Pattern.compile(settings.clientIdPattern());
        this.connector = connector;
    }

    /** What the CONNACK must say besides the session present flag. */
    private record Granted(String assignedClientId, long cappedSessionExpiry, int serverKeepAlive) {
    }

    void handle(Connection c, MqttConnectMessage packet) {
        if (c.state != Connection.State.AWAITING_CONNECT) {
            throw ProtocolViolation.disconnect(ProtocolViolation.PROTOCOL_ERROR, "second CONNECT [MQTT-3.1.0-2]");
        }
        MqttConnectVariableHeader header = packet.variableHeader();
        MqttConnectPayload payload = packet.payload();
        c.version = MqttVersion.fromProtocolNameAndLevel(header.name(), (byte) header.version());
        boolean v5 = c.isV5();
        checkFlags(header);
        MqttProperties properties = header.properties();
        int receiveMaximum = v5 ? readClientLimits(c, properties) : clamp(settings.receiveMaximum());

        String clientId = payload.clientIdentifier();
        String assigned = null;
        if (clientId == null || clientId.isEmpty()) {
            if (!settings.allowEmptyClientId() || (!v5 && !header.isCleanSession())) {
                throw ProtocolViolation.refuseConnect(0x02, ProtocolViolation.CLIENT_IDENTIFIER_NOT_VALID,
                        "empty client id [MQTT-3.1.3-8]");
            }
            clientId = "auto-" + UUID.randomUUID();
            assigned = clientId;
        } else if (clientId.length() > settings.maxClientIdLength()
                || (clientIdPattern != null && !clientIdPattern.matcher(clientId).matches())) {
            throw ProtocolViolation.refuseConnect(0x02, ProtocolViolation.CLIENT_IDENTIFIER_NOT_VALID,
                    "client id rejected: " + clientId);
        }

        long requestedExpiry = v5
                ? InboundMessages.unsignedInt(properties, MqttProperties.SESSION_EXPIRY_INTERVAL, 0)
                : header.isCleanSession() ? 0 : ConnectRequest.NEVER_EXPIRES;
        long sessionExpiry = Math.min(requestedExpiry, settings.maxSessionExpirySeconds());

        int keepAlive = header.keepAliveTimeSeconds();
        int maxKeepAlive = settings.maxKeepAliveSeconds();
        int grantedKeepAlive = maxKeepAlive > 0 && (keepAlive == 0 || keepAlive > maxKeepAlive) ? maxKeepAlive
                : keepAlive;

        Will will = header.isWillFlag() ? will(v5, clientId, header, payload) : null;
        Credentials credentials = credentials(c, clientId, payload);
        String authMethod = v5 ? EnhancedAuthentication.method(properties) : null;
        AuthExchange exchange = authMethod == null ? null : enhanced.start(authMethod, credentials);

        c.clientId = clientId;
        c.sessionExpirySeconds = sessionExpiry;
        if (v5) {
            c.inboundAliases = new InboundTopicAliases(settings.topicAliasMaximum());
        }
        Granted granted = new Granted(assigned, sessionExpiry < requestedExpiry ? sessionExpiry : -1,
                grantedKeepAlive != keepAlive ? grantedKeepAlive : -1);
        c.holdDeliveries();
        Opening opening = new Opening(clientId, header.isCleanSession(), sessionExpiry, will, receiveMaximum,
                granted, grantedKeepAlive);
        if (exchange != null) {
            // the socket stays readable: the client's AUTH packets are the next step
            enhanced.begin(c, authMethod, exchange, EnhancedAuthentication.data(properties),
                    principal -> open(c, opening, principal));
            return;
        }
        c.state = Connection.State.CONNECTING;
        c.ctx.channel().config().setAutoRead(false);
        authentication.authenticate(c, credentials, principal -> open(c, opening, principal));
    }

    /** What the session is opened with once the client is authenticated. */
    private record Opening(String clientId, boolean cleanStart, long sessionExpiry, Will will, int receiveMaximum,
                           Granted granted, int keepAlive) {
    }

    private static Credentials credentials(Connection c, String clientId, MqttConnectPayload payload) {
        PeerCertificate certificate = PeerCertificates.of(c.ctx.pipeline());
        return new Credentials(payload.userName(), payload.passwordInBytes(), clientId, c.remoteHost(),
                certificate == null ? null : certificate.commonName(),
                certificate == null ? null : certificate.alternativeNames(), Protocol.MQTT);
    }

    /** On the event loop, after the authenticator admitted the client. */
    private void open(Connection c, Opening o, Principal principal) {
        c.principal = principal;
        Authorizer authorizer = authentication.authorizer();
        if (o.will() != null && !authorizer.isAllowed(principal, o.clientId(), Action.PUBLISH,
                o.will().message().topic())) {
            LOG.info("client.refused id={} addr={} reason=will_topic_not_authorized topic={}", o.clientId(),
                    c.remoteAddress(), o.will().message().topic());
            ConnectAuthentication.refuse(c, ConnectAuthentication.V3_NOT_AUTHORIZED,
                    ConnectAuthentication.V5_NOT_AUTHORIZED, "will_topic_not_authorized");
            return;
        }
        ReadPermission reads = authorizer == Authorizer.ALLOW_ALL ? ReadPermission.ALL
                : ReadPermission.of(authorizer, principal, o.clientId());
        Channel channel = c.ctx.channel();
        ConnectRequest request = new ConnectRequest(o.clientId(), o.cleanStart(), o.sessionExpiry(), o.will(),
                o.receiveMaximum(), Protocol.MQTT, c.sink, executorOf(channel.eventLoop()), reads,
                limits.get().queueLimitsFor(principal.anonymous() ? null : principal.name()));
        connector.connect(request, result -> connected(c, result, o.granted(), o.keepAlive()));
    }

    private static void checkFlags(MqttConnectVariableHeader header) {
        if (header.isWillFlag()) {
            if (header.willQos() > 2) {
                throw ProtocolViolation.refuseConnect(ProtocolViolation.CLOSE_ONLY, ProtocolViolation.MALFORMED_PACKET,
                        "will QoS 3 [MQTT-3.1.2-14]");
            }
        } else if (header.willQos() != 0 || header.isWillRetain()) {
            throw ProtocolViolation.refuseConnect(ProtocolViolation.CLOSE_ONLY, ProtocolViolation.MALFORMED_PACKET,
                    "will QoS or retain without will flag [MQTT-3.1.2-11]");
        }
        if (header.version() == 4 && header.hasPassword() && !header.hasUserName()) {
            throw ProtocolViolation.refuseConnect(ProtocolViolation.CLOSE_ONLY, ProtocolViolation.MALFORMED_PACKET,
                    "password without user name [MQTT-3.1.2-22]");
        }
    }

    /** Reads the MQTT 5 limits the client sets on the broker; returns its Receive Maximum. */
    private static int readClientLimits(Connection c, MqttProperties properties) {
        if (properties.getProperty(MqttProperties.AUTHENTICATION_DATA) != null
                && properties.getProperty(MqttProperties.AUTHENTICATION_METHOD) == null) {
            throw ProtocolViolation.refuseConnect(ProtocolViolation.CLOSE_ONLY, ProtocolViolation.PROTOCOL_ERROR,
                    "Authentication Data without Authentication Method (MQTT 5 section 3.1.2.11.10)");
        }
        long receiveMaximum = InboundMessages.unsignedInt(properties, MqttProperties.RECEIVE_MAXIMUM,
                MAX_RECEIVE_MAXIMUM);
        if (receiveMaximum == 0) {
            throw ProtocolViolation.refuseConnect(ProtocolViolation.CLOSE_ONLY, ProtocolViolation.PROTOCOL_ERROR,
                    "receive maximum 0 (MQTT 5 section 3.1.2.11.3)");
        }
        long maximumPacketSize = InboundMessages.unsignedInt(properties, MqttProperties.MAXIMUM_PACKET_SIZE, 0);
        if (properties.getProperty(MqttProperties.MAXIMUM_PACKET_SIZE) != null && maximumPacketSize == 0) {
            throw ProtocolViolation.refuseConnect(ProtocolViolation.CLOSE_ONLY, ProtocolViolation.PROTOCOL_ERROR,
                    "maximum packet size 0");
        }
        c.clientMaximumPacketSize = (int) Math.min(maximumPacketSize, Integer.MAX_VALUE);
        long topicAliasMaximum = InboundMessages.unsignedInt(properties, MqttProperties.TOPIC_ALIAS_MAXIMUM, 0);
        if (topicAliasMaximum > 0) {
            c.outboundAliases = new OutboundTopicAliases((int) topicAliasMaximum);
        }
        return (int) Math.min(receiveMaximum, MAX_RECEIVE_MAXIMUM);
    }

    private static int clamp(int receiveMaximum) {
        return Math.max(1, Math.min(receiveMaximum, MAX_RECEIVE_MAXIMUM));
    }

    private static Will will(boolean v5, String clientId, MqttConnectVariableHeader header,
                             MqttConnectPayload payload) {
        String topic = payload.willTopic();
        if (topic == null || topic.isEmpty() || topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0) {
            throw ProtocolViolation.refuseConnect(ProtocolViolation.CLOSE_ONLY, ProtocolViolation.TOPIC_NAME_INVALID,
                    "invalid will topic [MQTT-3.1.3-11]");
        }
        byte[] body = payload.willMessageInBytes();
        Message.Builder builder = Message.builder(topic, body == null ? new byte[0] : body)
                .qos(Qos.ofLevel(header.willQos()))
                .retain(header.isWillRetain())
                .publisherId(clientId)
                .origin(Protocol.MQTT);
        long delay = 0;
        long expiry = -1;
        if (v5) {
            MqttProperties properties = payload.willProperties();
            InboundMessages.applyProperties(builder, properties);
            delay = InboundMessages.unsignedInt(properties, MqttProperties.WILL_DELAY_INTERVAL, 0);
            // counted from the moment the will is published, not from CONNECT
            expiry = InboundMessages.unsignedInt(properties, MqttProperties.PUBLICATION_EXPIRY_INTERVAL, -1);
        }
        return new Will(builder.build(), delay, expiry);
    }

    /** One session executor per event loop, shared by its connections (not one object pair per connection). */
    private SessionExecutor executorOf(EventLoop loop) {
        return executors.computeIfAbsent(loop, l -> SessionExecutor.of(l, l::inEventLoop));
    }

    /** The router's answer, on the connection's event loop. */
    private void connected(Connection c, ConnectResult result, Granted granted, int keepAlive) {
        c.session = result.session();
        if (c.state == Connection.State.CLOSED) {
            c.sessionEnded = false;
            c.endSession(true);
            return;
        }
        c.state = Connection.State.CONNECTED;
        c.write(Packets.connack(0, result.sessionPresent(),
                c.isV5() ? connackProperties(c, granted) : MqttProperties.NO_PROPERTIES));
        if (keepAlive > 0) {
            KeepAliveSweeper.watch(c, c.ctx.executor(), keepAlive);
        }
        LOG.info("client.connected id={} proto={} addr={} user={} session_present={} keep_alive={}", c.clientId,
                protocolName(c.version), c.remoteAddress(), c.principal.anonymous() ? "-" : c.principal.name(),
                result.sessionPresent(), keepAlive);
        c.releaseDeliveries();
        c.drainQueued();
        if (!c.ctx.channel().isWritable()) {
            c.pauseReading(Connection.PAUSE_UNWRITABLE);
        }
        c.updateAutoRead();
    }

    private MqttProperties connackProperties(Connection c, Granted granted) {
        MqttProperties properties = new MqttProperties();
        properties.add(new IntegerProperty(MqttProperties.RECEIVE_MAXIMUM, clamp(settings.receiveMaximum())));
        properties.add(new IntegerProperty(MqttProperties.MAXIMUM_PACKET_SIZE, settings.maxPacketSize()));
        properties.add(new IntegerProperty(MqttProperties.TOPIC_ALIAS_MAXIMUM, settings.topicAliasMaximum()));
        properties.add(new IntegerProperty(MqttProperties.RETAIN_AVAILABLE, 1));
        properties.add(new IntegerProperty(MqttProperties.WILDCARD_SUBSCRIPTION_AVAILABLE, 1));
        properties.add(new IntegerProperty(MqttProperties.SUBSCRIPTION_IDENTIFIER_AVAILABLE, 1));
        properties.add(new IntegerProperty(MqttProperties.SHARED_SUBSCRIPTION_AVAILABLE, 1));
        if (granted.serverKeepAlive() >= 0) {
            properties.add(new IntegerProperty(MqttProperties.SERVER_KEEP_ALIVE, granted.serverKeepAlive()));
        }
        if (granted.assignedClientId() != null) {
            properties.add(new StringProperty(MqttProperties.ASSIGNED_CLIENT_IDENTIFIER, granted.assignedClientId()));
        }
        if (granted.cappedSessionExpiry() >= 0) {
            properties.add(new IntegerProperty(MqttProperties.SESSION_EXPIRY_INTERVAL,
                    (int) granted.cappedSessionExpiry()));
        }
        if (c.authMethod != null) {
            properties.add(new StringProperty(MqttProperties.AUTHENTICATION_METHOD, c.authMethod));
            if (c.authResponse != null && c.authResponse.length > 0) {
                properties.add(new MqttProperties.BinaryProperty(MqttProperties.AUTHENTICATION_DATA, c.authResponse));
            }
            c.authResponse = null;
        }
        return properties;
    }

    static String protocolName(MqttVersion version) {
        return switch (version) {
            case MQTT_3_1 -> "mqtt3.1";
            case MQTT_3_1_1 -> "mqtt3.1.1";
            case MQTT_5 -> "mqtt5";
        };
    }
}
