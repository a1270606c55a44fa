package io.switchboard.persistence;

/**
 * The store could not be opened. The message says what is wrong and what the operator should do; the
 * broker must not start on an empty store instead.
 */
public class StoreOpenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreOpenException(String message, Throwable cause) {
        super(message, cause);
    }
}
