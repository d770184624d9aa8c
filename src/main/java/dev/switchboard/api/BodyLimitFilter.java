package dev.switchboard.api;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Refuses request bodies over {@code switchboard.api.max-body-bytes} (default 1 MB) with a 413 problem body: by
 * {@code Content-Length} when sent, else by reading at most one byte more than the limit.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class BodyLimitFilter implements ContainerRequestFilter {

    static final String KEY = "switchboard.api.max-body-bytes";

    private final int max = ConfigProvider.getConfig().getOptionalValue(KEY, Integer.class).orElse(1_000_000);

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        if (!request.hasEntity()) {
            return;
        }
        if (request.getLength() > max) {
            request.abortWith(Problem.response(413, tooLarge()));
            return;
        }
        InputStream in = request.getEntityStream();
        byte[] body = in.readNBytes(max + 1);
        if (body.length > max) {
            request.abortWith(Problem.response(413, tooLarge()));
            return;
        }
        request.setEntityStream(new ByteArrayInputStream(body));
    }

    private String tooLarge() {
        return "the body is larger than " + max + " bytes";
    }
}
