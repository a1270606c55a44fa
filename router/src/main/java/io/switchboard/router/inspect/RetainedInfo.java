package io.switchboard.router.inspect;

import io.switchboard.router.api.Qos;

/**
 * One retained message, without its payload.
 *
 * @param topic            its topic
 * @param qos              QoS it was published with
 * @param payloadBytes     payload size
 * @param createdAtMillis  when it was published
 */
public record RetainedInfo(String topic, Qos qos, int payloadBytes, long createdAtMillis) {
}
