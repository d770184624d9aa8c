package dev.switchboard.engineio;

import dev.switchboard.auth.LimitsConfig;
import dev.switchboard.auth.RateLimiter;
import dev.switchboard.auth.TrustedProxies;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The limits on new connections, checked before any session exists: the node's total
 * ({@code switchboard.limits.max-connections}) and each client address's rate ({@code connection-rate-per-ip},
 * {@code connection-burst-per-ip}). {@link #admit} is the early check of an HTTP request; {@link #reserve} is the
 * atomic one that {@link EngineServer#open} makes, so racing requests cannot overshoot the total.
 */
final class ConnectionLimits {

    /** Addresses tracked at once (about 150 bytes each); beyond that new addresses share one bucket. */
    static final int MAX_TRACKED_ADDRESSES = 100_000;
    /** The Retry-After of a refusal at the total: when connections are likely to have ended. */
    static final long FULL_RETRY_AFTER_SECONDS = 5;

    private final int max;
    private final AtomicInteger open = new AtomicInteger();
    private final RateLimiter perAddress;
    private final TrustedProxies proxies;

    ConnectionLimits(LimitsConfig config, LongSupplier nanoClock) {
        this.max = config.maxConnections();
        this.perAddress = new RateLimiter(config.connectionRatePerIp(), config.connectionBurstPerIp(),
                MAX_TRACKED_ADDRESSES, nanoClock);
        this.proxies = config.trustedProxies();
    }

    /** The address a request counts as (the trusted-proxy rule of {@link TrustedProxies}). */
    String clientAddress(String peer, List<String> forwardedFor) {
        return proxies.clientAddress(peer, forwardedFor);
    }

    /**
     * Checks a new connection from {@code address}: refused with TOO_MANY_CONNECTIONS while the node is full (no
     * token taken), then with TOO_MANY_REQUESTS when the address has no token left.
     */
    void admit(String address) {
        if (open.get() >= max) {
            throw new EngineException(EngineError.TOO_MANY_CONNECTIONS, FULL_RETRY_AFTER_SECONDS);
        }
        long wait = perAddress.acquire(address);
        if (wait > 0) {
            throw new EngineException(EngineError.TOO_MANY_REQUESTS,
                    Math.max(1, TimeUnit.NANOSECONDS.toSeconds(wait + TimeUnit.SECONDS.toNanos(1) - 1)));
        }
    }

    /** Takes a place for a new session, atomically; refused with TOO_MANY_CONNECTIONS at the total. */
    void reserve() {
        int n;
        do {
            n = open.get();
            if (n >= max) {
                throw new EngineException(EngineError.TOO_MANY_CONNECTIONS, FULL_RETRY_AFTER_SECONDS);
            }
        } while (!open.compareAndSet(n, n + 1));
    }

    /** Gives back the place of a session that ended. */
    void release() {
        open.decrementAndGet();
    }

    /** Sessions holding a place. */
    int open() {
        return open.get();
    }

    /** Forgets addresses whose bucket is full again; runs on the engine timer. */
    void sweep() {
        perAddress.sweep();
    }

    int trackedAddresses() {
        return perAddress.trackedKeys();
    }
}
