package dev.switchboard.auth;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads verification keys the way MicroProfile JWT's {@code mp.jwt.verify.publickey} and
 * {@code mp.jwt.verify.publickey.location} describe them: a PEM public key, a JWK or a JWK set, inline or at a
 * location that is a class-path resource (a leading slash is allowed) or a URL ({@code file:}, {@code https:}).
 * JSON parsing is the JOSE library's, PEM the JDK's; only public parts are kept.
 */
public final class PublicKeys {

    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_KEY_DOCUMENT = 1 << 20;

    private PublicKeys() {
    }

    /** Parses keys given as text: PEM, a JWK, a JWK set, or the bare base64 of a DER SubjectPublicKeyInfo. */
    public static List<JWK> parse(String text) {
        String trimmed = text.trim();
        try {
            List<JWK> keys = new ArrayList<>();
            if (trimmed.startsWith("{")) {
                if (trimmed.contains("\"keys\"")) {
                    keys.addAll(JWKSet.parse(trimmed).getKeys());
                } else {
                    keys.add(JWK.parse(trimmed));
                }
            } else {
                String pem = trimmed.startsWith("-----BEGIN") ? trimmed
                        : "-----BEGIN PUBLIC KEY-----\n" + trimmed + "\n-----END PUBLIC KEY-----";
                keys.add(Pem.publicKey(pem));
            }
            List<JWK> publicKeys = new ArrayList<>();
            for (JWK key : keys) {
                JWK pub = key.toPublicJWK();
                if (pub != null) {
                    publicKeys.add(pub);
                }
            }
            if (publicKeys.isEmpty()) {
                throw new IllegalArgumentException("no public key found");
            }
            return List.copyOf(publicKeys);
        } catch (ParseException e) {
            throw new IllegalArgumentException("not a PEM public key, JWK or JWK set: " + e.getMessage(), e);
        }
    }

    /** Reads the text at a location: a class-path resource first, else a URL. */
    public static String read(String location, ClassLoader loader) throws IOException {
        String resource = location.startsWith("/") ? location.substring(1) : location;
        URL url = loader == null ? null : loader.getResource(resource);
        if (url == null) {
            try {
                url = URI.create(location).toURL();
            } catch (IllegalArgumentException e) {
                throw new IOException("neither a class-path resource nor a URL: " + location, e);
            }
        }
        var connection = url.openConnection();
        connection.setConnectTimeout((int) FETCH_TIMEOUT.toMillis());
        connection.setReadTimeout((int) FETCH_TIMEOUT.toMillis());
        try (InputStream in = connection.getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_KEY_DOCUMENT + 1);
            if (bytes.length > MAX_KEY_DOCUMENT) {
                throw new IOException("key document over " + MAX_KEY_DOCUMENT + " bytes: " + location);
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
