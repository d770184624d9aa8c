package dev.switchboard.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.socketio.IoClient;
import dev.switchboard.socketio.IoClient.Transports;
import dev.switchboard.testing.PayaraProcess;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntConsumer;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.json.JSONArray;
import org.json.JSONObject;

/**
 * What the cluster tests share: the test WAR (the built WAR plus {@link ClusterTestHandlers}), starting a node on a
 * Redis, and client-side steps (ack calls, waiting for one message among others, checking that nothing else came).
 */
final class ClusterNodes {

    /** The request channel of the main namespace: every node, Java or Node, subscribes to it by name. */
    static final String REQUEST_CHANNEL = "socket.io-request#/#";
    /** How long a node may take to subscribe after it answers HTTP. */
    static final Duration SUBSCRIBE_WAIT = Duration.ofSeconds(30);

    private ClusterNodes() {
    }

    /** Exports the built WAR plus the cluster test handlers to {@code target/switchboard-cluster-test.war}. */
    static Path testWar() {
        Path built = PayaraProcess.builtWar();
        if (!Files.isRegularFile(built)) {
            throw new IllegalStateException("the built WAR is missing: " + built.toAbsolutePath()
                    + " (run the tests with `mvn verify`)");
        }
        Path war = Path.of("target", "switchboard-cluster-test.war");
        ShrinkWrap.createFromZipFile(WebArchive.class, built.toFile())
                .addClasses(ClusterTestHandlers.class)
                .as(ZipExporter.class)
                .exportTo(war.toFile(), true);
        return war;
    }

    /**
     * The cluster tests connect many clients from 127.0.0.1 in quick succession, more than the default per-address
     * connection rate allows: raised on every node (AbuseIT tests the limits themselves).
     */
    static final Map<String, String> RELAXED_CONNECTION_RATE = Map.of(
            "switchboard.limits.connection-rate-per-ip", "100000",
            "switchboard.limits.connection-burst-per-ip", "100000");

    /** Starts a Switchboard node on Redis, named {@code label} in the test handlers' answers. */
    static PayaraProcess startNode(Path war, String label, String redisUrl, Map<String, String> settings)
            throws IOException {
        Map<String, String> properties = new HashMap<>(RELAXED_CONNECTION_RATE);
        properties.putAll(settings);
        properties.put("switchboard.redis.url", redisUrl);
        properties.put(ClusterTestHandlers.NODE_LABEL, label);
        return PayaraProcess.start(war, properties);
    }

    static IoClient connect(PayaraProcess node) {
        return IoClient.connect(node.base(), Transports.WEBSOCKET);
    }

    static IoClient connect(URI base) {
        return IoClient.connect(base, Transports.WEBSOCKET);
    }

    /** A unique message, so a test never mistakes another test's (or an earlier attempt's) message for its own. */
    static String token(String what) {
        return what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Emits with an ack and returns the ack's first argument. */
    static Object call(IoClient client, String event, Object... args) {
        Object[] ack = client.emitWithAck(event, args);
        return ack.length > 0 ? ack[0] : null;
    }

    /** Emits with an ack whose first argument is a JSON object. */
    static JSONObject callJson(IoClient client, String event, Object... args) {
        Object answer = call(client, event, args);
        assertTrue(answer instanceof JSONObject, "'" + event + "' acked " + answer + ", not a JSON object");
        return (JSONObject) answer;
    }

    static void join(IoClient client, String room) {
        Object rooms = call(client, "join", room);
        assertTrue(rooms instanceof JSONArray a && a.toList().contains(room), "join acked " + rooms);
    }

    /** Makes the client answer every {@code question} with its own socket id. */
    static void answerQuestions(IoClient client) {
        String id = client.id();
        client.socket().on("question", args -> ((io.socket.client.Ack) args[args.length - 1]).call(id));
    }

    /** Makes the client leave {@code question} unanswered. */
    static void ignoreQuestions(IoClient client) {
        client.socket().off("question");
        client.socket().on("question", args -> { });
    }

    /**
     * Waits for an {@code event} whose first argument is {@code value}, skipping others of the same name (stale
     * ones from earlier attempts); returns its arguments.
     */
    static Object[] awaitValue(IoClient client, String event, Object value, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> skipped = new ArrayList<>();
        while (true) {
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            if (left.isNegative() || left.isZero()) {
                throw new AssertionError("'" + event + "' with " + value + " did not arrive within " + timeout
                        + " (client " + client.id() + "; skipped: " + skipped + ")");
            }
            Object[] args;
            try {
                args = client.await(event, left);
            } catch (AssertionError e) {
                throw new AssertionError("'" + event + "' with " + value + " did not arrive within " + timeout
                        + " (client " + client.id() + "; skipped: " + skipped + ")", e);
            }
            if (args.length > 0 && value.equals(args[0])) {
                return args;
            }
            skipped.add(Arrays.toString(args));
        }
    }

    static Object[] awaitValue(IoClient client, String event, Object value) {
        return awaitValue(client, event, value, IoClient.WAIT);
    }

    /**
     * Asserts that none of the clients got {@code event}: sends a marker to everyone through {@code marker}
     * (an {@code io.emit} issued after whatever the test sent before, so it travels behind it on every path) and,
     * once each client has the marker, checks that no {@code event} came before it.
     */
    static void assertNothingBeforeMarker(String event, IoClient sender, List<IoClient> clients) {
        String marker = token("marker");
        sender.emit("to-all", marker);
        for (IoClient c : clients) {
            awaitValue(c, "all-msg", marker);
            if (!c.nothingQueued(event)) {
                throw new AssertionError("client " + c.id() + " got '" + event + "' it should not have: "
                        + Arrays.toString(c.await(event)));
            }
        }
    }

    /**
     * Re-emits (each attempt numbered) until {@code receiver} gets one, within {@code bound}; returns the time it
     * took. For delivery that resumes at an unknown moment.
     */
    static Duration pollUntilDelivered(IntConsumer emit, IoClient receiver, String event, String prefix, Duration bound,
                                       Duration attemptEvery) {
        long start = System.nanoTime();
        long deadline = start + bound.toNanos();
        for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
            emit.accept(attempt);
            long attemptEnd = Math.min(deadline, System.nanoTime() + attemptEvery.toNanos());
            while (System.nanoTime() < attemptEnd) {
                Object[] args;
                try {
                    args = receiver.await(event, Duration.ofNanos(Math.max(1, attemptEnd - System.nanoTime())));
                } catch (AssertionError nothingYet) {
                    break;
                }
                if (args.length > 0 && String.valueOf(args[0]).startsWith(prefix)) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
            }
        }
        throw new AssertionError("no '" + event + "' starting with " + prefix + " reached client " + receiver.id()
                + " within " + bound);
    }

    /** The socket ids in a {@code fetch} answer (from a Switchboard node or the Node reference server). */
    static Set<String> ids(JSONObject fetched) {
        assertEquals(true, fetched.optBoolean("ok"), "fetch failed: " + fetched);
        Set<String> ids = new HashSet<>();
        JSONArray sockets = fetched.getJSONArray("sockets");
        for (int i = 0; i < sockets.length(); i++) {
            ids.add(sockets.getJSONObject(i).getString("id"));
        }
        return ids;
    }

    /** The first arguments of the acknowledgements in an {@code ask} or {@code sse} answer, as strings. */
    static List<String> answers(JSONObject collected) {
        List<String> out = new ArrayList<>();
        JSONArray answers = collected.getJSONArray("answers");
        for (int i = 0; i < answers.length(); i++) {
            out.add(String.valueOf(answers.get(i)));
        }
        out.sort(null);
        return out;
    }
}
