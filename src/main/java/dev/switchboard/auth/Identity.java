package dev.switchboard.auth;

import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.Collection;
import java.util.Set;

/**
 * Who a verified token says the caller is: what handlers see as {@code socket.identity()}.
 *
 * @param subject   the {@code sub} claim (may be {@code null} when the token names the caller by {@code upn})
 * @param name      the caller's name as MicroProfile JWT defines it: {@code upn}, else {@code preferred_username},
 *                  else {@code sub}
 * @param groups    the {@code groups} claim: the caller's roles
 * @param issuer    the {@code iss} claim
 * @param issuedAt  the {@code iat} claim
 * @param expiresAt the {@code exp} claim
 * @param tokenId   the {@code jti} claim, or {@code null}
 * @param claims    every claim of the token, as JSON
 */
public record Identity(String subject, String name, Set<String> groups, String issuer, Instant issuedAt,
                       Instant expiresAt, String tokenId, JsonObject claims) {

    public Identity {
        groups = Set.copyOf(groups);
    }

    public boolean hasRole(String role) {
        return groups.contains(role);
    }

    /** True when the identity has at least one of the roles (false for an empty collection). */
    public boolean hasAnyRole(Collection<String> roles) {
        return roles.stream().anyMatch(groups::contains);
    }

    /** Leaves the claims (which may carry personal data) out of logs. */
    @Override
    public String toString() {
        return "Identity[" + name + " " + groups + " until " + expiresAt + "]";
    }
}
