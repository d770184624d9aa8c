package dev.switchboard.cluster;

import static dev.switchboard.cluster.ClusterNodes.REQUEST_CHANNEL;
import static dev.switchboard.cluster.ClusterNodes.SUBSCRIBE_WAIT;
import static dev.switchboard.cluster.ClusterNodes.answerQuestions;
import static dev.switchboard.cluster.ClusterNodes.answers;
import static dev.switchboard.cluster.ClusterNodes.assertNothingBeforeMarker;
import static dev.switchboard.cluster.ClusterNodes.awaitValue;
import static dev.switchboard.cluster.ClusterNodes.call;
import static dev.switchboard.cluster.ClusterNodes.callJson;
import static dev.switchboard.cluster.ClusterNodes.connect;
import static dev.switchboard.cluster.ClusterNodes.ids;
import static dev.switchboard.cluster.ClusterNodes.ignoreQuestions;
import static dev.switchboard.cluster.ClusterNodes.join;
import static dev.switchboard.cluster.ClusterNodes.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.socketio.IoClient;
import dev.switchboard.testing.PayaraProcess;
import dev.switchboard.testing.RedisServerFixture;
import io.socket.client.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Switchboard nodes clustered through Redis: two Payara Micro instances (A and B) with the test WAR, started one
 * after the other and shared by every test; a third (C) for the test that freezes and stops a node. Clients are the
 * official Java client over WebSocket, on each node. Redis is {@code REDIS_URL} or the embedded redis-server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterIT {

    /** {@code switchboard.redis.requests-timeout}: how long fetchSockets waits for the other nodes. */
    private static final Duration REQUESTS_TIMEOUT = Duration.ofSeconds(2);
    /** What a loaded two-core machine may add to a timeout before the answer reaches the test. */
    private static final Duration SLACK = Duration.ofSeconds(3);
    private static final Map<String, String> SETTINGS = Map.of(
            "switchboard.redis.requests-timeout", String.valueOf(REQUESTS_TIMEOUT.toMillis()));

    private RedisServerFixture redis;
    private Path war;
    private PayaraProcess a;
    private PayaraProcess b;

    @BeforeAll
    void startCluster() throws Exception {
        redis = RedisServerFixture.started();
        war = ClusterNodes.testWar();
        a = ClusterNodes.startNode(war, "A", redis.url(), SETTINGS);
        b = ClusterNodes.startNode(war, "B", redis.url(), SETTINGS);
        redis.awaitSubscribers(REQUEST_CHANNEL, 2, SUBSCRIBE_WAIT);
    }

    @AfterAll
    void stopCluster() throws Exception {
        try (RedisServerFixture r = redis; PayaraProcess first = a; PayaraProcess second = b) {
            // closed in reverse order: B, A, then Redis
        }
    }

    @Test
    void broadcastToEveryoneReachesClientsOnEveryNode() {
        try (IoClient a1 = connect(a); IoClient a2 = connect(a); IoClient b1 = connect(b); IoClient b2 = connect(b)) {
            String fromA = token("from-a");
            a1.emit("to-all", fromA);
            for (IoClient c : List.of(a1, a2, b1, b2)) {
                awaitValue(c, "all-msg", fromA);
            }
            String fromB = token("from-b");
            b2.emit("to-all", fromB);
            for (IoClient c : List.of(a1, a2, b1, b2)) {
                awaitValue(c, "all-msg", fromB);
            }
        }
    }

    @Test
    void roomBroadcastReachesMembersThatAreAllOnAnotherNode() {
        String room = token("room");
        try (IoClient sender = connect(a); IoClient other = connect(a);
             IoClient b1 = connect(b); IoClient b2 = connect(b); IoClient outsider = connect(b)) {
            join(b1, room);
            join(b2, room);
            String msg = token("msg");
            sender.emit("to-room", room, msg);
            awaitValue(b1, "room-msg", msg);
            awaitValue(b2, "room-msg", msg);
            assertNothingBeforeMarker("room-msg", sender, List.of(sender, other, outsider));
        }
    }

    @Test
    void exceptLeavesOutMembersOfTheExcludedRoomOnEveryNode() {
        String team = token("team");
        String muted = token("muted");
        try (IoClient a1 = connect(a); IoClient a2 = connect(a); IoClient b1 = connect(b); IoClient b2 = connect(b);
             IoClient b3 = connect(b)) {
            for (IoClient c : List.of(a1, a2, b1, b2)) {
                join(c, team);
            }
            join(a2, muted);
            join(b2, muted);
            join(b3, muted);
            String msg = token("msg");
            a1.emit("to-room-except", team, muted, msg);
            awaitValue(a1, "room-msg", msg);
            awaitValue(b1, "room-msg", msg);
            assertNothingBeforeMarker("room-msg", a1, List.of(a2, b2, b3));

            String back = token("back");
            b1.emit("to-room-except", team, muted, back);
            awaitValue(a1, "room-msg", back);
            awaitValue(b1, "room-msg", back);
            assertNothingBeforeMarker("room-msg", b1, List.of(a2, b2, b3));
        }
    }

    @Test
    void fetchSocketsReturnsTheSocketsOfEveryNode() {
        String room = token("fetch");
        try (IoClient a1 = connect(a); IoClient b1 = connect(b); IoClient b2 = connect(b); IoClient b3 = connect(b)) {
            for (IoClient c : List.of(a1, b1, b2)) {
                join(c, room);
            }
            String nodeA = callJson(a1, "whoami").getString("node");
            String nodeB = callJson(b1, "whoami").getString("node");
            assertFalse(nodeA.equals(nodeB), "the two nodes have distinct ids: " + nodeA);

            for (IoClient asker : List.of(a1, b3)) {
                JSONObject fetched = callJson(asker, "fetch", room);
                assertEquals(Set.of(a1.id(), b1.id(), b2.id()), ids(fetched), "fetch from " + asker.id() + ": " + fetched);
                JSONArray sockets = fetched.getJSONArray("sockets");
                for (int i = 0; i < sockets.length(); i++) {
                    JSONObject s = sockets.getJSONObject(i);
                    assertEquals(s.getString("id").equals(a1.id()) ? nodeA : nodeB, s.getString("node"), "node of " + s);
                    assertTrue(s.getJSONArray("rooms").toList().containsAll(List.of(room, s.getString("id"))),
                            "rooms of " + s);
                }
            }
            JSONObject everyone = callJson(a1, "fetch", "");
            assertTrue(ids(everyone).containsAll(Set.of(a1.id(), b1.id(), b2.id(), b3.id())), "fetch all: " + everyone);
        }
    }

    @Test
    void socketsJoinLeaveAndDisconnectActOnSocketsOfOtherNodes() {
        String source = token("src");
        String target = token("dst");
        try (IoClient operator = connect(a); IoClient a1 = connect(a); IoClient b1 = connect(b);
             IoClient bystander = connect(b)) {
            join(a1, source);
            join(b1, source);

            assertEquals("ok", call(operator, "sockets-join", source, target));
            String joined = token("joined");
            operator.emit("to-room", target, joined);
            awaitValue(a1, "room-msg", joined);
            awaitValue(b1, "room-msg", joined);
            assertNothingBeforeMarker("room-msg", operator, List.of(operator, bystander));

            assertEquals("ok", call(operator, "sockets-leave", source, target));
            operator.emit("to-room", target, token("left"));
            assertNothingBeforeMarker("room-msg", operator, List.of(a1, b1));

            assertEquals("ok", call(operator, "disconnect-sockets", source, false));
            assertEquals("io server disconnect", a1.await(Socket.EVENT_DISCONNECT)[0]);
            assertEquals("io server disconnect", b1.await(Socket.EVENT_DISCONNECT)[0]);
            assertNothingBeforeMarker(Socket.EVENT_DISCONNECT, operator, List.of(operator, bystander));
        }
    }

    @Test
    void serverSideEmitReachesTheOtherNodesAndCollectsTheirAnswers() {
        try (IoClient a1 = connect(a); IoClient b1 = connect(b)) {
            JSONObject fromA = callJson(a1, "sse", 5000);
            assertEquals(true, fromA.optBoolean("ok"), "serverSideEmitWithAck from A: " + fromA);
            assertEquals(List.of("B"), answers(fromA), "one answer per other node, none from itself: " + fromA);
            JSONObject fromB = callJson(b1, "sse", 5000);
            assertEquals(List.of("A"), answers(fromB), "serverSideEmitWithAck from B: " + fromB);

            String text = token("note");
            assertEquals("ok", call(a1, "sse-notify", text));
            Object[] note = awaitValue(b1, "sse-note", "B", IoClient.WAIT);
            assertEquals(List.of("B", "A", text), List.of(note), "B's handler got A's server-side emit");
            assertNothingBeforeMarker("sse-note", a1, List.of(a1));
        }
    }

    @Test
    void broadcastAcksAreCountedAcrossNodesAndTimeOutWithThePartialAnswers() {
        String quiz = token("quiz");
        try (IoClient asker = connect(a); IoClient a1 = connect(a); IoClient b1 = connect(b); IoClient b2 = connect(b)) {
            for (IoClient c : List.of(a1, b1, b2)) {
                answerQuestions(c);
                join(c, quiz);
            }
            JSONObject all = callJson(asker, "ask", quiz, 5000);
            assertEquals(true, all.optBoolean("ok"), "every member answered: " + all);
            assertEquals(sorted(a1.id(), b1.id(), b2.id()), answers(all));
            assertTrue(all.getLong("ms") < 5000, "completed as soon as the last answer came: " + all);

            ignoreQuestions(b2);
            long timeout = 1000;
            long start = System.nanoTime();
            JSONObject partial = callJson(asker, "ask", quiz, timeout);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertEquals("AckTimeoutException", partial.optString("error"), "one member stays silent: " + partial);
            assertEquals(sorted(a1.id(), b1.id()), answers(partial), "the answers that did arrive: " + partial);
            assertWithin(timeout, partial, took);
        }
    }

    /**
     * A third node, C, joins; cluster requests then need its answer. Frozen (SIGSTOP: still subscribed, answering
     * nothing), it makes fetchSockets, broadcast acks and server-side acks fail within their timeouts, with the
     * live nodes' answers; stopped, it no longer counts, and the same requests complete with A and B.
     */
    @Test
    void requestsEndWithinTheirTimeoutWhenANodeIsFrozenThenStopped() throws Exception {
        String quiz = token("quiz");
        try (PayaraProcess c = ClusterNodes.startNode(war, "C", redis.url(), SETTINGS)) {
            redis.awaitSubscribers(REQUEST_CHANNEL, 3, SUBSCRIBE_WAIT);
            try (IoClient asker = connect(a); IoClient a1 = connect(a); IoClient b1 = connect(b);
                 IoClient c1 = connect(c)) {
                for (IoClient member : List.of(a1, b1, c1)) {
                    answerQuestions(member);
                    join(member, quiz);
                }
                assertEquals(Set.of(a1.id(), b1.id(), c1.id()), ids(callJson(asker, "fetch", quiz)));
                assertEquals(sorted(a1.id(), b1.id(), c1.id()), answers(callJson(asker, "ask", quiz, 5000)));
                assertEquals(List.of("B", "C"), answers(callJson(asker, "sse", 5000)));

                c.suspend();
                try {
                    long start = System.nanoTime();
                    JSONObject fetched = callJson(asker, "fetch", quiz);
                    Duration took = Duration.ofNanos(System.nanoTime() - start);
                    assertWithin(REQUESTS_TIMEOUT.toMillis(), fetched, took);
                    if (fetched.optBoolean("ok")) {
                        assertTrue(ids(fetched).containsAll(Set.of(a1.id(), b1.id())), "fetch without C: " + fetched);
                    }

                    long timeout = 1500;
                    start = System.nanoTime();
                    JSONObject asked = callJson(asker, "ask", quiz, timeout);
                    took = Duration.ofNanos(System.nanoTime() - start);
                    assertEquals("AckTimeoutException", asked.optString("error"), "C never reports: " + asked);
                    assertEquals(sorted(a1.id(), b1.id()), answers(asked), "A's and B's members answered: " + asked);
                    assertWithin(timeout, asked, took);

                    start = System.nanoTime();
                    JSONObject emitted = callJson(asker, "sse", timeout);
                    took = Duration.ofNanos(System.nanoTime() - start);
                    assertEquals("AckTimeoutException", emitted.optString("error"), "C never answers: " + emitted);
                    assertEquals(List.of("B"), answers(emitted), "B answered: " + emitted);
                    assertWithin(timeout, emitted, took);
                } finally {
                    c.stop();
                }
                redis.awaitSubscribers(REQUEST_CHANNEL, 2, SUBSCRIBE_WAIT);

                long start = System.nanoTime();
                assertEquals(Set.of(a1.id(), b1.id()), ids(callJson(asker, "fetch", quiz)), "C's socket is gone");
                assertEquals(sorted(a1.id(), b1.id()), answers(callJson(asker, "ask", quiz, 5000)));
                assertEquals(List.of("B"), answers(callJson(asker, "sse", 5000)));
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertTrue(took.compareTo(REQUESTS_TIMEOUT) < 0,
                        "with C stopped no request waits for it; the three took " + took);
            }
        }
    }

    /**
     * The collection ended because its timeout passed: on the server not before {@code timeoutMillis} (with a
     * little timer slack) nor long after, and back at the client well before an ack would be considered lost.
     */
    private static void assertWithin(long timeoutMillis, JSONObject answer, Duration took) {
        long ms = answer.getLong("ms");
        assertTrue(ms <= timeoutMillis + SLACK.toMillis(), "ended " + ms + " ms after it started, timeout "
                + timeoutMillis + " ms: " + answer);
        assertTrue(took.toMillis() <= timeoutMillis + SLACK.toMillis(), "the client waited " + took
                + " for a request with a " + timeoutMillis + " ms timeout: " + answer);
    }

    private static List<String> sorted(String... values) {
        return List.of(values).stream().sorted().toList();
    }
}
