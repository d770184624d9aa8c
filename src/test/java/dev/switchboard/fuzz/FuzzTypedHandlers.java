package dev.switchboard.fuzz;

import dev.switchboard.socketio.SocketIoSocket;
import dev.switchboard.socketio.SocketNamespace;
import dev.switchboard.socketio.OnEvent;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Test-only annotated handlers that {@code FuzzIT} adds to the built WAR, so fuzzed arguments go through every
 * conversion the annotated API offers. Each one is written the way an application would write it, and takes care
 * of a missing argument ({@code null}/0), so that any stack trace in the server log comes from the library.
 */
@SocketNamespace("/")
public class FuzzTypedHandlers {

    /** A JSON-B-mapped argument. */
    public record Point(int x, int y) {
    }

    @OnEvent("typed-int")
    int typedInt(int n) {
        return n;
    }

    @OnEvent("typed-long")
    long typedLong(long n) {
        return n;
    }

    @OnEvent("typed-double")
    double typedDouble(double d) {
        return d;
    }

    @OnEvent("typed-string")
    String typedString(String s) {
        return s == null ? "" : s;
    }

    @OnEvent("typed-record")
    Point typedRecord(Point p) {
        return p;
    }

    @OnEvent("typed-bytes")
    int typedBytes(byte[] data) {
        return data == null ? -1 : data.length;
    }

    @OnEvent("typed-json")
    JsonObject typedJson(JsonObject o) {
        return o;
    }

    @OnEvent("typed-object")
    Object typedObject(Object o) {
        return o;
    }

    @OnEvent("typed-list")
    List<Integer> typedList(List<Integer> xs) {
        return xs;
    }

    @OnEvent("typed-map")
    Map<String, Double> typedMap(Map<String, Double> m) {
        return m;
    }

    @OnEvent("typed-many")
    String typedMany(SocketIoSocket socket, String a, int b, boolean c, Point p, byte[] d) {
        return socket.id() + a + b + c + p + (d == null ? -1 : d.length);
    }

    @OnEvent("typed-later")
    CompletionStage<Double> typedLater(double d) {
        return CompletableFuture.completedFuture(d);
    }
}
