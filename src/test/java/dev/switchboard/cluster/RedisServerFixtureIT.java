package dev.switchboard.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.RedisServerFixture;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Redis the cluster tests run on: the embedded redis-server binary really starts on this machine, answers,
 * stops and comes back on the same port. With {@code REDIS_URL} set this fails, as every test that needs to stop
 * Redis does.
 */
class RedisServerFixtureIT {

    @Test
    void embeddedRedisStartsAnswersStopsAndRestartsOnTheSamePort() throws IOException {
        try (RedisServerFixture redis = RedisServerFixture.create()) {
            redis.requireControllable("this test");
            redis.start();
            String url = redis.url();
            assertTrue(url.matches("redis://127\\.0\\.0\\.1:\\d+"), url);
            assertEquals("PONG", redis.command("PING"));
            assertEquals(List.of("save", ""), redis.command("CONFIG", "GET", "save"), "no snapshots on disk");
            assertEquals(0L, redis.subscribers("nobody-listens"));

            redis.stop();
            assertThrows(IOException.class, () -> redis.command("PING"), "stopped means unreachable");

            redis.restart();
            assertEquals(url, redis.url(), "same port after a restart");
            assertEquals("PONG", redis.command("PING"));
        }
    }
}
