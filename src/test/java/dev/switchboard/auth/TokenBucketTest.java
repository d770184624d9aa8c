package dev.switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The token bucket against a hand-stepped clock: no sleeps, exact arithmetic. */
class TokenBucketTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private void advanceMillis(long ms) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
    }

    @Test
    void startsFullAndAdmitsExactlyTheBurst() {
        TokenBucket bucket = new TokenBucket(5, 10, now::get);
        assertTrue(bucket.isFull());
        for (int i = 0; i < 10; i++) {
            assertTrue(bucket.tryTake(), "token " + i);
        }
        assertFalse(bucket.tryTake(), "the 11th is refused");
        assertFalse(bucket.isFull());
    }

    @Test
    void refillsAtTheRateAndSaysWhenTheNextTokenComes() {
        TokenBucket bucket = new TokenBucket(5, 10, now::get);
        while (bucket.tryTake()) {
            // drain
        }
        assertEquals(TimeUnit.MILLISECONDS.toNanos(200), bucket.nanosUntilNext(), "5 per second: one every 200 ms");
        advanceMillis(199);
        assertFalse(bucket.tryTake());
        advanceMillis(1);
        assertTrue(bucket.tryTake());
        assertFalse(bucket.tryTake());
        advanceMillis(1000);
        for (int i = 0; i < 5; i++) {
            assertTrue(bucket.tryTake(), "one second brings five tokens: " + i);
        }
        assertFalse(bucket.tryTake());
    }

    @Test
    void neverHoldsMoreThanTheBurst() {
        TokenBucket bucket = new TokenBucket(100, 3, now::get);
        advanceMillis(60_000);
        assertTrue(bucket.isFull());
        int taken = 0;
        while (bucket.tryTake()) {
            taken++;
        }
        assertEquals(3, taken);
    }

    @Test
    void isFullAgainOnlyOnceEveryTokenCameBack() {
        TokenBucket bucket = new TokenBucket(2, 4, now::get);
        bucket.tryTake();
        bucket.tryTake();
        advanceMillis(999);
        assertFalse(bucket.isFull());
        advanceMillis(1);
        assertTrue(bucket.isFull());
    }

    @Test
    void fractionalRatesWork() {
        TokenBucket bucket = new TokenBucket(0.5, 1, now::get);
        assertTrue(bucket.tryTake());
        assertEquals(TimeUnit.SECONDS.toNanos(2), bucket.nanosUntilNext());
        advanceMillis(2000);
        assertTrue(bucket.tryTake());
    }

    @Test
    void aClockGoingBackwardsAddsNothing() {
        TokenBucket bucket = new TokenBucket(1, 1, now::get);
        assertTrue(bucket.tryTake());
        now.addAndGet(-TimeUnit.SECONDS.toNanos(10));
        assertFalse(bucket.tryTake());
        now.addAndGet(TimeUnit.SECONDS.toNanos(11));
        assertTrue(bucket.tryTake());
    }

    @Test
    void nonsenseSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0, 1, now::get));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(-1, 1, now::get));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(Double.NaN, 1, now::get));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(Double.POSITIVE_INFINITY, 1, now::get));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(1, 0, now::get));
    }
}
