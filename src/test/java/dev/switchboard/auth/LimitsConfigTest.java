package dev.switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The switchboard.limits.* keys: defaults, raised values, and nonsense that must fail the deployment. */
class LimitsConfigTest {

    private static LimitsConfig read(Map<String, String> values) {
        return LimitsConfig.from(key -> Optional.ofNullable(values.get(key)));
    }

    @Test
    void defaults() {
        LimitsConfig c = read(Map.of());
        assertEquals(10_000, c.maxConnections());
        assertEquals(20, c.connectionRatePerIp());
        assertEquals(50, c.connectionBurstPerIp());
        assertEquals(100, c.eventRate());
        assertEquals(200, c.eventBurst());
        assertTrue(c.trustedProxies().addresses().isEmpty());
    }

    @Test
    void everyKeyCanBeRaised() {
        LimitsConfig c = read(Map.of(
                "switchboard.limits.max-connections", "50000",
                "switchboard.limits.connection-rate-per-ip", "0.5",
                "switchboard.limits.connection-burst-per-ip", " 1000 ",
                "switchboard.limits.event-rate", "1e4",
                "switchboard.limits.event-burst", "20000",
                "switchboard.limits.trusted-proxies", "10.0.0.1, ::1"));
        assertEquals(50_000, c.maxConnections());
        assertEquals(0.5, c.connectionRatePerIp());
        assertEquals(1000, c.connectionBurstPerIp());
        assertEquals(10_000, c.eventRate());
        assertEquals(20_000, c.eventBurst());
        assertEquals(java.util.Set.of("10.0.0.1", "0:0:0:0:0:0:0:1"), c.trustedProxies().addresses());
    }

    @ParameterizedTest
    @CsvSource({
            "max-connections, 0", "max-connections, -1", "max-connections, unlimited", "max-connections, 1.5",
            "max-connections, 99999999999",
            "connection-rate-per-ip, 0", "connection-rate-per-ip, -3", "connection-rate-per-ip, NaN",
            "connection-rate-per-ip, Infinity", "connection-rate-per-ip, off",
            "connection-burst-per-ip, 0", "event-rate, 0", "event-burst, 0", "event-burst, many"})
    void nonsenseFailsWithTheKeyAndTheValueInTheMessage(String key, String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> read(Map.of("switchboard.limits." + key, value)));
        assertTrue(e.getMessage().startsWith("switchboard.limits." + key + " must be"), e.getMessage());
        assertTrue(e.getMessage().contains("'" + value + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("cannot be switched off"), e.getMessage());
    }

    @Test
    void aHostNameAsTrustedProxyFailsWithTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> read(Map.of("switchboard.limits.trusted-proxies", "10.0.0.1,proxy.internal")));
        assertEquals("switchboard.limits.trusted-proxies: 'proxy.internal' is not an IP address (host names and"
                + " ranges are not accepted)", e.getMessage());
    }

    @Test
    void anEmptyValueMeansTheDefault() {
        assertEquals(10_000, read(Map.of("switchboard.limits.max-connections", " ")).maxConnections());
        assertEquals(List.of(), List.copyOf(read(Map.of("switchboard.limits.trusted-proxies", ""))
                .trustedProxies().addresses()));
    }
}
