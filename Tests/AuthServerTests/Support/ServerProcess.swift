import AsyncHTTPClient
import Foundation
import NIOCore
import Synchronization
import Testing

/// The built `auth-server` binary, run as a user runs it.
final class ServerProcess: @unchecked Sendable {
    /// The binary of the same build as these tests: beside the test bundle, whichever build
    /// folder or configuration made it.
    static let binary: URL = {
        let folder = Bundle.main.bundleURL.pathExtension == "xctest" ? Bundle.main.bundleURL.deletingLastPathComponent() : Bundle.main.bundleURL
        return folder.appendingPathComponent("auth-server")
    }()

    let process = Process()
    /// Where requests go: the loopback address the server was told to listen on.
    let host: String
    let port: Int
    /// Standard output and error go to files (a pipe nobody drains would stall a busy server).
    let outputFile: URL
    let errorFile: URL

    /// Ports below Linux's ephemeral range (32768 and up), so no outgoing connection of the
    /// suite (to PostgreSQL, to a server under test) can be holding one; each handed out once
    /// per test run, from a random start so that runs side by side rarely meet.
    static let ports = 20_000..<32_000
    private static let nextPort = Atomic<Int>(Int.random(in: 0..<ports.count))

    static func unusedPort() -> Int {
        ports.lowerBound + nextPort.add(1, ordering: .relaxed).oldValue % ports.count
    }

    /// Starts the server in `folder` (see `waitUntilHealthy()`).
    init(
        _ arguments: [String] = [], in folder: URL, environment: [String: String] = [:], host: String = "127.0.0.1",
        port: Int = ServerProcess.unusedPort()
    ) async throws {
        self.host = host
        self.port = port
        process.executableURL = Self.binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.environment = ProcessInfo.processInfo.environment.merging(["AUTH_PORT": "\(port)"].merging(environment) { $1 }) { $1 }
        let name = "server-\(port)-\(UUID().uuidString.prefix(8))"
        outputFile = folder.appendingPathComponent("\(name).out")
        errorFile = folder.appendingPathComponent("\(name).err")
        _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: outputFile)
        process.standardError = try FileHandle(forWritingTo: errorFile)
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path), "no auth-server at \(Self.binary.path): build it first")
        try process.run()
    }

    /// Runs the binary to its end (a subcommand such as `customers import`).
    static func run(
        _ arguments: [String], in folder: URL, environment: [String: String] = [:]
    ) async throws -> (status: Int32, output: String, error: String) {
        let process = try await ServerProcess(arguments, in: folder, environment: environment)
        if await !process.exited(within: .seconds(60)) {
            Issue.record("auth-server \(arguments.joined(separator: " ")) did not end within 60 s")
            await process.stop(SIGKILL)
        }
        return (process.process.terminationStatus, process.standardOutput, process.standardError)
    }

    /// Waits for `/health`; false when the process exited or 10 s passed.
    func waitUntilHealthy() async -> Bool {
        for _ in 0..<100 {
            guard process.isRunning else { return false }
            if let answer = try? await get("/health"), answer == #"{"status":"ok"}"# { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    func get(_ path: String) async throws -> String {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://\(host):\(port)\(path)"), timeout: .seconds(2))
        return String(buffer: try await response.body.collect(upTo: 1 << 16))
    }

    /// POSTs JSON; the answer's status and body.
    func post(_ path: String, _ body: String, timeout: TimeAmount = .seconds(10)) async throws -> (status: Int, body: String) {
        var request = HTTPClientRequest(url: "http://\(host):\(port)\(path)")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await HTTPClient.shared.execute(request, timeout: timeout)
        return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 1 << 16)))
    }

    /// Waits at most `limit` for the process to end, polling: a blocking wait would hold one of
    /// the few threads of Swift's concurrency pool that every test running beside it needs.
    /// Whether it ended.
    func exited(within limit: Duration = .seconds(60)) async -> Bool {
        let started = ContinuousClock.now
        while process.isRunning, ContinuousClock.now - started < limit { try? await Task.sleep(for: .milliseconds(10)) }
        return !process.isRunning
    }

    /// Sends `signal` and waits at most `limit` for the process to end; one still running then
    /// is killed and recorded as a failure, so a server that will not stop fails its test
    /// instead of hanging the run. How long it took.
    @discardableResult
    func stop(_ signal: Int32 = SIGTERM, within limit: Duration = .seconds(20)) async -> Duration {
        let started = ContinuousClock.now
        if process.isRunning { kill(process.processIdentifier, signal) }
        let ended = await exited(within: limit)
        let waited = ContinuousClock.now - started
        if !ended {
            Issue.record("auth-server did not stop within \(limit) of signal \(signal)")
            kill(process.processIdentifier, SIGKILL)
            _ = await exited()
        }
        return waited
    }

    var standardOutput: String { (try? String(contentsOf: outputFile, encoding: .utf8)) ?? "" }
    var standardError: String { (try? String(contentsOf: errorFile, encoding: .utf8)) ?? "" }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
