package dev.switchboard.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * Socket.IO v5 packet encoder. A packet is written as
 * {@code <type>[<attachment count>-][<namespace>,][<ack id>][<JSON payload>]}, the namespace left out when it is
 * the main one, and travels as one Engine.IO text message followed by one binary message per attachment.
 * Decoding needs state that spans those messages, so it lives in {@link SocketDecoder}.
 */
public final class SocketCodec {

    private SocketCodec() {
    }

    /** The text message of a packet; its attachments, if any, are not part of it. */
    public static String encode(SocketPacket packet) {
        StringBuilder out = new StringBuilder().append(packet.type().code());
        if (packet.type().isBinary()) {
            out.append(packet.attachments().size()).append('-');
        }
        if (!SocketPacket.MAIN_NAMESPACE.equals(packet.namespace())) {
            out.append(packet.namespace()).append(',');
        }
        if (packet.ackId() != null) {
            out.append(packet.ackId());
        }
        if (packet.data() != null) {
            appendWellFormed(out, packet.data().toString());
        }
        return out.toString();
    }

    /**
     * Appends JSON text with every unpaired surrogate written as a JSON escape (backslash, {@code u}, four hex
     * digits), as JavaScript's {@code JSON.stringify} writes it. JSON-P writes such a character raw, and raw it has no
     * UTF-8 form, so the message could not be sent: a peer may send one escaped (valid JSON) and have it echoed.
     * Outside strings JSON text is ASCII, so the escape always lands inside a string, where it means the same.
     */
    private static void appendWellFormed(StringBuilder out, String json) {
        int first = 0;
        while (first < json.length() && !Character.isSurrogate(json.charAt(first))) {
            first++;
        }
        out.append(json, 0, first);
        for (int i = first; i < json.length(); i++) {
            char c = json.charAt(i);
            if (!Character.isSurrogate(c)) {
                out.append(c);
            } else if (Character.isHighSurrogate(c) && i + 1 < json.length()
                    && Character.isLowSurrogate(json.charAt(i + 1))) {
                out.append(c).append(json.charAt(++i));
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
    }

    /**
     * The Engine.IO messages that carry a packet, in sending order: the text message, then each attachment.
     * Encoding happens once, so a broadcast can hand the same list to every transport.
     */
    public static List<EnginePacket> encodeMessages(SocketPacket packet) {
        List<EnginePacket> messages = new ArrayList<>(1 + packet.attachments().size());
        messages.add(EnginePacket.message(encode(packet)));
        for (byte[] attachment : packet.attachments()) {
            messages.add(EnginePacket.message(attachment));
        }
        return List.copyOf(messages);
    }
}
