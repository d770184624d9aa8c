package dev.switchboard.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** IP address literals, parsed without ever asking DNS (a host name is not an address here). */
public final class IpAddresses {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private IpAddresses() {
    }

    /**
     * The canonical text of an IPv4 or IPv6 literal ({@code ::1} and {@code [::1]} become {@code 0:0:0:0:0:0:0:1}),
     * or {@code null} when {@code text} is not one (host names, ports, zone ids and garbage included).
     */
    public static String normalize(String text) {
        if (text == null) {
            return null;
        }
        String s = text.trim();
        if (s.length() > 2 && s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        Matcher v4 = IPV4.matcher(s);
        if (v4.matches()) {
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(v4.group(i + 1));
                if (octet > 255) {
                    return null;
                }
                bytes[i] = (byte) octet;
            }
            return hostAddress(bytes);
        }
        if (s.indexOf(':') >= 0 && IPV6.matcher(s).matches()) {
            try {
                // with a ':' in it, the JDK parses the text as an IPv6 literal and never resolves it
                return InetAddress.getByName(s).getHostAddress();
            } catch (UnknownHostException e) {
                return null;
            }
        }
        return null;
    }

    private static String hostAddress(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // only thrown for a wrong array length
        }
    }
}
