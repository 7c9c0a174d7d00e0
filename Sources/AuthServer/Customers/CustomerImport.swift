import AuthAPI
import AuthEngine
import AuthGenSupport
import Foundation

/// Customers a brand already knows, as `auth-server customers import FILE` reads them: one JSON
/// object per line,
///
///     {"brand": "DocDemo", "id": "crm-42", "username": "jdoe", "mobile": "+91 98123 45678", "email": "jdoe@example.com"}
///
/// `brand` and at least one of `username`, `mobile` and `email` are required; `mobile` and
/// `email` may be lists; `id` (the brand's own) is optional. Identifiers are brought to their
/// canonical form by the brand's rules, and count as verified: the brand vouches for them.
/// A line with the `id` of a customer adds to it; a line without an id is a new customer, and
/// an identifier another customer holds is refused.
///
/// Every problem is reported as `file:line: message`, and a file with any problem imports
/// nothing.
public struct CustomerImport: Sendable {
    /// The customers read, in the file's order.
    public var customers: [CustomerRecord]
    /// The file line of each customer, for the store's conflicts.
    var lines: [Int]

    /// Reads and checks a file's text, every line, without touching the store; `file` names it in
    /// problems and `now` dates the identifiers. Throws a `CustomerImportError` with every problem.
    public static func read(_ text: String, file: String, configuration: EngineConfiguration, now: Date) throws -> CustomerImport {
        var problems: [String] = []
        var result = CustomerImport(customers: [], lines: [])
        var seen: [String: Int] = [:]
        let brands = configuration.canonicalBrands().brands
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = offset + 1
            guard !line.allSatisfy(\.isWhitespace) else { continue }
            func problem(_ message: String) { problems.append("\(file):\(number): \(message)") }
            do {
                let customer = try parse(
                    String(line), brands: brands, defaults: configuration.defaults, acceptsAnyBrand: configuration.acceptsAnyBrand, now: now)
                for entry in customer.identifiers {
                    let key = "\(customer.brand)|\(entry.identifier)"
                    if let first = seen[key] {
                        problem("\(entry.identifier.type.lowercased()) \(entry.identifier.value) is also on line \(first)")
                    } else {
                        seen[key] = number
                    }
                }
                result.customers.append(customer)
                result.lines.append(number)
            } catch let error as Invalid {
                problem(error.message)
            } catch let error as JSONParser.SyntaxError {
                problem(error.description)
            }
        }
        guard problems.isEmpty else { throw CustomerImportError(problems: problems) }
        return result
    }

    /// Adds the customers to the store, all or none.
    public func apply(to store: any AuthStore, file: String, now: Date) async throws {
        do {
            try await store.importCustomers(customers, at: now)
        } catch let conflict as DirectoryConflict {
            throw CustomerImportError(problems: ["\(file):\(lines[conflict.index]): \(conflict.message)"])
        }
    }

    struct Invalid: Error {
        var message: String
    }

    private static func parse(
        _ line: String, brands: [String: (written: String, policy: BrandPolicy)], defaults: BrandPolicy, acceptsAnyBrand: Bool, now: Date
    ) throws -> CustomerRecord {
        guard case .object(let object) = try JSONParser.parse(Array(line.utf8)) else { throw Invalid(message: "a line is one JSON object") }
        if let unknown = object.keys.sorted().first(where: { !["brand", "id", "username", "mobile", "email"].contains($0) }) {
            throw Invalid(message: "\(unknown): unknown key (brand, id, username, mobile, email)")
        }
        guard case .string(let brandText)? = object["brand"] else { throw Invalid(message: "brand: is required, as text") }
        let brand: String
        do { brand = try CanonicalForm.brand(brandText) } catch { throw Invalid(message: error.description) }
        let policy: BrandPolicy
        if let listed = brands[brand] {
            policy = listed.policy
        } else if acceptsAnyBrand {
            policy = defaults
        } else {
            throw Invalid(message: "brand: \(brandText) is not a brand of this configuration")
        }

        var id = ""
        if let value = object["id"] {
            guard case .string(let text) = value, !text.isEmpty, text.count <= 128,
                !text.unicodeScalars.contains(where: { CanonicalForm.isHidden($0) || $0.properties.isWhitespace })
            else { throw Invalid(message: "id: must be text of 1 to 128 visible characters") }
            id = text
        }
        var identifiers: [CustomerRecord.Entry] = []
        for (key, type) in [("username", IdentifierType.username), ("mobile", .mobile), ("email", .email)] {
            let texts: [String]
            switch object[key] {
            case nil: continue
            case .string(let text)?: texts = [text]
            case .array(let items)? where key != "username":
                texts = try items.map { item in
                    guard case .string(let text) = item else { throw Invalid(message: "\(key): every item must be text") }
                    return text
                }
            default: throw Invalid(message: key == "username" ? "username: must be text" : "\(key): must be text or a list of text")
            }
            for text in texts {
                do {
                    let value = try CanonicalForm.identifier(type, text, mobile: policy.mobileRules, field: key)
                    identifiers.append(.init(identifier: CustomerIdentifier(type: type.rawValue, value: value), verified: true, createdAt: now))
                } catch {
                    throw Invalid(message: error.description)
                }
            }
        }
        guard !identifiers.isEmpty else { throw Invalid(message: "a customer needs a username, a mobile or an email") }
        return CustomerRecord(id: id, brand: brand, identifiers: identifiers)
    }
}

/// An import that was refused whole, with every problem.
public struct CustomerImportError: Error, CustomStringConvertible {
    /// Every problem, most as `file:line: message`, in the file's order.
    public var problems: [String]
    /// The problems, one per line.
    public var description: String { problems.joined(separator: "\n") }
}
