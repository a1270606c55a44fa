/**
 * Black-box MQTT conformance tests on real loopback sockets, one class per packet kind (plus a few per
 * feature: wills, sessions, retained messages, topic aliases, flow control). Every test names the normative
 * statements it checks in its display name, as {@code [MQTT-x.y.z-n]} (MQTT 5.0 numbering unless marked 3.1.1).
 * Exact bytes go through {@link io.switchboard.mqtt.RawClient}; each class runs one
 * {@link io.switchboard.mqtt.TestBroker} and gives every test unique client ids and topics.
 */
package io.switchboard.mqtt.conformance;
