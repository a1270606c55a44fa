package io.switchboard.broker.security;

import com.hivemq.client.mqtt.datatypes.MqttUtf8String;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientConfig;
import com.hivemq.client.mqtt.mqtt5.auth.Mqtt5EnhancedAuthMechanism;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5Auth;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5AuthBuilder;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5EnhancedAuth;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5EnhancedAuthBuilder;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5Connect;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5Disconnect;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * SCRAM-SHA-256 for the HiveMQ client's enhanced authentication (and re-authentication), over {@link ScramClient}.
 * Counts the server signatures it verified, so tests can see the server proved itself too.
 */
final class ScramMechanism implements Mqtt5EnhancedAuthMechanism {
    private final String method;
    private final String user;
    private final String password;
    private ScramClient exchange;
    final AtomicInteger serverVerified = new AtomicInteger();

    ScramMechanism(String user, String password) {
        this("SCRAM-SHA-256", user, password);
    }

    ScramMechanism(String method, String user, String password) {
        this.method = method;
        this.user = user;
        this.password = password;
    }

    @Override
    public MqttUtf8String getMethod() {
        return MqttUtf8String.of(method);
    }

    @Override
    public int getTimeout() {
        return 30;
    }

    private byte[] firstMessage() {
        exchange = new ScramClient(user, password, UUID.randomUUID().toString().replace("-", ""));
        return exchange.first().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public CompletableFuture<Void> onAuth(Mqtt5ClientConfig config, Mqtt5Connect connect,
                                          Mqtt5EnhancedAuthBuilder builder) {
        builder.data(firstMessage());
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> onReAuth(Mqtt5ClientConfig config, Mqtt5AuthBuilder builder) {
        builder.data(firstMessage());
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Boolean> onContinue(Mqtt5ClientConfig config, Mqtt5Auth auth, Mqtt5AuthBuilder builder) {
        builder.data(exchange.last(text(auth.getData())).getBytes(StandardCharsets.UTF_8));
        return CompletableFuture.completedFuture(true);
    }

    @Override
    public CompletableFuture<Boolean> onAuthSuccess(Mqtt5ClientConfig config, Mqtt5ConnAck connAck) {
        Optional<ByteBuffer> serverFinal = connAck.getEnhancedAuth().flatMap(Mqtt5EnhancedAuth::getData);
        return CompletableFuture.completedFuture(verified(serverFinal));
    }

    @Override
    public CompletableFuture<Boolean> onReAuthSuccess(Mqtt5ClientConfig config, Mqtt5Auth auth) {
        return CompletableFuture.completedFuture(verified(auth.getData()));
    }

    private boolean verified(Optional<ByteBuffer> data) {
        boolean ok = data.isPresent() && exchange.verify(text(data));
        if (ok) {
            serverVerified.incrementAndGet();
        }
        return ok;
    }

    @Override
    public void onAuthRejected(Mqtt5ClientConfig config, Mqtt5ConnAck connAck) {
    }

    @Override
    public void onReAuthRejected(Mqtt5ClientConfig config, Mqtt5Disconnect disconnect) {
    }

    @Override
    public void onAuthError(Mqtt5ClientConfig config, Throwable cause) {
    }

    @Override
    public void onReAuthError(Mqtt5ClientConfig config, Throwable cause) {
    }

    private static String text(Optional<ByteBuffer> data) {
        ByteBuffer buffer = data.orElseThrow(() -> new IllegalStateException("no authentication data")).duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
