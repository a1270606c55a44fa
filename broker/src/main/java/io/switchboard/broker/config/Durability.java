package io.switchboard.broker.config;

/** Where sessions, queued messages and retained messages are kept (key {@code storage.durability}). */
public enum Durability {
    /** Memory only: lost when the process stops. */
    VOLATILE,
    /** MapDB on local disk with group commit before acknowledging; arrives with the persistence module. */
    LOCAL
}
