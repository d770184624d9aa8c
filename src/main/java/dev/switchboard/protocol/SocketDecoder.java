package dev.switchboard.protocol;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decodes the Socket.IO v5 packets one connection receives. A binary packet arrives as a text message followed
 * by its attachments as separate binary messages, so the decoder remembers the packet until the last one is in:
 * each connection needs its own decoder.
 * <p>
 * Not thread-safe: calls must not overlap, which holds when a transport delivers one message at a time.
 * A call that throws leaves the decoder as it was; the caller is expected to close the connection anyway.
 */
public final class SocketDecoder {

    private static final int MAX_ACK_ID_DIGITS = 15;

    private final int maxAttachments;
    private final List<byte[]> received = new ArrayList<>();
    private Pending pending;

    /**
     * @param maxAttachments the most attachments one binary packet may announce; a larger count is refused before
     *                       anything is parsed or buffered
     */
    public SocketDecoder(int maxAttachments) {
        if (maxAttachments < 0) {
            throw new IllegalArgumentException("negative maxAttachments " + maxAttachments);
        }
        this.maxAttachments = maxAttachments;
    }

    /** Whether a binary packet is waiting for attachments, so the next message must be binary. */
    public boolean awaitingAttachments() {
        return pending != null;
    }

    /**
     * Decodes a text message.
     *
     * @return the packet, or {@code null} for a binary packet, which {@link #decode(byte[])} completes
     */
    public SocketPacket decode(String text) throws ProtocolException {
        if (pending != null) {
            throw new ProtocolException(ProtocolError.ATTACHMENT_EXPECTED,
                    received.size() + " of " + pending.attachmentCount + " received");
        }
        if (text == null || text.isEmpty()) {
            throw new ProtocolException(ProtocolError.EMPTY_PACKET, null);
        }
        SocketPacketType type = SocketPacketType.fromCode(text.charAt(0));
        if (type == null) {
            throw new ProtocolException(ProtocolError.UNKNOWN_SOCKET_PACKET_TYPE, quote(text.charAt(0)));
        }
        int pos = 1;
        int attachmentCount = 0;
        if (type.isBinary()) {
            int end = digitsEnd(text, pos);
            if (end == pos || end == text.length() || text.charAt(end) != '-') {
                throw new ProtocolException(ProtocolError.INVALID_ATTACHMENT_COUNT,
                        type + " needs '<count>-' after the type");
            }
            long count = parseCount(text, pos, end);
            if (count == 0) {
                throw new ProtocolException(ProtocolError.INVALID_ATTACHMENT_COUNT, "zero attachments on " + type);
            }
            if (count > maxAttachments) {
                throw new ProtocolException(ProtocolError.TOO_MANY_ATTACHMENTS, "more than " + maxAttachments);
            }
            attachmentCount = (int) count;
            pos = end + 1;
        }
        String namespace = SocketPacket.MAIN_NAMESPACE;
        if (pos < text.length() && text.charAt(pos) == '/') {
            int comma = text.indexOf(',', pos);
            if (comma < 0) {
                throw new ProtocolException(ProtocolError.INVALID_NAMESPACE, "no ',' after the namespace");
            }
            namespace = text.substring(pos, comma);
            pos = comma + 1;
        }
        Long ackId = null;
        int idEnd = digitsEnd(text, pos);
        if (idEnd > pos) {
            if (idEnd - pos > MAX_ACK_ID_DIGITS) {
                throw new ProtocolException(ProtocolError.INVALID_ACK_ID,
                        "more than " + MAX_ACK_ID_DIGITS + " digits");
            }
            ackId = Long.parseLong(text, pos, idEnd, 10);
            pos = idEnd;
        }
        JsonValue data = pos == text.length() ? null : parseJson(text.substring(pos));
        SocketPacket.check(type, namespace, ackId, data, attachmentCount);
        if (type.isBinary()) {
            pending = new Pending(type, namespace, ackId, data, attachmentCount);
            return null;
        }
        return new SocketPacket(type, namespace, ackId, data, List.of());
    }

    /**
     * Decodes a binary message: the next attachment of the waiting binary packet.
     *
     * @return the completed packet after its last attachment, else {@code null}
     */
    public SocketPacket decode(byte[] attachment) throws ProtocolException {
        Objects.requireNonNull(attachment, "attachment");
        if (pending == null) {
            throw new ProtocolException(ProtocolError.UNEXPECTED_ATTACHMENT, attachment.length + " bytes");
        }
        received.add(attachment);
        if (received.size() < pending.attachmentCount) {
            return null;
        }
        SocketPacket packet = new SocketPacket(pending.type, pending.namespace, pending.ackId, pending.data, received);
        pending = null;
        received.clear();
        return packet;
    }

    private static int digitsEnd(String text, int from) {
        int i = from;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        return i;
    }

    /** Parses the digits in {@code [from, to)}, saturating just above {@code Integer.MAX_VALUE}. */
    private static long parseCount(String text, int from, int to) {
        long count = 0;
        for (int i = from; i < to; i++) {
            count = Math.min(count * 10 + (text.charAt(i) - '0'), Integer.MAX_VALUE + 1L);
        }
        return count;
    }

    /**
     * Parses exactly one JSON value. Catches every runtime exception, not only {@code JsonException}: Parsson
     * reports some limits, such as nesting depth, as plain runtime exceptions, and all of them mean bad input here.
     */
    private static JsonValue parseJson(String json) throws ProtocolException {
        try (JsonParser parser = Parsers.FACTORY.createParser(new StringReader(json))) {
            parser.next();
            JsonValue value = parser.getValue();
            if (parser.hasNext()) {
                throw new ProtocolException(ProtocolError.INVALID_JSON, "more after the payload");
            }
            return value;
        } catch (RuntimeException e) {
            throw new ProtocolException(ProtocolError.INVALID_JSON, e.getMessage());
        }
    }

    private static String quote(char c) {
        return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }

    private record Pending(SocketPacketType type, String namespace, Long ackId, JsonValue data,
                           int attachmentCount) {
    }

    /** Looks the JSON-P provider up on first use only, rather than on every call or whenever the class loads. */
    private static final class Parsers {
        static final JsonParserFactory FACTORY = Json.createParserFactory(Map.of());
    }
}
