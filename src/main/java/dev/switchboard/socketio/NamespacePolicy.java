package dev.switchboard.socketio;

import dev.switchboard.auth.Identity;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who may connect to a namespace: anyone ({@code anonymous}), any caller with a valid token
 * ({@code authenticated}), or a caller whose token's {@code groups} hold one of the listed roles
 * ({@code admin|ops}). On an anonymous namespace a valid token still gives the socket an identity.
 */
public record NamespacePolicy(Kind kind, Set<String> roles) {

    public enum Kind { ANONYMOUS, AUTHENTICATED, ROLES }

    public static final NamespacePolicy ANONYMOUS = new NamespacePolicy(Kind.ANONYMOUS, Set.of());
    public static final NamespacePolicy AUTHENTICATED = new NamespacePolicy(Kind.AUTHENTICATED, Set.of());

    public NamespacePolicy {
        roles = Set.copyOf(roles);
        if ((kind == Kind.ROLES) == roles.isEmpty()) {
            throw new IllegalArgumentException("roles go with the ROLES kind, and only with it");
        }
    }

    /** {@code anonymous}, {@code authenticated}, or roles separated by {@code |} (any one of them suffices). */
    public static NamespacePolicy parse(String text) {
        String t = text.trim();
        if (t.equalsIgnoreCase("anonymous")) {
            return ANONYMOUS;
        }
        if (t.equalsIgnoreCase("authenticated")) {
            return AUTHENTICATED;
        }
        Set<String> roles = Arrays.stream(t.split("\\|")).map(String::trim).filter(r -> !r.isEmpty())
                .collect(Collectors.toSet());
        if (roles.isEmpty() || roles.stream().anyMatch(r -> !r.matches("[A-Za-z0-9_.:-]+"))) {
            throw new IllegalArgumentException("not a namespace policy: '" + text
                    + "' (use anonymous, authenticated, or roles like admin|ops)");
        }
        return new NamespacePolicy(Kind.ROLES, roles);
    }

    /**
     * Parses {@code /=anonymous,/secure=authenticated,/admin=admin|ops}: namespace, '=', policy, comma-separated.
     */
    public static Map<String, NamespacePolicy> parseAll(String text) {
        Map<String, NamespacePolicy> out = new LinkedHashMap<>();
        for (String entry : text.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            String namespace = eq < 0 ? "" : entry.substring(0, eq).trim();
            if (!namespace.startsWith("/")) {
                throw new IllegalArgumentException("not a namespace policy entry: '" + entry.trim()
                        + "' (use /namespace=policy)");
            }
            if (out.put(namespace, parse(entry.substring(eq + 1))) != null) {
                throw new IllegalArgumentException("namespace " + namespace + " has two policies");
            }
        }
        return out;
    }

    /** Whether the caller (null: anonymous) may connect. */
    public boolean admits(Identity identity) {
        return switch (kind) {
            case ANONYMOUS -> true;
            case AUTHENTICATED -> identity != null;
            case ROLES -> identity != null && identity.hasAnyRole(roles);
        };
    }

    @Override
    public String toString() {
        return kind == Kind.ROLES ? String.join("|", roles) : kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
