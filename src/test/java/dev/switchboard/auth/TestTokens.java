package dev.switchboard.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Mints the tokens of the token matrix with the committed development key pair (server-config/dev-keys): a valid
 * one and each way a token can be wrong. Tests only.
 */
public final class TestTokens {

    public static final String ISSUER = "switchboard-dev";
    public static final Path PRIVATE_KEY = Path.of("server-config", "dev-keys", "dev-private-key.pem");
    public static final Path PUBLIC_KEY = Path.of("server-config", "dev-keys", "dev-public-key.pem");

    private final RSAKey key;
    private final String publicPem;

    public TestTokens() {
        try {
            key = Pem.rsaPrivateKey(Files.readString(PRIVATE_KEY));
            publicPem = Files.readString(PUBLIC_KEY);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The token matrix: each kind of token a test throws at an endpoint. */
    public enum Kind {
        VALID, EXPIRED, NOT_YET_VALID, WRONG_ISSUER, BAD_SIGNATURE, ALG_NONE, HS256_WITH_PUBLIC_KEY, OVERSIZE, GARBAGE
    }

    public String publicKeyPem() {
        return publicPem;
    }

    public String valid(String subject, String... groups) {
        return sign(claims(subject, Duration.ofMinutes(5), groups).build());
    }

    /** A valid token that expires {@code lifetime} from now. */
    public String expiringIn(Duration lifetime, String subject, String... groups) {
        return sign(claims(subject, lifetime, groups).build());
    }

    public String of(Kind kind, String subject, String... groups) {
        return switch (kind) {
            case VALID -> valid(subject, groups);
            case EXPIRED -> sign(with(subject, groups, b -> b
                    .issueTime(Date.from(Instant.now().minus(Duration.ofHours(2))))
                    .expirationTime(Date.from(Instant.now().minus(Duration.ofHours(1))))));
            case NOT_YET_VALID -> sign(with(subject, groups, b -> b
                    .notBeforeTime(Date.from(Instant.now().plus(Duration.ofHours(1))))));
            case WRONG_ISSUER -> sign(with(subject, groups, b -> b.issuer("https://evil.example")));
            case BAD_SIGNATURE -> signWith(otherKey(), claims(subject, Duration.ofMinutes(5), groups).build());
            case ALG_NONE -> "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0." // {"alg":"none","typ":"JWT"}
                    + Base64URL.encode(claims(subject, Duration.ofMinutes(5), groups).build().toString()
                            .getBytes(StandardCharsets.UTF_8)) + ".";
            case HS256_WITH_PUBLIC_KEY -> hmacWithPublicKey(claims(subject, Duration.ofMinutes(5), groups).build());
            case OVERSIZE -> sign(with(subject, groups, b -> b.claim("padding", "x".repeat(16_000))));
            case GARBAGE -> "not-a-jwt";
        };
    }

    public JWTClaimsSet.Builder claims(String subject, Duration lifetime, String... groups) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(subject)
                .claim("upn", subject)
                .claim("groups", List.of(groups))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .jwtID(UUID.randomUUID().toString());
    }

    private JWTClaimsSet with(String subject, String[] groups, UnaryOperator<JWTClaimsSet.Builder> change) {
        return change.apply(claims(subject, Duration.ofMinutes(5), groups)).build();
    }

    public String sign(JWTClaimsSet claims) {
        return signWith(key, claims);
    }

    private static String signWith(RSAKey signer, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(),
                    claims);
            jwt.sign(new RSASSASigner(signer));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The classic algorithm-confusion attack: HMAC with the server's public key (as text) as the secret. */
    private String hmacWithPublicKey(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
                    claims);
            jwt.sign(new MACSigner(publicPem.getBytes(StandardCharsets.US_ASCII)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey otherKey() {
        try {
            return new RSAKeyGenerator(2048).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
