package org.openhealthexchange.server.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the host of a URL as an IP literal the way C's {@code inet_aton} and browsers do: {@code 2130706433},
 * {@code 0x7f000001}, {@code 0177.0.0.1} and {@code 127.1} are all 127.0.0.1. Java's own parser reads
 * {@code 0177.0.0.1} as 177.0.0.1 and refuses hex, so a check that trusted it would classify a different address
 * than the one an HTTP stack may connect to. Pure; never touches DNS.
 */
final class IpLiterals {

    /** A host that looks numeric but is no valid IPv4 spelling: refused rather than guessed at. */
    static final class Ambiguous extends Exception {
        Ambiguous(String host) {
            super("ambiguous numeric host " + host);
        }
    }

    private IpLiterals() {}

    /** The address a literal host denotes, empty for a name; brackets around IPv6 are optional. */
    static Optional<InetAddress> parse(String host) throws Ambiguous {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.contains(":")) {
            return Optional.of(ipv6(h, host));
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1); // "127.0.0.1." is the same absolute name
        }
        String[] labels = h.split("\\.", -1);
        boolean numeric = true;
        for (String label : labels) {
            numeric &= label.matches("0x[0-9a-f]*|[0-9]+");
        }
        if (!numeric) {
            // WHATWG URL: a host whose last label is a number is an IPv4 address; anything else like it is invalid.
            if (labels[labels.length - 1].matches("0x[0-9a-f]*|[0-9]+")) {
                throw new Ambiguous(host);
            }
            return Optional.empty();
        }
        return Optional.of(ipv4(labels, host));
    }

    private static InetAddress ipv6(String literal, String host) throws Ambiguous {
        // Only hex digits, colons, dots (embedded IPv4) and a zone id: getByName then parses and never resolves.
        if (!literal.matches("[0-9a-f:.]+(%[0-9a-z._-]+)?")) {
            throw new Ambiguous(host);
        }
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new Ambiguous(host);
        }
    }

    private static InetAddress ipv4(String[] labels, String host) throws Ambiguous {
        if (labels.length > 4) {
            throw new Ambiguous(host);
        }
        long[] parts = new long[labels.length];
        for (int i = 0; i < labels.length; i++) {
            parts[i] = number(labels[i], host);
        }
        long value = 0;
        for (int i = 0; i < parts.length - 1; i++) {
            if (parts[i] > 255) {
                throw new Ambiguous(host);
            }
            value |= parts[i] << (8 * (3 - i));
        }
        // The last part fills every byte that is left: 127.1 is 127.0.0.1, 2130706433 is all four.
        long last = parts[parts.length - 1];
        if (last >= 1L << (8 * (5 - parts.length))) {
            throw new Ambiguous(host);
        }
        value |= last;
        byte[] bytes = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always a valid address
        }
    }

    private static long number(String label, String host) throws Ambiguous {
        try {
            if (label.startsWith("0x")) {
                return label.length() == 2 ? 0 : Long.parseLong(label.substring(2), 16);
            }
            if (label.length() > 1 && label.startsWith("0")) {
                return Long.parseLong(label.substring(1), 8);
            }
            return Long.parseLong(label);
        } catch (NumberFormatException e) {
            throw new Ambiguous(host); // 09 (no octal digit) or too long
        }
    }
}
