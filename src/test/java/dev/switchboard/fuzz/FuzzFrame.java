package dev.switchboard.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * One entry of the {@link FrameCorpus}: what goes over a WebSocket (each element one message: a {@code String} is a
 * text frame, a {@code byte[]} a binary frame) and the body of one polling POST that carries the same thing (the
 * messages joined by {@code \x1e}, binary ones as {@code b<base64>}, unless the category needs raw bytes there).
 *
 * @param index        the position in the corpus: with the seed, all it takes to find the entry again
 * @param connectFirst whether the fuzz connection joins the main namespace ({@code 40}) before this entry, so that
 *                     events reach handlers instead of being dropped as coming from an unconnected client
 */
public record FuzzFrame(int index, FrameCorpus.Category category, boolean connectFirst, List<Object> messages,
                        byte[] pollingBody) {

    private static final int SHOWN = 160;

    public FuzzFrame {
        messages = List.copyOf(messages);
        for (Object m : messages) {
            if (!(m instanceof String) && !(m instanceof byte[])) {
                throw new IllegalArgumentException("a message is a String or a byte[]: " + m);
            }
        }
    }

    /** The polling body that carries {@code messages}: joined with the record separator, binary as base64. */
    static byte[] joined(List<Object> messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < messages.size(); i++) {
            if (i > 0) {
                out.write(0x1e);
            }
            if (messages.get(i) instanceof byte[] binary) {
                out.writeBytes(("b" + Base64.getEncoder().encodeToString(binary)).getBytes(StandardCharsets.US_ASCII));
            } else {
                out.writeBytes(((String) messages.get(i)).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }

    /** Whether one of the WebSocket messages is over {@code limit} bytes (the server must refuse it with 1009). */
    public boolean hasMessageOver(int limit) {
        for (Object m : messages) {
            int size = m instanceof byte[] binary ? binary.length
                    : ((String) m).length() > limit / 3 ? ((String) m).getBytes(StandardCharsets.UTF_8).length : 0;
            if (size > limit) {
                return true;
            }
        }
        return false;
    }

    /** A short, printable description for failure messages: index, category and the start of each message. */
    public String describe() {
        StringBuilder out = new StringBuilder("#").append(index).append(' ').append(category)
                .append(connectFirst ? " (after 40)" : "").append(": ");
        for (int i = 0; i < messages.size(); i++) {
            out.append(i == 0 ? "" : " + ");
            if (messages.get(i) instanceof byte[] binary) {
                out.append("binary[").append(binary.length).append("] ").append(hex(binary));
            } else {
                out.append(printable((String) messages.get(i)));
            }
        }
        if (!java.util.Arrays.equals(pollingBody, joined(messages))) {
            out.append(" | polling body[").append(pollingBody.length).append("] ").append(hex(pollingBody));
        }
        return out.toString();
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < Math.min(text.length(), SHOWN); i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        out.append('"');
        if (text.length() > SHOWN) {
            out.append("…(").append(text.length()).append(" chars)");
        }
        return out.toString();
    }

    private static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(bytes.length, SHOWN / 2); i++) {
            out.append(String.format("%02x", bytes[i]));
        }
        return bytes.length > SHOWN / 2 ? out + "…" : out.toString();
    }
}
