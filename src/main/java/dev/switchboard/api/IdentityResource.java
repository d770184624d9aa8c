package dev.switchboard.api;

import dev.switchboard.protocol.JsonBuilders;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** {@code GET /api/me}: who the bearer token says the caller is (401 without a valid token). */
@Path("me")
@RequestScoped
@PermitAll
public class IdentityResource {

    @Inject
    private JsonWebToken jwt;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject me() {
        if (jwt == null || jwt.getName() == null) {
            throw new ApiException(401, "a valid bearer token is required");
        }
        JsonArrayBuilder groups = JsonBuilders.array();
        jwt.getGroups().stream().sorted().forEach(groups::add);
        return JsonBuilders.object()
                .add("name", jwt.getName())
                .add("subject", jwt.getSubject() == null ? "" : jwt.getSubject())
                .add("groups", groups)
                .add("expiresAt", jwt.getExpirationTime() * 1000)
                .build();
    }
}
