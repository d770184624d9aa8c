package dev.switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The token matrix against the verifier alone, plus key formats and claim rules. */
class TokenVerifierTest {

    private final TestTokens tokens = new TestTokens();
    private final TokenVerifier verifier = verifier(PublicKeys.parse(tokens.publicKeyPem()), Optional.of(TestTokens.ISSUER));

    private static TokenVerifier verifier(List<com.nimbusds.jose.jwk.JWK> keys, Optional<String> issuer) {
        return new TokenVerifier(new JwtSettings(keys, JWSAlgorithm.RS256, issuer, Set.of(), Duration.ofSeconds(5),
                Optional.empty(), 8192), Clock.systemUTC());
    }

    private static final Map<TestTokens.Kind, TokenRejection> EXPECTED = Map.of(
            TestTokens.Kind.EXPIRED, TokenRejection.EXPIRED,
            TestTokens.Kind.NOT_YET_VALID, TokenRejection.NOT_YET_VALID,
            TestTokens.Kind.WRONG_ISSUER, TokenRejection.WRONG_ISSUER,
            TestTokens.Kind.BAD_SIGNATURE, TokenRejection.BAD_SIGNATURE,
            TestTokens.Kind.ALG_NONE, TokenRejection.ALGORITHM_NOT_ALLOWED,
            TestTokens.Kind.HS256_WITH_PUBLIC_KEY, TokenRejection.ALGORITHM_NOT_ALLOWED,
            TestTokens.Kind.OVERSIZE, TokenRejection.TOO_LARGE,
            TestTokens.Kind.GARBAGE, TokenRejection.MALFORMED);

    @ParameterizedTest
    @EnumSource(value = TestTokens.Kind.class, names = "VALID", mode = EnumSource.Mode.EXCLUDE)
    void everyBadTokenIsRefusedWithItsReason(TestTokens.Kind kind) {
        InvalidTokenException e = assertThrows(InvalidTokenException.class,
                () -> verifier.verify(tokens.of(kind, "alice", "user")));
        assertEquals(EXPECTED.get(kind), e.rejection());
    }

    @Test
    void validTokenGivesTheIdentity() throws Exception {
        Identity id = verifier.verify(tokens.valid("alice", "user", "admin"));
        assertEquals("alice", id.subject());
        assertEquals("alice", id.name());
        assertEquals(Set.of("user", "admin"), id.groups());
        assertEquals(TestTokens.ISSUER, id.issuer());
        assertTrue(id.hasRole("admin"));
        assertEquals("alice", id.claims().getString("sub"));
        assertTrue(id.expiresAt().isAfter(id.issuedAt()));
        assertTrue(!id.toString().contains("eyJ"), "no token in toString");
    }

    @Test
    void expiryHonoursTheClockSkew() throws Exception {
        assertEquals("bob", verifier.verify(tokens.expiringIn(Duration.ofSeconds(-2), "bob")).subject());
        InvalidTokenException e = assertThrows(InvalidTokenException.class,
                () -> verifier.verify(tokens.expiringIn(Duration.ofSeconds(-30), "bob")));
        assertEquals(TokenRejection.EXPIRED, e.rejection());
        assertEquals("token_expired", e.rejection().code());
    }

    @Test
    void missingIssuerConfigurationAcceptsAnyIssuer() throws Exception {
        TokenVerifier any = verifier(PublicKeys.parse(tokens.publicKeyPem()), Optional.empty());
        assertEquals("carol", any.verify(tokens.of(TestTokens.Kind.WRONG_ISSUER, "carol")).subject());
    }

    @Test
    void withoutKeysEveryTokenIsRefused() {
        TokenVerifier none = verifier(List.of(), Optional.empty());
        InvalidTokenException e = assertThrows(InvalidTokenException.class, () -> none.verify(tokens.valid("dave")));
        assertEquals(TokenRejection.NOT_CONFIGURED, e.rejection());
    }

    @Test
    void tokensWithoutExpiryOrSubjectAreRefused() {
        var noExp = tokens.claims("erin", Duration.ofMinutes(1)).expirationTime(null).build();
        assertEquals(TokenRejection.MISSING_CLAIM, assertThrows(InvalidTokenException.class,
                () -> verifier.verify(tokens.sign(noExp))).rejection());
        var noName = tokens.claims(null, Duration.ofMinutes(1)).claim("upn", null).build();
        assertEquals(TokenRejection.MISSING_CLAIM, assertThrows(InvalidTokenException.class,
                () -> verifier.verify(tokens.sign(noName))).rejection());
    }

    @Test
    void audienceIsCheckedWhenConfigured() throws Exception {
        TokenVerifier aud = new TokenVerifier(new JwtSettings(PublicKeys.parse(tokens.publicKeyPem()), JWSAlgorithm.RS256,
                Optional.empty(), Set.of("switchboard"), Duration.ZERO, Optional.empty(), 8192), Clock.systemUTC());
        assertEquals(TokenRejection.WRONG_AUDIENCE, assertThrows(InvalidTokenException.class,
                () -> aud.verify(tokens.valid("frank"))).rejection());
        String ok = tokens.sign(tokens.claims("frank", Duration.ofMinutes(1)).audience(List.of("other", "switchboard")).build());
        assertEquals("frank", aud.verify(ok).subject());
    }

    @Test
    void tokenAgeLimitsOldTokens() {
        TokenVerifier young = new TokenVerifier(new JwtSettings(PublicKeys.parse(tokens.publicKeyPem()), JWSAlgorithm.RS256,
                Optional.empty(), Set.of(), Duration.ZERO, Optional.of(Duration.ofSeconds(10)), 8192), Clock.systemUTC());
        var old = tokens.claims("gina", Duration.ofHours(1))
                .issueTime(java.util.Date.from(java.time.Instant.now().minusSeconds(60))).build();
        assertEquals(TokenRejection.EXPIRED, assertThrows(InvalidTokenException.class,
                () -> young.verify(tokens.sign(old))).rejection());
    }

    @Test
    void keysParseFromJwkSetsAndBareBase64() throws Exception {
        var pem = PublicKeys.parse(tokens.publicKeyPem());
        String jwks = new JWKSet(pem).toString();
        assertEquals(pem.get(0).computeThumbprint(), PublicKeys.parse(jwks).get(0).computeThumbprint());
        String bare = tokens.publicKeyPem().replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        assertEquals(pem.get(0).computeThumbprint(), PublicKeys.parse(bare).get(0).computeThumbprint());
        assertThrows(IllegalArgumentException.class, () -> PublicKeys.parse("{\"kty\":\"nonsense\"}"));
    }

    @Test
    void anRsaTokenIsRefusedWhereEcIsConfigured() throws JOSEException {
        ECKey ec = new ECKeyGenerator(Curve.P_256).generate();
        TokenVerifier es = new TokenVerifier(new JwtSettings(List.of(ec.toPublicJWK()), JWSAlgorithm.ES256,
                Optional.empty(), Set.of(), Duration.ZERO, Optional.empty(), 8192), Clock.systemUTC());
        assertEquals(TokenRejection.ALGORITHM_NOT_ALLOWED, assertThrows(InvalidTokenException.class,
                () -> es.verify(tokens.valid("hank"))).rejection());
    }

    @Test
    void hmacAlgorithmsCannotBeConfigured() {
        assertThrows(IllegalArgumentException.class, () -> new JwtSettings(List.of(), JWSAlgorithm.HS256,
                Optional.empty(), Set.of(), Duration.ZERO, Optional.empty(), 8192));
    }
}
