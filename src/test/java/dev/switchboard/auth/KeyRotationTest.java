package dev.switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Keys published at a URL (a JWKS endpoint) are fetched again when a token names a new key id, at most once a minute. */
class KeyRotationTest {

    private final TestTokens tokens = new TestTokens();
    private final AtomicReference<String> published = new AtomicReference<>();
    private final AtomicInteger fetches = new AtomicInteger();
    private HttpServer jwks;
    private RSAKey first;
    private RSAKey second;

    @BeforeEach
    void publish() throws Exception {
        first = new RSAKeyGenerator(2048).keyID("first").generate();
        second = new RSAKeyGenerator(2048).keyID("second").generate();
        published.set(new JWKSet(first.toPublicJWK()).toString());
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwks.createContext("/jwks", exchange -> {
            fetches.incrementAndGet();
            byte[] body = published.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jwks.start();
    }

    @AfterEach
    void stop() {
        jwks.stop(0);
    }

    private TokenService service() throws Exception {
        String location = "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks";
        JwtSettings settings = new JwtSettings(PublicKeys.parse(PublicKeys.read(location, null)), JWSAlgorithm.RS256,
                Optional.empty(), Set.of(), Duration.ZERO, Optional.empty(), 8192);
        TokenService service = new TokenService();
        service.init(settings, Optional.of(location), null);
        return service;
    }

    private String signedBy(RSAKey key, String subject) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                .keyID(key.getKeyID()).build(), tokens.claims(subject, Duration.ofMinutes(1)).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    @Test
    void aTokenWithANewKeyIdReloadsTheKeysOnce() throws Exception {
        TokenService service = service();
        assertEquals("ann", service.verify(signedBy(first, "ann")).name());
        assertEquals(1, fetches.get());
        published.set(new JWKSet(List.of(first.toPublicJWK(), second.toPublicJWK())).toString());
        assertEquals("ben", service.verify(signedBy(second, "ben")).name());
        assertEquals(2, fetches.get());
        assertEquals("ben", service.verify(signedBy(second, "ben")).name());
        assertEquals(2, fetches.get(), "known key ids do not fetch");
    }

    @Test
    void unknownKeyIdsCannotMakeTheServerFetchOverAndOver() throws Exception {
        TokenService service = service();
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("stranger").generate();
        for (int i = 0; i < 5; i++) {
            InvalidTokenException e = assertThrows(InvalidTokenException.class,
                    () -> service.verify(signedBy(stranger, "eve")));
            assertEquals(TokenRejection.BAD_SIGNATURE, e.rejection());
        }
        assertEquals(2, fetches.get(), "the initial fetch and one reload: reloads are at most once a minute");
    }
}
