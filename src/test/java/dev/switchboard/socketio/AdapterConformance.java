package dev.switchboard.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.protocol.SocketPacketType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;

/**
 * What every {@link Adapter} must do, whether it spans one node or several: each test gets fresh namespaces of one
 * name, one per node, from {@link #nodes}, puts sockets on each through {@link RecordingConnection}s, acts on one
 * node and checks the effect on all of them. With one node the same tests check the single-node behaviour.
 * <p>
 * Cross-node effects may be asynchronous, so the tests wait for conditions with a deadline. To show that something
 * did <em>not</em> arrive, a test sends a {@linkplain #fence fence} broadcast from the same node afterwards and
 * waits for it everywhere: messages from one node reach every other node in the order they were sent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AdapterConformance {

    protected static final Duration WAIT = Duration.ofSeconds(5);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread t = new Thread(task, "conformance-timer");
        t.setDaemon(true);
        return t;
    });
    private List<SocketIoNamespace> nodes;
    private final List<RecordingConnection> peers = new ArrayList<>();
    private int fences;

    /**
     * Namespaces named {@code namespace}, one per node, each with its own adapter and ready for cross-node traffic
     * when this returns. A single-node adapter returns one.
     */
    protected abstract List<SocketIoNamespace> nodes(String namespace);

    /** The timer for namespaces (and cluster connections); shut down after the class. */
    protected final Scheduler scheduler() {
        return (task, delay) -> timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    @BeforeEach
    final void createNodes(TestInfo test) {
        peers.clear();
        nodes = List.of();
        nodes = nodes("/" + test.getTestMethod().orElseThrow().getName());
    }

    /** Releases the test's adapters (a cluster adapter stops listening for its namespace). */
    @AfterEach
    protected void closeNodes() {
        nodes.forEach(n -> n.adapter().close());
    }

    @AfterAll
    final void stopTimer() {
        timer.shutdownNow();
    }

    // ---- broadcasts -----------------------------------------------------------------------------------------

    @Test
    void broadcastToAllReachesASocketOnEveryNode() throws Exception {
        List<RecordingConnection> everyone = onEveryNode(1);

        node(0).emit("hello", "world");

        for (RecordingConnection p : everyone) {
            assertEquals("world", p.awaitEvent("hello", WAIT).arguments().getString(0), p.toString());
        }
        fence(0);
        everyone.forEach(p -> assertEquals(1, p.events("hello").size(), p + " got it more than once"));
    }

    @Test
    void roomBroadcastReachesMembersWhereverTheyAreAndNoOneElse() throws Exception {
        List<RecordingConnection> members = onEveryNode(1);
        List<RecordingConnection> outsiders = onEveryNode(1);
        members.forEach(p -> p.socket().join("news"));

        node(last()).to("news").emit("headline", 7);

        for (RecordingConnection p : members) {
            assertEquals(7, p.awaitEvent("headline", WAIT).arguments().getInt(0), p.toString());
        }
        fence(last());
        outsiders.forEach(p -> assertEquals(List.of(), p.events("headline"), p + " is no member"));
    }

    @Test
    void broadcastToSeveralRoomsReachesEachMemberOnce() throws Exception {
        List<RecordingConnection> red = onEveryNode(1);
        List<RecordingConnection> both = onEveryNode(1);
        List<RecordingConnection> outsiders = onEveryNode(1);
        red.forEach(p -> p.socket().join("red"));
        both.forEach(p -> p.socket().join("red", "blue"));

        node(0).to("red").to("blue").emit("paint");

        fence(0);
        red.forEach(p -> assertEquals(1, p.events("paint").size(), p.toString()));
        both.forEach(p -> assertEquals(1, p.events("paint").size(), p + " is in both rooms"));
        outsiders.forEach(p -> assertEquals(0, p.events("paint").size(), p.toString()));
    }

    @Test
    void exceptLeavesOutMembersOfTheExceptedRoomOnEveryNode() throws Exception {
        List<RecordingConnection> listening = onEveryNode(1);
        List<RecordingConnection> muted = onEveryNode(1);
        listening.forEach(p -> p.socket().join("team"));
        muted.forEach(p -> p.socket().join("team", "muted"));

        node(middle()).except("muted").emit("chatter");
        node(middle()).to("team").except("muted").emit("huddle");

        for (RecordingConnection p : listening) {
            p.awaitEvent("chatter", WAIT);
            p.awaitEvent("huddle", WAIT);
        }
        fence(middle());
        muted.forEach(p -> assertEquals(List.of(), p.events("chatter"), p + " is muted"));
        muted.forEach(p -> assertEquals(List.of(), p.events("huddle"), p + " is muted in its room too"));
    }

    @Test
    void localBroadcastStaysOnTheEmittingNode() throws Exception {
        List<RecordingConnection> everyone = onEveryNode(1);

        node(0).local().emit("nearby");
        List<SocketDetails> here = done(all(0).local().fetchSockets());

        everyone.get(0).awaitEvent("nearby", WAIT);
        fence(0);
        everyone.stream().filter(p -> p.node() != 0)
                .forEach(p -> assertEquals(List.of(), p.events("nearby"), p + " is on another node"));
        assertEquals(List.of(everyone.get(0).id()), here.stream().map(SocketDetails::id).toList());
    }

    @Test
    void volatileBroadcastDoesNotHoldBackRegularPackets() throws Exception {
        List<RecordingConnection> ready = onEveryNode(1);
        List<RecordingConnection> busy = onEveryNode(1);
        busy.forEach(p -> p.ready(false));

        node(0).asVolatile().emit("cursor", 1);
        node(0).emit("message", 2);

        for (RecordingConnection p : ready) {
            p.awaitEvent("cursor", WAIT);
            p.awaitEvent("message", WAIT);
        }
        for (RecordingConnection p : busy) {
            assertEquals(2, p.awaitEvent("message", WAIT).arguments().getInt(0), p.toString());
            assertEquals(List.of(), p.events("cursor"), p + " could not take a volatile packet");
        }
    }

    @Test
    void aSocketsOwnRoomIsItsId() throws Exception {
        List<RecordingConnection> everyone = onEveryNode(1);
        RecordingConnection target = everyone.get(last());
        everyone.forEach(p -> assertEquals(Set.of(p.id()), p.socket().rooms(), p.toString()));

        node(0).to(target.id()).emit("direct");
        target.socket().broadcast().emit("aside");

        target.awaitEvent("direct", WAIT);
        for (RecordingConnection p : everyone.subList(0, last())) {
            p.awaitEvent("aside", WAIT);
        }
        fence(0);
        fence(last());
        everyone.subList(0, last()).forEach(p -> assertEquals(List.of(), p.events("direct"), p.toString()));
        assertEquals(List.of(), target.events("aside"), "socket.broadcast() leaves the socket out");
    }

    // ---- acknowledgements -----------------------------------------------------------------------------------

    @Test
    void broadcastWithAckCompletesWithOneAnswerPerRecipientAcrossNodes() throws Exception {
        List<RecordingConnection> everyone = onEveryNode(2);
        everyone.forEach(RecordingConnection::answeringAcks);

        List<Arguments> answers = done(node(0).timeout(WAIT).emitWithAck("question", "ready?"));

        assertEquals(sortedNames(everyone), firstArguments(answers).stream().sorted().toList());
    }

    @Test
    void broadcastWithAckFailsWithThePartialAnswersWhenARecipientIsSilent() throws Exception {
        List<RecordingConnection> everyone = onEveryNode(2);
        RecordingConnection silent = everyone.get(everyone.size() - 1);
        everyone.stream().filter(p -> p != silent).forEach(RecordingConnection::answeringAcks);

        CompletableFuture<List<Arguments>> result = node(0).timeout(Duration.ofSeconds(2)).emitWithAck("question");

        silent.awaitEvent("question", WAIT);
        ExecutionException failure = assertThrows(ExecutionException.class,
                () -> result.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        AckTimeoutException timeout = assertInstanceOf(AckTimeoutException.class, failure.getCause());
        List<RecordingConnection> answering = everyone.stream().filter(p -> p != silent).toList();
        assertEquals(sortedNames(answering), firstArguments(timeout.received()).stream().sorted().toList());
    }

    @Test
    void broadcastAcksAndASocketsOwnAcksDoNotMixUp() throws Exception {
        List<RecordingConnection> everyone = onEveryNode(1);
        RecordingConnection target = everyone.get(last());
        CompletableFuture<Arguments> own = target.socket().emitWithAck(WAIT, "mine");
        CompletableFuture<List<Arguments>> broadcast = node(0).timeout(WAIT).emitWithAck("theirs");

        target.acknowledge(target.awaitEvent("mine", WAIT), "for mine");
        for (RecordingConnection p : everyone) {
            p.acknowledge(p.awaitEvent("theirs", WAIT), "for theirs");
        }

        assertEquals("for mine", done(own).get(0, String.class));
        assertEquals(Collections.nCopies(everyone.size(), "for theirs"), firstArguments(done(broadcast)));
    }

    @Test
    void serverSideEmitWithAckCollectsOneAnswerPerOtherNode() throws Exception {
        List<List<Integer>> notes = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            String answer = "node" + i;
            List<Integer> seen = new CopyOnWriteArrayList<>();
            notes.add(seen);
            node(i).onServerSideEmit("whoami", (socket, event) -> event.ack().send(answer));
            node(i).onServerSideEmit("note", (socket, event) -> seen.add(event.arg(0, Integer.class)));
        }

        List<Arguments> answers = done(node(0).serverSideEmitWithAck(WAIT, "whoami"));
        node(0).serverSideEmit("note", 42);

        List<String> others = new ArrayList<>();
        for (int i = 1; i < nodes.size(); i++) {
            others.add("node" + i);
            List<Integer> seen = notes.get(i);
            await("node " + i + " handles the server-side note", () -> seen.equals(List.of(42)));
        }
        assertEquals(others, firstArguments(answers).stream().sorted().toList());
        assertTrue(notes.get(0).isEmpty(), "a node does not receive its own server-side emits");
    }

    // ---- bulk operations ------------------------------------------------------------------------------------

    @Test
    void fetchSocketsReturnsSocketsOfEveryNodeWithTheirRooms() throws Exception {
        List<RecordingConnection> everyone = onEveryNode(2);
        Map<String, Set<String>> expected = new HashMap<>();
        for (RecordingConnection p : everyone) {
            p.socket().join("node-" + p.node());
            if (everyone.indexOf(p) % 2 == 0) {
                p.socket().join("team");
            }
            expected.put(p.id(), p.socket().rooms());
        }

        List<SocketDetails> all = done(all(0).fetchSockets());
        List<SocketDetails> team = done(node(last()).in("team").fetchSockets());

        assertEquals(expected, all.stream().collect(Collectors.toMap(SocketDetails::id, SocketDetails::rooms)));
        assertEquals(nodes.size(), all.stream().map(SocketDetails::node).distinct().count(), "one node id per node");
        all.forEach(s -> assertEquals(node(0).name(), s.namespace()));
        assertEquals(expected.keySet().stream().filter(id -> expected.get(id).contains("team")).sorted().toList(),
                team.stream().map(SocketDetails::id).sorted().toList());
    }

    @Test
    void socketsJoinAndLeaveIssuedOnOneNodeActOnSocketsOfEveryNode() throws Exception {
        List<RecordingConnection> red = onEveryNode(1);
        List<RecordingConnection> others = onEveryNode(1);
        red.forEach(p -> p.socket().join("red"));

        node(0).in("red").socketsJoin("vip", "lounge");

        for (RecordingConnection p : red) {
            await(p + " joins vip and lounge", () -> p.socket().rooms().containsAll(Set.of("vip", "lounge")));
        }
        fence(0);
        others.forEach(p -> assertEquals(Set.of(p.id()), p.socket().rooms(), p + " is not red"));

        node(last()).in("vip").socketsLeave("vip", "red");

        for (RecordingConnection p : red) {
            await(p + " leaves vip and red", () -> p.socket().rooms().equals(Set.of(p.id(), "lounge")));
        }
        for (SocketIoNamespace n : nodes) {
            assertFalse(n.roomSizes().containsKey("vip"), n + " still has the room vip: " + n.roomSizes());
            assertFalse(n.roomSizes().containsKey("red"), n + " still has the room red: " + n.roomSizes());
        }
    }

    @Test
    void disconnectSocketsIssuedOnOneNodeActsOnSocketsOfEveryNode() throws Exception {
        List<RecordingConnection> kicked = onEveryNode(1);
        List<RecordingConnection> closed = onEveryNode(1);
        List<RecordingConnection> staying = onEveryNode(1);
        kicked.forEach(p -> p.socket().join("kick"));
        closed.forEach(p -> p.socket().join("close"));

        node(0).in("kick").disconnectSockets(false);
        node(last()).in("close").disconnectSockets(true);

        for (RecordingConnection p : kicked) {
            await(p + " is told it is disconnected", () -> p.received(SocketPacketType.DISCONNECT));
            assertFalse(p.socket().connected(), p.toString());
            assertFalse(p.closed(), p + ": the connection stays for other namespaces");
        }
        for (RecordingConnection p : closed) {
            await(p + " loses its whole connection", () -> p.closed() && !p.socket().connected());
        }
        fence(0);
        fence(last());
        staying.forEach(p -> assertTrue(p.socket().connected(), p.toString()));
        for (SocketIoNamespace n : nodes) {
            Set<String> rooms = n.roomSizes().keySet();
            assertFalse(rooms.contains("kick") || rooms.contains("close"), n + " kept a room: " + rooms);
        }
        assertEquals(staying.stream().map(RecordingConnection::id).sorted().toList(),
                done(all(middle()).fetchSockets()).stream().map(SocketDetails::id).sorted().toList());
    }

    @Test
    void roomsEmptyOutAfterLeaveAndDisconnect() throws Exception {
        RecordingConnection peer = connect(last());
        SocketIoSocket socket = peer.socket();
        socket.join("x", "y");
        assertEquals(Map.of(socket.id(), 1, "x", 1, "y", 1), node(last()).roomSizes());

        socket.leave("x");
        assertEquals(Map.of(socket.id(), 1, "y", 1), node(last()).roomSizes());
        socket.disconnect();
        socket.join("z");

        assertEquals(Map.of(), node(last()).roomSizes(), "no room outlives its last member, nor a late join");
        assertEquals(Set.of(), socket.rooms());
        assertEquals(List.of(), done(all(0).fetchSockets()), "fetchSockets no longer finds it");
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    protected final SocketIoNamespace node(int index) {
        return nodes.get(index);
    }

    /** Every socket of the namespace, as seen from a node. */
    protected final BroadcastOperator all(int node) {
        return new BroadcastOperator(node(node));
    }

    /** The last node; the only one with a single-node adapter. */
    protected final int last() {
        return nodes.size() - 1;
    }

    /** A node other than the first when there are several. */
    protected final int middle() {
        return Math.min(1, last());
    }

    /** Connects a client to the namespace on one node. */
    protected final RecordingConnection connect(int node) {
        RecordingConnection peer = new RecordingConnection("client" + peers.size() + "@node" + node, node);
        node(node).connect(peer, null);
        assertTrue(peer.received(SocketPacketType.CONNECT) && peer.socket().connected(), peer + " connects");
        peers.add(peer);
        return peer;
    }

    /** {@code perNode} sockets on every node, node by node. */
    protected final List<RecordingConnection> onEveryNode(int perNode) {
        List<RecordingConnection> out = new ArrayList<>();
        for (int n = 0; n < nodes.size(); n++) {
            for (int i = 0; i < perNode; i++) {
                out.add(connect(n));
            }
        }
        return out;
    }

    /**
     * Broadcasts a fresh event from a node and waits until every connected socket has it: whatever that node sent
     * before has been delivered by then, so a test can assert what did not arrive.
     */
    protected final void fence(int from) throws InterruptedException {
        String event = "fence" + ++fences;
        node(from).emit(event);
        for (RecordingConnection p : peers) {
            if (p.socket().connected()) {
                p.awaitEvent(event, WAIT);
            }
        }
    }

    /** Polls a condition until it holds; fails after {@link #WAIT}. */
    protected static void await(String what, BooleanSupplier condition) {
        dev.switchboard.testing.Await.until(what, WAIT, condition);
    }

    /** The result of an operation that must finish within {@link #WAIT} (its own timeouts included). */
    private static <T> T done(CompletionStage<T> operation) throws Exception {
        return operation.toCompletableFuture().get(WAIT.toSeconds() + 1, TimeUnit.SECONDS);
    }

    private static List<String> firstArguments(List<Arguments> answers) {
        return answers.stream().map(a -> a.get(0, String.class)).toList();
    }

    private static List<String> sortedNames(List<RecordingConnection> peers) {
        return peers.stream().map(RecordingConnection::name).sorted().toList();
    }

}
