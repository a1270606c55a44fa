package io.switchboard.mqtt.handler;

import io.netty.handler.codec.mqtt.MqttMessage;
import java.util.ArrayDeque;

/**
 * The acknowledgements (PUBACK, PUBREC) of one connection's inbound QoS 1/2 publishes, written in the order the
 * PUBLISH packets arrived [MQTT-4.6.0-2] although the router may settle them out of order (a publish waits for
 * every destination, and for the store when it is durable). Confined to the connection's event loop.
 */
final class OrderedAcks {
    /** One acknowledgement to come; {@code packet} is set when it is known, {@code skip} when none is sent. */
    static final class Slot {
        private MqttMessage packet;
        private boolean done;
    }

    private final ArrayDeque<Slot> slots = new ArrayDeque<>(1); // small: idle connections are the many

    /** Reserves the place of an acknowledgement decided later. */
    Slot reserve() {
        Slot slot = new Slot();
        slots.addLast(slot);
        return slot;
    }

    /** The acknowledgement for a reserved place, or null when none is to be sent; writes what is now in order. */
    void complete(Connection c, Slot slot, MqttMessage packet) {
        slot.packet = packet;
        slot.done = true;
        Slot head;
        while ((head = slots.peekFirst()) != null && head.done) {
            slots.pollFirst();
            if (head.packet != null) {
                c.write(head.packet);
            }
        }
    }

    /** An acknowledgement known at once: written now, or after the ones still pending before it. */
    void now(Connection c, MqttMessage packet) {
        if (slots.isEmpty()) {
            c.write(packet);
        } else {
            complete(c, reserve(), packet);
        }
    }
}
