package dev.switchboard.auth;

import java.util.function.LongSupplier;

/**
 * A token bucket: holds at most {@code burst} tokens, starts full and refills continuously at {@code ratePerSecond}.
 * Each admitted action takes one token. The clock is injected (nanoseconds, like {@link System#nanoTime}) so
 * tests step time by hand. Thread-safe.
 */
public final class TokenBucket {

    private static final double NANOS_PER_SECOND = 1_000_000_000d;

    private final double tokensPerNano;
    private final double capacity;
    private final LongSupplier clock;
    private double tokens;
    private long updated;

    /**
     * @param ratePerSecond tokens added per second, positive
     * @param burst         the most tokens the bucket holds (and starts with), at least 1
     * @param nanoClock     a monotonic clock in nanoseconds
     */
    public TokenBucket(double ratePerSecond, int burst, LongSupplier nanoClock) {
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("rate must be a positive number, got " + ratePerSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1, got " + burst);
        }
        this.tokensPerNano = ratePerSecond / NANOS_PER_SECOND;
        this.capacity = burst;
        this.clock = nanoClock;
        this.tokens = burst;
        this.updated = nanoClock.getAsLong();
    }

    /** Takes a token if there is one; false (and nothing taken) otherwise. */
    public synchronized boolean tryTake() {
        refill();
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** Nanoseconds until a token is available; 0 when one is available now. */
    public synchronized long nanosUntilNext() {
        refill();
        return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / tokensPerNano);
    }

    /** True when the bucket is full again: it then behaves exactly like a new one. */
    public synchronized boolean isFull() {
        refill();
        return tokens >= capacity;
    }

    private void refill() {
        long now = clock.getAsLong();
        long elapsed = now - updated;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * tokensPerNano);
            updated = now;
        }
    }
}
