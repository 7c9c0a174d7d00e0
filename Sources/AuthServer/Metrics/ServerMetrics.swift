import AuthEngine
import CoreMetrics
import Foundation
import Hummingbird
import NIOCore
import Prometheus

/// The server's metrics through swift-metrics, kept in a Prometheus registry of its own and
/// served as Prometheus text on the metrics port (`--metrics-port`). Labels are routes, status
/// codes, API codes, channels and provider names: never an identifier, an address or a secret.
///
/// | metric | labels |
/// |---|---|
/// | `auth_http_requests_total` | `route`, `status` |
/// | `auth_http_request_duration_seconds` (histogram) | `route` |
/// | `auth_otps_issued_total` | `channel` |
/// | `auth_otps_delivered_total` | `channel`, `provider` |
/// | `auth_delivery_failures_total` | `channel`, `provider` |
/// | `auth_refusals_total` | `operation`, `code` |
/// | `auth_account_locks_total` | |
/// | `auth_tokens_issued_total` | `operation` |
/// | `auth_passwords_set_total` | `operation` |
/// | `auth_store_errors_total` | |
public final class ServerMetrics: AuditSink, Sendable {
    /// Where the values are; `text()` reads it.
    public let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory

    /// Empty metrics with their own registry (several servers in one process never share one).
    public init() {
        factory = PrometheusMetricsFactory(registry: registry)
    }

    /// Every metric in Prometheus' text exposition format.
    public func text() -> String { registry.emitToString() }

    /// Counts an engine event: OTPs issued, delivered and failed, refusals, locks, tokens.
    public func record(_ event: AuditEvent) {
        switch event.kind {
        case .otpIssued: count("auth_otps_issued_total", [("channel", event.channel ?? "none")])
        case .otpSent: count("auth_otps_delivered_total", [("channel", event.channel ?? "none"), ("provider", event.provider ?? "none")])
        // The 1503 answered after a failed delivery is counted by its own refusal event.
        case .deliveryFailed: count("auth_delivery_failures_total", [("channel", event.channel ?? "none"), ("provider", event.provider ?? "none")])
        case .wrongOTP, .wrongPassword, .refused:
            count("auth_refusals_total", [("operation", event.operation.rawValue), ("code", String(event.code))])
        case .locked: count("auth_account_locks_total", [])
        case .tokenIssued, .regenerated: count("auth_tokens_issued_total", [("operation", event.operation.rawValue)])
        case .passwordSet: count("auth_passwords_set_total", [("operation", event.operation.rawValue)])
        case .sessionCreated, .otpValidated, .expired: break
        }
    }

    /// Counts a request that failed for a reason of the store or the machine (answered 500).
    public func storeError() {
        count("auth_store_errors_total", [])
    }

    /// Counts an answered request and its time, by route pattern (never the path as sent).
    func request(route: String, status: Int, duration: Duration) {
        count("auth_http_requests_total", [("route", route), ("status", String(status))])
        CoreMetrics.Timer(label: "auth_http_request_duration_seconds", dimensions: [("route", route)], factory: factory).record(duration: duration)
    }

    private func count(_ name: String, _ labels: [(String, String)]) {
        Counter(label: name, dimensions: labels, factory: factory).increment()
    }
}

/// Counts and times every request of a router in `ServerMetrics`, by the route it matched
/// (Hummingbird names a request that matched none `NotFound`): the path as sent is never a label.
struct MetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            metrics.request(route: context.endpointPath ?? "NotFound", status: Int(response.status.code), duration: .now - start)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            metrics.request(route: context.endpointPath ?? "NotFound", status: Int(status), duration: .now - start)
            throw error
        }
    }
}

extension ServerMetrics {
    /// The router of the metrics port: `GET /metrics`.
    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: self.text())))
        }
        return router
    }
}
