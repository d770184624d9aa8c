package dev.switchboard.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waiting on a condition with a deadline, for state that has no event to wait on (a probe, a Redis counter):
 * check, pause briefly, check again, fail with what was last seen. Never a fixed sleep.
 */
public final class Await {

    private static final Duration PAUSE = Duration.ofMillis(20);

    private Await() {
    }

    /** Returns the first value from {@code read} that satisfies {@code condition}; fails after {@code timeout}. */
    public static <T> T value(String what, Duration timeout, Supplier<T> read, Predicate<T> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = read.get();
        while (!condition.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what + " (last: " + last + ")");
            }
            LockSupport.parkNanos(PAUSE.toNanos());
            last = read.get();
        }
        return last;
    }

    /** Waits until {@code condition} holds; fails after {@code timeout}. */
    public static void until(String what, Duration timeout, java.util.function.BooleanSupplier condition) {
        value(what, timeout, condition::getAsBoolean, Boolean::booleanValue);
    }
}
