package dev.switchboard.engineio;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A raw WebSocket client for tests (the JDK's): every frame and the close land in one queue, in order. */
public final class WsClient implements WebSocket.Listener, AutoCloseable {

    /** A close frame from the server. */
    public record Closed(int code, String reason) {
    }

    /** One client (one selector thread) for every test connection. */
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final StringBuilder text = new StringBuilder();
    private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();
    private WebSocket ws;

    private WsClient() {
    }

    public static WsClient connect(URI uri) {
        return connect(uri, (String) null);
    }

    public static WsClient connect(URI uri, String origin) {
        return connect(uri, origin == null ? java.util.Map.of() : java.util.Map.of("Origin", origin));
    }

    /**
     * Connects with extra request headers. A refused upgrade throws a {@link java.util.concurrent.CompletionException}
     * caused by a {@link java.net.http.WebSocketHandshakeException} that carries the HTTP response.
     */
    public static WsClient connect(URI uri, java.util.Map<String, String> headers) {
        WsClient client = new WsClient();
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(builder::header);
        client.ws = builder.buildAsync(uri, client).orTimeout(10, TimeUnit.SECONDS).join();
        return client;
    }

    public WsClient send(String frame) {
        ws.sendText(frame, true).orTimeout(10, TimeUnit.SECONDS).join();
        return this;
    }

    public WsClient send(byte[] frame) {
        ws.sendBinary(ByteBuffer.wrap(frame), true).orTimeout(10, TimeUnit.SECONDS).join();
        return this;
    }

    /** The next event: a String (text frame), byte[] (binary frame), {@link Closed}, or a Throwable. */
    public Object next(Duration timeout) {
        try {
            Object e = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (e == null) {
                throw new AssertionError("nothing arrived within " + timeout);
            }
            return e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public String nextText(Duration timeout) {
        Object e = next(timeout);
        if (!(e instanceof String s)) {
            throw new AssertionError("expected a text frame, got " + describe(e));
        }
        return s;
    }

    /** Skips frames until the server closes; returns the close. */
    public Closed awaitClose(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Object e = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (e instanceof Closed c) {
                return c;
            }
            if (e instanceof Throwable t) {
                throw new AssertionError("connection failed instead of closing: " + t, t);
            }
        }
    }

    public void closeNormally() {
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(10, TimeUnit.SECONDS).join();
    }

    @Override
    public void close() {
        ws.abort();
    }

    private static String describe(Object e) {
        return e instanceof byte[] b ? b.length + " binary bytes" : String.valueOf(e);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            events.add(text.toString());
            text.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        binary.writeBytes(chunk);
        if (last) {
            events.add(binary.toByteArray());
            binary.reset();
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        events.add(new Closed(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        events.add(error);
    }
}
