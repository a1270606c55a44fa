package io.switchboard.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.router.api.Message;
import io.switchboard.router.api.Qos;
import io.switchboard.router.api.Will;
import io.switchboard.router.spi.SessionRecord;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CodecTest {

    static void assertSameMessage(Message actual, Message expected) {
        assertThat(actual.topic()).isEqualTo(expected.topic());
        assertThat(actual.payload()).isEqualTo(expected.payload());
        assertThat(actual.qos()).isEqualTo(expected.qos());
        assertThat(actual.retain()).isEqualTo(expected.retain());
        assertThat(actual.expiresAtMillis()).isEqualTo(expected.expiresAtMillis());
        assertThat(actual.payloadFormat()).isEqualTo(expected.payloadFormat());
        assertThat(actual.contentType()).isEqualTo(expected.contentType());
        assertThat(actual.responseTopic()).isEqualTo(expected.responseTopic());
        assertThat(actual.correlationData()).isEqualTo(expected.correlationData());
        assertThat(actual.userProperties()).containsExactlyElementsOf(expected.userProperties());
        assertThat(actual.origin()).isEqualTo(expected.origin());
        assertThat(actual.publisherId()).isEqualTo(expected.publisherId());
        assertThat(actual.createdAtMillis()).isEqualTo(expected.createdAtMillis());
    }

    @Test
    void everyMessageFieldRoundTrips() {
        Message m = Fixtures.fullMessage();
        assertSameMessage(MessageCodec.decode(MessageCodec.encode(m)), m);
    }

    @Test
    void minimalMessageRoundTripsWithNullsAndEmptyPayload() {
        Message m = Message.builder("t", new byte[0]).build();
        Message back = MessageCodec.decode(MessageCodec.encode(m));
        assertSameMessage(back, m);
        assertThat(back.contentType()).isNull();
        assertThat(back.correlationData()).isNull();
        assertThat(back.publisherId()).isNull();
    }

    @Test
    void firstByteIsTheCodecVersion() {
        assertThat(MessageCodec.encode(Fixtures.fullMessage())[0]).isEqualTo((byte) MessageCodec.VERSION);
    }

    @Test
    void everyFlippedByteIsDetected() {
        byte[] good = MessageCodec.encode(Fixtures.fullMessage());
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= 0x10;
            assertThatThrownBy(() -> MessageCodec.decode(bad)).as("flip at %d", i)
                    .isInstanceOf(CorruptRecordException.class);
        }
    }

    @Test
    void truncatedRecordIsDetected() {
        byte[] good = MessageCodec.encode(Fixtures.fullMessage());
        for (int length = 0; length < good.length; length++) {
            byte[] cut = Arrays.copyOf(good, length);
            assertThatThrownBy(() -> MessageCodec.decode(cut)).isInstanceOf(CorruptRecordException.class);
        }
    }

    @Test
    void unknownVersionIsRefusedEvenWithAValidChecksum() {
        Message m = Fixtures.message("t", "x");
        ByteWriter w = new ByteWriter(8);
        w.writeByte(MessageCodec.VERSION + 1);
        w.writeByte(0);
        byte[] other = w.finishWithChecksum();
        assertThatThrownBy(() -> MessageCodec.decode(other)).isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("version");
        assertThat(MessageCodec.decode(MessageCodec.encode(m)).topic()).isEqualTo("t");
    }

    @Test
    void sessionRecordRoundTripsWithSubscriptionOrderAndWill() {
        SessionRecord s = Fixtures.session("client-ü");
        SessionRecord back = RecordCodec.decodeSession(RecordCodec.encodeSession(s));
        assertThat(back.clientId()).isEqualTo(s.clientId());
        assertThat(back.sessionExpirySeconds()).isEqualTo(3600);
        assertThat(back.disconnectedAtMillis()).isEqualTo(s.disconnectedAtMillis());
        assertThat(back.subscriptions()).containsExactlyEntriesOf(s.subscriptions());
        assertThat(back.pendingWill().delaySeconds()).isEqualTo(30);
        assertSameMessage(back.pendingWill().message(), s.pendingWill().message());
    }

    @Test
    void sessionWithoutWillOrSubscriptions() {
        SessionRecord s = new SessionRecord("c", 0, 0, Map.of(), null);
        SessionRecord back = RecordCodec.decodeSession(RecordCodec.encodeSession(s));
        assertThat(back).usingRecursiveComparison().isEqualTo(s);
        Will will = new Will(Fixtures.message("w", "x"), 0);
        assertThat(RecordCodec.decodeSession(RecordCodec.encodeSession(
                new SessionRecord("c", 1, 2, Map.of(), will))).pendingWill().delaySeconds()).isZero();
    }

    @Test
    void queueEntryRoundTrips() {
        RecordCodec.Entry e = new RecordCodec.Entry(1L << 40, Qos.EXACTLY_ONCE, true, new int[] {1, 268_435_455},
                "group", "$share/group/a/#", 65535, true);
        RecordCodec.Entry back = RecordCodec.decodeEntry(RecordCodec.encodeEntry(e));
        assertThat(back).usingRecursiveComparison().isEqualTo(e);
        RecordCodec.Entry plain = new RecordCodec.Entry(1, Qos.AT_LEAST_ONCE, false, new int[0], null, null, 0, false);
        assertThat(RecordCodec.decodeEntry(RecordCodec.encodeEntry(plain))).usingRecursiveComparison()
                .isEqualTo(plain);
    }
}
