/**
 * Interoperability with real clients: HiveMQ MQTT client (3.1.1 and 5.0, TCP and WebSocket), Eclipse Paho
 * (3.1.1), the JDK WebSocket client with hand-written packets, and {@code mosquitto_pub}/{@code mosquitto_sub}
 * run as processes (Debian package mosquitto-clients). Wills are triggered by cutting a
 * {@link io.switchboard.mqtt.interop.CuttableLink} or by SIGKILL, never by a DISCONNECT.
 */
package io.switchboard.mqtt.interop;
