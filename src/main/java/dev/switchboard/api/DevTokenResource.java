package dev.switchboard.api;

import dev.switchboard.auth.DevTokenIssuer;
import dev.switchboard.protocol.JsonBuilders;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /api/dev/token} with {@code {"subject":"alice","groups":["user"],"lifetimeSeconds":600}}: a signed
 * token for the demo. Answers 404 unless development mode is on ({@link DevTokenIssuer}).
 */
@Path("dev/token")
@RequestScoped
@PermitAll
public class DevTokenResource {

    private static final String NAME = "[A-Za-z0-9_.@-]{1,64}";

    @Inject
    private DevTokenIssuer issuer;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject mint(JsonObject request) {
        if (!issuer.enabled()) {
            throw new ApiException(404, "no such resource");
        }
        if (request == null || !(request.get("subject") instanceof JsonString subject)
                || !subject.getString().matches(NAME)) {
            throw new ApiException(400, "subject: 1-64 characters of letters, digits, _ . @ -");
        }
        List<String> groups = new ArrayList<>();
        JsonValue g = request.get("groups");
        if (g != null && g.getValueType() != JsonValue.ValueType.NULL) {
            if (g.getValueType() != JsonValue.ValueType.ARRAY || g.asJsonArray().size() > 20) {
                throw new ApiException(400, "groups: an array of at most 20 role names");
            }
            for (JsonValue v : g.asJsonArray()) {
                if (!(v instanceof JsonString s) || !s.getString().matches(NAME)) {
                    throw new ApiException(400, "groups: role names of letters, digits, _ . @ -");
                }
                groups.add(s.getString());
            }
        }
        long seconds = request.containsKey("lifetimeSeconds") ? request.getJsonNumber("lifetimeSeconds") == null ? -1
                : request.getJsonNumber("lifetimeSeconds").longValue() : 600;
        if (seconds < 1 || seconds > DevTokenIssuer.MAX_LIFETIME.toSeconds()) {
            throw new ApiException(400, "lifetimeSeconds: 1 to " + DevTokenIssuer.MAX_LIFETIME.toSeconds());
        }
        DevTokenIssuer.Minted minted = issuer.mint(subject.getString(), groups, Duration.ofSeconds(seconds));
        return JsonBuilders.object()
                .add("token", minted.token())
                .add("expiresAt", minted.expiresAt().toEpochMilli())
                .build();
    }
}
