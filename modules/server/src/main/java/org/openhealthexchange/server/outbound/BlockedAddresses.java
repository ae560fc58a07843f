package org.openhealthexchange.server.outbound;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Classifies addresses OHE must not call on a caller's behalf: anything that reaches this machine, the local
 * network, cloud metadata endpoints or many hosts at once. IPv6 forms that carry an IPv4 address (mapped,
 * compatible, NAT64, 6to4) are judged by that IPv4 address, since a gateway or the OS may deliver them there. Pure.
 */
final class BlockedAddresses {

    private record Range(String label, Cidr cidr) {}

    private static final List<Range> V4 = List.of(
            new Range("unspecified/this-network", Cidr.parse("0.0.0.0/8")),
            new Range("private", Cidr.parse("10.0.0.0/8")),
            new Range("carrier-grade NAT", Cidr.parse("100.64.0.0/10")),
            new Range("loopback", Cidr.parse("127.0.0.0/8")),
            new Range("link-local", Cidr.parse("169.254.0.0/16")),
            new Range("private", Cidr.parse("172.16.0.0/12")),
            new Range("IETF protocol assignments", Cidr.parse("192.0.0.0/24")),
            new Range("private", Cidr.parse("192.168.0.0/16")),
            new Range("benchmarking", Cidr.parse("198.18.0.0/15")),
            new Range("multicast", Cidr.parse("224.0.0.0/4")),
            new Range("reserved/broadcast", Cidr.parse("240.0.0.0/4")));

    private static final List<Range> V6 = List.of(
            new Range("unspecified", Cidr.parse("::/128")),
            new Range("loopback", Cidr.parse("::1/128")),
            new Range("unique local (private)", Cidr.parse("fc00::/7")),
            new Range("link-local", Cidr.parse("fe80::/10")),
            new Range("site-local", Cidr.parse("fec0::/10")),
            new Range("multicast", Cidr.parse("ff00::/8")));

    private static final Cidr COMPATIBLE = Cidr.parse("::/96");
    private static final Cidr NAT64 = Cidr.parse("64:ff9b::/96");
    private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16");

    private BlockedAddresses() {}

    /** Why the address is refused, empty when it is a public unicast address. */
    static Optional<String> reason(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return V4.stream()
                    .filter(r -> r.cidr().contains(address))
                    .map(Range::label)
                    .findFirst();
        }
        for (Range r : V6) {
            if (r.cidr().contains(address)) {
                return Optional.of(r.label());
            }
        }
        Inet4Address embedded = null;
        if (mapped(b) || COMPATIBLE.contains(address) || NAT64.contains(address)) {
            embedded = v4(Arrays.copyOfRange(b, 12, 16));
        } else if (SIX_TO_FOUR.contains(address)) {
            embedded = v4(Arrays.copyOfRange(b, 2, 6));
        }
        return embedded == null
                ? Optional.empty()
                : reason(embedded).map(r -> r + " (embedded in " + address.getHostAddress() + ")");
    }

    /** ::ffff:0:0/96, tested by bytes: Java's parser turns that literal into an IPv4 address, so no Cidr of it. */
    private static boolean mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }

    private static Inet4Address v4(byte[] four) {
        try {
            return (Inet4Address) InetAddress.getByAddress(four);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
