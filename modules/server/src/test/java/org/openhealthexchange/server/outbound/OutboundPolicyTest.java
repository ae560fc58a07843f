package org.openhealthexchange.server.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Classifies URLs without DNS or connections: literal IPs and a fake resolver only. */
class OutboundPolicyTest {

    /** Names this test knows; any other name fails the lookup, so real DNS is never asked. */
    private static final Map<String, List<String>> NAMES = Map.of(
            "localhost", List.of("127.0.0.1", "::1"),
            "public.example", List.of("93.184.216.34"),
            "mixed.example", List.of("93.184.216.34", "10.0.0.7"),
            "internal.example", List.of("10.1.2.3"));

    private static final OutboundPolicy.Resolver FAKE = host -> {
        List<String> found = NAMES.get(host.toLowerCase());
        if (found == null) {
            throw new UnknownHostException(host);
        }
        InetAddress[] out = new InetAddress[found.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = literal(found.get(i));
        }
        return out;
    };

    private static InetAddress literal(String ip) {
        try {
            return IpLiterals.parse(ip).orElseThrow();
        } catch (IpLiterals.Ambiguous e) {
            throw new AssertionError(e);
        }
    }

    private static Optional<OutboundPolicy.Refusal> check(String url) {
        return new OutboundPolicy(false, List.of(), FAKE).check(url);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1",
                "127.1",
                "2130706433",
                "0x7f000001",
                "0x7F.0.0.1",
                "0177.0.0.1",
                "017700000001",
                "127.0.0.1.",
                "[::1]",
                "[::ffff:127.0.0.1]",
                "[::ffff:7f00:1]",
                "[::127.0.0.1]",
                "[64:ff9b::127.0.0.1]",
                "[2002:7f00:1::]",
                "localhost",
                "LOCALHOST"
            })
    void loopbackInEverySpellingIsRefused(String host) {
        Optional<OutboundPolicy.Refusal> refusal = check("https://" + host + ":8443/hook");
        assertTrue(refusal.isPresent(), host);
        assertTrue(
                refusal.get().reason().contains("loopback"),
                host + ": " + refusal.get().reason());
        assertFalse(refusal.get().transientFailure());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "10.0.0.1",
                "172.16.0.1",
                "172.31.255.255",
                "192.168.1.1",
                "[fd00::1]",
                "[fc00::1]",
                "169.254.169.254",
                "[fe80::1]",
                "[fec0::1]",
                "0.0.0.0",
                "0",
                "[::]",
                "224.0.0.1",
                "[ff02::1]",
                "255.255.255.255",
                "100.64.0.1",
                "100.127.255.254",
                "[::ffff:10.0.0.1]",
                "[::ffff:169.254.169.254]",
                "[64:ff9b::a9fe:a9fe]",
                "[64:ff9b::192.168.0.1]",
                "0xa9.0xfe.0xa9.0xfe",
                "2852039166",
                "internal.example",
                "mixed.example"
            })
    void privateLinkLocalUnspecifiedAndMulticastAreRefused(String host) {
        assertTrue(check("https://" + host + "/hook").isPresent(), host);
    }

    @ParameterizedTest
    @ValueSource(strings = {"09.0.0.1", "1.2.3.4.5", "256.1.1.1", "1.16777216", "foo.123", "0x1g.0.0.1", "99999999999"})
    void ambiguousNumericHostsAreRefused(String host) {
        Optional<OutboundPolicy.Refusal> refusal = check("https://" + host + "/hook");
        assertTrue(refusal.isPresent(), host);
    }

    @Test
    void aPublicLiteralIsAllowedWithoutAskingTheResolver() {
        OutboundPolicy.Resolver never = host -> {
            throw new AssertionError("resolver asked for " + host);
        };
        OutboundPolicy policy = new OutboundPolicy(false, List.of(), never);
        assertEquals(Optional.empty(), policy.check("https://93.184.216.34/hook"));
        assertEquals(Optional.empty(), policy.check("https://[2606:2800:220:1:248:1893:25c8:1946]/hook"));
        assertEquals(Optional.empty(), policy.check("https://172.32.0.1/hook"), "just outside 172.16/12");
        assertEquals(Optional.empty(), policy.check("https://100.128.0.1/hook"), "just outside 100.64/10");
    }

    @Test
    void aNameIsJudgedByEveryAddressItResolvesTo() {
        assertEquals(Optional.empty(), check("https://public.example/hook"));
        assertTrue(check("https://mixed.example/hook").get().reason().contains("private"));
    }

    @Test
    void anUnresolvableHostIsRefusedAsTransient() {
        assertTrue(check("https://unknown.example/hook").get().transientFailure());
    }

    @Test
    void httpOnlyWhenConfigured() {
        assertTrue(check("http://public.example/hook").isPresent());
        assertEquals(Optional.empty(), new OutboundPolicy(true, List.of(), FAKE).check("http://public.example/x"));
        assertTrue(check("ftp://public.example/hook").isPresent());
        assertTrue(new OutboundPolicy(true, List.of(), FAKE)
                .check("file:///etc/passwd")
                .isPresent());
        assertTrue(check("https://user@public.example/hook").isPresent(), "user info is refused");
        assertTrue(check("not a url").isPresent());
    }

    @Test
    void theAllowListAdmitsHostsHostPortsAndRanges() {
        OutboundPolicy policy = new OutboundPolicy(
                true,
                List.of("localhost:8081", "internal.example", "10.9.0.0/16", "[::1]:9000", "127.0.0.1:7000"),
                FAKE);
        assertEquals(Optional.empty(), policy.check("http://localhost:8081/hook"));
        assertTrue(policy.check("http://localhost:8082/hook").isPresent(), "another port of an allowed host");
        assertTrue(policy.check("http://127.0.0.1:8081/hook").isPresent(), "host entries match the host named");
        assertEquals(Optional.empty(), policy.check("https://internal.example/hook"));
        assertEquals(Optional.empty(), policy.check("https://10.9.3.4/hook"));
        assertTrue(policy.check("https://10.8.3.4/hook").isPresent());
        assertEquals(Optional.empty(), policy.check("http://[::1]:9000/hook"));
        assertEquals(Optional.empty(), policy.check("http://127.1:7000/hook"), "literal entries compare by address");
        assertEquals(Optional.empty(), policy.check("http://2130706433:7000/hook"));
        assertTrue(policy.check("http://127.0.0.1:80/hook").isPresent());
    }
}
