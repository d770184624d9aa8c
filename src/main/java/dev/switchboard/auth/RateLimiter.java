package dev.switchboard.auth;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One {@link TokenBucket} per key (a client address), with bounded memory: {@link #sweep()} forgets keys whose
 * bucket is full again (they behave like new ones), and at most {@code maxKeys} keys are tracked. While the table
 * is full (an attacker spraying addresses), new keys share one overflow bucket until a sweep makes room, so the
 * spray is rate limited as a whole instead of growing the table. Thread-safe.
 */
public final class RateLimiter {

    private final double ratePerSecond;
    private final int burst;
    private final int maxKeys;
    private final LongSupplier clock;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final TokenBucket overflow;

    /**
     * @param ratePerSecond tokens per second for each key
     * @param burst         tokens each key starts with and may save up
     * @param maxKeys       the most keys tracked at once
     * @param nanoClock     a monotonic clock in nanoseconds
     */
    public RateLimiter(double ratePerSecond, int burst, int maxKeys, LongSupplier nanoClock) {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be at least 1, got " + maxKeys);
        }
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.maxKeys = maxKeys;
        this.clock = nanoClock;
        this.overflow = new TokenBucket(ratePerSecond, burst, nanoClock);
    }

    /**
     * Takes a token for {@code key}. Returns 0 when the action is admitted, otherwise the nanoseconds until the
     * key's next token (at least 1).
     */
    public long acquire(String key) {
        if (!buckets.containsKey(key) && buckets.size() >= maxKeys) {
            return take(overflow);
        }
        long[] wait = new long[1];
        // compute() runs under the key's lock, so a concurrent sweep cannot drop the bucket between get and take
        buckets.compute(key, (k, existing) -> {
            TokenBucket bucket = existing != null ? existing : new TokenBucket(ratePerSecond, burst, clock);
            wait[0] = take(bucket);
            return bucket;
        });
        return wait[0];
    }

    /** Forgets every key whose bucket is full again; returns how many were forgotten. */
    public int sweep() {
        int[] removed = new int[1];
        for (String key : buckets.keySet()) {
            buckets.computeIfPresent(key, (k, bucket) -> {
                if (bucket.isFull()) {
                    removed[0]++;
                    return null;
                }
                return bucket;
            });
        }
        return removed[0];
    }

    /** Keys tracked now. */
    public int trackedKeys() {
        return buckets.size();
    }

    private static long take(TokenBucket bucket) {
        return bucket.tryTake() ? 0 : Math.max(1, bucket.nanosUntilNext());
    }
}
