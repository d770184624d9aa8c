package dev.switchboard.fuzz;

import dev.switchboard.engineio.WsClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Sends every {@code stride}-th entry of its share of the corpus (from {@code first}) over WebSocket connections: an
 * Engine.IO handshake, {@code 40} when the entry asks for it, then the entry's messages on the same connection as
 * long as the server keeps it open, and a new connection when the server closes it. After each entry a CONNECT to
 * a namespace that does not exist ({@code 40/fuzz-sync-N,}) must come back as CONNECT_ERROR: that tells "still
 * open" from "closed because of this entry" (a close arrives instead), and catches a server that stops answering.
 */
final class WebSocketFuzzer implements Runnable {

    static final String TRANSPORT = "websocket";
    /** Close codes a server may send for bad input; 1011 ("unexpected condition") means an exception escaped. */
    static final Set<Integer> PROTOCOL_CLOSE_CODES = Set.of(1000, 1001, 1002, 1003, 1007, 1008, 1009);
    private static final int MESSAGE_TOO_BIG = 1009;
    /** What {@link #await} returns when the expected text frame arrived. */
    private static final Object ANSWERED = new Object();

    private final URI uri;
    private final List<FuzzFrame> corpus;
    private final int first;
    private final int stride;
    private final Duration answer;
    private final FuzzReport report;
    private WsClient ws;
    private boolean connectSent;
    private int syncs;

    WebSocketFuzzer(URI base, List<FuzzFrame> corpus, int first, int stride, Duration answer, FuzzReport report) {
        this.uri = URI.create("ws://" + base.getHost() + ":" + base.getPort() + base.getPath()
                + "socket.io/?EIO=4&transport=websocket");
        this.corpus = corpus;
        this.first = first;
        this.stride = stride;
        this.answer = answer;
        this.report = report;
    }

    @Override
    public void run() {
        try {
            for (int i = first; i < corpus.size(); i += stride) {
                FuzzFrame frame = corpus.get(i);
                long from = System.currentTimeMillis();
                if (ws != null || open(frame)) {
                    send(frame);
                }
                report.window(TRANSPORT, frame, from, System.currentTimeMillis());
            }
            if (ws != null) {
                ws.closeNormally();
                Object end = await(s -> false);
                report.count("websocket client close answered with "
                        + (end instanceof WsClient.Closed c ? c.code() : String.valueOf(end)));
            }
        } finally {
            if (ws != null) {
                ws.close();
            }
        }
    }

    /** Opens a connection and takes the open packet; false (recorded) when that fails. */
    private boolean open(FuzzFrame frame) {
        try {
            ws = WsClient.connect(uri);
        } catch (RuntimeException e) {
            String what = e.getCause() instanceof WebSocketHandshakeException refused
                    ? "refused with HTTP " + refused.getResponse().statusCode() : "failed: " + e;
            report.count("websocket handshake " + what);
            report.violation(TRANSPORT, frame, "the WebSocket handshake " + what);
            return false;
        }
        connectSent = false;
        Object opened = await(s -> s.startsWith("0{"));
        if (opened != ANSWERED) {
            report.violation(TRANSPORT, frame, "no open packet but " + opened);
            drop();
            return false;
        }
        return true;
    }

    private void send(FuzzFrame frame) {
        String sync = "/fuzz-sync-" + syncs++ + ",";
        boolean sendFailed = false;
        try {
            if (frame.connectFirst() && !connectSent) {
                ws.send("40"); // its answer (40{"sid":...}) is skipped: the entry itself may have joined "/" already
                connectSent = true;
            }
            for (Object message : frame.messages()) {
                if (message instanceof String text) {
                    ws.send(text);
                } else {
                    ws.send((byte[]) message);
                }
            }
            ws.send("40" + sync);
        } catch (RuntimeException closedWhileSending) {
            sendFailed = true; // the server closed the connection while the entry was on its way
        }
        boolean tooBig = frame.hasMessageOver(FrameCorpus.MAX_PAYLOAD);
        Object outcome = await(s -> s.startsWith("44" + sync));
        if (outcome == ANSWERED) {
            report.count("websocket still open");
            if (tooBig) {
                report.violation(TRANSPORT, frame, "a message over maxPayload was accepted");
            }
            return;
        }
        drop();
        if (outcome instanceof WsClient.Closed close) {
            report.count("websocket close " + close.code());
            if (!PROTOCOL_CLOSE_CODES.contains(close.code())) {
                report.violation(TRANSPORT, frame, "closed with " + close.code() + " " + close.reason());
            } else if (tooBig != (close.code() == MESSAGE_TOO_BIG)) {
                report.violation(TRANSPORT, frame, "closed with " + close.code() + " " + close.reason() + " although "
                        + (tooBig ? "a message was over maxPayload" : "no message was over maxPayload"));
            }
        } else if (outcome instanceof IOException) {
            // Tyrus closes the TCP connection right after its close frame, without waiting for the client's: bytes
            // the client still sends make the peer reset the connection, and the reset can overtake the close frame
            report.count("websocket reset after the server closed");
        } else if (outcome == null) {
            report.count("websocket no answer");
            report.violation(TRANSPORT, frame, "no answer to 40" + sync + " within " + answer + " (server hung?)");
        } else {
            report.count("websocket failed");
            report.violation(TRANSPORT, frame, "the connection failed instead of closing: " + outcome);
        }
        if (sendFailed) {
            report.count("websocket closed while sending");
        }
    }

    /**
     * Reads until a text frame matches ({@link #ANSWERED}), the server closes ({@link WsClient.Closed}), the
     * connection fails (the {@link Throwable}) or nothing comes within the answer time ({@code null}).
     */
    private Object await(Predicate<String> expected) {
        while (true) {
            Object event;
            try {
                event = ws.next(answer);
            } catch (AssertionError silent) {
                return null;
            }
            if (event instanceof String text && expected.test(text)) {
                return ANSWERED;
            }
            if (event instanceof WsClient.Closed || event instanceof Throwable) {
                return event;
            }
        }
    }

    private void drop() {
        ws.close();
        ws = null;
    }
}
