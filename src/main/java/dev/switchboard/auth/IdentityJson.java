package dev.switchboard.auth;

import dev.switchboard.protocol.JsonBuilders;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * An {@link Identity}'s standard fields as JSON ({@code name}, {@code groups}, {@code subject}, {@code issuer},
 * {@code issuedAt} and {@code expiresAt} in epoch milliseconds, {@code tokenId}): how it crosses between nodes and
 * how the REST API shows it. The other claims stay on the socket's own node.
 */
public final class IdentityJson {

    private IdentityJson() {
    }

    public static JsonObject toJson(Identity i) {
        JsonObjectBuilder b = JsonBuilders.object()
                .add("name", i.name())
                .add("groups", Json.createArrayBuilder(new TreeSet<>(i.groups())));
        if (i.subject() != null) {
            b.add("subject", i.subject());
        }
        if (i.issuer() != null) {
            b.add("issuer", i.issuer());
        }
        if (i.issuedAt() != null) {
            b.add("issuedAt", i.issuedAt().toEpochMilli());
        }
        if (i.expiresAt() != null) {
            b.add("expiresAt", i.expiresAt().toEpochMilli());
        }
        if (i.tokenId() != null) {
            b.add("tokenId", i.tokenId());
        }
        return b.build();
    }

    /** The identity in {@code o}, without claims; {@code null} when {@code o} names no one. */
    public static Identity fromJson(JsonObject o) {
        if (!(o.get("name") instanceof JsonString name)) {
            return null;
        }
        Set<String> groups = new HashSet<>();
        if (o.get("groups") instanceof JsonArray g) {
            g.forEach(v -> {
                if (v instanceof JsonString s) {
                    groups.add(s.getString());
                }
            });
        }
        return new Identity(text(o, "subject"), name.getString(), groups, text(o, "issuer"), millis(o, "issuedAt"),
                millis(o, "expiresAt"), text(o, "tokenId"), JsonValue.EMPTY_JSON_OBJECT);
    }

    private static String text(JsonObject o, String name) {
        return o.get(name) instanceof JsonString s ? s.getString() : null;
    }

    private static Instant millis(JsonObject o, String name) {
        return o.get(name) instanceof JsonNumber n ? Instant.ofEpochMilli(n.longValue()) : null;
    }
}
