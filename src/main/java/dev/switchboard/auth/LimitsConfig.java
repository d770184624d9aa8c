package dev.switchboard.auth;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;

/**
 * The abuse limits, read once from MicroProfile Config ({@code switchboard.limits.*}; the README lists every key).
 * Limits are always on: a value can be raised, never switched off, and nonsense (zero, negative, not a number, a
 * host name as proxy) fails the deployment with a message naming the key.
 *
 * @param maxConnections       Engine.IO sessions open at once on this node
 * @param connectionRatePerIp  new connections per second per client address
 * @param connectionBurstPerIp new connections a client address may open at once before the rate applies
 * @param eventRate            Socket.IO packets per second one connection may send
 * @param eventBurst           Socket.IO packets one connection may send at once before the rate applies
 * @param trustedProxies       proxies whose {@code X-Forwarded-For} is believed (see {@link TrustedProxies})
 */
public record LimitsConfig(int maxConnections, double connectionRatePerIp, int connectionBurstPerIp,
                           double eventRate, int eventBurst, TrustedProxies trustedProxies) {

    public static final String PREFIX = "switchboard.limits.";
    public static final String MAX_CONNECTIONS = PREFIX + "max-connections";
    public static final String CONNECTION_RATE = PREFIX + "connection-rate-per-ip";
    public static final String CONNECTION_BURST = PREFIX + "connection-burst-per-ip";
    public static final String EVENT_RATE = PREFIX + "event-rate";
    public static final String EVENT_BURST = PREFIX + "event-burst";
    public static final String TRUSTED_PROXIES = PREFIX + "trusted-proxies";

    public LimitsConfig {
        if (maxConnections < 1 || connectionBurstPerIp < 1 || eventBurst < 1 || !positive(connectionRatePerIp)
                || !positive(eventRate)) {
            throw new IllegalArgumentException("limits must be positive (they cannot be switched off)");
        }
        java.util.Objects.requireNonNull(trustedProxies, "trustedProxies");
    }

    public static LimitsConfig from(Config config) {
        return from(key -> config.getOptionalValue(key, String.class));
    }

    /** Reads the limits from any key → raw value source (the tests use a map). */
    public static LimitsConfig from(Function<String, Optional<String>> source) {
        return new LimitsConfig(
                whole(source, MAX_CONNECTIONS, 10_000),
                rate(source, CONNECTION_RATE, 20),
                whole(source, CONNECTION_BURST, 50),
                rate(source, EVENT_RATE, 100),
                whole(source, EVENT_BURST, 200),
                proxies(source));
    }

    private static int whole(Function<String, Optional<String>> source, String key, int fallback) {
        Optional<String> raw = source.apply(key).map(String::trim).filter(s -> !s.isEmpty());
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.get());
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + " must be a whole number from 1 to " + Integer.MAX_VALUE
                + ", got '" + raw.get() + "' (limits cannot be switched off; raise the value instead)");
    }

    private static double rate(Function<String, Optional<String>> source, String key, double fallback) {
        Optional<String> raw = source.apply(key).map(String::trim).filter(s -> !s.isEmpty());
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            double value = Double.parseDouble(raw.get());
            if (positive(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + " must be a positive number (per second), got '" + raw.get()
                + "' (limits cannot be switched off; raise the value instead)");
    }

    private static boolean positive(double value) {
        return value > 0 && !Double.isInfinite(value);
    }

    private static TrustedProxies proxies(Function<String, Optional<String>> source) {
        List<String> entries = source.apply(TRUSTED_PROXIES)
                .map(raw -> Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
        try {
            return TrustedProxies.of(entries);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(TRUSTED_PROXIES + ": " + e.getMessage());
        }
    }
}
