package io.switchboard.router.security;

/** What a client wants to do with a topic (or, later, an AMQP address). */
public enum Action {
    /** Send a message to a topic name. */
    PUBLISH,
    /**
     * Receive messages: subscribe to a topic filter, or receive one message on a topic name (retained
     * messages and deliveries are checked against the topic they carry).
     */
    SUBSCRIBE
}
