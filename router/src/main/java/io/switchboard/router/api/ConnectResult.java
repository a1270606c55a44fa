package io.switchboard.router.api;

/**
 * The router's answer to a {@link ConnectRequest}, delivered on the request's executor.
 *
 * @param session        the session handle
 * @param sessionPresent true when an existing session was resumed (CONNACK session present flag)
 */
public record ConnectResult(BrokerSession session, boolean sessionPresent) {
}
