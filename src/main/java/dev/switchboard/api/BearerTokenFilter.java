package dev.switchboard.api;

import dev.switchboard.auth.InvalidTokenException;
import dev.switchboard.auth.TokenService;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;

/**
 * Holds API tokens to the same rules as the Socket.IO handshake: after the container's MicroProfile JWT has
 * accepted a bearer token, {@link TokenService} checks it again, so a token the handshake refuses (over the size
 * cap, not yet valid: Payara does not check {@code nbf}) is refused here too, with a 401 problem body.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public class BearerTokenFilter implements ContainerRequestFilter {

    @Inject
    private TokenService tokens;

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return;
        }
        try {
            tokens.verify(header.substring(7).trim());
        } catch (InvalidTokenException e) {
            request.abortWith(Problem.response(401, e.rejection().message()));
        }
    }
}
