package io.switchboard.router.api;

/** How hard the broker tries to keep a QoS 1/2 message before acknowledging it. QoS 0 is always volatile. */
public enum Durability {
    /** Memory only: acknowledged once routed; lost if the process dies. */
    VOLATILE,
    /** Written to the local store and acknowledged only after the group commit that holds it is on disk. */
    LOCAL
}
