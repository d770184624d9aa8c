package dev.switchboard.protocol;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One Socket.IO v5 packet.
 * <p>
 * {@code namespace} is {@code "/"} for the main namespace; {@code ackId} and {@code data} are {@code null} when
 * absent. In a binary packet, {@code data} keeps a {@linkplain #placeholder(int) placeholder} wherever a binary
 * argument goes, and {@code attachments} holds the bytes, indexed by placeholder number; resolving placeholders
 * to arguments is the job of the layer above. Placeholder-shaped objects in non-binary packets are plain data.
 * <p>
 * The constructor enforces the rules {@link SocketDecoder} enforces on the wire, so every packet that can be built
 * can be encoded and decoded back to an equal packet:
 * <ul>
 *   <li>the namespace starts with {@code "/"} and contains no {@code ","} (the comma ends it on the wire);</li>
 *   <li>events may carry an ack id, acks must, other types must not; ids lie in 0..{@link #MAX_ACK_ID};</li>
 *   <li>binary types carry at least one attachment, other types none;</li>
 *   <li>CONNECT data is absent or an object (the client's auth, the server's {@code {"sid":...}});
 *       DISCONNECT data is absent; CONNECT_ERROR data is an object, or a string as older peers send;
 *       event data is a non-empty array whose first element is a string, non-reserved event name;
 *       ack data is an array;</li>
 *   <li>every placeholder in a binary packet has an integer {@code num} below the attachment count.</li>
 * </ul>
 * Breaking one of these throws {@link IllegalArgumentException}. Attachment arrays are not copied (a broadcast
 * shares them between many packets): do not modify them after handing them over.
 */
public record SocketPacket(SocketPacketType type, String namespace, Long ackId, JsonValue data,
                           List<byte[]> attachments) {

    /** The main namespace, which the wire format leaves out. */
    public static final String MAIN_NAMESPACE = "/";

    /** The largest ack id: fifteen digits, so that JavaScript peers, whose numbers are doubles, hold it exactly. */
    public static final long MAX_ACK_ID = 999_999_999_999_999L;

    /** Event names a peer may not send, because both sides use them for their own lifecycle events. */
    public static final Set<String> RESERVED_EVENT_NAMES = Set.of(
            "connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener");

    private static final String PLACEHOLDER_KEY = "_placeholder";
    private static final String PLACEHOLDER_NUM = "num";

    public SocketPacket {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(namespace, "namespace");
        attachments = List.copyOf(Objects.requireNonNull(attachments, "attachments"));
        try {
            check(type, namespace, ackId, data, attachments.size());
        } catch (ProtocolException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /**
     * A CONNECT packet: from a server, {@code data} is {@code {"sid":...}} (the Socket.IO session id, which is not
     * the Engine.IO one); from a client, the auth object or {@code null}.
     */
    public static SocketPacket connect(String nsp, JsonObject data) {
        return new SocketPacket(SocketPacketType.CONNECT, nsp, null, data, List.of());
    }

    /** A refused connection to a namespace; {@code error} is typically {@code {"message":...}}. */
    public static SocketPacket connectError(String nsp, JsonObject error) {
        return new SocketPacket(SocketPacketType.CONNECT_ERROR, nsp, null, Objects.requireNonNull(error, "error"),
                List.of());
    }

    public static SocketPacket disconnect(String nsp) {
        return new SocketPacket(SocketPacketType.DISCONNECT, nsp, null, null, List.of());
    }

    /**
     * An EVENT, or a BINARY_EVENT when there are attachments.
     *
     * @param ackId the id the receiver acknowledges with, or {@code null} when no acknowledgement is wanted
     * @param nameAndArgs the whole payload: the event name followed by the arguments
     */
    public static SocketPacket event(String nsp, Long ackId, JsonArray nameAndArgs, List<byte[]> attachments) {
        SocketPacketType type = attachments.isEmpty() ? SocketPacketType.EVENT : SocketPacketType.BINARY_EVENT;
        return new SocketPacket(type, nsp, ackId, nameAndArgs, attachments);
    }

    /** An ACK, or a BINARY_ACK when there are attachments, answering the event with {@code ackId}. */
    public static SocketPacket ack(String nsp, long ackId, JsonArray args, List<byte[]> attachments) {
        SocketPacketType type = attachments.isEmpty() ? SocketPacketType.ACK : SocketPacketType.BINARY_ACK;
        return new SocketPacket(type, nsp, ackId, args, attachments);
    }

    /** Whether {@code value} is a binary placeholder: an object whose {@code _placeholder} member is {@code true}. */
    public static boolean isPlaceholder(JsonValue value) {
        return value instanceof JsonObject object
                && object.get(PLACEHOLDER_KEY) != null
                && object.get(PLACEHOLDER_KEY).getValueType() == JsonValue.ValueType.TRUE;
    }

    /** The placeholder standing for attachment {@code num}: {@code {"_placeholder":true,"num":<num>}}. */
    public static JsonObject placeholder(int num) {
        if (num < 0) {
            throw new IllegalArgumentException("negative placeholder number " + num);
        }
        return Builders.FACTORY.createObjectBuilder().add(PLACEHOLDER_KEY, true).add(PLACEHOLDER_NUM, num).build();
    }

    /** The event name, the first element of an EVENT or BINARY_EVENT payload. */
    public String eventName() {
        if (!isEvent()) {
            throw new IllegalStateException(type + " packets have no event name");
        }
        return data.asJsonArray().getString(0);
    }

    /** The arguments: an event's payload without its name, or an ack's whole payload. */
    public JsonArray arguments() {
        if (isEvent()) {
            JsonArray array = data.asJsonArray();
            return Builders.FACTORY.createArrayBuilder(array.subList(1, array.size())).build();
        }
        if (type == SocketPacketType.ACK || type == SocketPacketType.BINARY_ACK) {
            return data.asJsonArray();
        }
        throw new IllegalStateException(type + " packets have no arguments");
    }

    private boolean isEvent() {
        return type == SocketPacketType.EVENT || type == SocketPacketType.BINARY_EVENT;
    }

    /**
     * Checks everything but the syntax: the rules listed on this class. The decoder calls it with the attachment
     * count from the wire, before any attachment has arrived.
     */
    static void check(SocketPacketType type, String namespace, Long ackId, JsonValue data, int attachmentCount)
            throws ProtocolException {
        if (namespace.isEmpty() || namespace.charAt(0) != '/' || namespace.indexOf(',') >= 0) {
            throw new ProtocolException(ProtocolError.INVALID_NAMESPACE, "must start with '/' and have no ','");
        }
        if (type.isBinary() ? attachmentCount < 1 : attachmentCount != 0) {
            throw new ProtocolException(ProtocolError.INVALID_ATTACHMENT_COUNT,
                    attachmentCount + " attachments on " + type);
        }
        switch (type) {
            case CONNECT -> {
                checkNoAckId(type, ackId);
                if (data != null && !(data instanceof JsonObject)) {
                    throw invalidPayload(type, "must be absent or an object");
                }
            }
            case DISCONNECT -> {
                checkNoAckId(type, ackId);
                if (data != null) {
                    throw invalidPayload(type, "must be absent");
                }
            }
            case CONNECT_ERROR -> {
                checkNoAckId(type, ackId);
                if (!(data instanceof JsonObject) && !(data instanceof JsonString)) {
                    throw invalidPayload(type, "must be an object or a string");
                }
            }
            case EVENT, BINARY_EVENT -> {
                if (ackId != null) {
                    checkAckIdRange(ackId);
                }
                checkEventPayload(type, data);
            }
            case ACK, BINARY_ACK -> {
                if (ackId == null) {
                    throw new ProtocolException(ProtocolError.INVALID_ACK_ID, type + " needs an ack id");
                }
                checkAckIdRange(ackId);
                if (!(data instanceof JsonArray)) {
                    throw invalidPayload(type, "must be an array");
                }
            }
        }
        if (type.isBinary()) {
            checkPlaceholders(data, attachmentCount);
        }
    }

    private static void checkNoAckId(SocketPacketType type, Long ackId) throws ProtocolException {
        if (ackId != null) {
            throw new ProtocolException(ProtocolError.INVALID_ACK_ID, type + " packets carry no ack id");
        }
    }

    private static void checkAckIdRange(long ackId) throws ProtocolException {
        if (ackId < 0 || ackId > MAX_ACK_ID) {
            throw new ProtocolException(ProtocolError.INVALID_ACK_ID, ackId + " is outside 0.." + MAX_ACK_ID);
        }
    }

    private static void checkEventPayload(SocketPacketType type, JsonValue data) throws ProtocolException {
        if (!(data instanceof JsonArray array) || array.isEmpty()) {
            throw invalidPayload(type, "must be a non-empty array");
        }
        if (!(array.get(0) instanceof JsonString name)) {
            throw invalidPayload(type, "the event name must be a string");
        }
        if (RESERVED_EVENT_NAMES.contains(name.getString())) {
            throw invalidPayload(type, "'" + name.getString() + "' is a reserved event name");
        }
    }

    private static void checkPlaceholders(JsonValue value, int attachmentCount) throws ProtocolException {
        if (value instanceof JsonObject object) {
            if (isPlaceholder(object)) {
                checkPlaceholderNum(object.get(PLACEHOLDER_NUM), attachmentCount);
                return;
            }
            for (JsonValue member : object.values()) {
                checkPlaceholders(member, attachmentCount);
            }
        } else if (value instanceof JsonArray array) {
            for (JsonValue element : array) {
                checkPlaceholders(element, attachmentCount);
            }
        }
    }

    /** Accepts any number equal to an integer in range, as JavaScript peers compare numbers, not their spelling. */
    private static void checkPlaceholderNum(JsonValue num, int attachmentCount) throws ProtocolException {
        if (!(num instanceof JsonNumber number)) {
            throw new ProtocolException(ProtocolError.INVALID_PLACEHOLDER, "num must be a number");
        }
        BigDecimal value = number.bigDecimalValue();
        if (value.signum() < 0 || value.compareTo(BigDecimal.valueOf(attachmentCount)) >= 0
                || value.stripTrailingZeros().scale() > 0) {
            throw new ProtocolException(ProtocolError.INVALID_PLACEHOLDER,
                    "num " + number + " is not an integer in 0.." + (attachmentCount - 1));
        }
    }

    private static ProtocolException invalidPayload(SocketPacketType type, String rule) {
        return new ProtocolException(ProtocolError.INVALID_PAYLOAD, type + " payload " + rule);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SocketPacket p) || type != p.type || !namespace.equals(p.namespace)
                || !Objects.equals(ackId, p.ackId) || !Objects.equals(data, p.data)
                || attachments.size() != p.attachments.size()) {
            return false;
        }
        for (int i = 0; i < attachments.size(); i++) {
            if (!Arrays.equals(attachments.get(i), p.attachments.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = Objects.hash(type, namespace, ackId, data);
        for (byte[] attachment : attachments) {
            hash = 31 * hash + Arrays.hashCode(attachment);
        }
        return hash;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("SocketPacket[").append(type).append(' ').append(namespace);
        if (ackId != null) {
            out.append(" ack ").append(ackId);
        }
        if (data != null) {
            out.append(' ').append(data);
        }
        if (!attachments.isEmpty()) {
            out.append(" + attachments of");
            for (byte[] attachment : attachments) {
                out.append(' ').append(attachment.length);
            }
            out.append(" bytes");
        }
        return out.append(']').toString();
    }

    /** Looks the JSON-P provider up on first use only, rather than on every call or whenever the class loads. */
    private static final class Builders {
        static final JsonBuilderFactory FACTORY = Json.createBuilderFactory(Map.of());
    }
}
