import AuthAPI
import AuthEngine
import AuthStorage
import Foundation
import Logging

/// The customer directory as an operator sees it (`auth-server customers …`): import a brand's
/// customers, show one, remove one. Works on the server's store; a SQLite file is locked by
/// its running server, so stop it first (PostgreSQL works beside running servers).
public struct CustomerDirectory: Sendable {
    /// The store imports, look-ups and removals work on; `close()` closes it.
    public let store: any AuthStore
    /// The engine's configuration, for each brand's rules for reading identifiers.
    public let configuration: EngineConfiguration

    /// Opens the store and reads the configuration of `options` (brands' rules for reading
    /// identifiers).
    public static func open(_ options: AuthServer.Options, logger: Logger) async throws -> CustomerDirectory {
        let configuration = try options.configurationFile.map(ServiceConfiguration.load(path:)) ?? ServiceConfiguration()
        let store = try await StoreLocation(options.database).open(logger: logger)
        return CustomerDirectory(store: store, configuration: configuration.engine)
    }

    /// Closes the store; call it when done, whether or not the work succeeded.
    public func close() async throws {
        try await store.close()
    }

    /// Imports a JSON-lines file, all or nothing; how many customers it held.
    public func importFile(_ path: String, now: Date = Date()) async throws -> Int {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw CustomerImportError(problems: ["\(path): cannot be read: \(error.localizedDescription)"])
        }
        let customers = try CustomerImport.read(text, file: path, configuration: configuration, now: now)
        try await customers.apply(to: store, file: path, now: now)
        return customers.customers.count
    }

    /// The customer of a brand with an id, or with an identifier written as a customer would.
    public func find(brand: String, id: String? = nil, identifier: (IdentifierType, String)? = nil) async throws -> CustomerRecord? {
        if let id { return try await store.customer(id: id).flatMap { $0.brand == (try? CanonicalForm.brand(brand)) ? $0 : nil } }
        guard let (type, text) = identifier else { return nil }
        let canonicalBrand = try CanonicalForm.brand(brand)
        let rules = configuration.canonicalBrands().brands[canonicalBrand]?.policy.mobileRules ?? configuration.defaults.mobileRules
        let value = try CanonicalForm.identifier(type, text, mobile: rules)
        guard let id = try await store.customerId(brand: canonicalBrand, identifier: CustomerIdentifier(type: type.rawValue, value: value))
        else { return nil }
        return try await store.customer(id: id)
    }

    /// A customer as one JSON object: identifiers with their verification, and its lock.
    public func describe(_ customer: CustomerRecord, now: Date = Date()) async throws -> String {
        let formatter = ISO8601DateFormatter()
        var object: [String: Any] = [
            "id": customer.id, "brand": customer.brand,
            "identifiers": customer.identifiers.map { entry in
                [
                    "type": entry.identifier.type, "value": entry.identifier.value, "verified": entry.verified,
                    "since": formatter.string(from: entry.createdAt),
                ] as [String: Any]
            },
        ]
        if let until = try await store.lockedUntil(key: AuthEngine.customerKey(customer.id), at: now) {
            object["lockedUntil"] = formatter.string(from: until)
        }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    /// Removes a customer's identifiers and revokes its keys.
    public func remove(_ customer: CustomerRecord, now: Date = Date()) async throws -> Bool {
        try await store.removeCustomer(id: customer.id, at: now)
    }
}
