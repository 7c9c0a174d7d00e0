import Foundation

extension Schema {
    /// Every way `value` breaks this schema, each with its JSON pointer; empty when it is valid.
    public func validate(_ value: JSONValue, at pointer: JSONPointer = .root) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        collect(value, at: pointer, into: &issues)
        return issues
    }

    /// Whether the value has a JSON type this schema accepts, ignoring every other constraint.
    func acceptsType(of value: JSONValue) -> Bool {
        switch (self, value) {
        case (.any, _), (.null, .null), (.boolean, .bool), (.string, .string),
            (.array, .array), (.object, .object), (.number, .integer), (.number, .number),
            (.integer, .integer), (.nullable, .null):
            return true
        case (.integer, .number(let number)):
            return number.rounded() == number
        case (.nullable(let inner), _):
            return inner.acceptsType(of: value)
        case (.allOf(let schemas), _):
            return schemas.allSatisfy { $0.acceptsType(of: value) }
        case (.oneOf(let schemas), _), (.anyOf(let schemas), _):
            return schemas.contains { $0.acceptsType(of: value) }
        case (.ref(let target), _):
            return target().acceptsType(of: value)
        default:
            return false
        }
    }

    private var expectedType: String {
        switch self {
        case .any: "any value"
        case .null: "null"
        case .boolean: "a boolean"
        case .integer: "an integer"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        case .nullable(let inner): "\(inner.expectedType) or null"
        case .allOf, .oneOf, .anyOf: "a value of one of the allowed shapes"
        case .ref(let target): target().expectedType
        }
    }

    func collect(_ value: JSONValue, at pointer: JSONPointer, into issues: inout [ValidationIssue]) {
        func fail(_ message: String) {
            issues.append(ValidationIssue(pointer: pointer, message: message))
        }
        switch self {
        case .any:
            return
        case .ref(let target):
            target().collect(value, at: pointer, into: &issues)
            return
        case .nullable(let inner):
            if value != .null { inner.collect(value, at: pointer, into: &issues) }
            return
        case .allOf(let schemas):
            for schema in schemas { schema.collect(value, at: pointer, into: &issues) }
            return
        case .oneOf(let schemas):
            collectAlternatives(schemas, exactlyOne: true, value, at: pointer, into: &issues)
            return
        case .anyOf(let schemas):
            collectAlternatives(schemas, exactlyOne: false, value, at: pointer, into: &issues)
            return
        default:
            break
        }
        guard acceptsType(of: value) else {
            fail("must be \(expectedType), not \(value.typeName)")
            return
        }
        switch (self, value) {
        case (.integer(let rules), .integer(let number)):
            rules.check(Double(number), fail)
        case (.integer(let rules), .number(let number)), (.number(let rules), .number(let number)):
            rules.check(number, fail)
        case (.number(let rules), .integer(let number)):
            rules.check(Double(number), fail)
        case (.string(let rules), .string(let string)):
            rules.check(string, fail)
        case (.array(let items, let rules), .array(let elements)):
            rules.check(elements, fail)
            for (index, element) in elements.enumerated() {
                items.collect(element, at: pointer.appending(index), into: &issues)
            }
        case (.object(let rules), .object(let members)):
            rules.check(members, at: pointer, into: &issues)
        default:
            break
        }
    }

    /// oneOf and anyOf: when exactly one alternative takes the value's JSON type, its own issues
    /// are the useful ones to report (a batch item's missing field, say), so they are reported.
    private func collectAlternatives(
        _ schemas: [Schema], exactlyOne: Bool, _ value: JSONValue, at pointer: JSONPointer,
        into issues: inout [ValidationIssue]
    ) {
        var matches = 0
        var candidates: [[ValidationIssue]] = []
        for schema in schemas {
            let found = schema.validate(value, at: pointer)
            if found.isEmpty { matches += 1 } else if schema.acceptsType(of: value) { candidates.append(found) }
        }
        if matches == 0 {
            if candidates.count == 1 {
                issues += candidates[0]
            } else {
                issues.append(
                    ValidationIssue(
                        pointer: pointer,
                        message: "must match \(exactlyOne ? "exactly one" : "at least one") of \(schemas.count) allowed shapes, matches none"))
            }
        } else if exactlyOne && matches > 1 {
            issues.append(ValidationIssue(pointer: pointer, message: "must match exactly one of \(schemas.count) allowed shapes, matches \(matches)"))
        }
    }
}

extension NumberRules {
    func check(_ number: Double, _ fail: (String) -> Void) {
        if let minimum {
            if exclusiveMinimum ? number <= minimum : number < minimum {
                fail("must be \(exclusiveMinimum ? "greater than" : "at least") \(minimum.formatted)")
            }
        }
        if let maximum {
            if exclusiveMaximum ? number >= maximum : number > maximum {
                fail("must be \(exclusiveMaximum ? "less than" : "at most") \(maximum.formatted)")
            }
        }
        if let multipleOf, multipleOf > 0 {
            let quotient = number / multipleOf
            if quotient.rounded() != quotient { fail("must be a multiple of \(multipleOf.formatted)") }
        }
        if let allowed, !allowed.contains(number) {
            fail("must be one of \(allowed.map(\.formatted).joined(separator: ", "))")
        }
    }
}

extension StringRules {
    func check(_ string: String, _ fail: (String) -> Void) {
        let length = string.unicodeScalars.count
        if let minLength, length < minLength {
            fail("must be at least \(minLength) characters long, is \(length)")
        }
        if let maxLength, length > maxLength {
            fail("must be at most \(maxLength) characters long, is \(length)")
        }
        if let pattern, let regex = PatternCache.shared.regex(pattern),
            regex.firstMatch(in: string, range: NSRange(string.startIndex..., in: string)) == nil
        {
            fail("must match the pattern \(pattern)")
        }
        if let format, !format.accepts(string) {
            fail("must be a valid \(format.rawValue)")
        }
        if let allowed, !allowed.contains(string) {
            fail("must be one of \(allowed.joined(separator: ", "))")
        }
    }
}

extension ArrayRules {
    func check(_ elements: [JSONValue], _ fail: (String) -> Void) {
        if let minItems, elements.count < minItems {
            fail("must have at least \(minItems) items, has \(elements.count)")
        }
        if let maxItems, elements.count > maxItems {
            fail("must have at most \(maxItems) items, has \(elements.count)")
        }
        if uniqueItems, Set(elements).count != elements.count {
            fail("must not repeat items")
        }
    }
}

extension ObjectRules {
    func check(
        _ members: [String: JSONValue], at pointer: JSONPointer, into issues: inout [ValidationIssue]
    ) {
        func fail(_ message: String) {
            issues.append(ValidationIssue(pointer: pointer, message: message))
        }
        if let minProperties, members.count < minProperties {
            fail("must have at least \(minProperties) properties, has \(members.count)")
        }
        if let maxProperties, members.count > maxProperties {
            fail("must have at most \(maxProperties) properties, has \(members.count)")
        }
        var declared = Set<String>()
        for property in properties {
            declared.insert(property.name)
            if let member = members[property.name] {
                property.schema.collect(member, at: pointer.appending(property.name), into: &issues)
            } else if property.required {
                issues.append(ValidationIssue(pointer: pointer.appending(property.name), message: "is required"))
            }
        }
        switch additionalProperties {
        case .allowed:
            break
        case .forbidden:
            for name in members.keys.sorted() where !declared.contains(name) {
                issues.append(ValidationIssue(pointer: pointer.appending(name), message: "is not an allowed property"))
            }
        case .matching(let schema):
            for name in members.keys.sorted() where !declared.contains(name) {
                schema.collect(members[name]!, at: pointer.appending(name), into: &issues)
            }
        }
    }
}

extension StringFormat {
    func accepts(_ string: String) -> Bool {
        switch self {
        case .email:
            // Pragmatic RFC 5321 shape: one @, a non-empty local part, a dotted domain, no spaces.
            let parts = string.split(separator: "@", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64,
                !string.contains(where: \.isWhitespace)
            else { return false }
            let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
            return labels.count >= 2 && labels.allSatisfy { !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") }
        case .uuid:
            return UUID(uuidString: string) != nil
        case .date:
            return PatternCache.shared.regex(#"^\d{4}-\d{2}-\d{2}$"#)!.firstMatch(in: string, range: NSRange(string.startIndex..., in: string)) != nil
        case .dateTime:
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            return formatter.date(from: string) != nil || ISO8601DateFormatter().date(from: string) != nil
        }
    }
}

extension Double {
    fileprivate var formatted: String {
        rounded() == self && abs(self) < 1e15 ? String(Int64(self)) : String(self)
    }
}

/// Compiled patterns, shared: a pattern is read as ECMA-262 and compiled once per process.
final class PatternCache: @unchecked Sendable {
    static let shared = PatternCache()
    private let lock = NSLock()
    private var compiled: [String: NSRegularExpression?] = [:]

    func regex(_ pattern: String) -> NSRegularExpression? {
        lock.lock()
        defer { lock.unlock() }
        if let cached = compiled[pattern] { return cached }
        let regex = ECMAPattern(pattern).regex
        compiled[pattern] = regex
        return regex
    }
}
