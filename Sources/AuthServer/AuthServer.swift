import AuthAPI
import AuthEngine
import AuthStorage
import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import OpenAPIHummingbird
import ServiceLifecycle

/// The OTP service on Hummingbird: the generated routes answered by the engine, `/health`, and
/// optionally a bare JSON echo route that benchmarks compare against.
public struct AuthServer: Sendable {
    /// Where and how to serve; most have a command-line flag and an environment variable.
    public struct Options: Sendable {
        /// The address to listen on (`--host`, `AUTH_HOST`); loopback only by default.
        public var host = "127.0.0.1"
        /// The port to listen on (`--port`, `AUTH_PORT`); 8080 by default.
        public var port = 8080
        /// A configuration file (YAML or JSON); nil runs every brand on the documented defaults.
        public var configurationFile: String?
        /// A SQLite file path or `sqlite:` URL, or a `postgres://` URL for several instances.
        public var database = ".data/auth.sqlite"
        /// How often expired sessions, OTPs and counters are deleted.
        public var purgeInterval = Purger.defaultInterval
        /// Serves `POST /echo`, which answers its JSON body unchanged (for benchmarks).
        public var echoRoute = false
        /// A request must arrive whole, head and body, within this long of its first byte.
        public var requestTimeout: Duration = .seconds(10)
        /// A keep-alive connection with no request is closed after this long.
        public var idleTimeout: Duration = .seconds(60)
        /// Connections served at once; more wait in the listen backlog.
        public var maxConnections = 1000
        /// Connections one client address (an IPv6 client's /64) may hold at once; more are closed.
        public var maxConnectionsPerAddress = 100
        /// A new connection must send its first byte within this long, or it is closed.
        public var firstByteTimeout: Duration = .seconds(5)
        /// On SIGINT or SIGTERM, requests in flight get this long to finish; then every
        /// connection left is closed.
        public var shutdownTimeout: Duration = .seconds(10)
        /// Where audit events go as JSON lines (`--audit`, `AUTH_AUDIT`): a file, `-` for
        /// standard output, nil for none.
        public var audit: String?
        /// The port of `GET /metrics` in Prometheus' text format (`--metrics-port`,
        /// `AUTH_METRICS_PORT`); nil serves no metrics.
        public var metricsPort: Int?
        /// The address the metrics listen on (`--metrics-host`, `AUTH_METRICS_HOST`): loopback
        /// only unless said otherwise, whatever `host` is.
        public var metricsHost = "127.0.0.1"

        /// Connections the metrics listener serves at once, and per client address: a scraper
        /// needs one.
        static let metricsConnections = (total: 8, perAddress: 4)

        /// Every option at its default.
        public init() {}
    }

    /// The engine that answers the generated routes.
    public let engine: AuthEngine
    /// The opened store the engine works on; `run()` closes it when serving ends.
    public let store: any AuthStore
    /// Where the store is, as `options.database` names it.
    public let location: StoreLocation
    /// The options the server was prepared with.
    public let options: Options
    /// The audit trail, when `options.audit` names one.
    public let auditLog: AuditLog?
    /// The metrics, when `options.metricsPort` is set.
    public let metrics: ServerMetrics?
    let logger: Logger

    /// Reads the configuration, opens and migrates the store, and starts the engine. A bad
    /// configuration or database throws before anything is served.
    public static func prepare(_ options: Options, logger: Logger = Logger(label: "auth-server")) async throws -> AuthServer {
        var configuration = try options.configurationFile.map(ServiceConfiguration.load(path:)) ?? ServiceConfiguration()
        let location = try StoreLocation(options.database)
        try configuration.keys(for: location, file: options.configurationFile)
        let auditLog = try options.audit.map { try AuditLog(path: $0, logger: logger) }
        let metrics = options.metricsPort.map { _ in ServerMetrics() }
        let store = try await location.open(logger: logger)
        do {
            let sinks: [any AuditSink] = [auditLog as (any AuditSink)?, metrics].compactMap { $0 }
            let engine = try await AuthEngine.start(
                configuration: configuration.engine, store: store, senders: Self.senders(configuration.providers), logger: logger,
                audit: sinks.isEmpty ? NoAudit() : AuditSinks(sinks))
            return AuthServer(
                engine: engine, store: store, location: location, options: options, auditLog: auditLog, metrics: metrics, logger: logger)
        } catch {
            try? await store.close()
            await auditLog?.finish()
            throw error
        }
    }

    /// The Hummingbird application; `run()` serves it until SIGINT or SIGTERM.
    public func application() throws -> some ApplicationProtocol {
        Application(
            router: try router(), server: deadline(perAddress: options.maxConnectionsPerAddress).server,
            configuration: .init(
                address: .hostname(options.host, port: options.port), serverName: "auth-server",
                availableConnectionsDelegate: MaximumAvailableConnections(options.maxConnections, logger: logger)),
            logger: logger)
    }

    /// The metrics listener, when `metricsPort` is set: the API's deadlines, a small cap.
    func metricsApplication() -> (any Service)? {
        guard let metrics, let port = options.metricsPort else { return nil }
        let caps = Options.metricsConnections
        return Application(
            router: metrics.router(), server: deadline(perAddress: caps.perAddress).server,
            configuration: .init(
                address: .hostname(options.metricsHost, port: port), serverName: "auth-server-metrics",
                availableConnectionsDelegate: MaximumAvailableConnections(caps.total, logger: logger)),
            logger: logger)
    }

    private func deadline(perAddress: Int) -> RequestDeadline {
        RequestDeadline(
            timeout: options.requestTimeout, idleTimeout: options.idleTimeout, firstByteTimeout: options.firstByteTimeout,
            perAddress: ClientConnections(limit: perAddress))
    }

    /// Serves until a shutdown signal, lets requests in flight finish (closing what is left
    /// after `shutdownTimeout`), then closes the store. Expired rows are purged in the
    /// background meanwhile.
    public func run() async throws {
        let app = try application()
        let purger = Purger(store: store, interval: options.purgeInterval, logger: logger)
        logger.info(
            "auth-server serving",
            metadata: [
                "address": "http://\(options.host):\(options.port)", "database": "\(location)",
                "configuration": "\(options.configurationFile ?? "defaults")",
            ])
        let services: [any Service] = [app, metricsApplication()].compactMap { $0 }
        do {
            try await withThrowingDiscardingTaskGroup { group in
                group.addTask { await purger.run() }
                var configuration = ServiceGroupConfiguration(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
                configuration.maximumGracefulShutdownDuration = options.shutdownTimeout
                configuration.maximumCancellationDuration = .seconds(2)
                try await ServiceGroup(configuration: configuration).run()
                group.cancelAll()
            }
        } catch {
            await engine.finishDeliveries()
            await auditLog?.finish()
            try? await store.close()
            throw error
        }
        await engine.finishDeliveries()
        await auditLog?.finish()
        try await store.close()
    }

    /// The routes `application()` serves: `/health`, `/echo` when `echoRoute` is set, and the
    /// generated API, each request logged by method and path. Tests serve it on their own address.
    public func router() throws -> Router<BasicRequestContext> {
        let router = Router()
        // Method and path only: bodies carry OTPs, tokens and keys and are never logged.
        if let metrics { router.middlewares.add(MetricsMiddleware(metrics: metrics)) }
        router.middlewares.add(LogRequestsMiddleware(.info))
        router.get("/health") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#)))
        }
        if options.echoRoute {
            router.post("/echo") { request, context in
                let body = try await request.body.collect(upTo: context.maxUploadSize)
                return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: body))
            }
        }
        try AuthService(engine: engine, metrics: metrics).registerHandlers(on: router, configuration: AuthService.serverConfiguration)
        return router
    }

    static func senders(_ providers: [String: ProviderSettings]) -> [String: any MessageSender] {
        providers.mapValues { provider -> any MessageSender in
            switch provider {
            case .console: ConsoleSender()
            case .outbox(let path): OutboxSender(path: path)
            case .webhook(let settings): WebhookSender(settings: settings)
            }
        }
    }
}
