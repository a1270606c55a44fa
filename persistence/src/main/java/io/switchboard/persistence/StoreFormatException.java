package io.switchboard.persistence;

/** The data file carries a format version stamp this build does not read. Never salvaged: it is not damage. */
public final class StoreFormatException extends StoreOpenException {
    private static final long serialVersionUID = 1L;

    public StoreFormatException(String message) {
        super(message, null);
    }
}
