package dev.switchboard.cluster.redis;

import static dev.switchboard.cluster.redis.MsgpackJson.json;

import dev.switchboard.protocol.SocketPacket;
import dev.switchboard.protocol.SocketPacketType;
import dev.switchboard.socketio.BroadcastOptions;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.stream.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.NoSuchElementException;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;

/**
 * The messages of {@code @socket.io/redis-adapter} 8.x, byte-compatible with its {@code notepack.io} encoding, so
 * that Java and Node nodes share one Redis and form one cluster.
 * <ul>
 *   <li>Broadcasts ({@code <key>#<nsp>#}, {@code <key>#<nsp>#<room>#}) are MessagePack arrays
 *       {@code [uid, {type: 2, data, nsp, id?}, {rooms, except, flags}]}; binary arguments are inline {@code bin}
 *       values and the packet type stays 2 (EVENT), as Node writes them.</li>
 *   <li>Requests ({@code <key>-request#<nsp>#}) and responses ({@code <key>-response#<nsp>#}) are JSON text, except
 *       {@link #BROADCAST} requests and {@link #BROADCAST_ACK} responses, which are MessagePack maps. A message is
 *       JSON when its first byte is {@code '{'}.</li>
 * </ul>
 * Decoders read untrusted bytes: anything malformed fails with {@link IOException} (see {@link MsgpackJson} for the
 * limits), never another exception. Encoders take trusted values and throw {@link IllegalArgumentException} for
 * values the format cannot carry.
 */
public final class RedisWire {

    /** Request and response types (the {@code type} member). */
    public static final int SOCKETS = 0;
    public static final int ALL_ROOMS = 1;
    public static final int REMOTE_JOIN = 2;
    public static final int REMOTE_LEAVE = 3;
    public static final int REMOTE_DISCONNECT = 4;
    public static final int REMOTE_FETCH = 5;
    public static final int SERVER_SIDE_EMIT = 6;
    public static final int BROADCAST = 7;
    public static final int BROADCAST_CLIENT_COUNT = 8;
    public static final int BROADCAST_ACK = 9;

    /** Node's code for EVENT, which it writes for binary events too. */
    private static final int NODE_EVENT = 2;

    private static final SecureRandom RANDOM = new SecureRandom();

    private RedisWire() {
    }

    /**
     * A broadcast message: {@code [uid, packet, opts]}.
     *
     * @throws IllegalArgumentException if the packet is not an EVENT or BINARY_EVENT
     */
    public static byte[] encodeBroadcast(String uid, SocketPacket packet, BroadcastOptions options) {
        return pack(out -> {
            out.packArrayHeader(3).packString(uid);
            writePacket(out, packet);
            writeOptions(out, options);
        });
    }

    /**
     * True when a broadcast's first element, the sender's uid, is {@code uid} (UTF-8), read from the bytes without
     * decoding: a node gets its own broadcasts back from Redis and skips them, and decoding each cost more garbage
     * than delivering it. False for anything else, including a uid encoded in a form this does not read (the full
     * decode then decides).
     */
    public static boolean sentBy(byte[] message, byte[] uid) {
        if (message.length < 2 || (message[0] & 0xff) != 0x93) { // a fixarray of 3
            return false;
        }
        int p = 1;
        int header = message[p++] & 0xff;
        int length;
        if ((header & 0xe0) == 0xa0) { // fixstr
            length = header & 0x1f;
        } else if (header == 0xd9) { // str 8
            length = message[p++] & 0xff;
        } else {
            return false;
        }
        return length == uid.length && p + length <= message.length
                && Arrays.equals(message, p, p + length, uid, 0, length);
    }

    /** Reads a broadcast message; namespace {@code "/"} when the sender left it out. */
    public static RedisBroadcast decodeBroadcast(byte[] message) throws IOException {
        List<byte[]> attachments = new ArrayList<>();
        JsonValue value = MsgpackJson.decode(message, attachments);
        if (!(value instanceof JsonArray array) || array.size() != 3) {
            throw new IOException("a broadcast is an array [uid, packet, opts]");
        }
        if (!(array.get(0) instanceof JsonString uid)) {
            throw new IOException("the uid is not a string");
        }
        return new RedisBroadcast(uid.getString(), RedisBroadcast.readPacket(array.get(1), attachments),
                RedisBroadcast.readOptions(array.get(2)));
    }

    /** A JSON request or response, as UTF-8 text. */
    public static byte[] encodeJson(JsonObject message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonWriter writer = json().createWriter(out)) {
            writer.writeObject(message);
        }
        return out.toByteArray();
    }

    /** A {@link #BROADCAST} request (a broadcast expecting acks): {@code {uid, requestId, type: 7, packet, opts}}. */
    public static byte[] encodeBroadcastRequest(String uid, String requestId, SocketPacket packet,
                                                BroadcastOptions options) {
        return pack(out -> {
            out.packMapHeader(5).packString("uid").packString(uid).packString("requestId").packString(requestId)
                    .packString("type").packInt(BROADCAST).packString("packet");
            writePacket(out, packet);
            writeOptions(out.packString("opts"), options);
        });
    }

    /**
     * A {@link #BROADCAST_ACK} response: {@code {type: 9, requestId, packet}}.
     *
     * @param firstArgument the first argument the client acknowledged with, placeholders standing for
     *                      {@code attachments}; Java {@code null} when it sent none, which leaves {@code packet}
     *                      out as Node does for {@code undefined}
     */
    public static byte[] encodeBroadcastAck(String requestId, JsonValue firstArgument, List<byte[]> attachments) {
        return pack(out -> {
            out.packMapHeader(firstArgument == null ? 2 : 3).packString("type").packInt(BROADCAST_ACK)
                    .packString("requestId").packString(requestId);
            if (firstArgument != null) {
                MsgpackJson.write(out.packString("packet"), firstArgument, attachments);
            }
        });
    }

    /**
     * Reads a request or response, JSON or MessagePack; binary values become placeholders. Checks what
     * {@link #packetOf} and {@link #optionsOf} would reject, so that neither throws on a decoded message: an
     * {@code opts} member must be valid options, and a {@link #BROADCAST} request must carry a valid packet.
     */
    public static RedisMessage decodeMessage(byte[] message) throws IOException {
        List<byte[]> attachments = new ArrayList<>();
        JsonValue value = message.length > 0 && message[0] == '{'
                ? readJson(message) : MsgpackJson.decode(message, attachments);
        if (!(value instanceof JsonObject body)) {
            throw new IOException("a request or response is a map");
        }
        if (body.containsKey("opts")) {
            RedisBroadcast.readOptions(body.get("opts"));
        }
        if (body.get("type") instanceof JsonNumber type && type.intValue() == BROADCAST) {
            RedisBroadcast.readPacket(body.get("packet"), attachments);
        }
        return new RedisMessage(body, attachments);
    }

    /**
     * The packet of a broadcast or a {@link #BROADCAST} request, as Node writes it: {@code {type, data, nsp?, id?}}.
     * The result keeps only the attachments its placeholders use, renumbered in order of appearance.
     *
     * @throws IllegalArgumentException if it is no valid event packet (never for one {@link #decodeMessage} returned)
     */
    public static SocketPacket packetOf(JsonObject nodePacket, List<byte[]> attachments) {
        try {
            return RedisBroadcast.readPacket(nodePacket, attachments);
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * Broadcast options as Node writes them: {@code {rooms, except, flags?}}; unknown flags are ignored.
     *
     * @throws IllegalArgumentException if they are invalid (never for those of a {@link #decodeMessage} result)
     */
    public static BroadcastOptions optionsOf(JsonObject opts) {
        try {
            return RedisBroadcast.readOptions(opts);
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** A fresh node id: 8 random URL-safe characters (48 bits), like Node's {@code uid2(6)}. */
    public static String newUid() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A fresh request id, unique enough that nodes never confuse each other's requests. */
    public static String newRequestId() {
        return newUid();
    }

    private static void writePacket(MessagePacker out, SocketPacket packet) throws IOException {
        if (packet.type() != SocketPacketType.EVENT && packet.type() != SocketPacketType.BINARY_EVENT) {
            throw new IllegalArgumentException("only events are broadcast, not " + packet.type());
        }
        out.packMapHeader(packet.ackId() == null ? 3 : 4).packString("type").packInt(NODE_EVENT)
                .packString("data");
        MsgpackJson.write(out, packet.data(), packet.attachments());
        out.packString("nsp").packString(packet.namespace());
        if (packet.ackId() != null) {
            out.packString("id").packLong(packet.ackId());
        }
    }

    /** {@code {rooms, except, flags}}, rooms sorted so that equal options encode to equal bytes. */
    private static void writeOptions(MessagePacker out, BroadcastOptions options) throws IOException {
        out.packMapHeader(3).packString("rooms");
        writeSorted(out, options.rooms());
        out.packString("except");
        writeSorted(out, options.except());
        int flags = (options.isVolatile() ? 1 : 0) + (options.local() ? 1 : 0) + (options.timeout() != null ? 1 : 0);
        out.packString("flags").packMapHeader(flags);
        if (options.isVolatile()) {
            out.packString("volatile").packBoolean(true);
        }
        if (options.local()) {
            out.packString("local").packBoolean(true);
        }
        if (options.timeout() != null) {
            out.packString("timeout").packLong(Math.max(0, options.timeout().toMillis())); // Node reads < 0 as 0
        }
    }

    private static void writeSorted(MessagePacker out, Collection<String> values) throws IOException {
        out.packArrayHeader(values.size());
        for (String value : values.stream().sorted().toList()) {
            out.packString(value);
        }
    }

    /** Runs {@code body} on a fresh packer: the packer writes to memory, so it never fails with I/O errors. */
    /**
     * Packers grow by chunks of this size: a broadcast is usually a few hundred bytes, and the default chunk
     * (8 KB) made every message for other nodes cost 8 KB of garbage.
     */
    private static final MessagePack.PackerConfig PACKER = new MessagePack.PackerConfig().withBufferSize(512);

    private static byte[] pack(PackerBody body) {
        try (MessageBufferPacker out = PACKER.newBufferPacker()) {
            body.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface PackerBody {
        void write(MessagePacker out) throws IOException;
    }

    /** One JSON value and nothing after it, as Node's {@code JSON.parse} demands. */
    private static JsonValue readJson(byte[] message) throws IOException {
        if (message.length > MsgpackJson.MAX_INPUT_BYTES) {
            throw new IOException("message of " + message.length + " bytes");
        }
        try (JsonParser parser = json().createParser(new ByteArrayInputStream(message))) {
            parser.next();
            JsonValue value = parser.getValue();
            if (parser.hasNext()) {
                throw new IOException("trailing data after the JSON value");
            }
            return value;
        } catch (JsonException | IllegalStateException | NoSuchElementException e) {
            throw new IOException("malformed JSON: " + e.getMessage(), e);
        }
    }
}
