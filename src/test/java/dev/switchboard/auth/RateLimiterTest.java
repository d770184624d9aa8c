package dev.switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Per-key buckets: independent keys, the sweep, and the hard cap on keys under an address spray. */
class RateLimiterTest {

    private final AtomicLong now = new AtomicLong();

    private void advanceMillis(long ms) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
    }

    @Test
    void eachKeyHasItsOwnBucket() {
        RateLimiter limiter = new RateLimiter(5, 2, 100, now::get);
        assertEquals(0, limiter.acquire("a"));
        assertEquals(0, limiter.acquire("a"));
        assertEquals(TimeUnit.MILLISECONDS.toNanos(200), limiter.acquire("a"), "a is out: next token in 200 ms");
        assertEquals(0, limiter.acquire("b"), "b is not affected");
        advanceMillis(200);
        assertEquals(0, limiter.acquire("a"));
    }

    @Test
    void sweepForgetsOnlyKeysWhoseBucketIsFullAgain() {
        RateLimiter limiter = new RateLimiter(1, 2, 100, now::get);
        limiter.acquire("idle-soon");
        advanceMillis(500);
        limiter.acquire("busy");
        limiter.acquire("busy");
        assertEquals(2, limiter.trackedKeys());
        advanceMillis(500);
        assertEquals(1, limiter.sweep(), "idle-soon has its token back; busy is still one short");
        assertEquals(1, limiter.trackedKeys());
        advanceMillis(2000);
        assertEquals(1, limiter.sweep());
        assertEquals(0, limiter.trackedKeys());
    }

    @Test
    void aForgottenKeyStartsWithAFullBucketLikeBefore() {
        RateLimiter limiter = new RateLimiter(1, 1, 100, now::get);
        assertEquals(0, limiter.acquire("a"));
        advanceMillis(1000);
        limiter.sweep();
        assertEquals(0, limiter.trackedKeys());
        assertEquals(0, limiter.acquire("a"));
        assertTrue(limiter.acquire("a") > 0, "the sweep gave back nothing it had not already refilled");
    }

    @Test
    void anAddressSprayNeverGrowsTheTableBeyondItsCapAndSharesOneBucket() {
        RateLimiter limiter = new RateLimiter(1, 3, 1000, now::get);
        int admittedBeyondCap = 0;
        for (int i = 0; i < 100_000; i++) {
            if (limiter.acquire("10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255)) == 0 && i >= 1000) {
                admittedBeyondCap++;
            }
        }
        assertEquals(1000, limiter.trackedKeys(), "the table stops at its cap");
        assertEquals(3, admittedBeyondCap, "addresses beyond the cap share one bucket of burst 3");
        advanceMillis(3000);
        assertEquals(1000, limiter.sweep(), "every bucket refilled: all forgotten");
        assertEquals(0, limiter.acquire("192.0.2.1"), "room again for a new address");
        assertEquals(1, limiter.trackedKeys());
    }

    @Test
    void knownKeysKeepTheirOwnBucketWhileTheTableIsFull() {
        RateLimiter limiter = new RateLimiter(1, 2, 2, now::get);
        assertEquals(0, limiter.acquire("a"));
        assertEquals(0, limiter.acquire("b"));
        assertEquals(0, limiter.acquire("c"), "overflow bucket");
        assertEquals(0, limiter.acquire("d"), "overflow bucket");
        assertTrue(limiter.acquire("e") > 0, "overflow bucket empty");
        assertEquals(0, limiter.acquire("a"), "a still has its own second token");
    }
}
