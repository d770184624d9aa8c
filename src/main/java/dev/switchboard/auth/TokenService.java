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

    /** The shortest time between two reloads of keys from a URL (a token with an unknown key id asks for one). */
    static final Duration RELOAD_INTERVAL = Duration.ofSeconds(60);

    private volatile TokenVerifier verifier;
    private Optional<String> remoteLocation = Optional.empty();
    private ClassLoader loader;
    private long lastLoad;

    @PostConstruct
    void start() {
        Config config = ConfigProvider.getConfig();
        ClassLoader classes = Thread.currentThread().getContextClassLoader();
        JwtSettings settings = settings(config, classes);
        init(settings, config.getOptionalValue("mp.jwt.verify.publickey", String.class).isPresent() ? Optional.empty()
                : config.getOptionalValue("mp.jwt.verify.publickey.location", String.class), classes);
        if (settings.keys().isEmpty()) {
            LOG.info("No mp.jwt.verify.publickey(.location) configured: every token is refused; only anonymous"
                    + " namespaces accept connections");
        } else {
            LOG.info("Verifying " + settings.algorithm() + " tokens with " + settings.keys().size() + " key(s)"
                    + settings.issuer().map(i -> ", issuer " + i).orElse(", any issuer"));
        }
    }

    /** Sets the verifier up; keys from an http(s) {@code location} may be reloaded later. */
    void init(JwtSettings settings, Optional<String> location, ClassLoader classes) {
        verifier = new TokenVerifier(settings, Clock.systemUTC());
        lastLoad = System.nanoTime() - RELOAD_INTERVAL.toNanos();
        loader = classes;
        remoteLocation = location.filter(l -> l.startsWith("http://") || l.startsWith("https://"));
    }

    /**
     * Verifies a token; the identity it carries, or why it is refused. Keys published at a URL (a JWKS endpoint)
     * are fetched again when a token names a key id none of them has (key rotation), at most once a minute.
     */
    public Identity verify(String token) throws InvalidTokenException {
        TokenVerifier current = verifier;
        try {
            return current.verify(token);
        } catch (InvalidTokenException e) {
            if (e.rejection() != TokenRejection.BAD_SIGNATURE || !current.hasUnknownKeyId(token) || !reload(current)) {
                throw e;
            }
            return verifier.verify(token);
        }
    }

    /** Loads the keys from the URL again, unless the last reload was less than {@link #RELOAD_INTERVAL} ago. */
    private synchronized boolean reload(TokenVerifier seen) {
        if (remoteLocation.isEmpty()) {
            return false;
        }
        if (verifier != seen) {
            return true;
        }
        if (System.nanoTime() - lastLoad < RELOAD_INTERVAL.toNanos()) {
            return false;
        }
        lastLoad = System.nanoTime();
        try {
            JwtSettings old = seen.settings();
            List<JWK> keys = PublicKeys.parse(PublicKeys.read(remoteLocation.get(), loader));
            verifier = new TokenVerifier(new JwtSettings(keys, old.algorithm(), old.issuer(), old.audiences(),
                    old.clockSkew(), old.tokenAge(), old.maxSize()), Clock.systemUTC());
            LOG.info("Reloaded " + keys.size() + " token verification key(s) from " + remoteLocation.get());
            return true;
        } catch (IOException | IllegalArgumentException e) {
            LOG.warning("Could not reload the token verification keys from " + remoteLocation.get() + ": " + e.getMessage());
            return false;
        }
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
