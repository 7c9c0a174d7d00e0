import Foundation

/// How spec names become Swift identifiers. Every naming decision lives here.
package enum SwiftNaming {
    static let keywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init",
        "inout", "internal", "let", "open", "operator", "private", "precedencegroup", "protocol", "public",
        "rethrows", "static", "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue",
        "default", "defer", "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return",
        "throw", "switch", "where", "while", "Any", "as", "await", "false", "is", "nil", "self", "Self",
        "super", "throws", "true", "try", "Type", "Protocol", "some", "any",
    ]

    /// Type names the generated code itself uses; a spec name equal to one gets a suffix.
    static let reservedTypeNames: Set<String> = [
        "String", "Int", "Int32", "Int64", "Bool", "Double", "Float", "Array", "Dictionary", "Optional",
        "Set", "Character", "Never", "Void", "Error", "Decoder", "Encoder", "CodingKey", "Codable",
        "Decodable", "Encodable", "Hashable", "Sendable", "Equatable", "Foundation", "Swift",
        "JSONValue", "JSONPointer", "Schema", "Schemas", "Property", "ObjectRules", "StringRules",
        "NumberRules", "ArrayRules", "AdditionalProperties", "StringFormat", "Validatable",
        "ValidationIssue", "ValidationError", "AuthGenSupport", "CodingKeys", "Self", "Type", "Protocol", "Any",
        // What generated clients and servers name unqualified.
        "Data", "URL", "Client", "APIProtocol", "Operations", "ClientCore", "APIRequest", "APIResponse", "Route",
        "ServerRequest", "ServerConfiguration", "RequestRejection", "ParameterRule", "ParameterValue", "AnyCodingKey",
        "HandlerNotImplemented", "InMemoryTransport", "OpenAPIRuntime", "ClientTransport", "ServerTransport",
        "ClientMiddleware", "ServerMiddleware",
    ]

    /// Splits `generate-otp_api`, `simpleUser`, `HTTPStatus` into words.
    static func words(_ name: String) -> [String] {
        var words: [String] = []
        var current = ""
        let scalars = Array(name.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            let isAlnum = scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
            guard isAlnum, scalar.isASCII else {
                if !current.isEmpty { words.append(current); current = "" }
                if scalar == "+" { words.append("plus") }
                continue
            }
            let isUpper = scalar.properties.isUppercase
            if isUpper, let last = current.unicodeScalars.last {
                let nextIsLower = index + 1 < scalars.count && scalars[index + 1].properties.isLowercase
                if last.properties.isLowercase || ("0"..."9").contains(last) || (last.properties.isUppercase && nextIsLower) {
                    words.append(current)
                    current = ""
                }
            }
            current.unicodeScalars.append(scalar)
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    private static func capitalized(_ word: String) -> String {
        // An all-caps word (an acronym or an enum value) is kept readable: MOBILE -> Mobile.
        let lower = word.allSatisfy({ $0.isUppercase || $0.isNumber }) && word.count > 1 ? word.lowercased() : word
        return lower.prefix(1).uppercased() + lower.dropFirst()
    }

    /// `simple-user` -> `SimpleUser`.
    static func typeName(_ name: String) -> String {
        var result = words(name).map(capitalized).joined()
        if result.isEmpty { result = "Unnamed" }
        if result.first!.isNumber { result = "_" + result }
        if reservedTypeNames.contains(result) { result += "Model" }
        return result
    }

    /// `identifier_type` -> `identifierType`, unescaped.
    static func memberName(_ name: String) -> String {
        let parts = words(name)
        guard let first = parts.first else { return "empty" }
        var result =
            (first.allSatisfy { $0.isUppercase || $0.isNumber } ? first.lowercased() : first.prefix(1).lowercased() + first.dropFirst())
            + parts.dropFirst().map(capitalized).joined()
        if result.first!.isNumber { result = "_" + result }
        // A parameter named `self` would shadow the instance in initializers.
        if result == "self" { result = "_self" }
        return result
    }

    /// A Swift identifier as the generator prints names the user chose: ASCII letters, digits
    /// and `_`, not starting with a digit.
    package static var identifier: Regex<Substring> { /[A-Za-z_][A-Za-z0-9_]*/ }

    /// Whether `name` can stand bare in Swift source: an identifier and no keyword.
    package static func isIdentifier(_ name: String) -> Bool {
        name.wholeMatch(of: identifier) != nil && !keywords.contains(name)
    }

    /// A member name ready to print: keywords in backticks.
    static func escaped(_ identifier: String) -> String {
        keywords.contains(identifier) ? "`\(identifier)`" : identifier
    }

    /// Makes names unique by numbering repeats, in order: a, a2, a3.
    static func uniqued(_ names: [String]) -> [String] {
        var seen: [String: Int] = [:]
        var taken = Set(names)
        return names.map { name in
            let count = seen[name, default: 0] + 1
            seen[name] = count
            guard count > 1 else { return name }
            var candidate = "\(name)\(count)"
            var next = count
            while taken.contains(candidate) { next += 1; candidate = "\(name)\(next)" }
            taken.insert(candidate)
            return candidate
        }
    }

    /// Doc comment lines from a description, blank lines kept, trailing space trimmed.
    static func docLines(_ text: String?) -> [String] {
        guard let text else { return [] }
        // On UTF-8 views: every description of a large spec passes through here, and Foundation's
        // trimming converts each to UTF-16 first.
        let blank: Set<UInt8> = [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n")]
        guard let first = text.utf8.firstIndex(where: { !blank.contains($0) }), let last = text.utf8.lastIndex(where: { !blank.contains($0) }) else {
            return []
        }
        let trimmed = Substring(text.utf8[first...last])
        return trimmed.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            var end = line.endIndex
            while end > line.startIndex, [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r")].contains(line[line.index(before: end)]) {
                end = line.index(before: end)
            }
            return String(Substring(line[line.startIndex..<end]))
        }
    }
}

/// The naming rules with the user's overrides in front: an OpenAPI name listed in
/// `nameOverrides` becomes the Swift identifier given there, wherever it is named. A type named
/// after it (the enum of a `pet_type: species` property) starts with a capital: `Species`.
struct Naming {
    var overrides: [String: String] = [:]

    func typeName(_ name: String) -> String {
        guard let chosen = overrides[name] else { return SwiftNaming.typeName(name) }
        return chosen.prefix(1).uppercased() + chosen.dropFirst()
    }

    func memberName(_ name: String) -> String { overrides[name] ?? SwiftNaming.memberName(name) }
}
