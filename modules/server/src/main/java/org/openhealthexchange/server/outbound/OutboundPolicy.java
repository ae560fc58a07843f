package org.openhealthexchange.server.outbound;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether OHE may call a URL a caller handed it (today a task API's {@code webhook_url}), so
 * that a caller cannot make OHE reach this machine or the internal network (SSRF). Pure: DNS goes through the
 * injected {@link Resolver}, and nothing here ever connects.
 *
 * <p>Rules: https only unless {@code allowHttp}; the host is resolved and refused when <em>any</em> address is
 * non-public ({@link BlockedAddresses}), since the HTTP client may pick any of them. Allow-list entries admit
 * deliberate internal targets: {@code host} or {@code host:port} match the URL's host (and port), a CIDR admits
 * resolved addresses inside it.
 */
public final class OutboundPolicy {

    /** Name resolution, injectable so that tests never use real DNS. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** Why a URL is refused; {@code transientFailure} when trying again later may succeed (DNS failed). */
    public record Refusal(String reason, boolean transientFailure) {}

    private record HostEntry(String host, int port) {}

    private final boolean allowHttp;
    private final List<HostEntry> hosts = new ArrayList<>();
    private final List<Cidr> ranges = new ArrayList<>();
    private final Resolver resolver;

    public OutboundPolicy(boolean allowHttp, List<String> allowList, Resolver resolver) {
        this.allowHttp = allowHttp;
        this.resolver = resolver;
        for (String raw : allowList) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.contains("/")) {
                ranges.add(Cidr.parse(entry));
            } else {
                hosts.add(hostEntry(entry));
            }
        }
    }

    /** The system resolver. */
    public static Resolver systemResolver() {
        return InetAddress::getAllByName;
    }

    /** Empty when OHE may call the URL. */
    public Optional<Refusal> check(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            return refuse("it is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
            return refuse(allowHttp ? "use an http(s) URL" : "use an https URL");
        }
        String authority = uri.getRawAuthority();
        if (authority == null || authority.contains("@")) {
            // userinfo is refused: "https://good@evil" reads differently to people and to parsers.
            return refuse("use an absolute URL with a host and no user info");
        }
        // java.net.URI gives no host for 127.1 or 0x7f.0.0.1 (not a hostname to it), so the authority is split here.
        String rawHost = authority;
        int port = scheme.equals("https") ? 443 : 80;
        int colon = authority.lastIndexOf(':');
        if (colon > authority.lastIndexOf(']')) {
            rawHost = authority.substring(0, colon);
            String digits = authority.substring(colon + 1);
            if (!digits.matches("\\d{1,5}")) {
                return refuse("its port is not a number");
            }
            port = Integer.parseInt(digits);
        }
        if (rawHost.isEmpty()) {
            return refuse("use an absolute URL with a host");
        }
        String host = canonical(rawHost);
        if (host == null) {
            return refuse("its host is an ambiguous numeric address");
        }
        if (!host.matches("[a-z0-9._-]+|[0-9a-f:.%]+")) {
            // Percent-encoded or non-ASCII names could be decoded differently by the HTTP client: ASCII (punycode)
            // only.
            return refuse("its host is not a valid host name");
        }
        for (HostEntry e : hosts) {
            if (e.host().equals(host) && (e.port() == -1 || e.port() == port)) {
                return Optional.empty();
            }
        }
        InetAddress[] addresses;
        try {
            Optional<InetAddress> literal = IpLiterals.parse(rawHost);
            addresses = literal.isPresent() ? new InetAddress[] {literal.get()} : resolver.resolve(rawHost);
        } catch (IpLiterals.Ambiguous e) {
            return refuse("its host is an ambiguous numeric address");
        } catch (UnknownHostException e) {
            return Optional.of(new Refusal("its host cannot be resolved", true));
        }
        if (addresses == null || addresses.length == 0) {
            return Optional.of(new Refusal("its host cannot be resolved", true));
        }
        for (InetAddress address : addresses) {
            Optional<String> blocked = BlockedAddresses.reason(address);
            if (blocked.isPresent() && ranges.stream().noneMatch(r -> r.contains(address))) {
                return refuse("its host resolves to a " + blocked.get() + " address");
            }
        }
        return Optional.empty();
    }

    private static Optional<Refusal> refuse(String reason) {
        return Optional.of(new Refusal(reason, false));
    }

    /** Literal hosts compare by address (127.1 is 127.0.0.1), names case-insensitively; null when ambiguous. */
    private static String canonical(String host) {
        try {
            return IpLiterals.parse(host)
                    .map(InetAddress::getHostAddress)
                    .orElse(host.toLowerCase(Locale.ROOT).replaceAll("\\.$", ""));
        } catch (IpLiterals.Ambiguous e) {
            return null;
        }
    }

    private static HostEntry hostEntry(String entry) {
        String host = entry;
        int port = -1;
        int close = entry.indexOf(']');
        int colon = entry.lastIndexOf(':');
        boolean bracketed = entry.startsWith("[");
        if ((bracketed && colon > close) || (!bracketed && colon > 0 && colon == entry.indexOf(':'))) {
            host = entry.substring(0, colon);
            port = Integer.parseInt(entry.substring(colon + 1));
        }
        String canonical = canonical(host);
        if (canonical == null) {
            throw new IllegalArgumentException("ambiguous allow-list host: " + entry);
        }
        return new HostEntry(canonical, port);
    }
}
