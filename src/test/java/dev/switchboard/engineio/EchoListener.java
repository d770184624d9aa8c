package dev.switchboard.engineio;

import dev.switchboard.protocol.EnginePacket;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

/**
 * Test-only layer above the engine, added to the built WAR by the integration tests: echoes every message back,
 * and obeys a few text commands ({@code close}, {@code flood:N}, {@code volatile:N}).
 */
@ApplicationScoped
@Alternative
@Priority(10_000)
public class EchoListener implements EngineListener {

    @Override
    public void onOpen(EngineSession session) {
    }

    @Override
    public void onMessage(EngineSession session, EnginePacket message) {
        if (message.isBinary()) {
            session.send(message.binary());
        } else if ("close".equals(message.text())) {
            session.close();
        } else if (message.text().startsWith("flood:")) {
            int n = Integer.parseInt(message.text().substring("flood:".length()));
            for (int i = 0; i < n; i++) {
                if (!session.send("m" + i)) {
                    break;
                }
            }
        } else if (message.text().startsWith("volatile:")) {
            int n = Integer.parseInt(message.text().substring("volatile:".length()));
            for (int i = 0; i < n; i++) {
                session.sendIfReady(java.util.List.of(EnginePacket.message("v" + i)));
            }
        } else {
            session.send(message.text());
        }
    }

    @Override
    public void onClose(EngineSession session, EngineCloseReason reason) {
    }
}
