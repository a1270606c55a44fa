package io.switchboard.broker.http;

/**
 * The broker's readiness for Kubernetes-style probes: live while the process serves HTTP; ready only between the
 * end of recovery plus listener bind and the start of shutdown.
 */
public final class Health {
    /** Where the broker is in its life. */
    public enum State {
        STARTING, READY, STOPPING
    }

    private volatile State state = State.STARTING;

    public State state() {
        return state;
    }

    public boolean ready() {
        return state == State.READY;
    }

    /** Recovery finished and every listener is bound. */
    public void markReady() {
        if (state == State.STARTING) {
            state = State.READY;
        }
    }

    /** Shutdown began: not ready any more, for good. */
    public void markStopping() {
        state = State.STOPPING;
    }
}
