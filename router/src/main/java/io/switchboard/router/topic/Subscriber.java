package io.switchboard.router.topic;

/**
 * Something a subscription delivers to: a local session today, a remote node's route when the cluster
 * arrives. The topic tree only needs to tell subscribers apart and to know who is connected, to pick live
 * members of a share group.
 */
public interface Subscriber {
    /** Unique key of this subscriber (the client id for a local session). */
    String subscriberId();

    /** True when deliveries can go out now (a connected client); offline members of a share group are skipped. */
    boolean isConnected();
}
