package dev.switchboard.cluster;

import static dev.switchboard.cluster.ClusterNodes.REQUEST_CHANNEL;
import static dev.switchboard.cluster.ClusterNodes.SUBSCRIBE_WAIT;
import static dev.switchboard.cluster.ClusterNodes.awaitValue;
import static dev.switchboard.cluster.ClusterNodes.call;
import static dev.switchboard.cluster.ClusterNodes.callJson;
import static dev.switchboard.cluster.ClusterNodes.connect;
import static dev.switchboard.cluster.ClusterNodes.ids;
import static dev.switchboard.cluster.ClusterNodes.join;
import static dev.switchboard.cluster.ClusterNodes.token;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.socketio.IoClient;
import dev.switchboard.testing.PayaraProcess;
import dev.switchboard.testing.RedisServerFixture;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * One cluster of a Switchboard node and a Node.js node (the official Socket.IO server with
 * {@code @socket.io/redis-adapter}, {@code src/test/node/reference-server.mjs}) on one Redis: what either side
 * broadcasts reaches the other's clients, with the same events on both (the chat demo's {@code chat}, and
 * {@code join}, {@code to-room}, {@code fetch}). Java clients on each side. Needs Node.js 20+; fails without it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MixedClusterIT {

    private RedisServerFixture redis;
    private PayaraProcess java;
    private NodeReferenceServer node;

    @BeforeAll
    void startCluster() throws Exception {
        redis = RedisServerFixture.started();
        node = NodeReferenceServer.start(redis.url());
        java = ClusterNodes.startNode(ClusterNodes.testWar(), "java", redis.url(), Map.of());
        redis.awaitSubscribers(REQUEST_CHANNEL, 2, SUBSCRIBE_WAIT);
    }

    @AfterAll
    void stopCluster() throws Exception {
        try (RedisServerFixture r = redis; NodeReferenceServer n = node; PayaraProcess j = java) {
            // closed in reverse order: Switchboard, Node, then Redis
        }
    }

    @Test
    void chatCrossesBothWaysWithTextNumbersObjectsAndBinary() {
        try (IoClient j1 = connect(java); IoClient n1 = connect(node.base())) {
            String fromJava = token("from-java");
            j1.emit("chat", fromJava, 42, new byte[] {1, 2, 3}, new JSONObject(new HashMap<>(Map.of("k", "v"))));
            for (IoClient c : List.of(j1, n1)) {
                Object[] got = awaitValue(c, "chat", fromJava);
                assertEquals(4, got.length, "all arguments crossed");
                assertEquals(42, got[1]);
                assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) got[2]);
                assertEquals("v", ((JSONObject) got[3]).optString("k"));
            }
            String fromNode = token("from-node");
            n1.emit("chat", fromNode, 7, new byte[] {9, 8}, new JSONObject(new HashMap<>(Map.of("k", "w"))));
            for (IoClient c : List.of(j1, n1)) {
                Object[] got = awaitValue(c, "chat", fromNode);
                assertEquals(4, got.length, "all arguments crossed");
                assertEquals(7, got[1]);
                assertArrayEquals(new byte[] {9, 8}, (byte[]) got[2]);
                assertEquals("w", ((JSONObject) got[3]).optString("k"));
            }
        }
    }

    @Test
    void roomBroadcastsCrossBothWays() {
        String room = token("mixed");
        try (IoClient j1 = connect(java); IoClient j2 = connect(java);
             IoClient n1 = connect(node.base()); IoClient n2 = connect(node.base())) {
            join(j1, room);
            join(n1, room);

            String fromJava = token("from-java");
            j2.emit("to-room", room, fromJava);
            awaitValue(j1, "room-msg", fromJava);
            awaitValue(n1, "room-msg", fromJava);

            String fromNode = token("from-node");
            n2.emit("to-room", room, fromNode);
            awaitValue(j1, "room-msg", fromNode);
            awaitValue(n1, "room-msg", fromNode);

            String marker = token("marker");
            n2.emit("chat", marker);
            for (IoClient c : List.of(j2, n2)) {
                awaitValue(c, "chat", marker);
                assertTrue(c.nothingQueued("room-msg"), "a non-member got a room message");
            }
        }
    }

    @Test
    void fetchSocketsAndSocketsJoinSpanBothKindsOfNode() {
        String room = token("fetch");
        String more = token("more");
        try (IoClient j1 = connect(java); IoClient n1 = connect(node.base()); IoClient n2 = connect(node.base())) {
            join(j1, room);
            join(n1, room);
            Set<String> members = Set.of(j1.id(), n1.id());
            assertEquals(members, ids(callJson(j1, "fetch", room)), "Switchboard asks, Node answers");
            assertEquals(members, ids(callJson(n2, "fetch", room)), "Node asks, Switchboard answers");

            assertEquals("ok", call(j1, "sockets-join", room, more));
            String msg = token("msg");
            j1.emit("to-room", more, msg); // published after the join request, so Node has n1 in the room by then
            awaitValue(n1, "room-msg", msg);
            awaitValue(j1, "room-msg", msg);
        }
    }
}
