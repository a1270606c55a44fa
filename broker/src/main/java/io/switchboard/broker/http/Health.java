package io.switchboard.broker.http;

import io.switchboard.router.limit.MemoryBudget;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The broker's readiness for Kubernetes-style probes: live while the process serves HTTP; ready only between the
 * end of recovery plus listener bind and the start of shutdown, and not while the global memory budget is
 * exceeded (publishers are not read then: a load balancer should send new clients elsewhere).
 */
public final class Health {
    /** Where the broker is in its life. */
    public enum State {
        STARTING, READY, STOPPING
    }

    private final Supplier<MemoryBudget> memory;
    private volatile State state = State.STARTING;

    /** @param memory the memory budget in force, or null when none is configured (read at every probe) */
    public Health(Supplier<MemoryBudget> memory) {
        this.memory = memory;
    }

    public State state() {
        return state;
    }

    /** Why a running broker is not ready, or null. */
    private String overload() {
        MemoryBudget budget = memory.get();
        if (budget != null && budget.exceeded()) {
            return "memory budget exceeded: " + budget.used() + " bytes queued, limit " + budget.limit()
                    + " bytes; publishers are not read until it drains";
        }
        return null;
    }

    /**
     * The probe's JSON body: {@code status} (starting, ready, overloaded, stopping; only "ready" answers 200) and,
     * when overloaded, a {@code reason}.
     */
    public Map<String, Object> readiness() {
        Map<String, Object> body = new LinkedHashMap<>();
        String overload = state == State.READY ? overload() : null;
        if (overload != null) {
            body.put("status", "overloaded");
            body.put("reason", overload);
        } else {
            body.put("status", state.name().toLowerCase(Locale.ROOT));
        }
        return body;
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
