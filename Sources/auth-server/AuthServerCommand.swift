import ArgumentParser
import AuthEngine
import AuthServer
import Foundation
import Logging

/// `auth-server`: serves the OTP API. Every option can also come from the environment, so a
/// container or a service manager needs no command line.
@main
struct AuthServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "auth-server",
        abstract: "Serves the auth API: sessions, OTPs, tokens.",
        discussion: "With no configuration file, every brand runs on the documented defaults and OTPs are printed to the console.")

    @Option(help: "Address to listen on (env AUTH_HOST).")
    var host: String?

    @Option(help: "Port to listen on (env AUTH_PORT).")
    var port: Int?

    @Option(name: .customLong("config"), help: "Configuration file, YAML or JSON (env AUTH_CONFIG).")
    var configurationFile: String?

    @Option(help: "SQLite file path or sqlite: URL, or postgres:// URL for several instances (env DATABASE_URL).")
    var database: String?

    @Flag(help: "Also serve POST /echo, which answers its body unchanged (for benchmarks).")
    var echoRoute = false

    mutating func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        var logger = Logger(label: "auth-server")
        logger.logLevel = environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info

        var options = AuthServer.Options()
        options.host = host ?? environment["AUTH_HOST"] ?? options.host
        if let port = try port ?? environment["AUTH_PORT"].map(Self.port) { options.port = port }
        options.configurationFile = configurationFile ?? environment["AUTH_CONFIG"]
        options.database = database ?? environment["DATABASE_URL"] ?? options.database
        options.echoRoute = echoRoute

        let server: AuthServer
        do {
            server = try await AuthServer.prepare(options, logger: logger)
        } catch let error as ConfigurationError {
            throw Self.cannotStart(error, exitCode: 78)  // EX_CONFIG
        } catch let error as InvalidConfiguration {
            throw Self.cannotStart(error, exitCode: 78)
        } catch {
            throw Self.cannotStart(error, exitCode: 69)  // EX_UNAVAILABLE: the database, most likely
        }
        try await server.run()
    }

    static func cannotStart(_ error: any Error, exitCode: Int32) -> ExitCode {
        FileHandle.standardError.write(Data("auth-server: cannot start:\n\(error)\n".utf8))
        return ExitCode(exitCode)
    }

    static func port(_ text: String) throws -> Int {
        guard let port = Int(text), (0...65535).contains(port) else { throw ValidationError("AUTH_PORT must be a port number, is \(text)") }
        return port
    }
}
