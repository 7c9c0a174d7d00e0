import NIOCore
import Synchronization

/// The connections each client address holds, and the cap on them, so that one client cannot
/// take the connections every client shares. An IPv6 client is counted by its /64, the block
/// one subscriber is given; an IPv4 address mapped into IPv6 counts as that IPv4 address.
final class ClientConnections: Sendable {
    /// Connections one address may hold at once.
    let limit: Int
    private let counts = Mutex<[ClientAddress: Int]>([:])

    init(limit: Int) {
        self.limit = limit
    }

    /// Counts a new connection against its address, or says it is over the cap (nothing is
    /// counted then). A counted connection is given back when it closes.
    func admit(_ channel: any Channel) -> Bool {
        guard let address = channel.remoteAddress.flatMap(ClientAddress.init) else { return true }
        let admitted = counts.withLock { counts in
            let count = counts[address, default: 0]
            guard count < limit else { return false }
            counts[address] = count + 1
            return true
        }
        if admitted { channel.closeFuture.whenComplete { _ in self.release(address) } }
        return admitted
    }

    private func release(_ address: ClientAddress) {
        counts.withLock { counts in
            let left = counts[address, default: 1] - 1
            counts[address] = left > 0 ? left : nil
        }
    }
}

/// What a client is counted as: an IPv4 address, or the first 64 bits of an IPv6 one.
struct ClientAddress: Hashable, Sendable {
    private let bytes: [UInt8]

    init?(_ address: SocketAddress) {
        switch address {
        case .v4(let v4):
            bytes = withUnsafeBytes(of: v4.address.sin_addr) { Array($0) }
        case .v6(let v6):
            let all = withUnsafeBytes(of: v6.address.sin6_addr) { Array($0) }
            // ::ffff:a.b.c.d is the IPv4 client a.b.c.d on a dual-stack socket.
            let mapped = all[0..<10].allSatisfy { $0 == 0 } && all[10] == 0xFF && all[11] == 0xFF
            bytes = mapped ? Array(all[12...]) : Array(all[..<8])
        default:
            return nil
        }
    }
}
