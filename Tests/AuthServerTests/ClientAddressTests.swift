import NIOCore
import Testing

@testable import AuthServer

/// What a client is counted as by the per-address connection cap.
@Suite struct ClientAddressTests {
    static func address(_ text: String) throws -> ClientAddress {
        try #require(ClientAddress(try SocketAddress(ipAddress: text, port: 443)))
    }

    /// One subscriber is given a /64: its addresses are one client, another /64 another.
    @Test func anIPv6ClientIsItsSlash64() throws {
        #expect(try Self.address("2001:db8:1:2::1") == Self.address("2001:db8:1:2:ffff:ffff:ffff:9"))
        #expect(try Self.address("2001:db8:1:2::1") != Self.address("2001:db8:1:3::1"))
    }

    /// On a dual-stack socket an IPv4 client arrives as ::ffff:a.b.c.d: the same client as a.b.c.d.
    @Test func anIPv4ClientIsOneClientOnEitherSocket() throws {
        #expect(try Self.address("::ffff:192.0.2.7") == Self.address("192.0.2.7"))
        #expect(try Self.address("192.0.2.7") != Self.address("192.0.2.8"))
        // Not merely the first 64 bits: two IPv4 clients mapped into IPv6 stay two.
        #expect(try Self.address("::ffff:192.0.2.7") != Self.address("::ffff:192.0.2.8"))
    }
}
