package dev.switchboard.fuzz;

import dev.switchboard.engineio.PollingClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Sends every {@code stride}-th corpus entry (from {@code first}) as the body of a polling POST: a handshake GET,
 * {@code 40} when the entry asks for it, then one POST per entry while the server answers {@code ok}. Any other
 * answer means the server closed the session: one GET collects its close packet (as a client would), and the next
 * entry starts a new session. Every HTTP status is counted; 5xx, an error without the JSON error body, and a
 * request that fails are violations.
 */
final class PollingFuzzer implements Runnable {

    static final String TRANSPORT = "polling";
    private static final byte[] CONNECT = "40".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern ERROR_BODY = Pattern.compile("\\{\"code\":\\d+,\"message\":\"[^\"]+\"}");

    private final PollingClient http;
    private final List<FuzzFrame> corpus;
    private final int first;
    private final int stride;
    private final FuzzReport report;
    private String sid;
    private boolean connected;

    PollingFuzzer(URI base, List<FuzzFrame> corpus, int first, int stride, FuzzReport report) {
        // HTTP/1.1: over h2c the JDK client never reads the 413 that answers an oversized body early
        this.http = new PollingClient(base.resolve("socket.io/"), HttpClient.Version.HTTP_1_1);
        this.corpus = corpus;
        this.first = first;
        this.stride = stride;
        this.report = report;
    }

    @Override
    public void run() {
        for (int i = first; i < corpus.size(); i += stride) {
            FuzzFrame frame = corpus.get(i);
            long from = System.currentTimeMillis();
            send(frame);
            report.window(TRANSPORT, frame, from, System.currentTimeMillis());
        }
        if (sid != null) {
            HttpResponse<String> bye = post(null, "POST close", "1".getBytes(StandardCharsets.US_ASCII));
            if (bye != null && bye.statusCode() != 200) {
                collectClose(null); // the server had closed the session already (the last entry, a timeout)
            }
        }
    }

    private void send(FuzzFrame frame) {
        if (sid == null && !handshake(frame)) {
            return;
        }
        if (frame.connectFirst() && !connected) {
            HttpResponse<String> r = post(frame, "POST 40", CONNECT);
            if (r != null && r.statusCode() != 200) {
                // the session ended after the previous entry (its own close packet, a timeout): start over, once
                collectClose(frame);
                r = handshake(frame) ? post(frame, "POST 40", CONNECT) : null;
            }
            if (r == null || r.statusCode() != 200) {
                report.violation(TRANSPORT, frame, "a valid CONNECT on a new session was not accepted: " + describe(r));
                if (sid != null) {
                    collectClose(frame);
                }
                return;
            }
            connected = true;
        }
        HttpResponse<String> r = post(frame, "POST", frame.pollingBody());
        if (r != null && (r.statusCode() == 413) != (frame.pollingBody().length > FrameCorpus.MAX_PAYLOAD)) {
            report.violation(TRANSPORT, frame, "a body of " + frame.pollingBody().length + " bytes (maxPayload "
                    + FrameCorpus.MAX_PAYLOAD + ") was answered " + describe(r));
        }
        if (r == null || r.statusCode() != 200) {
            collectClose(frame);
        }
    }

    private boolean handshake(FuzzFrame frame) {
        HttpResponse<String> r = request(frame, "handshake GET",
                HttpRequest.newBuilder(http.uri("EIO=4&transport=polling")).GET());
        if (r == null || r.statusCode() != 200 || !r.body().startsWith("0{")) {
            report.violation(TRANSPORT, frame, "the handshake failed: " + describe(r));
            return false;
        }
        sid = PollingClient.openPacket(r.body()).getString("sid");
        connected = false;
        return true;
    }

    private HttpResponse<String> post(FuzzFrame frame, String what, byte[] body) {
        HttpResponse<String> r = request(frame, what, HttpRequest.newBuilder(http.sessionUri(sid))
                .header("Content-Type", "text/plain;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        if (r != null && r.statusCode() == 200 && !"ok".equals(r.body())) {
            report.violation(TRANSPORT, frame, what + " answered 200 without \"ok\": " + describe(r));
        }
        return r;
    }

    /** The session is closing or gone: take its close packet, as a client would, and start over next time. */
    private void collectClose(FuzzFrame frame) {
        HttpResponse<String> r = request(frame, "GET after an error",
                HttpRequest.newBuilder(http.sessionUri(sid)).GET());
        if (r != null && r.statusCode() == 200 && !r.body().endsWith("1")) {
            report.violation(TRANSPORT, frame, "the GET after an error did not end with the close packet: "
                    + describe(r));
        }
        sid = null;
        connected = false;
    }

    /** Sends a request and checks its answer; {@code null} (recorded) when it failed. */
    private HttpResponse<String> request(FuzzFrame frame, String what, HttpRequest.Builder request) {
        HttpResponse<String> r;
        try {
            r = http.send(request);
        } catch (AssertionError failed) { // PollingClient's way of reporting an IOException or a timeout
            report.count("polling " + what + " failed");
            report.violation(TRANSPORT, frame, what + " failed: " + failed.getMessage());
            return null;
        }
        report.count("polling " + what + " " + r.statusCode());
        if (r.statusCode() >= 500) {
            report.violation(TRANSPORT, frame, what + " answered " + describe(r));
        } else if (r.statusCode() != 200 && !(isJson(r) && ERROR_BODY.matcher(r.body()).matches())) {
            report.violation(TRANSPORT, frame, what + " answered an error without the JSON error body: " + describe(r));
        }
        return r;
    }

    private static boolean isJson(HttpResponse<String> r) {
        return r.headers().firstValue("Content-Type").orElse("").startsWith("application/json");
    }

    private static String describe(HttpResponse<String> r) {
        if (r == null) {
            return "no response";
        }
        String body = r.body();
        return r.statusCode() + " " + (body.length() > 200 ? body.substring(0, 200) + "…" : body);
    }
}
