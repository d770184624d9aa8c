package dev.switchboard.cluster.redis;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * Cluster settings, read once from MicroProfile Config. Redis is off unless a URL is configured, through
 * {@code switchboard.redis.url} or the {@code REDIS_URL} environment variable.
 *
 * @param url               {@code redis://[user:password@]host:port[/db]}, or empty for a single node
 * @param key               channel prefix, as {@code key} in @socket.io/redis-adapter (default {@code socket.io})
 * @param requestsTimeout   how long cluster requests (fetch sockets, server-side emit with ack) wait for nodes
 * @param reconnectMaxDelay the cap of the jittered exponential backoff between reconnection attempts
 * @param publishQueue      messages that may wait to be published; more are dropped (and counted)
 */
public record RedisConfig(Optional<URI> url, String key, Duration requestsTimeout, Duration reconnectMaxDelay,
                          int publishQueue) {

    public static final String PREFIX = "switchboard.redis.";

    public static RedisConfig from(Config config) {
        Optional<String> url = config.getOptionalValue(PREFIX + "url", String.class)
                .or(() -> config.getOptionalValue("REDIS_URL", String.class))
                .filter(s -> !s.isBlank());
        return new RedisConfig(
                url.map(URI::create),
                config.getOptionalValue(PREFIX + "key", String.class).orElse("socket.io"),
                Duration.ofMillis(config.getOptionalValue(PREFIX + "requests-timeout", Long.class).orElse(5000L)),
                Duration.ofMillis(config.getOptionalValue(PREFIX + "reconnect-max-delay", Long.class).orElse(5000L)),
                config.getOptionalValue(PREFIX + "publish-queue", Integer.class).orElse(10_000));
    }

    public boolean enabled() {
        return url.isPresent();
    }
}
