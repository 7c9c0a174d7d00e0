import AuthAPI
import AuthTestSupport
import Foundation
import Testing

@testable import AuthEngine

/// The outbox file another process delivers from: one JSON object per line, keys in order,
/// the bytes `JSONEncoder` with sorted keys wrote before the outbox wrote its own.
@Suite struct OutboxTests {
    static let messages = [
        OTPMessage(id: "m-1", brand: "DocDemo", displayName: "Doc Demo", channel: .sms, destination: "919999999993", text: "OTP is 123456"),
        // No display name: the member is left out, as Codable leaves out nil.
        OTPMessage(id: "m-2", brand: "a/b", channel: .email, destination: "a@example.com", text: "quote \" backslash \\ slash /"),
        OTPMessage(id: "m-3", brand: "Thương hiệu", channel: .zalo, destination: "84912345678", text: "Mã OTP 654321 😀"),
    ]

    @Test func eachMessageIsTheLineJSONEncoderWrites() async throws {
        let path = try temporaryFolder("outbox").appendingPathComponent("outbox.jsonl").path
        let outbox = OutboxSender(path: path)
        for message in Self.messages { try await outbox.send(message) }

        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let expected = try Self.messages.map { String(decoding: try encoder.encode($0), as: UTF8.self) + "\n" }.joined()
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(written == expected)
        let lines = written.split(separator: "\n").map { Data($0.utf8) }
        #expect(try lines.map { try JSONDecoder().decode(OTPMessage.self, from: $0) } == Self.messages)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }
}
