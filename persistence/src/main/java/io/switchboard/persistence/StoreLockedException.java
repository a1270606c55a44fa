package io.switchboard.persistence;

/** Another process (or another store in this process) holds the data directory. */
public final class StoreLockedException extends StoreOpenException {
    private static final long serialVersionUID = 1L;

    public StoreLockedException(String message) {
        super(message, null);
    }
}
