package dev.switchboard.cluster.redis;

import static dev.switchboard.cluster.redis.MsgpackJson.json;

import dev.switchboard.protocol.SocketPacket;
import dev.switchboard.socketio.BroadcastOptions;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A broadcast another node published on {@code <key>#<nsp>#} or {@code <key>#<nsp>#<room>#}: what
 * {@link RedisWire#decodeBroadcast(byte[])} returns.
 * <p>
 * Also reads the two parts as Node spells them, for broadcasts and {@linkplain RedisWire#BROADCAST broadcast
 * requests} alike: the packet {@code {type: 2, data, nsp?, id?}} and the options {@code {rooms, except, flags?}}.
 *
 * @param uid     the id of the node that sent it (a node ignores its own broadcasts)
 * @param packet  the EVENT, or BINARY_EVENT when it carries binary arguments, in the sender's namespace
 * @param options the rooms, exceptions and flags the sender broadcast with
 */
public record RedisBroadcast(String uid, SocketPacket packet, BroadcastOptions options) {

    /** Node's packet types on the wire: EVENT; BINARY_EVENT is accepted from peers that set it. */
    private static final BigDecimal NODE_EVENT = BigDecimal.valueOf(2);
    private static final BigDecimal NODE_BINARY_EVENT = BigDecimal.valueOf(5);

    /** The largest timeout flag accepted: JavaScript's largest safe integer, in milliseconds. */
    private static final long MAX_TIMEOUT_MILLIS = 9_007_199_254_740_991L;

    public RedisBroadcast {
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(packet, "packet");
        Objects.requireNonNull(options, "options");
    }

    /**
     * Node's packet: {@code nsp} defaults to {@code "/"}; the result keeps only the attachments its placeholders
     * use, renumbered in order of appearance.
     */
    static SocketPacket readPacket(JsonValue value, List<byte[]> attachments) throws IOException {
        if (!(value instanceof JsonObject nodePacket)) {
            throw new IOException("the packet is not a map");
        }
        JsonValue type = nodePacket.get("type");
        if (!(type instanceof JsonNumber number) || (number.bigDecimalValue().compareTo(NODE_EVENT) != 0
                && number.bigDecimalValue().compareTo(NODE_BINARY_EVENT) != 0)) {
            throw new IOException("packet type " + type + " is not an event");
        }
        JsonValue nsp = nodePacket.getOrDefault("nsp", JsonValue.NULL);
        JsonValue id = nodePacket.getOrDefault("id", JsonValue.NULL);
        if (nsp != JsonValue.NULL && !(nsp instanceof JsonString)
                || id != JsonValue.NULL && !(id instanceof JsonNumber n && n.isIntegral())) {
            throw new IOException("nsp is not a string or id not an integer");
        }
        if (!(nodePacket.get("data") instanceof JsonArray data)) {
            throw new IOException("packet data is not an array");
        }
        try {
            List<byte[]> used = new ArrayList<>();
            JsonValue renumbered = attachments.isEmpty() ? data : renumber(data, attachments, used);
            return SocketPacket.event(nsp instanceof JsonString s ? s.getString() : SocketPacket.MAIN_NAMESPACE,
                    id instanceof JsonNumber n ? n.bigIntegerValue().longValueExact() : null,
                    renumbered.asJsonArray(), used);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IOException("invalid packet: " + e.getMessage(), e);
        }
    }

    /** Node's options; flags other than {@code local}, {@code volatile} and {@code timeout} are ignored. */
    static BroadcastOptions readOptions(JsonValue value) throws IOException {
        if (!(value instanceof JsonObject opts)) {
            throw new IOException("the options are not a map");
        }
        Set<String> rooms = rooms(opts.get("rooms"));
        Set<String> except = rooms(opts.get("except"));
        JsonValue flagsValue = opts.getOrDefault("flags", JsonValue.NULL);
        if (flagsValue == JsonValue.NULL) {
            return new BroadcastOptions(rooms, except, false, false, null);
        }
        if (!(flagsValue instanceof JsonObject flags)) {
            throw new IOException("flags is not a map");
        }
        JsonValue timeout = flags.getOrDefault("timeout", JsonValue.NULL);
        Duration duration = null;
        if (timeout instanceof JsonNumber ms && ms.doubleValue() >= 0 && ms.doubleValue() <= MAX_TIMEOUT_MILLIS) {
            duration = Duration.ofMillis(Math.round(ms.doubleValue()));
        } else if (timeout != JsonValue.NULL) {
            throw new IOException("timeout " + timeout + " is not a number of milliseconds");
        }
        return new BroadcastOptions(rooms, except, flags.get("local") == JsonValue.TRUE,
                flags.get("volatile") == JsonValue.TRUE, duration);
    }

    /** Rooms: strings, or numbers (Node allows numeric rooms) in their JSON spelling; absent means none. */
    private static Set<String> rooms(JsonValue value) throws IOException {
        if (value == null || value == JsonValue.NULL) {
            return Set.of();
        }
        if (!(value instanceof JsonArray array)) {
            throw new IOException("rooms " + value + " is not an array");
        }
        Set<String> rooms = new HashSet<>();
        for (JsonValue room : array) {
            if (room instanceof JsonString s) {
                rooms.add(s.getString());
            } else if (room instanceof JsonNumber n) {
                rooms.add(n.toString());
            } else {
                throw new IOException("room " + room + " is not a string");
            }
        }
        return rooms;
    }

    /**
     * A copy of {@code value} whose placeholders name entries of {@code usedOut}, which it fills from
     * {@code attachments}: drops the attachments {@code value} does not use.
     *
     * @throws IllegalArgumentException if a placeholder names no attachment
     */
    private static JsonValue renumber(JsonValue value, List<byte[]> attachments, List<byte[]> usedOut) {
        if (value instanceof JsonObject object) {
            if (SocketPacket.isPlaceholder(object)) {
                usedOut.add(attachments.get(MsgpackJson.placeholderNum(object, attachments.size())));
                return SocketPacket.placeholder(usedOut.size() - 1);
            }
            JsonObjectBuilder builder = json().createObjectBuilder();
            object.forEach((key, member) -> builder.add(key, renumber(member, attachments, usedOut)));
            return builder.build();
        }
        if (value instanceof JsonArray array) {
            JsonArrayBuilder builder = json().createArrayBuilder();
            array.forEach(element -> builder.add(renumber(element, attachments, usedOut)));
            return builder.build();
        }
        return value;
    }
}
