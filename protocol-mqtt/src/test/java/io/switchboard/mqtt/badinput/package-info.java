/**
 * Raw-bytes bad input: malformed, forbidden or oversized packets and CONNECTs, each checked for the exact answer
 * (CONNACK or DISCONNECT reason code, or the close) while a {@link io.switchboard.mqtt.badinput.Bystander} pair
 * of well-behaved clients keeps doing round trips on the same broker.
 */
package io.switchboard.mqtt.badinput;
