import ArgumentParser
import AuthEngine
import AuthServer
import Foundation
import Logging

/// `auth-server`: serves the OTP API (`serve`, the default) and manages the customer
/// directory (`customers`). Every option can also come from the environment, so a container
/// or a service manager needs no command line.
@main
struct AuthServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "auth-server",
        abstract: "Serves the auth API: sessions, OTPs, tokens.",
        subcommands: [Serve.self, Customers.self],
        defaultSubcommand: Serve.self)

    /// Exit codes a service manager can tell apart.
    enum Exit {
        static let configuration: Int32 = 78  // EX_CONFIG
        static let unavailable: Int32 = 69  // EX_UNAVAILABLE: the database, most likely
        static let data: Int32 = 65  // EX_DATAERR: an import file with problems
    }

    static func fail(_ error: any Error, exitCode: Int32, doing: String = "cannot start") -> ExitCode {
        FileHandle.standardError.write(Data("auth-server: \(doing):\n\(error)\n".utf8))
        return ExitCode(exitCode)
    }

    /// The server's logger, in the format `LOG_FORMAT` names (`text`, the default, or `json`) at
    /// the level `LOG_LEVEL` names; an unknown format stops start-up with exit code 78.
    static func logger() throws -> Logger {
        guard installedLogFormat else {
            throw fail(ValidationError("LOG_FORMAT must be text or json"), exitCode: Exit.configuration)
        }
        var logger = Logger(label: "auth-server")
        logger.logLevel = logLevel(environment: ProcessInfo.processInfo.environment)
        return logger
    }

    /// The level `LOG_LEVEL` names (`trace` to `critical`), `info` when unset or unknown.
    static func logLevel(environment: [String: String]) -> Logger.Level {
        environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
    }

    /// Installs the log format once per process, before the first logger is made.
    private static let installedLogFormat: Bool = {
        switch ProcessInfo.processInfo.environment["LOG_FORMAT"] ?? "text" {
        case "text": LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        case "json": LoggingSystem.bootstrap { JSONLogHandler(label: $0) }
        default: return false
        }
        return true
    }()
}

/// Where the state and the configuration are, for every subcommand.
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("config"), help: "Configuration file, YAML or JSON (env AUTH_CONFIG).")
    var configurationFile: String?

    @Option(help: "SQLite file path or sqlite: URL, or postgres:// URL for several instances (env DATABASE_URL).")
    var database: String?

    func apply(to options: inout AuthServer.Options, environment: [String: String]) {
        options.configurationFile = configurationFile ?? environment["AUTH_CONFIG"]
        options.database = database ?? environment["DATABASE_URL"] ?? options.database
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serves the API (the default).",
        discussion: "With no configuration file, every brand runs on the defaults and OTPs are printed to the console.")

    @Option(help: "Address to listen on (env AUTH_HOST).")
    var host: String?

    @Option(help: "Port to listen on (env AUTH_PORT).")
    var port: Int?

    @OptionGroup var store: StoreOptions

    @Flag(help: "Also serve POST /echo, which answers its body unchanged (for benchmarks).")
    var echoRoute = false

    @Option(help: "Seconds a request may take to arrive whole, from its first byte (env AUTH_REQUEST_TIMEOUT; default 10).")
    var requestTimeout: Int?

    @Option(help: "Seconds an idle keep-alive connection stays open (env AUTH_IDLE_TIMEOUT; default 60).")
    var idleTimeout: Int?

    @Option(help: "Connections served at once (env AUTH_MAX_CONNECTIONS; default 1000).")
    var maxConnections: Int?

    @Option(help: "Connections one client address (an IPv6 /64) may hold at once (env AUTH_MAX_CONNECTIONS_PER_ADDRESS; default 100).")
    var maxConnectionsPerAddress: Int?

    @Option(help: "Seconds a new connection may wait before its first byte (env AUTH_FIRST_BYTE_TIMEOUT; default 5).")
    var firstByteTimeout: Int?

    @Option(help: "Seconds requests in flight get at shutdown before connections are closed (env AUTH_SHUTDOWN_TIMEOUT; default 10).")
    var shutdownTimeout: Int?

    @Option(help: "Audit events as JSON lines to this file, or - for standard output (env AUTH_AUDIT; default none).")
    var audit: String?

    @Option(help: "Port of GET /metrics in Prometheus text (env AUTH_METRICS_PORT; default off).")
    var metricsPort: Int?

    @Option(help: "Address the metrics listen on (env AUTH_METRICS_HOST; default 127.0.0.1, whatever --host is).")
    var metricsHost: String?

    mutating func run() async throws {
        let options = try options(environment: ProcessInfo.processInfo.environment)
        let logger = try AuthServerCommand.logger()
        let server: AuthServer
        do {
            server = try await AuthServer.prepare(options, logger: logger)
        } catch let error as ConfigurationError {
            throw AuthServerCommand.fail(error, exitCode: AuthServerCommand.Exit.configuration)
        } catch let error as InvalidConfiguration {
            throw AuthServerCommand.fail(error, exitCode: AuthServerCommand.Exit.configuration)
        } catch {
            throw AuthServerCommand.fail(error, exitCode: AuthServerCommand.Exit.unavailable)
        }
        try await server.run()
    }

    /// The server's options from these flags and `environment`: a flag wins over its
    /// variable, and neither leaves the default.
    func options(environment: [String: String]) throws -> AuthServer.Options {
        var options = AuthServer.Options()
        options.host = host ?? environment["AUTH_HOST"] ?? options.host
        if let port = try port ?? environment["AUTH_PORT"].map(Self.port) { options.port = port }
        store.apply(to: &options, environment: environment)
        options.echoRoute = echoRoute
        func number(_ flag: Int?, _ variable: String, in range: ClosedRange<Int>) throws -> Int? {
            guard
                let value = try flag
                    ?? environment[variable].map({ text in
                        guard let value = Int(text) else { throw ValidationError("\(variable) must be a whole number, is \(text)") }
                        return value
                    })
            else { return nil }
            guard range.contains(value) else { throw ValidationError("\(variable) must be \(range.lowerBound) to \(range.upperBound), is \(value)") }
            return value
        }
        if let seconds = try number(requestTimeout, "AUTH_REQUEST_TIMEOUT", in: 1...3600) { options.requestTimeout = .seconds(seconds) }
        if let seconds = try number(idleTimeout, "AUTH_IDLE_TIMEOUT", in: 1...86_400) { options.idleTimeout = .seconds(seconds) }
        if let count = try number(maxConnections, "AUTH_MAX_CONNECTIONS", in: 1...1_000_000) { options.maxConnections = count }
        if let count = try number(maxConnectionsPerAddress, "AUTH_MAX_CONNECTIONS_PER_ADDRESS", in: 1...1_000_000) {
            options.maxConnectionsPerAddress = count
        }
        if let seconds = try number(firstByteTimeout, "AUTH_FIRST_BYTE_TIMEOUT", in: 1...3600) { options.firstByteTimeout = .seconds(seconds) }
        if let seconds = try number(shutdownTimeout, "AUTH_SHUTDOWN_TIMEOUT", in: 0...3600) { options.shutdownTimeout = .seconds(seconds) }
        options.audit = audit ?? environment["AUTH_AUDIT"]
        options.metricsPort = try number(metricsPort, "AUTH_METRICS_PORT", in: 1...65535)
        options.metricsHost = metricsHost ?? environment["AUTH_METRICS_HOST"] ?? options.metricsHost

        return options
    }

    static func port(_ text: String) throws -> Int {
        guard let port = Int(text), (0...65535).contains(port) else { throw ValidationError("AUTH_PORT must be a port number, is \(text)") }
        return port
    }
}
