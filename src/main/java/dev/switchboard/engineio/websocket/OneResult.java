package dev.switchboard.engineio.websocket;

import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.util.concurrent.CancellationException;

/**
 * A write's outcome from a container's own completion callbacks, passed to the transport's {@link SendHandler}
 * once: a container may report a write both failed and cancelled, and the transport must hear of it once.
 */
class OneResult {

    /** A successful result carries nothing: one for every write. */
    static final SendResult OK = new SendResult();

    private final SendHandler done;
    private boolean told;

    OneResult(SendHandler done) {
        this.done = done;
    }

    final void ok() {
        tell(OK);
    }

    final void failedWith(Throwable error) {
        tell(new SendResult(error));
    }

    final void wasCancelled() {
        tell(new SendResult(new CancellationException("write cancelled")));
    }

    private void tell(SendResult result) {
        synchronized (this) {
            if (told) {
                return;
            }
            told = true;
        }
        done.onResult(result);
    }
}
