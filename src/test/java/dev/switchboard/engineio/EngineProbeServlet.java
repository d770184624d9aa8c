package dev.switchboard.engineio;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Test-only window into the engine, added to the built WAR by the integration tests. */
@WebServlet("/test-probe/engine")
public class EngineProbeServlet extends HttpServlet {

    @Inject
    private EngineServer server;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        long ourThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("switchboard-"))
                .count();
        if (req.getParameter("threads") != null) {
            resp.setContentType("text/plain");
            StringBuilder dump = new StringBuilder();
            for (java.lang.management.ThreadInfo t : java.lang.management.ManagementFactory.getThreadMXBean()
                    .dumpAllThreads(true, true)) {
                dump.append(t);
            }
            resp.getWriter().write(dump.toString());
            return;
        }
        resp.setContentType("application/json");
        if (req.getParameter("heap") != null) {
            // collect twice (what the first collection frees may need a second one), then report what is left
            System.gc();
            System.gc();
            Runtime rt = Runtime.getRuntime();
            resp.getWriter().write(Json.createObjectBuilder()
                    .add("usedHeap", rt.totalMemory() - rt.freeMemory())
                    .build().toString());
            return;
        }
        if (req.getParameter("list") != null) {
            var list = Json.createArrayBuilder();
            for (EngineSession session : server.sessions()) {
                Handshake h = session.handshake();
                list.add(Json.createObjectBuilder()
                        .add("sid", session.id())
                        .add("transport", session.transport().wireName())
                        .add("upgrading", session.upgrading())
                        .add("closing", session.closing())
                        .add("peer", String.valueOf(h.remoteAddress()))
                        .add("forwardedFor", String.valueOf(h.header("x-forwarded-for")))
                        .add("url", h.url())
                        .add("ageMillis", java.time.Duration.between(h.issued(), java.time.Instant.now()).toMillis()));
            }
            resp.getWriter().write(list.build().toString());
            return;
        }
        String held = req.getParameter("held");
        if (held != null) {
            EngineSession session = server.find(held);
            resp.getWriter().write(Json.createObjectBuilder()
                    .add("held", session != null && session.currentTransport().isHoldingRequest())
                    .build().toString());
            return;
        }
        resp.getWriter().write(Json.createObjectBuilder()
                .add("instance", System.identityHashCode(server.config()))
                .add("sessions", server.sessionCount())
                .add("timers", server.pendingTimers())
                .add("engineThreads", server.threadCount())
                .add("switchboardThreads", ourThreads)
                .add("httpWorkers", Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().startsWith("http-thread-pool")).count())
                .add("trackedAddresses", server.trackedAddresses())
                .add("tyrusIdleShortcut", dev.switchboard.engineio.websocket.IdleTimerShortcut.installed())
                .add("tyrusContainerSkips", dev.switchboard.engineio.websocket.IdleTimerShortcut.skippedOnContainer())
                .add("tyrusRawFrames", dev.switchboard.engineio.websocket.RawFrames.installed())
                .add("grizzlyDirectWrites", dev.switchboard.engineio.websocket.RawFrames.direct())
                .add("ownedWebSockets", dev.switchboard.engineio.websocket.GrizzlyUpgradeHandler.opened())
                .add("ownedReleased", dev.switchboard.engineio.websocket.GrizzlyUpgradeHandler.released())
                .add("ownedHandlersDestroyed", dev.switchboard.engineio.websocket.GrizzlyUpgradeHandler.destroyed())
                .add("writerThreads", server.writeLanes().size())
                .add("writerThreadClass", server.writeLanes().threadClass())
                .build().toString());
    }
}
