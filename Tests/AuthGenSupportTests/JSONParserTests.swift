import AuthGenSupport
import Foundation
import Testing

/// The strict parser request bodies and JSON specs go through.
@Suite struct JSONParserTests {
    func parse(_ text: String) throws -> JSONValue {
        try JSONParser.parse(Data(text.utf8))
    }

    func failure(_ text: String) -> JSONParser.SyntaxError? {
        do {
            _ = try JSONParser.parse(Data(text.utf8))
            return nil
        } catch {
            return error
        }
    }

    @Test func valuesOfEveryKind() throws {
        let value = try parse(#"{"a": [1, -2.5, 1e3, true, false, null], "s": "x\"y\\z\/\n\u00e9\ud83d\ude00", "big": 9223372036854775808}"#)
        #expect(
            value
                == .object([
                    "a": .array([.integer(1), .number(-2.5), .number(1000), .bool(true), .bool(false), .null]),
                    "s": .string("x\"y\\z/\né😀"),
                    "big": .number(9223372036854775808),
                ]))
        #expect(try parse("\u{FEFF}[]") == .array([]))
        #expect(try parse("  \"plain\"  ") == .string("plain"))
    }

    @Test(arguments: [
        ("{\"a\": 1,}", 1, 9, "trailing comma before '}'"),
        ("[1,\n 2,\n]", 3, 1, "trailing comma before ']'"),
        ("{\"a\" 1}", 1, 6, "expected ':' after the key"),
        ("[01]", 1, 3, "leading zero in a number"),
        ("\"a\u{01}\"", 1, 3, "control character in a string"),
        ("\"\\ud800x\"", 1, 8, "unpaired surrogate in \\u escape"),
        ("\"\\q\"", 1, 3, "invalid escape '\\q'"),
        ("{} {}", 1, 4, "unexpected content after the document"),
        ("[1, 2", 1, 6, "unexpected end of input, expected ',' or ']'"),
        ("// comment\n{}", 1, 1, "unexpected character '/'"),
        ("[1e999]", 1, 2, "number out of range"),
        ("{\"a\": -2e308}", 1, 7, "number out of range"),
    ])
    func malformedInputNamesLineAndColumn(text: String, line: Int, column: Int, message: String) {
        let error = failure(text)
        #expect(error?.line == line)
        #expect(error?.column == column)
        #expect(error?.message == message)
    }

    @Test func deepNestingIsRefusedNotCrashed() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(failure(deep)?.message == "nesting too deep")
    }
}

/// A key given twice is refused, wherever it is: readers disagree on which value wins.
@Suite struct DuplicateKeyTests {
    @Test(arguments: [
        (#"{"a": 1, "a": 2}"#, "/a"),
        (#"{"a": "x", "b": 1, "a": "y"}"#, "/a"),
        (#"{"outer": {"inner": 1, "inner": 1}}"#, "/outer/inner"),
        (#"[{"x": 0}, {"x": 1, "x": 2}]"#, "/1/x"),
        (#"{"a/b": 1, "a/b": 2}"#, "/a~1b"),
    ])
    func aDuplicateKeyIsNamedWithItsPointer(_ text: String, _ pointer: String) {
        let error = #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(Array(text.utf8)) }
        #expect(error?.pointer.description == pointer)
        #expect(error?.message.hasPrefix("duplicate key") == true)
    }

    @Test func equalKeysInDifferentObjectsAreFine() throws {
        let parsed = try JSONParser.parse(Array(#"{"a": {"a": 1}, "b": [{"a": 1}, {"a": 2}]}"#.utf8))
        #expect(
            parsed
                == .object([
                    "a": .object(["a": .integer(1)]), "b": .array([.object(["a": .integer(1)]), .object(["a": .integer(2)])]),
                ]))
    }
}

/// Typed values decoded from the parsed tree, as a server decodes every body.
@Suite struct JSONValueDecoderTests {
    struct Sample: Codable, Equatable {
        enum Kind: String, Codable { case one = "ONE", two = "TWO" }
        var name: String
        var count: Int32
        var ratio: Double
        var kind: Kind
        var tags: [String]
        var nested: [String: Int]?
        var missing: String?
    }

    @Test func decodesWhatJSONDecoderDecodes() throws {
        let text = #"{"name": "n", "count": 3, "ratio": 2, "kind": "TWO", "tags": ["a", "b"], "nested": {"x": 1}, "missing": null}"#
        let fromTree = try JSONValueDecoder().decode(Sample.self, from: try JSONParser.parse(Array(text.utf8)))
        #expect(fromTree == (try JSONDecoder().decode(Sample.self, from: Data(text.utf8))))
    }

    @Test func mismatchesNameTheirPath() throws {
        let text = #"{"name": "n", "count": 3000000000, "ratio": 1, "kind": "ONE", "tags": [1]}"#
        let error = #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Sample.self, from: try JSONParser.parse(Array(text.utf8))) }
        guard case .dataCorrupted(let context)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(context.codingPath.map(\.stringValue) == ["count"])
    }
}
