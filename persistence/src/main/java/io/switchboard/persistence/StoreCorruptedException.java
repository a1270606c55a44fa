package io.switchboard.persistence;

/** The data file exists but does not open or does not verify, and the policy is {@link RecoveryPolicy#REFUSE}. */
public final class StoreCorruptedException extends StoreOpenException {
    private static final long serialVersionUID = 1L;

    public StoreCorruptedException(String message, Throwable cause) {
        super(message, cause);
    }
}
