package dev.switchboard.engineio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.auth.LimitsConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The connection limits without a container: the total under races, refusal order and Retry-After. */
class ConnectionLimitsTest {

    private final AtomicLong now = new AtomicLong();

    private ConnectionLimits limits(Map<String, String> values) {
        return new ConnectionLimits(LimitsConfig.from(key -> Optional.ofNullable(values.get(key))), now::get);
    }

    @Test
    void racingReservationsNeverOvershootTheTotal() throws Exception {
        ConnectionLimits limits = limits(Map.of("switchboard.limits.max-connections", "30"));
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> attempts = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                attempts.add(pool.submit(() -> {
                    start.await();
                    try {
                        limits.reserve();
                        return true;
                    } catch (EngineException e) {
                        assertEquals(EngineError.TOO_MANY_CONNECTIONS, e.error());
                        return false;
                    }
                }));
            }
            start.countDown();
            int granted = 0;
            for (Future<Boolean> f : attempts) {
                granted += f.get(10, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertEquals(30, granted);
            assertEquals(30, limits.open());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aReleasedPlaceCanBeTakenAgain() {
        ConnectionLimits limits = limits(Map.of("switchboard.limits.max-connections", "1"));
        limits.reserve();
        assertThrows(EngineException.class, limits::reserve);
        limits.release();
        limits.reserve();
        assertEquals(1, limits.open());
    }

    @Test
    void aFullNodeRefusesWith503BeforeTakingTheAddressesToken() {
        ConnectionLimits limits = limits(Map.of("switchboard.limits.max-connections", "1",
                "switchboard.limits.connection-burst-per-ip", "1"));
        limits.reserve();
        EngineException full = assertThrows(EngineException.class, () -> limits.admit("198.51.100.1"));
        assertEquals(EngineError.TOO_MANY_CONNECTIONS, full.error());
        assertEquals(503, full.error().httpStatus());
        assertEquals(ConnectionLimits.FULL_RETRY_AFTER_SECONDS, full.retryAfterSeconds());
        limits.release();
        limits.admit("198.51.100.1"); // its one token is still there
    }

    @Test
    void anAddressOverItsRateGets429WithTheSecondsUntilItsNextToken() {
        ConnectionLimits limits = limits(Map.of("switchboard.limits.connection-rate-per-ip", "0.25",
                "switchboard.limits.connection-burst-per-ip", "2"));
        limits.admit("198.51.100.1");
        limits.admit("198.51.100.1");
        EngineException e = assertThrows(EngineException.class, () -> limits.admit("198.51.100.1"));
        assertEquals(EngineError.TOO_MANY_REQUESTS, e.error());
        assertEquals(429, e.error().httpStatus());
        assertEquals(4, e.retryAfterSeconds(), "one token every 4 s");
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(3500));
        EngineException later = assertThrows(EngineException.class, () -> limits.admit("198.51.100.1"));
        assertEquals(1, later.retryAfterSeconds(), "0.5 s rounds up to 1");
        limits.admit("198.51.100.2");
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(500));
        limits.admit("198.51.100.1");
    }

    @Test
    void theCatalogueHasTheLimitErrors() {
        assertEquals("{\"code\":101,\"message\":\"Too many connections\"}", EngineError.TOO_MANY_CONNECTIONS.toJson());
        assertEquals("{\"code\":102,\"message\":\"Too many requests\"}", EngineError.TOO_MANY_REQUESTS.toJson());
    }

    @Test
    void addressesAreSwept() {
        ConnectionLimits limits = limits(Map.of("switchboard.limits.connection-rate-per-ip", "10"));
        for (int i = 0; i < 100; i++) {
            limits.admit("198.51.100." + i);
        }
        assertEquals(100, limits.trackedAddresses());
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(100));
        limits.sweep();
        assertEquals(0, limits.trackedAddresses());
        assertTrue(ConnectionLimits.MAX_TRACKED_ADDRESSES >= 10_000);
    }
}
