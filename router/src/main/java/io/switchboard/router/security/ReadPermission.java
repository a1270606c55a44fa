package io.switchboard.router.security;

/**
 * Whether one session may receive a message on a topic; the router asks it before queueing or sending a
 * message (retained messages at subscribe time included), so that a subscription granted on a wide filter
 * never carries a topic the subscriber may not read.
 */
@FunctionalInterface
public interface ReadPermission {
    ReadPermission ALL = topic -> true;

    boolean mayReceive(String topic);

    /** The permission of one principal under an authorizer (which may change on reload). */
    static ReadPermission of(Authorizer authorizer, Principal principal, String clientId) {
        return topic -> authorizer.isAllowed(principal, clientId, Action.SUBSCRIBE, topic);
    }
}
