import AuthServer
import AuthTestSupport
import Foundation
import Logging
import Synchronization
import Testing

/// `LOG_FORMAT=json`: one JSON object per line, parseable line by line, with what the text
/// format says and nothing more (never an OTP, token or session).
@Suite(.timeLimit(.minutes(3))) struct JSONLogTests {
    @Test func eachEventIsOneLineOfJSONWithItsMetadata() throws {
        let lines = Mutex<[String]>([])
        var logger = Logger(label: "auth-test") { label in JSONLogHandler(label: label) { line in lines.withLock { $0.append(line) } } }
        logger[metadataKey: "instance"] = "a"
        logger.notice("started \"quoted\"\nsecond line", metadata: ["request": ["path": "/x", "ids": ["1", "2"]]])
        logger.debug("below the level")
        let written = lines.withLock { $0 }
        #expect(written.count == 1)
        #expect(written[0].hasSuffix("}\n") && written[0].dropLast().allSatisfy { $0 != "\n" }, "one line, whatever the message holds")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(written[0].utf8)) as? [String: Any])
        #expect(object["level"] as? String == "notice")
        #expect(object["label"] as? String == "auth-test")
        #expect(object["message"] as? String == "started \"quoted\"\nsecond line")
        let metadata = try #require(object["metadata"] as? [String: Any])
        #expect(metadata["instance"] as? String == "a")
        #expect((metadata["request"] as? [String: Any])?["ids"] as? [String] == ["1", "2"])
        let time = try #require(object["time"] as? String)
        #expect(try Date(time, strategy: .iso8601.year().month().day().time(includingFractionalSeconds: true)).timeIntervalSinceNow.magnitude < 60)
    }

    @Test func theServerLogsJSONLinesAndRefusesAnUnknownFormat() async throws {
        let folder = try temporaryFolder("exe-json-log")
        let server = try await ServerProcess(in: folder, environment: ["DATABASE_URL": "auth.sqlite", "LOG_FORMAT": "json"])
        #expect(await server.waitUntilHealthy())
        let identity = #""identifierType":"MOBILE","identifierValue":"919999999994","brand":"DocDemo","deviceId":"123456785""#
        let session = try await server.post("/auth/v1/token/generate", "{\(identity)}").body
        let id = try sessionId(in: session)
        #expect(code(try await server.post("/auth/v1/otp/generate", #"{\#(identity),"sessionId":"\#(id)"}"#).body) == 200)
        await server.stop(SIGTERM)
        let lines = server.standardError.split(separator: "\n")
        #expect(lines.count >= 3)
        var messages: [String] = []
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
            #expect(object["time"] is String && object["level"] is String && object["label"] is String)
            messages.append(try #require(object["message"] as? String))
        }
        #expect(messages.contains { $0.contains("auth-server serving") })
        #expect(server.standardError.contains(#""hb.request.path":"/auth/v1/otp/generate""#))
        let otp = try #require(server.standardOutput.firstMatch(of: /OTP is (\d{6})/)?.output.1)
        #expect(!server.standardError.contains(otp) && !server.standardError.contains(id))

        let refused = try await ServerProcess.run([], in: folder, environment: ["DATABASE_URL": "auth.sqlite", "LOG_FORMAT": "xml"])
        #expect(refused.status == 78)
        #expect(refused.error.contains("LOG_FORMAT must be text or json"))
    }
}
