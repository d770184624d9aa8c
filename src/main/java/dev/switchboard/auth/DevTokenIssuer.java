package dev.switchboard.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Development only: signs tokens with a private key from a file so the demo can show the JWT path end to end.
 * Off unless {@code switchboard.dev-mode=true} and {@code switchboard.dev.private-key-location} names a PKCS#8 RSA
 * key; when on, it says so loudly in the log. Tokens carry the configured {@code mp.jwt.verify.issuer}.
 */
@ApplicationScoped
public class DevTokenIssuer {

    private static final Logger LOG = Logger.getLogger(DevTokenIssuer.class.getName());
    public static final Duration MAX_LIFETIME = Duration.ofHours(12);

    private Optional<RSAKey> key = Optional.empty();
    private String issuer;

    @PostConstruct
    void start() {
        Config config = ConfigProvider.getConfig();
        issuer = config.getOptionalValue("mp.jwt.verify.issuer", String.class).orElse("switchboard-dev");
        if (!config.getOptionalValue("switchboard.dev-mode", Boolean.class).orElse(false)) {
            return;
        }
        Optional<String> location = config.getOptionalValue("switchboard.dev.private-key-location", String.class);
        if (location.isEmpty()) {
            LOG.warning("switchboard.dev-mode is on but switchboard.dev.private-key-location is not set:"
                    + " the dev token endpoint stays off");
            return;
        }
        try {
            key = Optional.of(Pem.rsaPrivateKey(Files.readString(Path.of(location.get()))));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("Cannot read the dev signing key " + location.get() + ": " + e.getMessage(), e);
        }
        LOG.warning("DEVELOPMENT MODE: POST /api/dev/token mints tokens for anyone, signed with "
                + location.get() + ". Never run production like this.");
    }

    /** Created with the application, so development mode announces itself in the log at deployment. */
    void startWithTheApplication(@jakarta.enterprise.event.Observes
                                 @jakarta.enterprise.context.Initialized(ApplicationScoped.class) Object ready) {
        // observing is enough: CDI creates the bean to deliver the event
    }

    public boolean enabled() {
        return key.isPresent();
    }

    /** A signed token for the subject and groups, valid for {@code lifetime} (at most {@link #MAX_LIFETIME}). */
    public Minted mint(String subject, List<String> groups, Duration lifetime) {
        RSAKey signer = key.orElseThrow(() -> new IllegalStateException("dev tokens are off"));
        Instant now = Instant.now();
        Instant exp = now.plus(lifetime.compareTo(MAX_LIFETIME) > 0 ? MAX_LIFETIME : lifetime);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .claim("upn", subject)
                .claim("groups", List.copyOf(groups))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(exp))
                .jwtID(UUID.randomUUID().toString())
                .build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(),
                    claims);
            jwt.sign(new RSASSASigner(signer));
            return new Minted(jwt.serialize(), exp);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing failed", e);
        }
    }

    /** A dev token and when it expires. */
    public record Minted(String token, Instant expiresAt) {
    }
}
