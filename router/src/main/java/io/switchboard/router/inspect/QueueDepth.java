package io.switchboard.router.inspect;

/**
 * How many messages wait for one session, read without stopping it (the value may lag by a message).
 *
 * @param clientId       the session
 * @param queuedMessages messages waiting (not in flight)
 * @param oldestAgeMillis age of the oldest waiting message, 0 when none waits
 */
public record QueueDepth(String clientId, int queuedMessages, long oldestAgeMillis) {
}
