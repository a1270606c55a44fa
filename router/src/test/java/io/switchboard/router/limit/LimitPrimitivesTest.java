package io.switchboard.router.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Token bucket arithmetic on a fake clock, and the memory budget's pause / resume cycle. */
@Timeout(10)
class LimitPrimitivesTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aBucketAllowsItsBurstThenItsRate() {
        TokenBucket bucket = new TokenBucket(10, 5, 0);
        for (int i = 0; i < 5; i++) {
            assertThat(bucket.tryTake(1, 0)).isTrue();
        }
        assertThat(bucket.tryTake(1, 0)).isFalse();
        assertThat(bucket.tryTake(1, SECOND / 10)).isTrue();
        assertThat(bucket.tryTake(1, SECOND / 10)).isFalse();
        assertThat(bucket.isFull(10 * SECOND)).isTrue();
        assertThat(bucket.hasAtLeast(5, 10 * SECOND)).isTrue();
    }

    @Test
    void takingIntoDebtReportsHowLongUntilTheBucketIsPositive() {
        TokenBucket bucket = new TokenBucket(100, 100, 0);
        assertThat(bucket.take(100, 0)).isZero();
        assertThat(bucket.take(50, 0)).isEqualTo(SECOND / 2);
        assertThat(bucket.take(0, SECOND / 2)).isZero();
    }

    @Test
    void theBudgetPausesAboveItsLimitAndResumesEveryoneAtNinetyPercent() {
        AtomicLong used = new AtomicLong();
        MemoryBudget budget = new MemoryBudget(used::get, 1_000);
        AtomicInteger resumed = new AtomicInteger();
        budget.whenBelow(resumed::incrementAndGet);
        assertThat(resumed.get()).isEqualTo(1); // room now: resumed at once

        used.set(1_001);
        assertThat(budget.exceeded()).isFalse(); // not sampled yet
        assertThat(budget.exceededNow()).isTrue();
        assertThat(budget.exceeded()).isTrue();
        budget.whenBelow(resumed::incrementAndGet);
        budget.whenBelow(resumed::incrementAndGet);
        used.set(950);
        budget.sample();
        assertThat(budget.exceeded()).isTrue(); // between 90% and 100%: still paused
        assertThat(resumed.get()).isEqualTo(1);
        used.set(900);
        budget.sample();
        assertThat(budget.exceeded()).isFalse();
        assertThat(resumed.get()).isEqualTo(3);

        budget.limit(10_000);
        used.set(5_000);
        budget.sample();
        assertThat(budget.exceeded()).isFalse();
    }
}
