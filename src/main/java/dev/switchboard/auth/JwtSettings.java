package dev.switchboard.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How tokens are verified: the keys and claims of the standard {@code mp.jwt.verify.*} configuration (the same
 * the REST API's MicroProfile JWT uses), plus Switchboard's size cap.
 *
 * @param keys      public keys; empty when none is configured (every token is then refused)
 * @param algorithm the one signature algorithm accepted ({@code mp.jwt.verify.publickey.algorithm}, RS256)
 * @param issuer    the required {@code iss} ({@code mp.jwt.verify.issuer}), if configured
 * @param audiences accepted {@code aud} values ({@code mp.jwt.verify.audiences}); empty: not checked
 * @param clockSkew tolerance on {@code exp}, {@code nbf} and {@code iat} ({@code mp.jwt.verify.clock.skew})
 * @param tokenAge  the longest time since {@code iat} ({@code mp.jwt.verify.token.age}), if configured
 * @param maxSize   the longest token accepted, in characters ({@code switchboard.security.max-token-size})
 */
public record JwtSettings(List<JWK> keys, JWSAlgorithm algorithm, Optional<String> issuer, Set<String> audiences,
                          Duration clockSkew, Optional<Duration> tokenAge, int maxSize) {

    /** The algorithms MicroProfile JWT 2.1 allows: RSA and EC signatures. */
    public static final Set<JWSAlgorithm> SUPPORTED = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);

    public JwtSettings {
        keys = List.copyOf(keys);
        audiences = Set.copyOf(audiences);
        if (!SUPPORTED.contains(algorithm)) {
            throw new IllegalArgumentException("unsupported token algorithm " + algorithm + "; use one of " + SUPPORTED);
        }
        if (clockSkew.isNegative() || maxSize <= 0) {
            throw new IllegalArgumentException("clock skew must be >= 0 and the token size cap > 0");
        }
    }
}
