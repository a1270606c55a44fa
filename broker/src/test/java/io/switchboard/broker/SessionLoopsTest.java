package io.switchboard.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.router.api.SessionExecutor;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class SessionLoopsTest {
    private final SessionLoops loops = new SessionLoops(4);

    @AfterEach
    void close() {
        loops.close();
    }

    @Test
    void aClientIdAlwaysMapsToTheSameExecutorAndIdsSpreadOverAllLoops() {
        assertThat(loops.forClient("sensor-1")).isSameAs(loops.forClient("sensor-1"));
        Set<SessionExecutor> used = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            used.add(loops.forClient("client-" + i));
        }
        assertThat(used).hasSize(loops.size());
        assertThat(loops.forClient("polygenelubricants")).as("negative hash codes map too").isNotNull();
    }

    @Test
    void tasksRunOnTheExecutorThread() throws Exception {
        SessionExecutor executor = loops.forClient("a");
        assertThat(executor.inExecutor()).isFalse();
        CompletableFuture<Boolean> inside = new CompletableFuture<>();
        executor.execute(() -> inside.complete(executor.inExecutor()));
        assertThat(inside.get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void scheduledTasksRunAndCancelledOnesDoNot() throws Exception {
        SessionExecutor executor = loops.forClient("b");
        CountDownLatch ran = new CountDownLatch(1);
        CompletableFuture<Void> cancelledRan = new CompletableFuture<>();
        SessionExecutor.Cancellable cancelled = executor.schedule(() -> cancelledRan.complete(null), 50,
                TimeUnit.MILLISECONDS);
        cancelled.cancel();
        executor.schedule(ran::countDown, 100, TimeUnit.MILLISECONDS);
        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(cancelledRan).isNotDone();
    }
}
