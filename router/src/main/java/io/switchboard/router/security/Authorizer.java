package io.switchboard.router.security;

/**
 * Decides whether a principal may publish to a topic or receive from a topic filter. Cheap and thread-safe:
 * adapters call it on their network threads, the router for every retained message and delivery it checks.
 */
@FunctionalInterface
public interface Authorizer {
    /** Allows everything (no ACL configured). */
    Authorizer ALLOW_ALL = (principal, clientId, action, topic) -> true;

    /**
     * @param topic a topic name for {@link Action#PUBLISH} and for a delivered message; a topic filter (without a
     *              {@code $share/group/} prefix) for a subscription
     */
    boolean isAllowed(Principal principal, String clientId, Action action, String topic);
}
