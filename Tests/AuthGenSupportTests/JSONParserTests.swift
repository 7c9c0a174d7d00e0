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
        #expect(value == .object([
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
