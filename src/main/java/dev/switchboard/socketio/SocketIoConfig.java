package dev.switchboard.socketio;

import dev.switchboard.auth.LimitsConfig;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.config.Config;

/**
 * Socket.IO settings, read once from MicroProfile Config (the README lists every key).
 *
 * @param connectTimeout       ms a new connection has to join a namespace before it is closed
 * @param maxAttachments       the most binary attachments one packet may announce
 * @param eventRate            Socket.IO packets per second one connection may send ({@code switchboard.limits.event-rate})
 * @param eventBurst           packets one connection may send at once ({@code switchboard.limits.event-burst})
 * @param namespacePolicies    who may connect where ({@code switchboard.security.namespaces})
 * @param defaultPolicy        the policy of namespaces not listed ({@code authenticated} unless configured)
 * @param tokenQueryParameter  the handshake query parameter that may carry a token
 * @param refreshWarning       how long before a token expires its socket is sent {@code switchboard:token-expiring}
 */
public record SocketIoConfig(long connectTimeout, int maxAttachments, double eventRate, int eventBurst,
                             Map<String, NamespacePolicy> namespacePolicies, NamespacePolicy defaultPolicy,
                             String tokenQueryParameter, Duration refreshWarning) {

    public static final String PREFIX = "switchboard.socketio.";
    public static final String SECURITY = "switchboard.security.";

    public SocketIoConfig {
        namespacePolicies = Map.copyOf(namespacePolicies);
        if (connectTimeout <= 0 || maxAttachments < 0 || refreshWarning.isNegative() || tokenQueryParameter.isBlank()) {
            throw new IllegalArgumentException("connect-timeout must be > 0, max-attachments >= 0, "
                    + "refresh-warning >= 0 and token-query-parameter not blank");
        }
    }

    public static SocketIoConfig from(Config config) {
        LimitsConfig limits = LimitsConfig.from(config);
        return new SocketIoConfig(
                config.getOptionalValue(PREFIX + "connect-timeout", Long.class).orElse(45_000L),
                config.getOptionalValue(PREFIX + "max-attachments", Integer.class).orElse(10),
                limits.eventRate(),
                limits.eventBurst(),
                NamespacePolicy.parseAll(config.getOptionalValue(SECURITY + "namespaces", String.class).orElse("")),
                NamespacePolicy.parse(config.getOptionalValue(SECURITY + "default-namespace-policy", String.class)
                        .orElse("authenticated")),
                config.getOptionalValue(SECURITY + "token-query-parameter", String.class).orElse("token"),
                Duration.ofSeconds(config.getOptionalValue(SECURITY + "refresh-warning", Long.class).orElse(60L)));
    }

    /** The policy of a namespace. */
    public NamespacePolicy policy(String namespace) {
        return namespacePolicies.getOrDefault(namespace, defaultPolicy);
    }
}
