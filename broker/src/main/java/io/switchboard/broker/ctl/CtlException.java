package io.switchboard.broker.ctl;

/** A {@code ctl} command that cannot complete; its message is printed on one line of stderr. */
public final class CtlException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public CtlException(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
