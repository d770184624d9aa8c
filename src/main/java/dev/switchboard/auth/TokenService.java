package dev.switchboard.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The application's token verifier, configured from the standard {@code mp.jwt.verify.*} keys so that the
 * Socket.IO handshake accepts exactly the tokens the REST API's MicroProfile JWT accepts. Without a configured
 * key every token is refused (anonymous namespaces keep working). A key that is configured but unreadable fails
 * the deployment.
 */
@ApplicationScoped
public class TokenService {

    private static final Logger LOG = Logger.getLogger(TokenService.class.getName());
    static final String MAX_SIZE_KEY = "switchboard.security.max-token-size";

    private TokenVerifier verifier;

    @PostConstruct
    void start() {
        JwtSettings settings = settings(ConfigProvider.getConfig(), Thread.currentThread().getContextClassLoader());
        verifier = new TokenVerifier(settings, Clock.systemUTC());
        if (settings.keys().isEmpty()) {
            LOG.info("No mp.jwt.verify.publickey(.location) configured: every token is refused; only anonymous"
                    + " namespaces accept connections");
        } else {
            LOG.info("Verifying " + settings.algorithm() + " tokens with " + settings.keys().size() + " key(s)"
                    + settings.issuer().map(i -> ", issuer " + i).orElse(", any issuer"));
        }
    }

    /** Verifies a token; the identity it carries, or why it is refused. */
    public Identity verify(String token) throws InvalidTokenException {
        return verifier.verify(token);
    }

    public JwtSettings settings() {
        return verifier.settings();
    }

    /** Reads the {@code mp.jwt.verify.*} keys (and the size cap); throws on a configured but unusable key. */
    public static JwtSettings settings(Config config, ClassLoader loader) {
        List<JWK> keys = List.of();
        Optional<String> inline = config.getOptionalValue("mp.jwt.verify.publickey", String.class);
        Optional<String> location = config.getOptionalValue("mp.jwt.verify.publickey.location", String.class);
        try {
            if (inline.isPresent()) {
                keys = PublicKeys.parse(inline.get());
            } else if (location.isPresent()) {
                keys = PublicKeys.parse(PublicKeys.read(location.get(), loader));
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("Cannot use the token verification key "
                    + (inline.isPresent() ? "in mp.jwt.verify.publickey" : "at " + location.orElse("")) + ": "
                    + e.getMessage(), e);
        }
        JWSAlgorithm algorithm = JWSAlgorithm.parse(
                config.getOptionalValue("mp.jwt.verify.publickey.algorithm", String.class).orElse("RS256"));
        Set<String> audiences = config.getOptionalValue("mp.jwt.verify.audiences", String.class)
                .map(a -> Arrays.stream(a.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                        .collect(Collectors.toSet()))
                .orElse(Set.of());
        return new JwtSettings(keys, algorithm,
                config.getOptionalValue("mp.jwt.verify.issuer", String.class),
                audiences,
                Duration.ofSeconds(config.getOptionalValue("mp.jwt.verify.clock.skew", Integer.class).orElse(60)),
                config.getOptionalValue("mp.jwt.verify.token.age", Integer.class).map(Duration::ofSeconds),
                config.getOptionalValue(MAX_SIZE_KEY, Integer.class).orElse(8192));
    }
}
