package io.switchboard.router.queue;

import io.switchboard.router.api.SessionExecutor;
import java.util.ArrayList;
import java.util.concurrent.Executor;

/**
 * Work for another thread, collected on one single-threaded executor ({@code from}) and handed to {@code to} as
 * one task when {@code from}'s current batch of work is done: a thread hop (and usually a wake-up) per batch
 * instead of per message. Order is kept: tasks run on {@code to} in the order they were added.
 * {@link #add(Runnable)} may be called from any thread; it is cheapest on {@code from}'s own thread.
 */
final class Handoff {
    private final SessionExecutor from;
    private final Executor to;
    private ArrayList<Runnable> pending = new ArrayList<>();

    Handoff(SessionExecutor from, Executor to) {
        this.from = from;
        this.to = to;
    }

    void add(Runnable task) {
        if (!from.inExecutor()) {
            from.execute(() -> add(task)); // confined to from's thread, and behind what it already collected
            return;
        }
        pending.add(task);
        if (pending.size() == 1) {
            from.execute(this::handOver); // runs after the work from's thread is doing now
        }
    }

    private void handOver() {
        ArrayList<Runnable> tasks = pending;
        pending = new ArrayList<>(Math.max(16, tasks.size()));
        to.execute(() -> {
            for (int i = 0, n = tasks.size(); i < n; i++) {
                tasks.get(i).run();
            }
        });
    }
}
