package dev.switchboard.cluster.redis;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.switchboard.protocol.SocketPacket;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.msgpack.core.ExtensionTypeHeader;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;

/**
 * Converts between MessagePack values and JSON-P values, the way a Node peer sees them.
 * <p>
 * {@code @socket.io/redis-adapter} encodes with {@code notepack.io}, which puts binary arguments inline as
 * {@code bin} values; the rest of Switchboard represents them as Socket.IO
 * {@linkplain SocketPacket#placeholder(int) placeholders} plus an attachment list. Reading turns each binary value
 * into a placeholder and appends its bytes to the caller's list; writing does the reverse.
 * <p>
 * Reading follows what a Node peer would hand its clients after {@code notepack.decode} and {@code JSON.stringify}:
 * non-finite floats become {@code null}; integral floats become integers; timestamps (and notepack 2's dates)
 * become ISO-8601 strings; notepack 2's {@code undefined} is dropped from maps and {@code null} elsewhere;
 * notepack 2's {@code ArrayBuffer} extension is binary; other extensions become {@code [type, binary]};
 * non-string map keys become their JSON text. Untrusted input is bounded: nesting deeper than {@link #MAX_DEPTH},
 * and any length larger than what is left of the input (at most {@link #MAX_INPUT_BYTES}), fail with
 * {@link IOException} before anything is allocated.
 */
final class MsgpackJson {

    /** The deepest nesting of arrays and maps accepted, counting the outermost container as 1. */
    static final int MAX_DEPTH = 64;

    /** The largest message read or decoded: 16 MiB. */
    static final int MAX_INPUT_BYTES = 16 * 1024 * 1024;

    /** JavaScript's safe-integer range: the integral doubles that convert to {@code long} exactly. */
    private static final double MAX_SAFE_INTEGER = 9_007_199_254_740_991d;

    /** The largest time a JavaScript {@code Date} holds, in milliseconds either side of the epoch. */
    private static final long MAX_DATE_MILLIS = 8_640_000_000_000_000L;

    private static final byte NOTEPACK2_EXT = 0;
    private static final byte TIMESTAMP_EXT = -1;

    private MsgpackJson() {
    }

    /**
     * Reads one value; binary values become placeholders numbered from {@code attachmentsOut.size()}, their bytes
     * appended to it. Reads at most {@link #MAX_INPUT_BYTES} from the unpacker's current position.
     */
    static JsonValue read(MessageUnpacker in, List<byte[]> attachmentsOut) throws IOException {
        return read(in, in.getTotalReadBytes() + MAX_INPUT_BYTES, attachmentsOut);
    }

    /** Like {@link #read(MessageUnpacker, List)}, knowing that the input ends at byte {@code end}. */
    static JsonValue read(MessageUnpacker in, long end, List<byte[]> attachmentsOut) throws IOException {
        try {
            JsonValue value = new Reader(in, end, attachmentsOut).value(0);
            return value == null ? JsonValue.NULL : value;
        } catch (MessagePackException e) {
            throw new IOException("malformed MessagePack: " + e, e);
        }
    }

    /** Reads a whole message: one value and nothing after it. */
    static JsonValue decode(byte[] message, List<byte[]> attachmentsOut) throws IOException {
        if (message.length == 0 || message.length > MAX_INPUT_BYTES) {
            throw new IOException("message of " + message.length + " bytes");
        }
        try (MessageUnpacker in = MessagePack.newDefaultUnpacker(message)) {
            JsonValue value = read(in, message.length, attachmentsOut);
            if (in.hasNext()) {
                throw new IOException((message.length - in.getTotalReadBytes()) + " trailing bytes");
            }
            return value;
        }
    }

    /**
     * Writes {@code value}, with every placeholder replaced by a {@code bin} holding the attachment it names. With
     * no attachments nothing is a placeholder (placeholder-shaped objects in a text packet are plain data).
     *
     * @throws IllegalArgumentException if a placeholder names no attachment
     */
    static void write(MessagePacker out, JsonValue value, List<byte[]> attachments) throws IOException {
        switch (value.getValueType()) {
            case NULL -> out.packNil();
            case TRUE -> out.packBoolean(true);
            case FALSE -> out.packBoolean(false);
            case STRING -> out.packString(((JsonString) value).getString());
            case NUMBER -> writeNumber(out, ((JsonNumber) value).bigDecimalValue());
            case ARRAY -> {
                JsonArray array = value.asJsonArray();
                out.packArrayHeader(array.size());
                for (JsonValue element : array) {
                    write(out, element, attachments);
                }
            }
            case OBJECT -> {
                JsonObject object = value.asJsonObject();
                if (!attachments.isEmpty() && SocketPacket.isPlaceholder(object)) {
                    byte[] bytes = attachments.get(placeholderNum(object, attachments.size()));
                    out.packBinaryHeader(bytes.length).writePayload(bytes);
                    return;
                }
                out.packMapHeader(object.size());
                for (Map.Entry<String, JsonValue> member : object.entrySet()) {
                    out.packString(member.getKey());
                    write(out, member.getValue(), attachments);
                }
            }
        }
    }

    /** The attachment index a placeholder names. */
    static int placeholderNum(JsonObject placeholder, int attachmentCount) {
        JsonValue num = placeholder.get("num");
        if (num instanceof JsonNumber number && number.isIntegral()) {
            BigInteger n = number.bigIntegerValue();
            if (n.signum() >= 0 && n.compareTo(BigInteger.valueOf(attachmentCount)) < 0) {
                return n.intValue();
            }
        }
        throw new IllegalArgumentException("placeholder " + placeholder + " names none of "
                + attachmentCount + " attachments");
    }

    /** Integers in the smallest int format, as notepack does for integral numbers; everything else as float 64. */
    private static void writeNumber(MessagePacker out, BigDecimal number) throws IOException {
        if (number.signum() == 0) {
            out.packLong(0);
        } else if (number.precision() - number.scale() <= 20 && number.stripTrailingZeros().scale() <= 0) {
            BigInteger integer = number.toBigIntegerExact();
            if (integer.bitLength() <= 63 || (integer.signum() > 0 && integer.bitLength() <= 64)) {
                out.packBigInteger(integer);
            } else {
                out.packDouble(number.doubleValue());
            }
        } else {
            out.packDouble(number.doubleValue());
        }
    }

    /** One read: the input, where it ends, and where binary values go. Returns {@code null} for undefined. */
    private record Reader(MessageUnpacker in, long end, List<byte[]> attachments) {

        JsonValue value(int depth) throws IOException {
            MessageFormat format = in.getNextFormat();
            return switch (format.getValueType()) {
                case NIL -> {
                    in.unpackNil();
                    yield JsonValue.NULL;
                }
                case BOOLEAN -> in.unpackBoolean() ? JsonValue.TRUE : JsonValue.FALSE;
                case INTEGER -> format == MessageFormat.UINT64
                        ? integer(in.unpackBigInteger()) : json().createValue(in.unpackLong());
                case FLOAT -> number(in.unpackDouble());
                case STRING -> json().createValue(new String(payload(in.unpackRawStringHeader()), UTF_8));
                case BINARY -> binary(payload(in.unpackBinaryHeader()));
                case ARRAY -> array(depth + 1);
                case MAP -> map(depth + 1);
                case EXTENSION -> extension(format);
            };
        }

        private JsonValue array(int depth) throws IOException {
            checkDepth(depth);
            int size = in.unpackArrayHeader();
            checkRemaining(size);
            JsonArrayBuilder builder = json().createArrayBuilder();
            for (int i = 0; i < size; i++) {
                JsonValue element = value(depth);
                builder.add(element == null ? JsonValue.NULL : element);
            }
            return builder.build();
        }

        private JsonValue map(int depth) throws IOException {
            checkDepth(depth);
            int size = in.unpackMapHeader();
            checkRemaining(2L * size);
            JsonObjectBuilder builder = json().createObjectBuilder();
            for (int i = 0; i < size; i++) {
                JsonValue key = new Reader(in, end, new ArrayList<>()).value(depth);
                JsonValue member = value(depth);
                if (member != null) {
                    builder.add(key instanceof JsonString s ? s.getString()
                            : key == null ? "undefined" : key.toString(), member);
                }
            }
            return builder.build();
        }

        private JsonValue extension(MessageFormat format) throws IOException {
            ExtensionTypeHeader header = in.unpackExtensionTypeHeader();
            int length = header.getLength();
            checkRemaining(length);
            byte type = header.getType();
            if (type == NOTEPACK2_EXT && format == MessageFormat.FIXEXT1) {
                in.readPayload(1);
                return null;
            }
            if (type == NOTEPACK2_EXT && format == MessageFormat.FIXEXT8) {
                return date(ByteBuffer.wrap(in.readPayload(8)).getLong()); // notepack 2's date: epoch millis
            }
            if (type == NOTEPACK2_EXT && (format == MessageFormat.EXT8 || format == MessageFormat.EXT16
                    || format == MessageFormat.EXT32)) {
                return binary(in.readPayload(length));
            }
            if (type == TIMESTAMP_EXT && (length == 4 || length == 8 || length == 12)) {
                Instant instant;
                try {
                    instant = in.unpackTimestamp(header);
                } catch (DateTimeException e) {
                    return JsonValue.NULL;
                }
                return Math.abs(instant.getEpochSecond()) > MAX_DATE_MILLIS / 1000 ? JsonValue.NULL
                        : date(instant.getEpochSecond() * 1000 + instant.getNano() / 1_000_000);
            }
            JsonValue bytes = binary(in.readPayload(length));
            return json().createArrayBuilder().add(type).add(bytes).build();
        }

        private JsonValue binary(byte[] bytes) {
            attachments.add(bytes);
            return SocketPacket.placeholder(attachments.size() - 1);
        }

        private byte[] payload(int length) throws IOException {
            checkRemaining(length);
            return in.readPayload(length);
        }

        private void checkRemaining(long length) throws IOException {
            if (length < 0 || length > end - in.getTotalReadBytes()) {
                throw new IOException("length " + length + " exceeds the rest of the input");
            }
        }

        private static void checkDepth(int depth) throws IOException {
            if (depth > MAX_DEPTH) {
                throw new IOException("nested deeper than " + MAX_DEPTH);
            }
        }
    }

    private static JsonValue integer(BigInteger value) {
        return value.bitLength() <= 63 ? json().createValue(value.longValue()) : json().createValue(value);
    }

    /** What {@code JSON.stringify} makes of a JavaScript number. */
    private static JsonValue number(double value) {
        if (!Double.isFinite(value)) {
            return JsonValue.NULL;
        }
        if (value == Math.rint(value) && Math.abs(value) <= MAX_SAFE_INTEGER) {
            return json().createValue((long) value);
        }
        return json().createValue(value);
    }

    /** What {@code JSON.stringify} makes of a {@code Date}: {@code Date.prototype.toISOString}, or null. */
    private static JsonValue date(long epochMillis) {
        if (epochMillis < -MAX_DATE_MILLIS || epochMillis > MAX_DATE_MILLIS) {
            return JsonValue.NULL; // an Invalid Date, which JSON.stringify writes as null
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000),
                Math.floorMod(epochMillis, 1000) * 1_000_000, ZoneOffset.UTC);
        int year = t.getYear();
        String yearText = year >= 0 && year <= 9999 ? String.format("%04d", year)
                : (year < 0 ? "-" : "+") + String.format("%06d", Math.abs(year));
        return json().createValue(yearText + String.format("-%02d-%02dT%02d:%02d:%02d.%03dZ", t.getMonthValue(),
                t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond(), t.getNano() / 1_000_000));
    }

    /** The JSON-P provider, looked up once rather than on every value. */
    static JsonProvider json() {
        return Provider.INSTANCE;
    }

    private static final class Provider {
        static final JsonProvider INSTANCE = JsonProvider.provider();
    }
}
