import AsyncHTTPClient
import AuthTestSupport
import Foundation
import Testing

/// The `auth-server` binary as a user runs it.
@Suite(.timeLimit(.minutes(3))) struct ExecutableTests {
    /// The file named by `--config` or by `AUTH_CONFIG`.
    @Test(arguments: [(["--config", "auth.yaml"], [:]), ([], ["AUTH_CONFIG": "auth.yaml"])])
    func aBadConfigurationStopsStartUpNamingTheKey(arguments: [String], environment: [String: String]) async throws {
        let folder = try temporaryFolder("exe")
        try "brands:\n  DocDemo:\n    otpLength: 30\n".write(to: folder.appendingPathComponent("auth.yaml"), atomically: true, encoding: .utf8)
        let server = try await ServerProcess(arguments, in: folder, environment: environment.merging(["DATABASE_URL": ".data/auth.sqlite"]) { $1 })
        #expect(await server.exited(), "it must end by itself")
        #expect(server.process.terminationStatus == 78)
        #expect(server.standardError.contains("auth.yaml:3:16: brands.DocDemo.otpLength: must be 4 to 10 digits, is 30"))
        // Nothing was created.
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent(".data").path))
    }

    /// SIGTERM while an OTP is on its way to a slow gateway (the webhook provider, set up in
    /// the configuration file): the request still gets its answer, then the server exits 0.
    @Test func shutdownLetsARequestInFlightFinish() async throws {
        let gateway = WebhookSenderTests.Gateway([], delay: .milliseconds(800))
        try await gateway.run { url in
            let folder = try temporaryFolder("exe")
            try """
            providers:
              gateway: {type: webhook, url: "\(url.absoluteString)", timeoutSeconds: 5}
            defaults:
              channels:
                SMS: {provider: gateway}
            """.write(to: folder.appendingPathComponent("auth.yaml"), atomically: true, encoding: .utf8)
            let server = try await ServerProcess(["--config", "auth.yaml"], in: folder, environment: ["DATABASE_URL": "auth.sqlite"])
            #expect(await server.waitUntilHealthy())
            let identity = #""identifierType":"MOBILE","identifierValue":"919999999993","brand":"DocDemo","deviceId":"123456785""#
            let session = try sessionId(in: try await server.post("/auth/v1/token/generate", "{\(identity)}").body)

            let inFlight = Task { try await server.post("/auth/v1/otp/generate", #"{\#(identity),"sessionId":"\#(session)"}"#) }
            // SIGTERM once the message has reached the gateway, which holds its answer 0.8 s.
            for _ in 0..<200 where gateway.received.withLock({ $0.isEmpty }) { try await Task.sleep(for: .milliseconds(10)) }
            #expect(!gateway.received.withLock { $0.isEmpty })
            await server.stop(SIGTERM)
            let answer = try await inFlight.value
            #expect(answer.status == 200)
            #expect(server.process.terminationReason == .exit && server.process.terminationStatus == 0)
        }
        let delivered = try #require(gateway.received.withLock { $0.first?.body })
        #expect(delivered.contains("919999999993"))
    }

    /// A USERNAME's message goes out after its answer; SIGTERM right after that answer still
    /// lets it reach the gateway, here on its second attempt, 0.2 s after the first failed.
    @Test func shutdownSendsTheMessagesOnTheirWay() async throws {
        let gateway = WebhookSenderTests.Gateway([.serviceUnavailable])
        try await gateway.run { url in
            let folder = try temporaryFolder("exe")
            try """
            providers:
              gateway: {type: webhook, url: "\(url.absoluteString)", timeoutSeconds: 5, retries: 2}
            defaults:
              channels:
                SMS: {provider: gateway}
            """.write(to: folder.appendingPathComponent("auth.yaml"), atomically: true, encoding: .utf8)
            try #"{"brand": "DocDemo", "username": "jdoe", "mobile": "919999999993"}"#
                .write(to: folder.appendingPathComponent("customers.jsonl"), atomically: true, encoding: .utf8)
            let store = ["--config", "auth.yaml", "--database", "auth.sqlite"]
            #expect(try await ServerProcess.run(["customers", "import", "customers.jsonl"] + store, in: folder).status == 0)
            let server = try await ServerProcess(store, in: folder)
            #expect(await server.waitUntilHealthy())
            let identity = #""identifierType":"USERNAME","identifierValue":"jdoe","brand":"DocDemo","deviceId":"123456785""#
            let session = try sessionId(in: try await server.post("/auth/v1/token/generate", "{\(identity)}").body)
            #expect(code(try await server.post("/auth/v1/otp/generate", #"{\#(identity),"sessionId":"\#(session)"}"#).body) == 200)
            await server.stop(SIGTERM)
            #expect(server.process.terminationReason == .exit && server.process.terminationStatus == 0)
        }
        let attempts = gateway.received.withLock { $0.map(\.body) }
        #expect(attempts.count == 2 && attempts.allSatisfy { $0.contains("919999999993") })
    }

    @Test func theEnvironmentConfiguresItAndSIGTERMStopsItCleanly() async throws {
        let folder = try temporaryFolder("exe")
        let server = try await ServerProcess(in: folder, environment: ["DATABASE_URL": "sqlite:state/auth.sqlite"])
        #expect(await server.waitUntilHealthy())
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("state/auth.sqlite").path))

        // One session and OTP, to see where secrets go: the OTP to the console, nothing to the log.
        let identity = #""identifierType":"MOBILE","identifierValue":"919999999993","brand":"DocDemo","deviceId":"123456785""#
        let session = try await server.post("/auth/v1/token/generate", "{\(identity)}").body
        let id = try sessionId(in: session)
        let token = try #require((json(session)["auth"] as? [String: Any])?["token"] as? String)
        #expect(code(try await server.post("/auth/v1/otp/generate", #"{\#(identity),"sessionId":"\#(id)"}"#).body) == 200)

        await server.stop(SIGTERM)
        #expect(server.process.terminationReason == .exit && server.process.terminationStatus == 0)
        // swift-log's default handler writes to standard error; the console provider to standard output.
        let log = server.standardError
        #expect(log.contains("auth-server serving"))
        #expect(log.contains("hb.request.path=/auth/v1/otp/generate"))
        let console = server.standardOutput
        let otp = try #require(console.firstMatch(of: /OTP is (\d{6})/)?.output.1)
        #expect(console.contains("[SMS to 919999999993, docdemo] Your OTP is"))
        #expect(!log.contains(otp) && !log.contains(token) && !log.contains(id))
        // The keys are in a file of their own beside the database, readable by its owner only.
        let keys = folder.appendingPathComponent("state/auth.sqlite.keys").path
        #expect((try FileManager.default.attributesOfItem(atPath: keys)[.posixPermissions] as? Int) == 0o600)
    }

    @Test func postgreSQLWithoutSecretsStopsStartUpNamingThem() async throws {
        let folder = try temporaryFolder("exe")
        let server = try await ServerProcess(in: folder, environment: ["DATABASE_URL": "postgres://auth@127.0.0.1:1/auth"])
        #expect(await server.exited(), "it must end by itself")
        #expect(server.process.terminationStatus == 78)
        #expect(server.standardError.contains("secrets.otpKey: is required with PostgreSQL"))
        #expect(server.standardError.contains("secrets.tokenKey: is required with PostgreSQL"))
    }
}

extension ExecutableTests {
    @Test func aDatabaseInUseStopsStartUpSayingSo() async throws {
        let folder = try temporaryFolder("exe")
        let first = try await ServerProcess(in: folder, environment: ["DATABASE_URL": "auth.sqlite"])
        #expect(await first.waitUntilHealthy())
        let second = try await ServerProcess(in: folder, environment: ["DATABASE_URL": "auth.sqlite"])
        #expect(await second.exited(), "it must end by itself")
        #expect(second.process.terminationStatus == 69)
        #expect(second.standardError.contains("the database is in use by another server"))
        await first.stop()
    }
}

/// The command line as the README lists it, and what survives the process.
@Suite(.timeLimit(.minutes(3))) struct CommandLineTests {
    static let identity = #""identifierType":"MOBILE","identifierValue":"919999999993","brand":"DocDemo","deviceId":"123456785""#

    @Test func hostPortDatabaseAndEchoComeFromFlagsOrTheEnvironment() async throws {
        let folder = try temporaryFolder("flags")
        let port = ServerProcess.unusedPort()
        // The flags win over the environment. Other loopback addresses than the default
        // 127.0.0.1, so a host that is not applied shows.
        let flagged = try await ServerProcess(
            ["--host", "127.0.0.2", "--port", "\(port)", "--database", "flagged.sqlite", "--echo-route"], in: folder,
            environment: ["AUTH_HOST": "127.0.0.3", "AUTH_PORT": "1"], host: "127.0.0.2", port: port)
        #expect(await flagged.waitUntilHealthy(), "\(flagged.standardError)")
        #expect(try await flagged.post("/echo", #"{"a":1}"#).body == #"{"a":1}"#)
        #expect(!(await answersHealth(host: "127.0.0.1", port: port)))
        #expect(!(await answersHealth(host: "127.0.0.3", port: port)))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("flagged.sqlite").path))
        await flagged.stop(SIGINT)
        #expect(flagged.process.terminationReason == .exit && flagged.process.terminationStatus == 0)

        let byEnvironment = try await ServerProcess(
            in: folder, environment: ["AUTH_HOST": "127.0.0.3", "DATABASE_URL": "env.sqlite"], host: "127.0.0.3")
        #expect(await byEnvironment.waitUntilHealthy(), "\(byEnvironment.standardError)")
        #expect(!(await answersHealth(host: "127.0.0.1", port: byEnvironment.port)))
        // No echo route unless asked.
        #expect(try await byEnvironment.post("/echo", "{}").status == 404)
        await byEnvironment.stop(SIGINT)
        #expect(byEnvironment.process.terminationStatus == 0)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("env.sqlite").path))
    }

    func answersHealth(host: String, port: Int) async -> Bool {
        (try? await HTTPClient.shared.execute(HTTPClientRequest(url: "http://\(host):\(port)/health"), timeout: .seconds(1)))?.status == .ok
    }

    @Test func aDatabaseThatCannotBeOpenedStopsStartUpWith69() async throws {
        let folder = try temporaryFolder("db")
        // Newer than this server: its schema version is past every migration.
        let path = folder.appendingPathComponent("newer.sqlite").path
        let setup = Process()
        setup.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        setup.arguments = ["python3", "-c", "import sqlite3; c = sqlite3.connect('\(path)'); c.execute('PRAGMA user_version = 99'); c.commit()"]
        try setup.run()
        setup.waitUntilExit()
        let newer = try await ServerProcess(in: folder, environment: ["DATABASE_URL": path])
        #expect(await newer.exited(), "it must end by itself")
        #expect(newer.process.terminationStatus == 69)
        #expect(newer.standardError.contains("newer than this server's"))

        // Unreachable PostgreSQL (with the secrets PostgreSQL needs): at once, with the reason,
        // without the password.
        let key = Data(repeating: 1, count: 32).base64EncodedString()
        try "secrets:\n  otpKey: {env: AUTH_TEST_K}\n  tokenKey: {env: AUTH_TEST_K}\n"
            .write(to: folder.appendingPathComponent("pg.yaml"), atomically: true, encoding: .utf8)
        let unreachable = try await ServerProcess(
            ["--config", "pg.yaml"], in: folder,
            environment: ["DATABASE_URL": "postgres://auth:hunter2@127.0.0.1:1/auth?sslmode=disable", "AUTH_TEST_K": key])
        #expect(await unreachable.exited(), "it must end by itself")
        #expect(unreachable.process.terminationStatus == 69)
        #expect(unreachable.standardError.contains("cannot connect to PostgreSQL at postgres://auth:***@127.0.0.1:1/auth"))
        #expect(unreachable.standardError.contains("Connection refused"))
        #expect(!unreachable.standardError.contains("hunter2"))
    }

    @Test func whatASQLiteServerAcknowledgedSurvivesSIGKILL() async throws {
        let folder = try temporaryFolder("kill")
        try """
        providers:
          outbox: {type: outbox, path: outbox.jsonl}
        defaults:
          channels:
            SMS: {provider: outbox}
        """.write(to: folder.appendingPathComponent("auth.yaml"), atomically: true, encoding: .utf8)
        let arguments = ["--config", "auth.yaml", "--database", "auth.sqlite"]
        let first = try await ServerProcess(arguments, in: folder)
        #expect(await first.waitUntilHealthy())
        var acknowledged: [(number: String, session: String)] = []
        for n in 0..<20 {
            let number = "9190000\(String(format: "%05d", n))"
            let identity = #""identifierType":"MOBILE","identifierValue":"\#(number)","brand":"DocDemo","deviceId":"d""#
            let session = try sessionId(in: try await first.post("/auth/v1/token/generate", "{\(identity)}").body)
            #expect(try await first.post("/auth/v1/otp/generate", #"{\#(identity),"sessionId":"\#(session)"}"#).status == 200)
            acknowledged.append((number, session))
        }
        await first.stop(SIGKILL)
        #expect(first.process.terminationReason == .uncaughtSignal)

        let second = try await ServerProcess(arguments, in: folder)
        #expect(await second.waitUntilHealthy(), "\(second.standardError)")
        let sent = Dictionary(try ServerHarness.messages(in: folder.appendingPathComponent("outbox.jsonl")).map { ($0.destination, $0.text) }) { $1 }
        for (number, session) in acknowledged {
            let identity = #""identifierType":"MOBILE","identifierValue":"\#(number)","brand":"DocDemo","deviceId":"d""#
            let text = try #require(sent[number])
            let validated = try await second.post("/auth/v1/otp/validate", #"{\#(identity),"sessionId":"\#(session)","otp":"\#(try otp(in: text))"}"#)
            #expect(validated.status == 200, "\(number)")
        }
        await second.stop()
    }
}
