package dev.switchboard.engineio.websocket;

import jakarta.annotation.PreDestroy;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The servlet upgrade handler of {@link GrizzlyWebSocket}: the container makes it in
 * {@link jakarta.servlet.http.HttpServletRequest#upgrade} and calls {@link #init} once it has handled the upgrade
 * request; the socket is handed over in between ({@link #prepare}). Either order starts the socket once.
 */
public class GrizzlyUpgradeHandler implements HttpUpgradeHandler {

    private static final AtomicLong DESTROYED = new AtomicLong();

    private GrizzlyWebSocket socket;
    private WebConnection connection;

    /** How many connections were upgraded to owned WebSocket connections (for monitoring and tests). */
    public static long opened() {
        return GrizzlyWebSocket.opened();
    }

    /** How many of those let the container's HTTP state of their upgrade request go (after their first read). */
    public static long released() {
        return GrizzlyWebSocket.released();
    }

    /**
     * How many handlers the container destroyed (see {@link ContainerUpgradeHandlers}: when their connection closed;
     * for monitoring and tests).
     */
    public static long destroyed() {
        return DESTROYED.get();
    }

    /** For the container. */
    public GrizzlyUpgradeHandler() {
    }

    synchronized void prepare(GrizzlyWebSocket socket) {
        this.socket = socket;
        startWhenBoth();
    }

    @Override
    public synchronized void init(WebConnection wc) {
        this.connection = wc;
        startWhenBoth();
    }

    /**
     * Starts the socket once both arrived, then forgets both: the container may keep this handler for the
     * connection's life, and the web connection holds the upgrade request and response, the state the socket
     * lets go of.
     */
    private void startWhenBoth() {
        if (socket != null && connection != null) {
            GrizzlyWebSocket s = socket;
            WebConnection wc = connection;
            socket = null;
            connection = null;
            s.start(wc);
        }
    }

    /** The container destroys the managed object: it no longer holds this handler. */
    @PreDestroy
    void destroyedByContainer() {
        DESTROYED.incrementAndGet();
    }

    @Override
    public void destroy() {
        // the socket learns of the end of its connection from Grizzly, not from here
    }
}
