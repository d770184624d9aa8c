package dev.switchboard.socketio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.protocol.SocketPacket;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class MethodBinderTest {

    public record Point(int x, int y) {
    }

    /** A valid handler class; every handler records what it was called with. */
    static class Chat {
        final List<Object> seen = new ArrayList<>();
        final CompletableFuture<String> pending = new CompletableFuture<>();

        @OnConnect
        void connect(SocketIoSocket socket) {
            if (socket.id().equals("banned")) {
                throw new ConnectionRejectedException("go away");
            }
            seen.add(socket);
        }

        @OnEvent("greet")
        void greet(String name, int times) {
            seen.addAll(Arrays.asList(name, times));
        }

        @OnEvent("mixed")
        void mixed(IncomingEvent event, String first, SocketIoSocket socket, Arguments args, String second) {
            seen.addAll(Arrays.asList(event, first, socket, args, second));
        }

        @OnEvent("shapes")
        void shapes(Point point, JsonObject raw, List<Point> more) {
            seen.addAll(Arrays.asList(point, raw, more));
        }

        @OnEvent("upload")
        void upload(String name, byte[] data) {
            seen.addAll(Arrays.asList(name, data));
        }

        @OnEvent("optional")
        void optional(String text, int count, boolean flag, Point point, long big, JsonValue any) {
            seen.addAll(Arrays.asList(text, count, flag, point, big, any));
        }

        @OnEvent("echo")
        public String echo(String text) {
            seen.add(String.valueOf(text));
            return text == null ? null : text + "!";
        }

        @OnEvent("later")
        CompletionStage<String> later() {
            return pending;
        }

        @OnEvent("manual")
        void manual(String text, Ack ack) {
            ack.send(text.toUpperCase(), text.length());
        }

        @OnEvent("refuse")
        void refuse() {
            throw new EventRejectedException("not allowed");
        }

        @OnEvent("checked")
        void checked() throws IOException {
            throw new IOException("disk full");
        }

        @OnAnyEvent
        void any(String name, Ack ack, Arguments args, IncomingEvent event, SocketIoSocket socket) {
            seen.addAll(Arrays.asList("any", name, ack, args, event, socket));
        }

        @OnDisconnecting
        void leaving(DisconnectReason reason) {
            seen.add(reason);
        }

        @OnDisconnect
        void left(DisconnectReason reason, SocketIoSocket socket) {
            seen.addAll(Arrays.asList(reason, socket));
        }
    }

    private final Chat chat = new Chat();
    private final List<Object[]> acks = new ArrayList<>();
    private final SocketIoSocket socket = new SocketIoSocket("s1", null, null, null);

    // ---- event arguments ----------------------------------------------------------------------------------------

    @Test
    void stringAndIntArgumentsFillParametersInOrder() {
        handle("greet", "[\"ann\", 3]");
        assertEquals(List.of("ann", 3), chat.seen);
    }

    @Test
    void socketEventAndArgumentsAreResolvedByTypeWithoutConsumingArguments() {
        IncomingEvent event = event("mixed", "[\"a\", \"b\"]");
        MethodBinder.eventHandler(chat, method(Chat.class, "mixed")).handle(socket, event);
        assertEquals(Arrays.asList(event, "a", socket, event.args(), "b"), chat.seen);
    }

    @Test
    void recordsJsonObjectsAndGenericListsAreConverted() {
        handle("shapes", "[{\"x\":1,\"y\":2}, {\"k\":\"v\"}, [{\"x\":3,\"y\":4}]]");
        assertEquals(new Point(1, 2), chat.seen.get(0));
        assertEquals(Json.createObjectBuilder().add("k", "v").build(), chat.seen.get(1));
        assertEquals(List.of(new Point(3, 4)), chat.seen.get(2));
    }

    @Test
    void binaryArgumentComesFromItsAttachment() {
        byte[] bytes = "hello".getBytes(StandardCharsets.UTF_8);
        JsonArray json = Json.createArrayBuilder().add("file.txt").add(SocketPacket.placeholder(0)).build();
        IncomingEvent event = new IncomingEvent("upload", new Arguments(json, List.of(bytes)), null);
        MethodBinder.eventHandler(chat, method(Chat.class, "upload")).handle(socket, event);
        assertEquals("file.txt", chat.seen.get(0));
        assertArrayEquals(bytes, (byte[]) chat.seen.get(1));
    }

    @Test
    void missingArgumentsGiveNullOrPrimitiveDefaults() {
        handle("optional", "[]");
        assertEquals(Arrays.asList(null, 0, false, null, 0L, null), chat.seen);
    }

    @Test
    void jsonNullGivesNullOrDefaultButStaysJsonNullForJsonValue() {
        handle("optional", "[null, null, null, null, null, null]");
        assertEquals(Arrays.asList(null, 0, false, null, 0L, JsonValue.NULL), chat.seen);
    }

    @Test
    void argumentOfTheWrongTypeRejectsTheEventNamingTheArgument() {
        EventRejectedException e = assertThrows(EventRejectedException.class, () -> handle("greet", "[\"ann\", {}]"));
        assertEquals("invalid argument 1 for event 'greet'", e.getMessage());
        EventRejectedException notString = assertThrows(EventRejectedException.class, () -> handle("greet", "[5]"));
        assertEquals("invalid argument 0 for event 'greet'", notString.getMessage());
        assertTrue(chat.seen.isEmpty());
    }

    @Test
    void placeholderWhereNoBinaryWasSentRejectsTheEvent() {
        EventRejectedException e = assertThrows(EventRejectedException.class,
                () -> handle("upload", "[\"file.txt\", \"not binary\"]"));
        assertEquals("invalid argument 1 for event 'upload'", e.getMessage());
    }

    // ---- answers --------------------------------------------------------------------------------------------

    @Test
    void returnValueIsSentAsTheAck() {
        handle("echo", "[\"hi\"]");
        assertEquals(1, acks.size());
        assertArrayEquals(new Object[] {"hi!"}, acks.get(0));
    }

    @Test
    void nullReturnValueSendsNoAck() {
        handle("echo", "[]");
        assertTrue(acks.isEmpty());
    }

    @Test
    void returnValueWithoutAckRequestIsDroppedQuietly() {
        IncomingEvent event = new IncomingEvent("echo", new Arguments(json("[\"hi\"]"), List.of()), null);
        MethodBinder.eventHandler(chat, method(Chat.class, "echo")).handle(socket, event);
        assertEquals(List.of("hi"), chat.seen);
    }

    @Test
    void completionStageIsSentWhenItCompletes() {
        handle("later", "[]");
        assertTrue(acks.isEmpty());
        chat.pending.complete("done");
        assertEquals(1, acks.size());
        assertArrayEquals(new Object[] {"done"}, acks.get(0));
    }

    @Test
    void failedCompletionStageSendsAnInternalErrorAck() {
        handle("later", "[]");
        chat.pending.completeExceptionally(new IllegalStateException("boom"));
        assertEquals(1, acks.size());
        assertEquals(error("Internal server error"), acks.get(0)[0]);
    }

    @Test
    void completionStageRejectedByTheHandlerSendsItsMessage() {
        handle("later", "[]");
        chat.pending.completeExceptionally(new EventRejectedException("too late"));
        assertEquals(error("too late"), acks.get(0)[0]);
    }

    @Test
    void ackParameterAnswersDirectly() {
        handle("manual", "[\"abc\"]");
        assertEquals(1, acks.size());
        assertArrayEquals(new Object[] {"ABC", 3}, acks.get(0));
    }

    // ---- exceptions -----------------------------------------------------------------------------------------

    @Test
    void runtimeExceptionsFromTheHandlerPropagateUnwrapped() {
        EventRejectedException e = assertThrows(EventRejectedException.class, () -> handle("refuse", "[]"));
        assertEquals("not allowed", e.getMessage());
    }

    @Test
    void checkedExceptionsAreWrapped() {
        RuntimeException e = assertThrows(RuntimeException.class, () -> handle("checked", "[]"));
        assertInstanceOf(IOException.class, e.getCause());
        assertEquals("disk full", e.getCause().getMessage());
    }

    @Test
    void connectionRejectedFromConnectHandlerPropagates() {
        var connect = MethodBinder.connectHandler(chat, method(Chat.class, "connect"));
        connect.accept(socket);
        assertEquals(List.of(socket), chat.seen);
        var banned = new SocketIoSocket("banned", null, null, null);
        ConnectionRejectedException e = assertThrows(ConnectionRejectedException.class, () -> connect.accept(banned));
        assertEquals("go away", e.getMessage());
    }

    // ---- other kinds and registration -----------------------------------------------------------------------

    @Test
    void anyHandlerGetsNameAckArgumentsEventAndSocket() {
        IncomingEvent event = event("whatever", "[1]");
        MethodBinder.anyHandler(chat, method(Chat.class, "any")).handle(socket, event);
        assertEquals(Arrays.asList("any", "whatever", event.ack(), event.args(), event, socket), chat.seen);
    }

    @Test
    void disconnectHandlersTakeReasonAndSocketInAnyOrder() {
        MethodBinder.disconnectHandler(chat, method(Chat.class, "leaving"))
                .accept(socket, DisconnectReason.PING_TIMEOUT);
        MethodBinder.disconnectHandler(chat, method(Chat.class, "left"))
                .accept(socket, DisconnectReason.TRANSPORT_CLOSE);
        assertEquals(List.of(DisconnectReason.PING_TIMEOUT, DisconnectReason.TRANSPORT_CLOSE, socket), chat.seen);
    }

    @Test
    void bindRegistersEveryMethodOnTheNamespace() {
        SocketIoNamespace namespace = new SocketIoNamespace("/chat", null, InMemoryAdapter::new);
        assertEquals(14, MethodBinder.bind(chat, Chat.class, namespace));
        IncomingEvent event = event("echo", "[\"x\"]");
        namespace.dispatch(socket, event);
        assertEquals("any", chat.seen.get(0));
        assertArrayEquals(new Object[] {"x!"}, acks.get(0));
        namespace.fireDisconnect(socket, DisconnectReason.SERVER_SHUTTING_DOWN);
        assertTrue(chat.seen.contains(DisconnectReason.SERVER_SHUTTING_DOWN));
    }

    @Test
    void clientMistakeBecomesAnErrorAckWithoutLoggingWhileAFailedStageIsLoggedOnce() {
        List<LogRecord> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        List<Logger> loggers = List.of(Logger.getLogger(SocketIoNamespace.class.getName()),
                Logger.getLogger(MethodBinder.class.getName()));
        loggers.forEach(l -> l.addHandler(capture));
        try {
            SocketIoNamespace namespace = new SocketIoNamespace("/", null, InMemoryAdapter::new);
            MethodBinder.bind(chat, Chat.class, namespace);
            namespace.dispatch(socket, event("greet", "[\"ann\", \"three\"]"));
            assertEquals(error("invalid argument 1 for event 'greet'"), acks.get(0)[0]);
            assertEquals(List.of(), logged);

            namespace.dispatch(socket, event("later", "[]"));
            chat.pending.completeExceptionally(new IllegalStateException("boom"));
            assertEquals(error("Internal server error"), acks.get(1)[0]);
            assertEquals(1, logged.size());
            assertEquals("boom", logged.get(0).getThrown().getMessage());
        } finally {
            loggers.forEach(l -> l.removeHandler(capture));
        }
    }

    static class Base {
        final List<String> seen = new ArrayList<>();

        @OnEvent("inherited")
        void inherited(String text) {
            seen.add(text);
        }
    }

    static class Derived extends Base {
    }

    @Test
    void handlersOfSuperclassesAreRegistered() {
        Derived derived = new Derived();
        SocketIoNamespace namespace = new SocketIoNamespace("/", null, InMemoryAdapter::new);
        assertEquals(1, MethodBinder.bind(derived, Derived.class, namespace));
        namespace.dispatch(socket, event("inherited", "[\"up\"]"));
        assertEquals(List.of("up"), derived.seen);
    }

    // ---- definition errors ----------------------------------------------------------------------------------

    @Test
    void validClassHasNoProblems() {
        assertEquals(List.of(), MethodBinder.problems(Chat.class));
    }

    static class Broken {
        @OnEvent("twoAcks")
        void twoAcks(Ack first, Ack second) {
        }

        @OnEvent("ackAndReturn")
        String ackAndReturn(Ack ack) {
            return "";
        }

        @OnEvent("")
        void emptyName() {
        }

        @OnEvent("disconnect")
        void reserved() {
        }

        @OnConnect
        void connectWithString(SocketIoSocket socket, String what) {
        }

        @OnDisconnect
        void disconnectWithEvent(IncomingEvent event) {
        }

        @OnDisconnecting
        boolean returnsValue(DisconnectReason reason) {
            return true;
        }

        @OnEvent("hidden")
        private void hidden() {
        }

        @OnEvent("server")
        void server(String text, SocketIoServer io) {
        }

        @OnConnect
        @OnEvent("both")
        void both(SocketIoSocket socket) {
        }
    }

    @Test
    void eachBrokenMethodIsReportedWithAClearMessage() {
        List<String> problems = MethodBinder.problems(Broken.class);
        assertEquals(10, problems.size(), problems::toString);
        assertProblem(problems, "twoAcks(Ack, Ack) has 2 Ack parameters");
        assertProblem(problems, "ackAndReturn(Ack) has an Ack parameter and a return value");
        assertProblem(problems, "emptyName() has an empty event name");
        assertProblem(problems, "reserved() handles the reserved event 'disconnect'");
        assertProblem(problems, "connectWithString(SocketIoSocket, String) has a parameter of unsupported type String");
        assertProblem(problems, "disconnectWithEvent(IncomingEvent) has a parameter of unsupported type IncomingEvent");
        assertProblem(problems, "returnsValue(DisconnectReason) must return void");
        assertProblem(problems, "hidden() must not be private");
        assertProblem(problems, "both(SocketIoSocket) has more than one handler annotation");
        assertProblem(problems, "server(String, SocketIoServer) has a parameter of unsupported type SocketIoServer");
    }

    @Test
    void bindRefusesABrokenClassAndRegistersNothing() {
        SocketIoNamespace namespace = new SocketIoNamespace("/", null, InMemoryAdapter::new);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MethodBinder.bind(new Broken(), Broken.class, namespace));
        assertTrue(e.getMessage().contains("has 2 Ack parameters"), e.getMessage());
        namespace.dispatch(socket, event("twoAcks", "[]"));
        assertTrue(acks.isEmpty());
    }

    @Test
    void bindingASingleBrokenMethodFails() {
        assertThrows(IllegalArgumentException.class,
                () -> MethodBinder.eventHandler(new Broken(), method(Broken.class, "twoAcks")));
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private void handle(String name, String args) {
        MethodBinder.eventHandler(chat, method(Chat.class, name)).handle(socket, event(name, args));
    }

    private IncomingEvent event(String name, String args) {
        return new IncomingEvent(name, new Arguments(json(args), List.of()), acks::add);
    }

    private static JsonArray json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readArray();
        }
    }

    private static JsonObject error(String message) {
        return Json.createObjectBuilder().add("error", message).build();
    }

    private static Method method(Class<?> type, String name) {
        return Arrays.stream(type.getDeclaredMethods()).filter(m -> m.getName().equals(name))
                .findFirst().orElseThrow();
    }

    private static void assertProblem(List<String> problems, String expected) {
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)), () -> expected + " not in " + problems);
    }
}
