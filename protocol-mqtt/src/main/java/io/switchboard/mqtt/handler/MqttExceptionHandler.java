package io.switchboard.mqtt.handler;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.switchboard.router.api.Protocol;
import io.switchboard.router.api.TrafficMetrics;
import java.io.IOException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of every MQTT pipeline: the one place a connection's errors end. Client errors are answered
 * per specification and logged as one line without stack trace; anything else is a broker bug, logged with its
 * stack trace. Either way the connection closes.
 */
public final class MqttExceptionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(MqttExceptionHandler.class);
    private static final int UNSPECIFIED_ERROR = 0x80;

    private final MqttConnectionHandler connectionHandler;
    private final TrafficMetrics metrics;

    public MqttExceptionHandler(MqttConnectionHandler connectionHandler, TrafficMetrics metrics) {
        this.connectionHandler = connectionHandler;
        this.metrics = metrics;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Connection c = connectionHandler.connection();
        if (c == null) {
            LOG.warn("connection.internal_error addr={}", ctx.channel().remoteAddress(), cause);
            ctx.close();
            return;
        }
        if (c.state == Connection.State.CLOSED) {
            LOG.debug("connection.error_after_close {} error={}", c.describe(), cause.toString());
            return;
        }
        boolean connected = c.state == Connection.State.CONNECTED;
        if (connected) {
            // A second CONNECT makes the decoder switch the codec's version; answer in the negotiated one.
            ctx.channel().attr(Connection.CODEC_VERSION).set(c.version);
        }
        if (cause instanceof ProtocolViolation violation) {
            if (violation.refusesConnect() || c.state == Connection.State.AWAITING_CONNECT) {
                metrics.connectionRefused(Protocol.MQTT, c.listener(),
                        ProtocolViolation.reasonName(violation.reasonCode()));
            }
            MqttMessage answer = answer(c, violation, connected);
            String code = answer == null ? "none" : "0x" + Integer.toHexString(
                    violation.refusesConnect() && !c.isV5() ? violation.v3ConnackCode() : violation.reasonCode());
            String sent = answer == null ? "close" : answer.fixedHeader().messageType().name();
            LOG.info("client.protocol_error code={} answer={} {} detail={}", code, sent, c.describe(),
                    violation.getMessage());
            c.close(answer, "protocol_error " + code + " (" + violation.getMessage() + ")");
        } else if (cause instanceof DecoderException && cause.getCause() instanceof SSLException tls) {
            LOG.info("tls.handshake_failed addr={} reason=\"{}\"", c.remoteAddress(), tls.getMessage());
            if (c.state == Connection.State.AWAITING_CONNECT) {
                metrics.connectionRefused(Protocol.MQTT, c.listener(), "tls_handshake_failed");
            }
            c.close(null, "tls_handshake_failed");
        } else if (cause instanceof DecoderException) {
            // Undecodable input below MQTT (HTTP upgrade, WebSocket frames): the client's fault, not ours.
            LOG.info("client.protocol_error code=none answer=close {} detail={}", c.describe(), cause.getMessage());
            c.close(null, "undecodable input");
        } else if (cause instanceof IOException) {
            LOG.debug("client.io_error {} error={}", c.describe(), cause.toString());
            c.close(null, "io_error");
        } else {
            LOG.warn("connection.internal_error {}", c.describe(), cause);
            c.close(connected && c.isV5() ? Packets.disconnect(UNSPECIFIED_ERROR) : null, "internal_error");
        }
    }

    private static MqttMessage answer(Connection c, ProtocolViolation violation, boolean connected) {
        if (violation.refusesConnect()
                || (c.state == Connection.State.AWAITING_CONNECT && violation.reasonCode() != 0)) {
            if (c.isV5()) {
                return Packets.connack(violation.reasonCode(), false, MqttProperties.NO_PROPERTIES);
            }
            return violation.v3ConnackCode() == ProtocolViolation.CLOSE_ONLY ? null
                    : Packets.connack(violation.v3ConnackCode(), false, MqttProperties.NO_PROPERTIES);
        }
        if (connected && c.isV5() && violation.reasonCode() != 0) {
            return Packets.disconnect(violation.reasonCode());
        }
        return null;
    }
}
