import ArgumentParser
import AuthAPI
import AuthEngine
import AuthServer
import Foundation

/// `auth-server customers import|show|remove`: the directory of customers a brand vouches for.
struct Customers: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manages the customer directory: import, show, remove.",
        discussion: """
            A SQLite file is locked by its running server: stop it first. With PostgreSQL these run beside running servers.
            """,
        subcommands: [Import.self, Show.self, Remove.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Imports customers from a JSON-lines file, all or none.",
            discussion: """
                One object per line: {"brand":"DocDemo","id":"crm-42","username":"jdoe","mobile":"+91 98123 45678","email":"jdoe@example.com"}.
                brand and one of username, mobile, email are required; mobile and email may be lists. Imported addresses count as \
                verified: OTPs may go to them. A line whose identifiers are known adds to that customer.
                """)

        @Argument(help: "The JSON-lines file.")
        var file: String

        @OptionGroup var store: StoreOptions

        mutating func run() async throws {
            let file = file
            let count = try await Customers.withDirectory(store) { directory in
                do {
                    return try await directory.importFile(file)
                } catch {
                    throw AuthServerCommand.fail(error, exitCode: AuthServerCommand.Exit.data, doing: "nothing imported")
                }
            }
            print("imported \(count) customer\(count == 1 ? "" : "s") from \(file)")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Prints a customer as JSON.")

        @OptionGroup var selector: Selector
        @OptionGroup var store: StoreOptions

        mutating func run() async throws {
            let selector = selector
            print(
                try await Customers.withDirectory(store) { directory in
                    guard let customer = try await selector.find(in: directory) else { throw Customers.notFound() }
                    return try await directory.describe(customer)
                })
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Removes a customer and revokes its regeneration keys.")

        @OptionGroup var selector: Selector
        @OptionGroup var store: StoreOptions

        mutating func run() async throws {
            let selector = selector
            let customer = try await Customers.withDirectory(store) { directory in
                guard let customer = try await selector.find(in: directory), try await directory.remove(customer) else {
                    throw Customers.notFound()
                }
                return customer
            }
            print("removed customer \(customer.id) of \(customer.brand)")
        }
    }

    /// Which customer: an id, or one identifier, of a brand.
    struct Selector: ParsableArguments {
        @Option(help: "The brand.") var brand: String
        @Option(help: "The customer id.") var id: String?
        @Option(help: "A mobile number, as a customer writes it.") var mobile: String?
        @Option(help: "An e-mail address.") var email: String?
        @Option(help: "A username.") var username: String?

        func validate() throws {
            guard [id, mobile, email, username].compactMap({ $0 }).count == 1 else {
                throw ValidationError("give exactly one of --id, --mobile, --email, --username")
            }
        }

        func find(in directory: CustomerDirectory) async throws -> CustomerRecord? {
            let identifier: (IdentifierType, String)? =
                mobile.map { (.mobile, $0) } ?? email.map { (.email, $0) } ?? username.map { (.username, $0) }
            return try await directory.find(brand: brand, id: id, identifier: identifier)
        }
    }

    /// Runs `body` on the directory of `store`, closed afterwards whatever `body` did.
    static func withDirectory<T>(_ store: StoreOptions, _ body: (CustomerDirectory) async throws -> T) async throws -> T {
        var options = AuthServer.Options()
        store.apply(to: &options, environment: ProcessInfo.processInfo.environment)
        let logger = try AuthServerCommand.logger()
        let directory: CustomerDirectory
        do {
            directory = try await CustomerDirectory.open(options, logger: logger)
        } catch let error as ConfigurationError {
            throw AuthServerCommand.fail(error, exitCode: AuthServerCommand.Exit.configuration)
        } catch {
            throw AuthServerCommand.fail(error, exitCode: AuthServerCommand.Exit.unavailable)
        }
        do {
            let result = try await body(directory)
            try await directory.close()
            return result
        } catch {
            try? await directory.close()
            throw error
        }
    }

    static func notFound() -> ExitCode {
        FileHandle.standardError.write(Data("auth-server: no such customer\n".utf8))
        return ExitCode(1)
    }
}
