package io.switchboard.persistence;

/** The store stopped accepting writes after an I/O or data error, or because it was closed. */
public final class StoreFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
