import AuthServer
import Logging
import Testing

@testable import auth_server

/// Every option of `auth-server` comes from its flag or from its environment variable, the flag
/// winning, as README's table says; the behaviour each one sets is tested by its own suite.
@Suite struct ServeOptionTests {
    /// An option: its flag, its variable, two values, and what each of them must set.
    struct Option: Sendable, CustomTestStringConvertible {
        var flag: String
        var variable: String
        var values: (String, String)
        var read: @Sendable (AuthServer.Options) -> String
        var testDescription: String { flag }
    }

    static let options: [Option] = [
        Option(flag: "--host", variable: "AUTH_HOST", values: ("0.0.0.0", "::1")) { $0.host },
        Option(flag: "--port", variable: "AUTH_PORT", values: ("9001", "9002")) { "\($0.port)" },
        Option(flag: "--config", variable: "AUTH_CONFIG", values: ("a.yaml", "b.yaml")) { $0.configurationFile ?? "" },
        Option(flag: "--database", variable: "DATABASE_URL", values: ("a.sqlite", "postgres://b")) { $0.database },
        Option(flag: "--request-timeout", variable: "AUTH_REQUEST_TIMEOUT", values: ("3", "4")) { "\($0.requestTimeout.components.seconds)" },
        Option(flag: "--idle-timeout", variable: "AUTH_IDLE_TIMEOUT", values: ("5", "6")) { "\($0.idleTimeout.components.seconds)" },
        Option(flag: "--max-connections", variable: "AUTH_MAX_CONNECTIONS", values: ("7", "8")) { "\($0.maxConnections)" },
        Option(flag: "--max-connections-per-address", variable: "AUTH_MAX_CONNECTIONS_PER_ADDRESS", values: ("9", "10")) {
            "\($0.maxConnectionsPerAddress)"
        },
        Option(flag: "--first-byte-timeout", variable: "AUTH_FIRST_BYTE_TIMEOUT", values: ("11", "12")) {
            "\($0.firstByteTimeout.components.seconds)"
        },
        Option(flag: "--shutdown-timeout", variable: "AUTH_SHUTDOWN_TIMEOUT", values: ("13", "0")) { "\($0.shutdownTimeout.components.seconds)" },
        Option(flag: "--audit", variable: "AUTH_AUDIT", values: ("audit.jsonl", "-")) { $0.audit ?? "" },
        Option(flag: "--metrics-port", variable: "AUTH_METRICS_PORT", values: ("9101", "9102")) { $0.metricsPort.map { "\($0)" } ?? "" },
        Option(flag: "--metrics-host", variable: "AUTH_METRICS_HOST", values: ("0.0.0.0", "127.0.0.2")) { $0.metricsHost },
    ]

    @Test(arguments: options) func eachOptionComesFromItsFlagOrItsVariable(_ option: Option) throws {
        let defaults = option.read(AuthServer.Options())
        let (first, second) = option.values
        #expect(first != defaults && second != defaults, "a value equal to the default proves nothing")
        #expect(option.read(try Serve.parse([option.flag, first]).options(environment: [:])) == first)
        #expect(option.read(try Serve.parse([]).options(environment: [option.variable: second])) == second)
        #expect(option.read(try Serve.parse([option.flag, first]).options(environment: [option.variable: second])) == first)
        // Another option's variable changes nothing of this one.
        let others = Dictionary(
            uniqueKeysWithValues: ServeOptionTests.options.filter { $0.variable != option.variable }.map { ($0.variable, $0.values.1) })
        #expect(option.read(try Serve.parse([]).options(environment: others)) == defaults)
    }

    @Test func numbersOutOfRangeOrNotNumbersAreRefusedByName() throws {
        #expect(throws: (any Error).self) { try Serve.parse([]).options(environment: ["AUTH_MAX_CONNECTIONS": "0"]) }
        let error = #expect(throws: (any Error).self) { try Serve.parse([]).options(environment: ["AUTH_IDLE_TIMEOUT": "soon"]) }
        #expect("\(error.map { "\($0)" } ?? "")".contains("AUTH_IDLE_TIMEOUT must be a whole number, is soon"))
    }

    @Test func logLevelNamesTheLevel() {
        #expect(AuthServerCommand.logLevel(environment: [:]) == .info)
        #expect(AuthServerCommand.logLevel(environment: ["LOG_LEVEL": "debug"]) == .debug)
        #expect(AuthServerCommand.logLevel(environment: ["LOG_LEVEL": "critical"]) == .critical)
        #expect(AuthServerCommand.logLevel(environment: ["LOG_LEVEL": "loud"]) == .info)
    }
}
