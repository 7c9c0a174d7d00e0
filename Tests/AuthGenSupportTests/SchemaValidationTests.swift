import AuthGenSupport
import Foundation
import Testing

/// Every constraint kind, each issue with its JSON pointer.
@Suite struct SchemaValidationTests {
    func json(_ text: String) throws -> JSONValue { try JSONValue(json: Data(text.utf8)) }

    func issues(_ schema: Schema, _ text: String) throws -> [String] {
        schema.validate(try json(text)).map(\.description)
    }

    @Test func types() throws {
        #expect(try issues(.string(), "1") == ["/: must be a string, not integer"])
        #expect(try issues(.integer(), "1.5") == ["/: must be an integer, not number"])
        #expect(try issues(.integer(), "2.0").isEmpty)
        #expect(try issues(.number(), "2").isEmpty)
        #expect(try issues(.boolean, "null") == ["/: must be a boolean, not null"])
        #expect(try issues(.nullable(.string()), "null").isEmpty)
        #expect(try issues(.null, "{}") == ["/: must be null, not object"])
    }

    @Test func requiredAndAdditionalProperties() throws {
        let schema = Schema.object(
            ObjectRules(
                properties: [
                    Property("a", .string(), required: true),
                    Property("b", .integer()),
                ], additionalProperties: .forbidden))
        #expect(
            try issues(schema, #"{"b": "x", "c": 1}"#) == [
                "/a: is required", "/b: must be an integer, not string", "/c: is not an allowed property",
            ])
        let counted = Schema.object(
            ObjectRules(additionalProperties: .matching(.integer(NumberRules(minimum: 0))), minProperties: 1, maxProperties: 2))
        #expect(try issues(counted, "{}") == ["/: must have at least 1 properties, has 0"])
        #expect(
            try issues(counted, #"{"x": -1, "y": 1, "z": 2}"#) == [
                "/: must have at most 2 properties, has 3", "/x: must be at least 0",
            ])
    }

    @Test func strings() throws {
        let schema = Schema.string(StringRules(minLength: 2, maxLength: 4, pattern: "^[a-z]+$"))
        #expect(try issues(schema, #""a""#) == ["/: must be at least 2 characters long, is 1"])
        #expect(try issues(schema, #""abcde""#) == ["/: must be at most 4 characters long, is 5"])
        #expect(try issues(schema, #""AB""#) == ["/: must match the pattern ^[a-z]+$"])
        #expect(try issues(schema, #""ab""#).isEmpty)
        // Lengths count code points, as JSON Schema does.
        #expect(try issues(.string(StringRules(maxLength: 2)), #""é😀""#).isEmpty)
        // ECMA-262 semantics: a pattern matches anywhere unless anchored.
        #expect(try issues(.string(StringRules(pattern: "[0-9]")), #""ab1""#).isEmpty)
        #expect(try issues(.string(StringRules(allowed: ["A", "B"])), #""C""#) == ["/: must be one of A, B"])
    }

    @Test func formats() throws {
        let email = Schema.string(StringRules(format: .email))
        #expect(try issues(email, #""captest@gmail.com""#).isEmpty)
        #expect(try issues(email, #""not an email""#) == ["/: must be a valid email"])
        #expect(try issues(email, #""a@b""#) == ["/: must be a valid email"])
        #expect(try issues(.string(StringRules(format: .uuid)), #""502259d3-d4d6-4458-bc5f-b89d3d8e4c7b""#).isEmpty)
        #expect(try issues(.string(StringRules(format: .uuid)), #""502259d3""#) == ["/: must be a valid uuid"])
        #expect(try issues(.string(StringRules(format: .dateTime)), #""2026-11-27T03:00:00Z""#).isEmpty)
        #expect(try issues(.string(StringRules(format: .date)), #""2026-11-27""#).isEmpty)
        #expect(try issues(.string(StringRules(format: .date)), #""27/11/2026""#) == ["/: must be a valid date"])
    }

    @Test func numbers() throws {
        let schema = Schema.number(NumberRules(minimum: 0, exclusiveMinimum: true, maximum: 10, multipleOf: 0.5))
        #expect(try issues(schema, "0") == ["/: must be greater than 0"])
        #expect(try issues(schema, "10.5") == ["/: must be at most 10"])
        #expect(try issues(schema, "1.25") == ["/: must be a multiple of 0.5"])
        #expect(try issues(.integer(NumberRules(maximum: 5, exclusiveMaximum: true)), "5") == ["/: must be less than 5"])
        #expect(try issues(.integer(NumberRules(allowed: [1, 2])), "3") == ["/: must be one of 1, 2"])
    }

    @Test func arrays() throws {
        let schema = Schema.array(.string(StringRules(minLength: 1)), ArrayRules(minItems: 1, maxItems: 2, uniqueItems: true))
        #expect(try issues(schema, "[]") == ["/: must have at least 1 items, has 0"])
        #expect(
            try issues(schema, #"["a", "a", ""]"#) == [
                "/: must have at most 2 items, has 3", "/: must not repeat items", "/2: must be at least 1 characters long, is 0",
            ])
    }

    @Test func combinations() throws {
        let item = Schema.object(ObjectRules(properties: [Property("id", .string(), required: true)]))
        let body = Schema.oneOf([item, .array(item, ArrayRules(minItems: 1))])
        // The one alternative of the value's type reports its own issues, with their pointers.
        #expect(try issues(body, "{}") == ["/id: is required"])
        #expect(try issues(body, #"[{"id": "a"}, {}]"#) == ["/1/id: is required"])
        #expect(try issues(body, "1") == ["/: must match exactly one of 2 allowed shapes, matches none"])
        #expect(try issues(.oneOf([.number(), .integer()]), "1") == ["/: must match exactly one of 2 allowed shapes, matches 2"])
        #expect(try issues(.anyOf([.number(), .integer()]), "1").isEmpty)
        #expect(
            try issues(.allOf([.string(StringRules(minLength: 2)), .string(StringRules(pattern: "^x"))]), #""a""#) == [
                "/: must be at least 2 characters long, is 1", "/: must match the pattern ^x",
            ])
    }

    @Test func pointersEscapeSpecialCharacters() throws {
        let schema = Schema.object(ObjectRules(properties: [Property("a/b~c", .string(), required: true)]))
        #expect(try issues(schema, "{}") == ["/a~1b~0c: is required"])
        #expect(JSONPointer("/a~1b~0c").tokens == ["a/b~c"])
    }
}
