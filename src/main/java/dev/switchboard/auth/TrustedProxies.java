package dev.switchboard.auth;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which address a request counts as, for per-address limits. The rule:
 * <ol>
 *   <li>the direct peer (the TCP connection's address), unless it is one of the trusted proxies;</li>
 *   <li>when the peer is a trusted proxy: the right-most {@code X-Forwarded-For} entry that is not itself a trusted
 *       proxy (entries left of it were written by the client and prove nothing);</li>
 *   <li>when that entry is not an IP address, or every entry is a trusted proxy, or there is no header: the peer.</li>
 * </ol>
 * Trusted proxies are exact IP addresses (no host names, no ranges). With none configured, {@code X-Forwarded-For}
 * is never read.
 */
public final class TrustedProxies {

    private final Set<String> trusted;

    private TrustedProxies(Set<String> trusted) {
        this.trusted = Set.copyOf(trusted);
    }

    /**
     * @param addresses IP address literals
     * @throws IllegalArgumentException naming the first entry that is not an IP address
     */
    public static TrustedProxies of(Collection<String> addresses) {
        Set<String> normalized = new HashSet<>();
        for (String address : addresses) {
            String n = IpAddresses.normalize(address);
            if (n == null) {
                throw new IllegalArgumentException("'" + address + "' is not an IP address (host names and ranges"
                        + " are not accepted)");
            }
            normalized.add(n);
        }
        return new TrustedProxies(normalized);
    }

    public static TrustedProxies none() {
        return new TrustedProxies(Set.of());
    }

    /** The trusted addresses, canonical form. */
    public Set<String> addresses() {
        return trusted;
    }

    /**
     * The address a request counts as.
     *
     * @param peer         the direct peer's address ({@code getRemoteAddr()})
     * @param forwardedFor every {@code X-Forwarded-For} header value, in the order received
     */
    public String clientAddress(String peer, List<String> forwardedFor) {
        String normalizedPeer = IpAddresses.normalize(peer);
        String self = normalizedPeer != null ? normalizedPeer : String.valueOf(peer);
        if (!trusted.contains(self)) {
            return self;
        }
        List<String> entries = forwardedFor.stream()
                .flatMap(value -> java.util.Arrays.stream(value.split(",")))
                .map(String::trim)
                .filter(e -> !e.isEmpty())
                .toList();
        for (int i = entries.size() - 1; i >= 0; i--) {
            String entry = IpAddresses.normalize(entries.get(i));
            if (entry == null) {
                return self;
            }
            if (!trusted.contains(entry)) {
                return entry;
            }
        }
        return self;
    }
}
