package dev.switchboard.engineio.websocket;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads client-to-server WebSocket frames (RFC 6455 section 5) from a byte stream that arrives in chunks of any
 * size, and hands whole messages and control frames to a {@link Sink}. It is the read half of a WebSocket
 * connection that Switchboard owns below the servlet container (the write half is {@link WebSocketFrames});
 * Tyrus reads the connections of the portable path.
 * <p>
 * Every rule a server must enforce ends the stream with one {@link Sink#fail} carrying the close code the server
 * answers with: 1002 for a protocol error (an unmasked frame, a reserved bit or opcode, a fragmented or oversized
 * control frame, a continuation without a message or a new message inside one, a close frame with one byte or a
 * code no endpoint may send), 1007 for text or a close reason that is not UTF-8, 1009 for a message over the limit
 * (known from the frame header, before its payload arrives). No extension is ever negotiated, so the reserved bits
 * must be zero. After a close frame or a failure the decoder ignores whatever follows.
 * <p>
 * An idle connection costs this object's fields only: a message's bytes are kept while it arrives, then dropped.
 * Not thread-safe: one connection's reads arrive one at a time.
 */
final class FrameDecoder {

    /** What the decoder found; called on the thread that called {@link #feed}. */
    interface Sink {
        void text(String message);

        void binary(byte[] message);

        void ping(byte[] payload);

        void pong(byte[] payload);

        /** The peer's close frame: {@code code} 1005 when it carried none. Nothing is read after it. */
        void closed(int code, String reason);

        /** The stream broke a rule: close with {@code code}. Nothing is read after it. */
        void fail(int code, String reason);
    }

    static final int PROTOCOL_ERROR = 1002;
    static final int INVALID_DATA = 1007;
    static final int TOO_BIG = 1009;
    static final int NO_STATUS = 1005;

    private static final int OP_CONTINUATION = 0x0;
    private static final int OP_TEXT = 0x1;
    private static final int OP_BINARY = 0x2;
    private static final int OP_CLOSE = 0x8;
    private static final int OP_PING = 0x9;
    private static final int OP_PONG = 0xA;
    private static final byte[] EMPTY = new byte[0];

    private enum Step { FIRST, SECOND, LENGTH, MASK, PAYLOAD, DONE }

    private final int maxMessage;
    private final Sink sink;

    private Step step = Step.FIRST;
    private boolean fin;
    private int opcode;
    /** Bytes of the extended length or of the mask key still to read. */
    private int pending;
    private long length;
    private int mask;
    /** The message being assembled (its frames' payloads back to back), or {@code null} between messages. */
    private byte[] message;
    /** The current control frame's payload (at most 125 bytes); it never touches {@link #message}. */
    private byte[] control;
    /** Where the current frame's payload goes: {@link #message} or {@link #control}. */
    private byte[] frame;
    /** Where the current frame's payload starts in {@link #frame}, and how much of it has arrived. */
    private int frameStart;
    private int received;
    /** The opcode of the fragmented message in progress (text or binary), or -1 when none is. */
    private int messageOpcode = -1;
    /** Bytes of the message in progress before the current frame. */
    private int messageLength;

    FrameDecoder(int maxMessage, Sink sink) {
        this.maxMessage = maxMessage;
        this.sink = sink;
    }

    /** True after a close frame or a failure: the rest of the stream is ignored. */
    boolean finished() {
        return step == Step.DONE;
    }

    /** Reads every byte of {@code in} (its position ends at its limit; bytes after the end are skipped). */
    void feed(ByteBuffer in) {
        while (in.hasRemaining() && step != Step.DONE) {
            switch (step) {
                case FIRST -> first(in.get());
                case SECOND -> second(in.get());
                case LENGTH -> {
                    length = (length << 8) | (in.get() & 0xFF);
                    if (--pending == 0) {
                        lengthKnown();
                    }
                }
                case MASK -> {
                    mask = (mask << 8) | (in.get() & 0xFF);
                    if (--pending == 0) {
                        startPayload();
                    }
                }
                case PAYLOAD -> readPayload(in);
                default -> throw new IllegalStateException(step.name());
            }
        }
        in.position(in.limit());
    }

    private void first(byte b) {
        if ((b & 0x70) != 0) {
            fail(PROTOCOL_ERROR, "reserved bits set without an extension");
            return;
        }
        fin = (b & 0x80) != 0;
        opcode = b & 0x0F;
        boolean control = (opcode & 0x8) != 0;
        if (control) {
            if (opcode != OP_CLOSE && opcode != OP_PING && opcode != OP_PONG) {
                fail(PROTOCOL_ERROR, "reserved opcode " + opcode);
            } else if (!fin) {
                fail(PROTOCOL_ERROR, "fragmented control frame");
            }
        } else if (opcode == OP_CONTINUATION) {
            if (messageOpcode < 0) {
                fail(PROTOCOL_ERROR, "continuation frame without a message");
            }
        } else if (opcode != OP_TEXT && opcode != OP_BINARY) {
            fail(PROTOCOL_ERROR, "reserved opcode " + opcode);
        } else if (messageOpcode >= 0) {
            fail(PROTOCOL_ERROR, "new message inside a fragmented one");
        }
        if (step != Step.DONE) {
            step = Step.SECOND;
        }
    }

    private void second(byte b) {
        if ((b & 0x80) == 0) {
            fail(PROTOCOL_ERROR, "client frame not masked");
            return;
        }
        int n = b & 0x7F;
        length = 0;
        if (n < 126) {
            length = n;
            lengthKnown();
        } else {
            pending = n == 126 ? 2 : 8;
            step = Step.LENGTH;
        }
    }

    private void lengthKnown() {
        if (length < 0) {
            fail(PROTOCOL_ERROR, "frame length has its most significant bit set");
            return;
        }
        if ((opcode & 0x8) != 0) {
            if (length > 125) {
                fail(PROTOCOL_ERROR, "control frame over 125 bytes");
                return;
            }
        } else if (messageLength + length > maxMessage) {
            fail(TOO_BIG, "message over " + maxMessage + " bytes");
            return;
        }
        mask = 0;
        pending = 4;
        step = Step.MASK;
    }

    private void startPayload() {
        int n = (int) length;
        if ((opcode & 0x8) != 0) {
            control = n == 0 ? EMPTY : new byte[n];
            frame = control;
            frameStart = 0;
        } else if (opcode == OP_CONTINUATION) {
            if (message.length < messageLength + n) {
                message = Arrays.copyOf(message, messageLength + n);
            }
            frame = message;
            frameStart = messageLength;
        } else {
            message = n == 0 ? EMPTY : new byte[n];
            frame = message;
            frameStart = 0;
        }
        received = 0;
        step = Step.PAYLOAD;
        if (n == 0) {
            frameDone();
        }
    }

    private void readPayload(ByteBuffer in) {
        int take = (int) Math.min(in.remaining(), length - received);
        int at = frameStart + received;
        in.get(frame, at, take);
        for (int i = 0; i < take; i++) {
            int k = (received + i) & 3;
            frame[at + i] ^= (byte) (mask >>> (24 - 8 * k));
        }
        received += take;
        if (received == length) {
            frameDone();
        }
    }

    /** A whole frame arrived: control frames go out at once (also between a message's fragments). */
    private void frameDone() {
        step = Step.FIRST;
        frame = null;
        byte[] body = control;
        control = null;
        switch (opcode) {
            case OP_PING -> sink.ping(body);
            case OP_PONG -> sink.pong(body);
            case OP_CLOSE -> closeFrame(body);
            default -> dataFrame((int) length);
        }
    }

    private void dataFrame(int n) {
        if (opcode != OP_CONTINUATION) {
            messageOpcode = opcode;
        }
        messageLength += n;
        if (!fin) {
            return;
        }
        byte[] whole = message.length == messageLength ? message : Arrays.copyOf(message, messageLength);
        int kind = messageOpcode;
        messageOpcode = -1;
        messageLength = 0;
        message = null;
        if (kind == OP_BINARY) {
            sink.binary(whole);
            return;
        }
        String text = utf8(whole, 0, whole.length);
        if (text == null) {
            fail(INVALID_DATA, "text message is not UTF-8");
        } else {
            sink.text(text);
        }
    }

    private void closeFrame(byte[] body) {
        step = Step.DONE;
        message = null;
        if (body.length == 0) {
            sink.closed(NO_STATUS, "");
            return;
        }
        if (body.length == 1) {
            sink.fail(PROTOCOL_ERROR, "close frame with a one-byte body");
            return;
        }
        int code = ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
        if (!sendable(code)) {
            sink.fail(PROTOCOL_ERROR, "close code " + code + " may not be sent");
            return;
        }
        String reason = utf8(body, 2, body.length - 2);
        if (reason == null) {
            sink.fail(INVALID_DATA, "close reason is not UTF-8");
        } else {
            sink.closed(code, reason);
        }
    }

    /** RFC 6455 section 7.4: the codes an endpoint may put in a close frame. */
    static boolean sendable(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }

    private void fail(int code, String reason) {
        step = Step.DONE;
        message = null;
        control = null;
        frame = null;
        sink.fail(code, reason);
    }

    /** Strict UTF-8 (malformed or truncated sequences are refused), or {@code null}. */
    private static String utf8(byte[] bytes, int from, int count) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, from, count));
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
