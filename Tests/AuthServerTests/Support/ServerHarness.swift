import AuthAPI
import AuthEngine
import AuthServer
import AuthTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// An auth server on a fresh SQLite file whose OTPs go to an outbox file the test reads.
struct ServerHarness {
    let folder: URL
    let server: AuthServer

    static func configuration(_ brandSettings: String = "") -> String {
        """
        providers:
          outbox: {type: outbox, path: OUTBOX}
        defaults:
          channels:
            SMS: {provider: outbox}
            EMAIL: {provider: outbox}
        \(brandSettings)
        """
    }

    init(
        configuration: String = Self.configuration(), echoRoute: Bool = false, folder: URL? = nil, audit: String? = nil, metrics: Bool = false
    ) async throws {
        let folder = try folder ?? temporaryFolder("server")
        self.folder = folder
        let file = folder.appendingPathComponent("auth.yaml")
        try configuration.replacingOccurrences(of: "OUTBOX", with: folder.appendingPathComponent("outbox.jsonl").path)
            .write(to: file, atomically: true, encoding: .utf8)
        var options = AuthServer.Options()
        options.port = 0
        options.configurationFile = file.path
        options.database = folder.appendingPathComponent("auth.sqlite").path
        options.echoRoute = echoRoute
        options.audit = audit
        // Router tests read the metrics in process; the port only says they are on.
        options.metricsPort = metrics ? 9 : nil
        server = try await AuthServer.prepare(options)
    }

    /// Every message sent so far.
    func outbox() throws -> [OTPMessage] {
        try Self.messages(in: folder.appendingPathComponent("outbox.jsonl"))
    }

    static func messages(in url: URL) throws -> [OTPMessage] {
        guard FileManager.default.fileExists(atPath: url.path) else { return [] }
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map {
            try JSONDecoder().decode(OTPMessage.self, from: Data($0.utf8))
        }
    }

    /// The OTP in the last message sent, once the messages on their way are: a USERNAME's or
    /// a new address's goes out after its answer.
    func lastOTP() async throws -> String {
        await server.engine.finishDeliveries()
        return try otp(in: try #require(try outbox().last?.text))
    }

    func test(_ mode: TestingSetup = .router, _ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = Application(router: try server.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(mode, body)
    }
}

extension TestClientProtocol {
    /// POSTs JSON and returns the status, the body as text and the headers.
    func post(_ path: String, _ json: String, method: HTTPRequest.Method = .post) async throws -> (status: Int, body: String, headers: HTTPFields) {
        try await execute(uri: path, method: method, headers: [.contentType: "application/json"], body: ByteBuffer(string: json)) { response in
            (Int(response.status.code), String(buffer: response.body), response.headers)
        }
    }

    /// A session for `identity` (the JSON members of a request without braces).
    func session(_ identity: String, path: String = "/auth/v1/token/generate") async throws -> String {
        let answer = try await post(path, "{\(identity)}")
        #expect(answer.status == 200, "\(answer.body)")
        return try sessionId(in: answer.body)
    }
}
