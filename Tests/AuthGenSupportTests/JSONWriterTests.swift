import Foundation
import Testing

@testable import AuthGenSupport

/// The writer generated models write through, against Foundation's encoder.
@Suite struct JSONWriterTests {
    private func foundation(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    private func written(_ value: some JSONWritable) throws -> String {
        String(decoding: try JSONWriter.data(value), as: UTF8.self)
    }

    @Test func scalarsAreSpeltAsFoundationSpellsThem() throws {
        for text in ["", "plain", "a/b", "quote \" backslash \\", "\n\r\t\u{8}\u{C}", "\u{0}\u{1F}\u{7F}", "ünïcødé 📱 \u{2028}"] {
            #expect(try written(text) == foundation(text), "\(text.debugDescription)")
        }
        for number in [0.0, -0.0, 1.0, -2.5, 0.1, 1e20, 1.5e-7, 123_456_789.123, 9_007_199_254_740_992, 1e300, Double.leastNonzeroMagnitude] {
            #expect(try JSONParser.parse(JSONWriter.data(number)) == JSONParser.parse(Data(try foundation(number).utf8)), "\(number)")
        }
        #expect(try written(Int64.min) == foundation(Int64.min))
        #expect(try written(Int32.max) == foundation(Int32.max))
        #expect(try written(true) == foundation(true))
        #expect(try written([1, 2] as [Int]) == foundation([1, 2] as [Int]))
        #expect(try written([Int?.none, 3]) == foundation([Int?.none, 3]))
        let value = JSONValue.object(["list": .array([.null, .bool(false), .integer(-7), .number(2.5), .string("s")]), "empty": .object([:])])
        #expect(try JSONParser.parse(JSONWriter.data(value)) == value)
    }

    @Test func aNumberJSONCannotHoldIsRefused() {
        #expect(throws: EncodingError.self) { try JSONWriter.data(Double.nan) }
        #expect(throws: EncodingError.self) { try JSONWriter.data([Double.infinity]) }
    }

    @Test func membersOfOtherTypesAreWrittenByFoundation() throws {
        struct Holder: JSONWritable {
            var data: Data
            var id: UUID?
            var missing: UUID?
            var nothing: Int?
            func writeJSON(to writer: inout JSONWriter) throws {
                writer.beginObject()
                try writer.member("data", data)
                try writer.memberIfPresent("id", id)
                try writer.memberIfPresent("missing", missing)
                try writer.nullableMember("nothing", nothing)
                writer.endObject()
            }
        }
        let holder = Holder(data: Data([0, 255]), id: UUID(uuidString: "00000000-0000-4000-8000-000000000001"))
        #expect(try written(holder) == #"{"data":"AP8=","id":"00000000-0000-4000-8000-000000000001","nothing":null}"#)
    }
}
