package io.switchboard.mqtt.handler;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslHandler;
import io.switchboard.router.security.PeerCertificate;
import javax.net.ssl.SSLPeerUnverifiedException;

/** The verified TLS client certificate of an MQTT connection, if any. */
final class PeerCertificates {
    private PeerCertificates() {
    }

    /** The peer certificate of the pipeline's TLS session, or null without TLS or without a client certificate. */
    static PeerCertificate of(ChannelPipeline pipeline) {
        SslHandler ssl = pipeline.get(SslHandler.class);
        if (ssl == null) {
            return null;
        }
        try {
            return PeerCertificate.of(ssl.engine().getSession().getPeerCertificates());
        } catch (SSLPeerUnverifiedException e) {
            return null; // no client certificate was presented
        }
    }
}
