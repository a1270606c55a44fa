package io.switchboard.mqtt.interop;

import static io.switchboard.mqtt.RawPackets.V311;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.mqtt.Clients;
import io.switchboard.mqtt.RawPacket;
import io.switchboard.mqtt.RawPackets;
import io.switchboard.mqtt.TestBroker;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * MQTT over WebSocket with the JDK's own WebSocket client and hand-written packets: the subprotocols, the path,
 * and MQTT packets split across and packed into WebSocket messages (section 6).
 */
class RawWebSocketTest {
    private static TestBroker broker;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        broker = TestBroker.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    /** Collects the binary messages of one WebSocket as a byte stream and cuts it into MQTT packets. */
    private static final class PacketStream implements WebSocket.Listener {
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private int consumed;

        @Override
        public synchronized CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            received.writeBytes(bytes);
            notifyAll();
            webSocket.request(1);
            return null;
        }

        synchronized RawPacket next() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (true) {
                RawPacket packet = tryParse();
                if (packet != null) {
                    return packet;
                }
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new AssertionError("no whole MQTT packet over WebSocket within 5 s");
                }
                wait(left);
            }
        }

        private RawPacket tryParse() {
            byte[] all = received.toByteArray();
            int pos = consumed;
            if (all.length - pos < 2) {
                return null;
            }
            int first = all[pos++] & 0xFF;
            int length = 0;
            int shift = 0;
            int b;
            do {
                if (pos >= all.length) {
                    return null;
                }
                b = all[pos++] & 0xFF;
                length |= (b & 0x7F) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            if (all.length - pos < length) {
                return null;
            }
            consumed = pos + length;
            return new RawPacket(first >> 4, first & 0x0F, Arrays.copyOfRange(all, pos, pos + length));
        }
    }

    private static WebSocket open(String path, String subprotocol, PacketStream stream)
            throws InterruptedException, ExecutionException, TimeoutException {
        URI uri = URI.create("ws://127.0.0.1:" + broker.websocketPort() + path);
        return HTTP.newWebSocketBuilder().subprotocols(subprotocol).buildAsync(uri, stream).get(5, TimeUnit.SECONDS);
    }

    private static void send(WebSocket ws, byte[] bytes, boolean last) throws Exception {
        ws.sendBinary(ByteBuffer.wrap(bytes), last).get(5, TimeUnit.SECONDS);
    }

    @ParameterizedTest(name = "subprotocol {0}")
    @ValueSource(strings = {"mqtt", "mqttv3.1"})
    @DisplayName("[MQTT-6.0.0-1] [MQTT-6.0.0-2] [MQTT-6.0.0-4] the broker accepts its subprotocols; packets may span messages and fragments, and share one message")
    void packetsAcrossAndWithinMessages(String subprotocol) throws Exception {
        PacketStream stream = new PacketStream();
        WebSocket ws = open("/mqtt", subprotocol, stream);
        try {
            assertThat(ws.getSubprotocol()).isEqualTo(subprotocol);
            byte[] connect = RawPackets.connect(V311, Clients.unique("jdkws"), true, 30);
            int half = connect.length / 2;
            send(ws, Arrays.copyOfRange(connect, 0, half), false);
            send(ws, Arrays.copyOfRange(connect, half, connect.length), true);
            RawPacket connack = stream.next();
            assertThat(connack.connack(V311).reasonCode()).isZero();

            String topic = Clients.unique("jdkws/t");
            ByteArrayOutputStream both = new ByteArrayOutputStream();
            both.writeBytes(RawPackets.subscribe(V311, 1, topic, 1));
            both.writeBytes(RawPackets.publish(V311, topic, 1, 2, "over websocket"));
            byte[] packed = both.toByteArray();
            send(ws, Arrays.copyOfRange(packed, 0, packed.length - 3), true);
            send(ws, Arrays.copyOfRange(packed, packed.length - 3, packed.length), true);

            int suback = 0;
            int puback = 0;
            RawPacket.Publish delivered = null;
            for (int i = 0; i < 3; i++) {
                RawPacket packet = stream.next();
                switch (packet.type()) {
                    case RawPackets.SUBACK -> suback++;
                    case RawPackets.PUBACK -> puback++;
                    case RawPackets.PUBLISH -> delivered = packet.publish(V311);
                    default -> throw new AssertionError("unexpected " + packet);
                }
            }
            assertThat(suback).isEqualTo(1);
            assertThat(puback).isEqualTo(1);
            assertThat(delivered).isNotNull();
            assertThat(delivered.payloadText()).isEqualTo("over websocket");
            send(ws, RawPackets.ack(RawPackets.PUBACK, delivered.packetId()), true);
            send(ws, RawPackets.disconnect(V311), true);
        } finally {
            ws.abort();
        }
    }

    @Test
    @DisplayName("a WebSocket upgrade on another path than /mqtt is refused")
    void wrongPathRefused() {
        CompletableFuture<WebSocket> attempt = HTTP.newWebSocketBuilder().subprotocols("mqtt")
                .buildAsync(URI.create("ws://127.0.0.1:" + broker.websocketPort() + "/not-mqtt"), new PacketStream());
        assertThatThrownBy(() -> attempt.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    }
}
