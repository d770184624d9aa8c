package dev.switchboard.cluster.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.cluster.redis.RedisCounters.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RedisCountersTest {

    @Test
    void completedRequestsAddTheirDurationsKeepTheLongestAndTellObservers() {
        RedisCounters c = new RedisCounters();
        List<String> seen = new ArrayList<>();
        Runnable remove = c.observe((request, nanos) -> seen.add(request.tag() + ":" + (nanos >= 0)));
        long now = System.nanoTime();
        c.countCompleted(Request.FETCH_SOCKETS, now - TimeUnit.MILLISECONDS.toNanos(300));
        c.countCompleted(Request.FETCH_SOCKETS, now - TimeUnit.MILLISECONDS.toNanos(100));
        c.countCompleted(Request.SERVER_COUNT, now);

        assertEquals(2, c.completed(Request.FETCH_SOCKETS));
        assertTrue(c.nanos(Request.FETCH_SOCKETS) >= TimeUnit.MILLISECONDS.toNanos(400), "summed durations");
        assertTrue(c.maxNanos(Request.FETCH_SOCKETS) >= TimeUnit.MILLISECONDS.toNanos(300), "the longest");
        assertTrue(c.maxNanos(Request.FETCH_SOCKETS) < c.nanos(Request.FETCH_SOCKETS));
        assertEquals(0, c.completed(Request.SERVER_SIDE_EMIT));
        assertEquals(List.of("fetch_sockets:true", "fetch_sockets:true", "server_count:true"), seen);

        remove.run();
        c.countCompleted(Request.SERVER_SIDE_EMIT, System.nanoTime());
        assertEquals(3, seen.size(), "a removed observer hears nothing more");
    }

    @Test
    void timeoutsCountByRequestAndInTotal() {
        RedisCounters c = new RedisCounters();
        c.countTimeout(Request.SERVER_SIDE_EMIT);
        c.countTimeout(Request.SERVER_SIDE_EMIT);
        c.countTimeout(Request.SERVER_COUNT);
        assertEquals(2, c.timeouts(Request.SERVER_SIDE_EMIT));
        assertEquals(0, c.timeouts(Request.FETCH_SOCKETS));
        assertEquals(3, c.timeouts());
    }

    @Test
    void messageCountersAreIndependent() {
        RedisCounters c = new RedisCounters();
        c.countPublished();
        c.countPublished();
        c.countReceived();
        c.countDropped();
        c.countError();
        c.countReconnect();
        c.countReconnect();
        assertEquals(List.of(2L, 1L, 1L, 1L, 2L),
                List.of(c.published(), c.received(), c.dropped(), c.errors(), c.reconnects()));
    }
}
