package dev.switchboard.socketio;

import dev.switchboard.protocol.JsonBuilders;
import dev.switchboard.protocol.SocketPacket;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import java.io.StringReader;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Converts between Java values and Socket.IO arguments. Outgoing: {@code null}, JSON-P values, strings, numbers and
 * booleans map directly, {@code byte[]}/{@link ByteBuffer} become binary attachments (also inside maps and
 * collections), anything else goes through JSON-B (where a {@code byte[]} field becomes a base64 string). Incoming:
 * the reverse, by the declared type.
 */
public final class Payloads {

    private static final Jsonb JSONB = JsonbBuilder.create();

    private Payloads() {
    }

    /** Appends each argument to {@code out}, collecting binary ones into {@code attachments}. */
    public static void append(JsonArrayBuilder out, Object[] args, List<byte[]> attachments) {
        for (Object arg : args) {
            out.add(toJson(arg, attachments));
        }
    }

    /** The arguments as a JSON array (binary ones as placeholders into {@code attachments}). */
    public static JsonArray array(Object[] args, List<byte[]> attachments) {
        JsonArrayBuilder b = JsonBuilders.array();
        append(b, args, attachments);
        return b.build();
    }

    public static JsonValue toJson(Object value, List<byte[]> attachments) {
        if (value == null) {
            return JsonValue.NULL;
        }
        if (value instanceof JsonValue v) {
            return v;
        }
        if (value instanceof byte[] bytes) {
            attachments.add(bytes);
            return SocketPacket.placeholder(attachments.size() - 1);
        }
        if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return toJson(bytes, attachments);
        }
        if (value instanceof String s) {
            return JsonBuilders.value(s);
        }
        if (value instanceof Boolean b) {
            return b ? JsonValue.TRUE : JsonValue.FALSE;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return JsonBuilders.value(((Number) value).longValue());
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            // JSON has no NaN or Infinity (JSON-P refuses them): null, as JavaScript's JSON.stringify writes them
            return Double.isFinite(d) ? JsonBuilders.value(d) : JsonValue.NULL;
        }
        if (value instanceof BigDecimal d) {
            return JsonBuilders.value(d);
        }
        if (value instanceof BigInteger i) {
            return JsonBuilders.value(i);
        }
        if (value instanceof java.util.Map<?, ?> map) {
            var object = JsonBuilders.object();
            map.forEach((k, v) -> object.add(String.valueOf(k), toJson(v, attachments)));
            return object.build();
        }
        if (value instanceof java.util.Collection<?> items) {
            var array = JsonBuilders.array();
            items.forEach(v -> array.add(toJson(v, attachments)));
            return array.build();
        }
        return parse(JSONB.toJson(value));
    }

    /**
     * Converts one incoming argument to the declared type: JSON-P types as they are, {@code byte[]} from a binary
     * attachment, anything else through JSON-B.
     *
     * @throws IllegalArgumentException when the value does not fit the type
     */
    @SuppressWarnings("unchecked")
    public static <T> T fromJson(JsonValue value, List<byte[]> attachments, Type type) {
        if (type instanceof Class<?> c) {
            if (JsonValue.class.isAssignableFrom(c)) {
                if (!c.isInstance(value)) {
                    throw new IllegalArgumentException("expected " + c.getSimpleName() + ", got " + value.getValueType());
                }
                return (T) value;
            }
            if (c == byte[].class || c == ByteBuffer.class) {
                byte[] bytes = attachment(value, attachments);
                if (bytes == null) {
                    throw new IllegalArgumentException("expected binary data, got " + value.getValueType());
                }
                return (T) (c == byte[].class ? bytes : ByteBuffer.wrap(bytes));
            }
            if (c == String.class) {
                if (!(value instanceof JsonString s)) {
                    throw new IllegalArgumentException("expected a string, got " + value.getValueType());
                }
                return (T) s.getString();
            }
            if (c == Object.class) {
                return (T) plain(value);
            }
        }
        try {
            return JSONB.fromJson(value.toString(), type);
        } catch (JsonbException e) {
            throw new IllegalArgumentException("cannot read " + value.getValueType() + " as " + type.getTypeName(), e);
        }
    }

    /**
     * The attachment a placeholder stands for, or {@code null} when {@code value} is not a placeholder for one of
     * {@code attachments}. In a packet without attachments, placeholder-shaped objects are plain data (a client may
     * send {@code 42["e",{"_placeholder":true,"num":0}]}); the decoder has checked the numbers of binary packets.
     */
    static byte[] attachment(JsonValue value, List<byte[]> attachments) {
        if (attachments.isEmpty() || !SocketPacket.isPlaceholder(value)
                || !(((JsonObject) value).get("num") instanceof JsonNumber num)) {
            return null;
        }
        try {
            int i = num.intValueExact();
            return i >= 0 && i < attachments.size() ? attachments.get(i) : null;
        } catch (ArithmeticException notAnIndex) {
            return null;
        }
    }

    /** A JSON value as plain Java (String, Long/Double, Boolean, List, Map, null), e.g. for {@code Object} parameters. */
    public static Object plain(JsonValue value) {
        return switch (value.getValueType()) {
            case STRING -> ((JsonString) value).getString();
            case NUMBER -> ((JsonNumber) value).isIntegral() ? (Object) ((JsonNumber) value).longValue()
                    : (Object) ((JsonNumber) value).doubleValue();
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case NULL -> null;
            case ARRAY -> value.asJsonArray().stream().map(Payloads::plain).toList();
            case OBJECT -> {
                java.util.Map<String, Object> map = new java.util.LinkedHashMap<>();
                value.asJsonObject().forEach((k, v) -> map.put(k, plain(v)));
                yield map;
            }
        };
    }

    static JsonValue parse(String json) {
        try (var reader = JsonBuilders.reader(new StringReader(json))) {
            return reader.readValue();
        }
    }

    static Jsonb jsonb() {
        return JSONB;
    }
}
