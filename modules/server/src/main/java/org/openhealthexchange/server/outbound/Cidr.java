package org.openhealthexchange.server.outbound;

import java.net.InetAddress;

/** An address range such as {@code 10.0.0.0/8} or {@code fd00::/8}; parsed without DNS. */
record Cidr(byte[] network, int prefix) {

    static Cidr parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a CIDR: " + text);
        }
        InetAddress address;
        try {
            address = IpLiterals.parse(text.substring(0, slash).trim())
                    .orElseThrow(() -> new IllegalArgumentException("not an IP range: " + text));
        } catch (IpLiterals.Ambiguous e) {
            throw new IllegalArgumentException("not an IP range: " + text, e);
        }
        byte[] network = address.getAddress();
        int prefix = Integer.parseInt(text.substring(slash + 1).trim());
        if (prefix < 0 || prefix > network.length * 8) {
            throw new IllegalArgumentException("bad prefix length: " + text);
        }
        return new Cidr(network, prefix);
    }

    /** Only an address of the same family can match: a mapped IPv6 address is judged through its IPv4 form. */
    boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xff << (8 - rest) & 0xff;
        return (a[full] & mask) == (network[full] & mask);
    }
}
