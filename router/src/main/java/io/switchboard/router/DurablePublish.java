package io.switchboard.router;

import io.switchboard.router.api.PublishListener;
import io.switchboard.router.api.PublishOutcome;
import io.switchboard.router.api.SessionExecutor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One durable publish waiting for its acknowledgement: it counts the destinations that still have to take the
 * message in, then waits for the store commit that covers every write they issued, then tells the publisher
 * on the publisher's own executor. The publisher holds one count itself until routing is over.
 */
final class DurablePublish implements Acceptance {
    private static final Logger log = LoggerFactory.getLogger(DurablePublish.class);

    private final AtomicInteger pending = new AtomicInteger(1);
    private final Supplier<CompletableFuture<Void>> commits;
    private final SessionExecutor replyOn;
    private final PublishListener listener;
    private volatile PublishOutcome outcome;

    DurablePublish(Supplier<CompletableFuture<Void>> commits, SessionExecutor replyOn, PublishListener listener) {
        this.commits = commits;
        this.replyOn = replyOn;
        this.listener = listener;
    }

    /** One more destination will call {@link #accepted()}. */
    void expect() {
        pending.incrementAndGet();
    }

    /** Routing is over with this outcome; releases the publisher's own count. */
    void routed(PublishOutcome result) {
        this.outcome = result;
        accepted();
    }

    @Override
    public void accepted() {
        if (pending.decrementAndGet() != 0) {
            return;
        }
        commits.get().whenComplete((ignored, failure) -> {
            PublishOutcome result = outcome;
            if (failure != null) {
                log.error("store.commit_failed reason=\"{}\"", failure.toString());
                result = PublishOutcome.NOT_STORED;
            }
            PublishOutcome reply = result;
            replyOn.execute(() -> listener.published(reply));
        });
    }
}
