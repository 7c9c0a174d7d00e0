import Foundation
import Testing

@testable import AuthGenCore

/// A few lines of OpenAPI and the exact Swift they become.
@Suite struct SnippetTests {
    func generate(_ schemas: String) throws -> [String: String] {
        let spec =
            "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
            + schemas.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
        let model = try ModelBuilder(spec: try loadSpec(spec)).build()
        return try declarationsAndFiles(model)
    }

    /// The generated file without its header and import.
    func body(_ files: [String: String], _ path: String) -> String {
        let text = files[path] ?? "<no \(path)>"
        return text.components(separatedBy: "import AuthGenSupport\n\n").last ?? text
    }

    @Test func structWithRequiredOptionalAndDocs() throws {
        let files = try generate(
            """
            Pet:
              type: object
              description: A pet.
              required: [name]
              properties:
                name: {type: string, description: Its name.}
                age: {type: integer, format: int32}
                pet_type: {type: string}
            """)
        #expect(
            body(files, "Models/Pet.swift") == """
                /// A pet.
                public struct Pet: Codable, Hashable, Sendable, JSONReadable, JSONWritable {
                    /// Its name.
                    public var name: String
                    public var age: Int32?
                    public var petType: String?

                    public init(
                        name: String,
                        age: Int32? = nil,
                        petType: String? = nil
                    ) {
                        self.name = name
                        self.age = age
                        self.petType = petType
                    }

                    public enum CodingKeys: String, CodingKey {
                        case name
                        case age
                        case petType = "pet_type"
                    }

                    public init(json: JSONValue) throws {
                        let members = try JSONMembers(json, of: Self.self)
                        self.name = try members.value("name", as: String.self)
                        self.age = try members.valueIfPresent("age", as: Int32.self)
                        self.petType = try members.valueIfPresent("pet_type", as: String.self)
                    }

                    public func writeJSON(to writer: inout JSONWriter) throws {
                        writer.beginObject()
                        try writer.member("name", self.name)
                        try writer.memberIfPresent("age", self.age)
                        try writer.memberIfPresent("pet_type", self.petType)
                        writer.endObject()
                    }
                }

                """)
        #expect(
            body(files, "Validators/Pet.swift") == """
                extension Schemas {
                    /// The constraints of `Pet`.
                    public static let Pet: Schema = .object(ObjectRules(properties: [
                        Property("name", .string(StringRules()), required: true),
                        Property("age", .integer(NumberRules())),
                        Property("pet_type", .string(StringRules())),
                    ]))
                }

                extension Pet: Validatable {
                    public static var schema: Schema { Schemas.Pet }
                }

                """)
    }

    @Test func stringAndIntegerEnums() throws {
        let files = try generate(
            """
            Kind:
              type: string
              enum: [MOBILE, EMAIL, user-name]
            Level:
              type: integer
              enum: [1, 2]
            """)
        #expect(
            body(files, "Models/Kind.swift") == """
                public enum Kind: String, Codable, Hashable, Sendable, CaseIterable, ParameterValue, JSONReadable, JSONWritable {
                    case mobile = "MOBILE"
                    case email = "EMAIL"
                    case userName = "user-name"

                    public init(json: JSONValue) throws {
                        guard case .string(let text) = json else { throw JSONRead.mismatch(Self.self, json) }
                        guard let value = Self(rawValue: text) else { throw JSONRead.corrupted("Cannot initialize \\(Self.self) from invalid String value \\(text)") }
                        self = value
                    }

                    public func writeJSON(to writer: inout JSONWriter) {
                        writer.string(rawValue)
                    }
                }

                """)
        #expect(
            body(files, "Models/Level.swift").contains(
                "public enum Level: Int, Codable, Hashable, Sendable, CaseIterable, ParameterValue, JSONReadable, JSONWritable {\n    case value1 = 1\n    case value2 = 2\n\n"
            ))
        #expect(
            files["Validators/Kind.swift"]!.contains(
                #"public static let Kind: Schema = .string(StringRules(allowed: ["MOBILE", "EMAIL", "user-name"]))"#))
        #expect(files["Validators/Level.swift"]!.contains("public static let Level: Schema = .integer(NumberRules(allowed: [1, 2]))"))
    }

    @Test func nestedObjectsArraysAndDictionaries() throws {
        let files = try generate(
            """
            Order:
              type: object
              properties:
                address:
                  type: object
                  required: [city]
                  properties:
                    city: {type: string, minLength: 1}
                lines:
                  type: array
                  minItems: 1
                  items: {type: string, maxLength: 5}
                labels:
                  type: object
                  additionalProperties: {type: integer, minimum: 0}
            """)
        let model = body(files, "Models/Order.swift")
        #expect(model.contains("    public var address: Order.Address?\n    public var lines: [String]?\n    public var labels: [String: Int]?"))
        #expect(
            model.contains("    public struct Address: Codable, Hashable, Sendable, JSONReadable, JSONWritable {\n        public var city: String\n"))
        let validator = files["Validators/Order.swift"]!
        #expect(validator.contains(#"Property("address", .ref { Schemas.Order_Address }),"#))
        #expect(validator.contains(#"Property("lines", .array(.string(StringRules(maxLength: 5)), ArrayRules(minItems: 1))),"#))
        #expect(validator.contains(#"Property("labels", .object(ObjectRules(additionalProperties: .matching(.integer(NumberRules(minimum: 0)))))),"#))
        #expect(validator.contains(#"public static let Order_Address: Schema = .object(ObjectRules(properties: ["#))
        #expect(validator.contains("extension Order.Address: Validatable {"))
    }

    @Test func inlineAdditionalPropertiesKeepTheirOwnType() throws {
        let files = try generate(
            """
            Bag:
              type: object
              properties:
                id: {type: string}
              additionalProperties:
                type: object
                required: [n]
                properties:
                  n: {type: integer}
            """)
        #expect(
            body(files, "Models/Bag.swift").contains(
                "    public struct AdditionalProperty: Codable, Hashable, Sendable, JSONReadable, JSONWritable {\n        public var n: Int\n"))
        #expect(files["Validators/Bag.swift"]!.contains("], additionalProperties: .matching(.ref { Schemas.Bag_AdditionalProperty })))"))
    }

    @Test func allOfOfObjectsMergesIntoOneStruct() throws {
        let files = try generate(
            """
            Base:
              type: object
              properties:
                id: {type: string}
                note: {type: string}
            Strict:
              allOf:
                - $ref: '#/components/schemas/Base'
                - type: object
                  required: [id]
                  properties:
                    extra: {type: boolean}
            """)
        let model = body(files, "Models/Strict.swift")
        #expect(model.contains("    public var id: String\n    public var note: String?\n    public var extra: Bool?\n"))
    }

    @Test func oneOfBecomesAnEnumWithPayloads() throws {
        let files = try generate(
            """
            Item: {type: object, properties: {a: {type: string}}}
            Items: {type: array, items: {$ref: '#/components/schemas/Item'}}
            Body:
              oneOf:
                - $ref: '#/components/schemas/Item'
                - $ref: '#/components/schemas/Items'
            """)
        let model = body(files, "Models/Body.swift")
        #expect(
            model.contains(
                "public enum Body: Codable, Hashable, Sendable, JSONReadable, JSONWritable {\n    case item(Item)\n    case items(Items)\n"))
        #expect(model.contains("self = .item(try single.decode(Item.self))"))
        #expect(model.contains("        case .items(let value): try writer.value(value)\n"))
        #expect(files["Models/Items.swift"]!.contains("public typealias Items = [Item]"))
        #expect(files["Validators/Body.swift"]!.contains("public static let Body: Schema = .oneOf([.ref { Schemas.Item }, .ref { Schemas.Items }])"))
    }

    @Test func oneOfWithDiscriminatorSwitchesOnTheProperty() throws {
        let files = try generate(
            """
            Cat: {type: object, required: [kind], properties: {kind: {type: string}}}
            Dog: {type: object, required: [kind], properties: {kind: {type: string}}}
            Pet:
              oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
              discriminator:
                propertyName: kind
                mapping: {cat: '#/components/schemas/Cat', dog: '#/components/schemas/Dog'}
            """)
        let model = body(files, "Models/Pet.swift")
        #expect(model.contains(#"let kind = try keyed.decode(String.self, forKey: AnyCodingKey("kind"))"#))
        #expect(model.contains("        case \"cat\":\n            self = .cat(try single.decode(Cat.self))"))
    }

    @Test func anyOfKeepsTheMembersThatFit() throws {
        let files = try generate(
            """
            A: {type: object, properties: {a: {type: string}}}
            B: {type: object, properties: {b: {type: string}}}
            Either:
              anyOf: [{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/B'}]
            """)
        let model = body(files, "Models/Either.swift")
        #expect(model.contains("    public var value1: A?\n    public var value2: B?\n"))
        #expect(model.contains("self.value1 = try? decoder.singleValueContainer().decode(A.self)"))
        #expect(files["Validators/Either.swift"]!.contains(".anyOf([.ref { Schemas.A }, .ref { Schemas.B }])"))
    }

    @Test func nullableAndDefaultsGetHandWrittenCoding() throws {
        let files = try generate(
            """
            Auth:
              type: object
              required: [key]
              properties:
                key: {type: [string, 'null']}
                retries: {type: integer, default: 5}
                mode: {type: string, enum: [fast, safe], default: safe}
            """)
        let model = body(files, "Models/Auth.swift")
        #expect(model.contains("    public var key: String?\n    public var retries: Int\n    public var mode: Auth.Mode\n"))
        #expect(model.contains("        retries: Int = 5,\n        mode: Auth.Mode = .safe\n"))
        #expect(model.contains("self.retries = try container.decodeIfPresent(Int.self, forKey: .retries) ?? 5"))
        #expect(model.contains("self.mode = try container.decodeIfPresent(Auth.Mode.self, forKey: .mode) ?? .safe"))
        #expect(model.contains("try container.encode(key, forKey: .key)"))
        #expect(files["Validators/Auth.swift"]!.contains(#"Property("key", .nullable(.string(StringRules())), required: true),"#))
    }

    @Test func keywordsAndOddNamesAreEscaped() throws {
        let files = try generate(
            """
            simple-user:
              type: object
              properties:
                default: {type: string}
                '+1': {type: integer}
                2fa: {type: boolean}
            """)
        let model = body(files, "Models/SimpleUser.swift")
        #expect(model.contains("public struct SimpleUser"))
        #expect(model.contains("    public var `default`: String?\n    public var plus1: Int?\n    public var _2fa: Bool?\n"))
        #expect(model.contains("        case plus1 = \"+1\"\n        case _2fa = \"2fa\"\n"))
    }

    @Test func constraintsBecomeRules() throws {
        let files = try generate(
            """
            C:
              type: object
              additionalProperties: false
              minProperties: 1
              properties:
                e: {type: string, format: email, pattern: '^[a-z]+@', maxLength: 9}
                n: {type: number, minimum: 0, exclusiveMaximum: 10, multipleOf: 0.5}
                t: {type: array, items: {type: string}, uniqueItems: true, maxItems: 3}
            """)
        let validator = files["Validators/C.swift"]!
        #expect(validator.contains(#"Property("e", .string(StringRules(maxLength: 9, pattern: "^[a-z]+@", format: .email))),"#))
        #expect(validator.contains(#"Property("n", .number(NumberRules(minimum: 0, maximum: 10, exclusiveMaximum: true, multipleOf: 0.5))),"#))
        #expect(validator.contains(#"Property("t", .array(.string(StringRules()), ArrayRules(maxItems: 3, uniqueItems: true))),"#))
        #expect(validator.contains("], additionalProperties: .forbidden, minProperties: 1))"))
    }
}
