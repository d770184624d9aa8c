package dev.switchboard.auth;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.switchboard.protocol.JsonBuilders;
import jakarta.json.JsonObject;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Verifies a compact JWS token against {@link JwtSettings}: size first, then the header (only the configured
 * algorithm; {@code none}, HMAC and encrypted tokens are refused before any key is used), the signature (the JOSE
 * library's verifiers), then the claims MicroProfile JWT requires. Pure: no container, time from a {@link Clock}.
 */
public final class TokenVerifier {

    private final JwtSettings settings;
    private final Clock clock;

    public TokenVerifier(JwtSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    public JwtSettings settings() {
        return settings;
    }

    public Identity verify(String token) throws InvalidTokenException {
        if (token == null || token.isBlank()) {
            throw new InvalidTokenException(TokenRejection.MALFORMED);
        }
        if (token.length() > settings.maxSize()) {
            throw new InvalidTokenException(TokenRejection.TOO_LARGE);
        }
        if (settings.keys().isEmpty()) {
            throw new InvalidTokenException(TokenRejection.NOT_CONFIGURED);
        }
        checkHeader(token);
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new InvalidTokenException(TokenRejection.MALFORMED);
        }
        if (!signatureValid(jwt)) {
            throw new InvalidTokenException(TokenRejection.BAD_SIGNATURE);
        }
        return identity(jwt, claims);
    }

    /** True when the token's header names a key id that none of the keys has (perhaps a rotated key). */
    boolean hasUnknownKeyId(String token) {
        try {
            String kid = SignedJWT.parse(token).getHeader().getKeyID();
            return kid != null && settings.keys().stream().noneMatch(k -> kid.equals(k.getKeyID()));
        } catch (ParseException e) {
            return false;
        }
    }

    /** Refuses anything but a JWS with the one configured algorithm, before parsing the rest. */
    private void checkHeader(String token) throws InvalidTokenException {
        int dot = token.indexOf('.');
        if (dot <= 0) {
            throw new InvalidTokenException(TokenRejection.MALFORMED);
        }
        Header header;
        try {
            header = Header.parse(new Base64URL(token.substring(0, dot)));
        } catch (ParseException | RuntimeException e) {
            throw new InvalidTokenException(TokenRejection.MALFORMED);
        }
        Algorithm alg = header.getAlgorithm();
        if (!(header instanceof JWSHeader) || !settings.algorithm().equals(alg)) {
            throw new InvalidTokenException(TokenRejection.ALGORITHM_NOT_ALLOWED);
        }
        if (header.getType() != null && !"JWT".equalsIgnoreCase(header.getType().getType())) {
            throw new InvalidTokenException(TokenRejection.MALFORMED);
        }
    }

    private boolean signatureValid(SignedJWT jwt) {
        String kid = jwt.getHeader().getKeyID();
        for (JWK key : settings.keys()) {
            if (kid != null && key.getKeyID() != null && !kid.equals(key.getKeyID())) {
                continue;
            }
            if (key.getAlgorithm() != null && !key.getAlgorithm().equals(settings.algorithm())) {
                continue;
            }
            try {
                JWSVerifier verifier = verifier(key);
                if (verifier != null && jwt.verify(verifier)) {
                    return true;
                }
            } catch (JOSEException | IllegalStateException e) {
                // a key of the wrong kind or size for this algorithm: try the next one
            }
        }
        return false;
    }

    private JWSVerifier verifier(JWK key) throws JOSEException {
        String family = settings.algorithm().getName().substring(0, 2);
        if ("RS".equals(family) && key instanceof RSAKey rsa) {
            return new RSASSAVerifier(rsa);
        }
        if ("ES".equals(family) && key instanceof ECKey ec) {
            return new ECDSAVerifier(ec);
        }
        return null;
    }

    private Identity identity(SignedJWT jwt, JWTClaimsSet claims) throws InvalidTokenException {
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        Date iat = claims.getIssueTime();
        if (exp == null || iat == null) {
            throw new InvalidTokenException(TokenRejection.MISSING_CLAIM);
        }
        if (now.isAfter(exp.toInstant().plus(settings.clockSkew()))) {
            throw new InvalidTokenException(TokenRejection.EXPIRED);
        }
        Date nbf = claims.getNotBeforeTime();
        if ((nbf != null && now.plus(settings.clockSkew()).isBefore(nbf.toInstant()))
                || now.plus(settings.clockSkew()).isBefore(iat.toInstant())) {
            throw new InvalidTokenException(TokenRejection.NOT_YET_VALID);
        }
        if (settings.tokenAge().isPresent()
                && now.isAfter(iat.toInstant().plus(settings.tokenAge().get()).plus(settings.clockSkew()))) {
            throw new InvalidTokenException(TokenRejection.EXPIRED);
        }
        if (settings.issuer().isPresent() && !settings.issuer().get().equals(claims.getIssuer())) {
            throw new InvalidTokenException(TokenRejection.WRONG_ISSUER);
        }
        List<String> aud = claims.getAudience();
        if (!settings.audiences().isEmpty() && (aud == null || aud.stream().noneMatch(settings.audiences()::contains))) {
            throw new InvalidTokenException(TokenRejection.WRONG_AUDIENCE);
        }
        String name;
        Set<String> groups;
        try {
            name = firstNonNull(claims.getStringClaim("upn"), claims.getStringClaim("preferred_username"),
                    claims.getSubject());
            List<String> list = claims.getStringListClaim("groups");
            groups = list == null ? Set.of() : new HashSet<>(list);
        } catch (ParseException e) {
            throw new InvalidTokenException(TokenRejection.MALFORMED);
        }
        if (name == null) {
            throw new InvalidTokenException(TokenRejection.MISSING_CLAIM);
        }
        groups.remove(null);
        return new Identity(claims.getSubject(), name, groups, claims.getIssuer(), iat.toInstant(), exp.toInstant(),
                claims.getJWTID(), json(jwt));
    }

    private static JsonObject json(SignedJWT jwt) throws InvalidTokenException {
        try (var reader = JsonBuilders.reader(new StringReader(jwt.getPayload().toString()))) {
            return reader.readObject();
        } catch (JsonParsingException | IllegalStateException e) {
            throw new InvalidTokenException(TokenRejection.MALFORMED);
        }
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
