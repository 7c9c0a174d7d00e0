import AuthTestSupport
import Foundation
import Testing

/// Clients that send half a request and stall: cut off by the request deadline, and unable to
/// hold a shutdown past its deadline.
@Suite(.timeLimit(.minutes(3))) struct HostileClientTests {
    /// A raw TCP connection to loopback that writes `bytes` and then waits.
    final class StalledClient: @unchecked Sendable {
        let socket: Int32

        /// Connects to `host`:`port` from the loopback address `source` (any 127.x.y.z is this
        /// machine, so one test can be several clients).
        init(port: Int, sending bytes: String, host: String = "127.0.0.1", from source: String? = nil) throws {
            socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            if let source {
                var local = sockaddr_in()
                local.sin_family = sa_family_t(AF_INET)
                local.sin_addr.s_addr = inet_addr(source)
                let bound = withUnsafePointer(to: &local) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
                }
                guard bound == 0 else { throw CannotConnect(port: port) }
            }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr(host)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            // A plain error, not `#require`: callers poll with `try?` until the server listens.
            guard connected == 0 else { throw CannotConnect(port: port) }
            if !bytes.isEmpty { _ = bytes.withCString { send(socket, $0, strlen($0), 0) } }
        }

        /// Whether the server closed the connection within `seconds` (a read returns 0 or fails).
        func isClosed(within seconds: Double) async -> Bool {
            await onThreadOfItsOwn { self.closed(within: seconds) }
        }

        /// What the server answers, read until it closes the connection (or `seconds` pass).
        func answer(within seconds: Int) async -> String {
            await onThreadOfItsOwn { self.read(within: seconds) }
        }

        private func closed(within seconds: Double) -> Bool {
            var timeout = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - seconds.rounded(.down)) * 1_000_000))
            setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            var buffer = [UInt8](repeating: 0, count: 512)
            let read = recv(socket, &buffer, buffer.count, 0)
            return read == 0 || (read < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
        }

        private func read(within seconds: Int) -> String {
            var timeout = timeval(tv_sec: seconds, tv_usec: 0)
            setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            var answer: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while case let read = recv(socket, &buffer, buffer.count, 0), read > 0 { answer += buffer[..<read] }
            return String(decoding: answer, as: UTF8.self)
        }

        deinit { close(socket) }
    }

    struct CannotConnect: Error { let port: Int }

    static let halfHead = "POST /auth/v1/otp/generate HTTP/1.1\r\nHost: auth\r\n"
    static let halfBody = "POST /auth/v1/otp/generate HTTP/1.1\r\nHost: auth\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"a\":"

    @Test(arguments: [halfHead, halfBody])
    func aRequestThatDoesNotArriveInTimeIsCutOff(_ bytes: String) async throws {
        let folder = try temporaryFolder("hostile")
        let server = try await ServerProcess(["--request-timeout", "1"], in: folder, environment: ["DATABASE_URL": "auth.sqlite"])
        #expect(await server.waitUntilHealthy())
        let client = try StalledClient(port: server.port, sending: bytes)
        // The deadline is 1 s: closed after it, and well before the default 10 s.
        let started = ContinuousClock.now
        #expect(await client.isClosed(within: 20))
        let waited = ContinuousClock.now - started
        #expect(waited >= .milliseconds(900) && waited < .seconds(5), "closed after \(waited)")
        // The server still serves everyone else.
        #expect(try await server.get("/health") == #"{"status":"ok"}"#)
        await server.stop()
    }

    @Test func anIdleKeepAliveConnectionIsClosedAfterItsTimeout() async throws {
        let folder = try temporaryFolder("hostile")
        let server = try await ServerProcess(
            ["--idle-timeout", "1", "--request-timeout", "600"], in: folder, environment: ["DATABASE_URL": "auth.sqlite"])
        #expect(await server.waitUntilHealthy())
        // A whole request on a keep-alive connection, answered; then the client says nothing.
        let client = try StalledClient(port: server.port, sending: "GET /health HTTP/1.1\r\nHost: auth\r\n\r\n")
        let started = ContinuousClock.now
        // Read until the server closes: the answer, then the end of the connection.
        #expect(await client.answer(within: 20).contains(#"{"status":"ok"}"#))
        let waited = ContinuousClock.now - started
        #expect(waited >= .milliseconds(900) && waited < .seconds(10), "closed after \(waited)")
        await server.stop()
    }

    @Test func aStalledClientCannotHoldShutdownPastItsDeadline() async throws {
        let folder = try temporaryFolder("hostile")
        let server = try await ServerProcess(
            ["--request-timeout", "600", "--shutdown-timeout", "1"], in: folder, environment: ["DATABASE_URL": "auth.sqlite"])
        #expect(await server.waitUntilHealthy())
        let client = try StalledClient(port: server.port, sending: Self.halfBody)
        try await Task.sleep(for: .milliseconds(200))
        // The stalled request holds shutdown for its 1 s, not its 600 s request deadline.
        let took = await server.stop(SIGTERM)
        #expect(took < .seconds(5), "shutdown took \(took)")
        #expect(server.process.terminationReason == .exit && server.process.terminationStatus == 0)
        #expect(await client.isClosed(within: 1))
    }

    @Test func deadlinesAndTheConnectionCapComeFromFlagsAndTheEnvironment() async throws {
        let folder = try temporaryFolder("hostile")
        let bad = try await ServerProcess(in: folder, environment: ["DATABASE_URL": "auth.sqlite", "AUTH_REQUEST_TIMEOUT": "soon"])
        #expect(await bad.exited(), "it must end by itself")
        #expect(bad.process.terminationStatus != 0)
        #expect(bad.standardError.contains("AUTH_REQUEST_TIMEOUT must be a whole number, is soon"))
        // One connection at a time: a second waits in the backlog until the first closes. (Raw
        // connections that close after one answer, so no pooled client holds the one slot.)
        let server = try await ServerProcess(
            in: folder,
            environment: [
                "DATABASE_URL": "auth.sqlite", "AUTH_MAX_CONNECTIONS": "1", "AUTH_REQUEST_TIMEOUT": "2", "AUTH_IDLE_TIMEOUT": "600",
            ])
        let health = "GET /health HTTP/1.1\r\nHost: auth\r\nConnection: close\r\n\r\n"
        var up = false
        for _ in 0..<100 where !up {
            try await Task.sleep(for: .milliseconds(100))
            up = await (try? StalledClient(port: server.port, sending: health))?.answer(within: 2).contains(#"{"status":"ok"}"#) == true
        }
        #expect(up)
        let holder = try StalledClient(port: server.port, sending: Self.halfHead)
        // The holder is served: its half request is cut off at its 2 s deadline, not at once.
        let held = ContinuousClock.now
        while ContinuousClock.now - held < .seconds(1) {
            #expect(await !holder.isClosed(within: 0.1), "the holder was not served")
        }
        // The second connection waits in the backlog for the one slot, and is answered only
        // once the holder is cut off.
        let waiting = try StalledClient(port: server.port, sending: health)
        #expect(await waiting.answer(within: 20).contains(#"{"status":"ok"}"#))
        let answeredAfter = ContinuousClock.now - held
        #expect(answeredAfter >= .milliseconds(1800), "answered \(answeredAfter) after the holder came")
        #expect(await holder.isClosed(within: 1))
        await server.stop()
    }

    /// Attack: a client connects and says nothing, holding a slot until the idle timeout.
    @Test func aSilentConnectionIsClosedAtTheFirstByteDeadline() async throws {
        let folder = try temporaryFolder("hostile")
        let server = try await ServerProcess(
            in: folder,
            environment: [
                "DATABASE_URL": "auth.sqlite", "AUTH_FIRST_BYTE_TIMEOUT": "1", "AUTH_REQUEST_TIMEOUT": "600", "AUTH_IDLE_TIMEOUT": "600",
            ])
        #expect(await server.waitUntilHealthy())
        let client = try StalledClient(port: server.port, sending: "")
        let started = ContinuousClock.now
        #expect(await client.isClosed(within: 20))
        let waited = ContinuousClock.now - started
        #expect(waited >= .milliseconds(900) && waited < .seconds(5), "closed after \(waited)")
        await server.stop()
    }

    /// Attack: one client filled `--max-connections` with idle sockets and everyone else
    /// waited (59.5 s for /health at a cap of 20). Each address holds at most its share.
    @Test func oneClientCannotTakeEveryConnection() async throws {
        let folder = try temporaryFolder("hostile")
        let server = try await ServerProcess(
            in: folder,
            environment: [
                "DATABASE_URL": "auth.sqlite", "AUTH_MAX_CONNECTIONS": "20", "AUTH_MAX_CONNECTIONS_PER_ADDRESS": "5",
                "AUTH_REQUEST_TIMEOUT": "600", "AUTH_IDLE_TIMEOUT": "600", "AUTH_FIRST_BYTE_TIMEOUT": "600",
            ])
        #expect(await server.waitUntilHealthy())
        // The attacker (127.0.0.3) opens 30 connections that send half a request each.
        let held = try (0..<30).map { _ in try StalledClient(port: server.port, sending: Self.halfHead, from: "127.0.0.3") }
        try await Task.sleep(for: .milliseconds(500))
        let closed = await held.closedCount(within: 0.1)
        #expect(closed == 25, "\(closed) of the attacker's 30 were closed")
        // Another client is answered at once.
        let started = ContinuousClock.now
        let other = try StalledClient(
            port: server.port, sending: "GET /health HTTP/1.1\r\nHost: auth\r\nConnection: close\r\n\r\n", from: "127.0.0.4")
        #expect(await other.answer(within: 10).contains(#"{"status":"ok"}"#))
        #expect(ContinuousClock.now - started < .seconds(2))
        await server.stop()
    }

    /// Attack: a second request pipelined behind a first, and left half sent, was given the
    /// idle timeout (60 s) instead of the request deadline.
    @Test func aPipelinedRequestHasTheRequestDeadline() async throws {
        let folder = try temporaryFolder("hostile")
        let server = try await ServerProcess(
            ["--request-timeout", "1", "--idle-timeout", "600"], in: folder, environment: ["DATABASE_URL": "auth.sqlite"])
        #expect(await server.waitUntilHealthy())
        let client = try StalledClient(port: server.port, sending: "GET /health HTTP/1.1\r\nHost: auth\r\n\r\n" + Self.halfHead)
        let started = ContinuousClock.now
        #expect(await client.answer(within: 20).contains(#"{"status":"ok"}"#))
        let waited = ContinuousClock.now - started
        #expect(waited >= .milliseconds(900) && waited < .seconds(5), "closed after \(waited)")
        // A keep-alive client that waits between whole requests keeps the idle timeout.
        let patient = try StalledClient(port: server.port, sending: "GET /health HTTP/1.1\r\nHost: auth\r\n\r\n")
        try await Task.sleep(for: .seconds(2))
        #expect(await !patient.isClosed(within: 0.1))
        await server.stop()
    }

    /// Attack: the metrics port had no deadlines or cap and listened on the API's address:
    /// 300 idle metrics sockets took the API down. It listens on loopback unless told, with
    /// the API's deadlines and a small cap.
    @Test func theMetricsListenerIsLoopbackWithDeadlinesAndACap() async throws {
        let folder = try temporaryFolder("hostile")
        let metricsPort = ServerProcess.unusedPort()
        let server = try await ServerProcess(
            ["--host", "127.0.0.2", "--metrics-port", "\(metricsPort)"], in: folder,
            environment: ["DATABASE_URL": "auth.sqlite", "AUTH_FIRST_BYTE_TIMEOUT": "1"], host: "127.0.0.2")
        #expect(await server.waitUntilHealthy())
        #expect(throws: CannotConnect.self) { try StalledClient(port: metricsPort, sending: "", host: "127.0.0.2") }
        let scrape = "GET /metrics HTTP/1.1\r\nHost: auth\r\nConnection: close\r\n\r\n"
        #expect(await (try StalledClient(port: metricsPort, sending: scrape)).answer(within: 10).contains("auth_http_requests_total"))
        let silent = try StalledClient(port: metricsPort, sending: "")
        #expect(await silent.isClosed(within: 10))
        let held = try (0..<10).map { _ in try StalledClient(port: metricsPort, sending: Self.halfHead, from: "127.0.0.5") }
        try await Task.sleep(for: .milliseconds(500))
        #expect(await held.closedCount(within: 0.1) == 10 - 4)
        await server.stop()
    }
}

extension [HostileClientTests.StalledClient] {
    /// How many of the connections the server closed, each given `seconds`.
    func closedCount(within seconds: Double) async -> Int {
        var closed = 0
        for client in self {
            if await client.isClosed(within: seconds) { closed += 1 }
        }
        return closed
    }
}
