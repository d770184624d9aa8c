package dev.switchboard.socketio;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.lang.reflect.Type;
import java.util.List;

/**
 * The arguments of an event or acknowledgement as they arrived: a JSON array in which binary arguments are
 * placeholders, plus the binary attachments they point to. {@link #get} converts one to a Java type.
 */
public final class Arguments {

    private final JsonArray json;
    private final List<byte[]> attachments;

    public Arguments(JsonArray json, List<byte[]> attachments) {
        this.json = json;
        this.attachments = List.copyOf(attachments);
    }

    /** The raw arguments; binary ones appear as {@code {"_placeholder":true,"num":N}}. */
    public JsonArray json() {
        return json;
    }

    public List<byte[]> attachments() {
        return attachments;
    }

    public int size() {
        return json.size();
    }

    public <T> T get(int i, Class<T> type) {
        return get(i, (Type) type);
    }

    /**
     * Argument {@code i} converted to {@code type} (generic types allowed); {@code null} past the end.
     *
     * @throws IllegalArgumentException when it does not fit the type
     */
    public <T> T get(int i, Type type) {
        return i < json.size() ? Payloads.fromJson(json.get(i), attachments, type) : null;
    }

    /**
     * The arguments as values to emit again unchanged: JSON values as they are, binary placeholders (at any depth)
     * as their {@code byte[]}. {@code socket.emit("event", args.values())} forwards an event as received.
     */
    public Object[] values() {
        Object[] out = new Object[json.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = resolve(json.get(i));
        }
        return out;
    }

    /** A placeholder as its bytes; an object or array holding one as a Map or List; anything else as it is. */
    private Object resolve(JsonValue v) {
        byte[] binary = Payloads.attachment(v, attachments);
        if (binary != null) {
            return binary;
        }
        if (attachments.isEmpty() || !(v instanceof JsonObject || v instanceof JsonArray)) {
            return v;
        }
        if (v instanceof JsonObject o) {
            java.util.Map<String, Object> map = new java.util.LinkedHashMap<>();
            o.forEach((k, value) -> map.put(k, resolve(value)));
            return map;
        }
        java.util.List<Object> list = new java.util.ArrayList<>();
        for (JsonValue value : (JsonArray) v) {
            list.add(resolve(value));
        }
        return list;
    }

    @Override
    public String toString() {
        return json + (attachments.isEmpty() ? "" : " + " + attachments.size() + " attachment(s)");
    }
}
