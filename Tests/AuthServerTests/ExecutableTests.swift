import AsyncHTTPClient
import Foundation
import NIOCore
import Testing

/// The `auth-server` binary as a user runs it.
@Suite(.serialized) struct ExecutableTests {
    static let binary = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(".build/debug/auth-server")

    func launch(_ arguments: [String], in folder: URL, environment: [String: String] = [:]) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return (process, out, err)
    }

    func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("exe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func aBadConfigurationStopsStartUpNamingTheKey() throws {
        let folder = try folder()
        try "brands:\n  DocDemo:\n    otpLength: 30\n".write(to: folder.appendingPathComponent("auth.yaml"), atomically: true, encoding: .utf8)
        let (process, _, err) = try launch(["--config", "auth.yaml", "--port", "0"], in: folder)
        process.waitUntilExit()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 78)
        #expect(message.contains("auth.yaml:3:16: brands.DocDemo.otpLength: must be 4 to 10 digits, is 30"))
        // Nothing was created.
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent(".data").path))
    }

    @Test func theEnvironmentConfiguresItAndSIGTERMStopsItCleanly() async throws {
        let folder = try folder()
        let port = 18_000 + Int.random(in: 0..<2000)
        let (process, out, err) = try launch([], in: folder, environment: ["AUTH_PORT": "\(port)", "DATABASE_URL": "sqlite:state/auth.sqlite"])
        var healthy = false
        for _ in 0..<100 where !healthy {
            try await Task.sleep(for: .milliseconds(100))
            if let response = try? await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/health"), timeout: .seconds(1)),
                let body = try? await response.body.collect(upTo: 1024) {
                healthy = String(buffer: body) == #"{"status":"ok"}"#
            }
        }
        #expect(healthy)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("state/auth.sqlite").path))

        // One session and OTP, to see where secrets go: the OTP to the console, nothing to the log.
        let identity = #""identifierType":"MOBILE","identifierValue":"919999999993","brand":"DocDemo","deviceId":"123456785""#
        let session = try await post(port, "/auth/v1/token/generate", "{\(identity)}")
        let sessionId = try #require((json(session)["user"] as? [String: Any])?["sessionId"] as? String)
        let token = try #require((json(session)["auth"] as? [String: Any])?["token"] as? String)
        #expect(code(try await post(port, "/auth/v1/otp/generate", #"{\#(identity),"sessionId":"\#(sessionId)"}"#)) == 200)

        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
        // swift-log's default handler writes to standard error.
        let log = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(log.contains("auth-server serving"))
        #expect(log.contains("hb.request.path=/auth/v1/otp/generate"))
        let console = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let otp = try #require(console.firstMatch(of: /OTP is (\d{6})/)?.output.1)
        #expect(console.contains("[SMS to 919999999993, DocDemo]"))
        #expect(!log.contains(otp) && !log.contains(token) && !log.contains(sessionId))
    }

    func post(_ port: Int, _ path: String, _ body: String) async throws -> String {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
        return String(buffer: try await response.body.collect(upTo: 1 << 16))
    }
}
