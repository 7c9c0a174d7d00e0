import Foundation

/// One step of a login, for an audit trail: what happened, to which brand's customer, answered
/// with which code. The customer is a one-way digest; an event never holds an OTP, a token, a
/// key, a password or an address.
public struct AuditEvent: Sendable, Hashable {
    /// What happened.
    public enum Kind: String, Sendable, CaseIterable {
        case sessionCreated = "session_created"
        case otpIssued = "otp_issued"
        case otpSent = "otp_sent"
        case deliveryFailed = "delivery_failed"
        case otpValidated = "otp_validated"
        case wrongOTP = "wrong_otp"
        case wrongPassword = "wrong_password"
        /// A customer's password was registered, reset or changed.
        case passwordSet = "password_set"
        /// The account locked after too many wrong OTPs or passwords (its keys revoked).
        case locked
        case tokenIssued = "token_issued"
        case regenerated
        case expired
        /// Any other refusal, with its code.
        case refused
    }

    /// The operation the event belongs to, mobile and web alike.
    public enum Operation: String, Sendable, CaseIterable {
        case tokenGenerate = "token/generate"
        case otpGenerate = "otp/generate"
        case otpValidate = "otp/validate"
        case tokenRegenerate = "token/regenerate"
        case tokenExpire = "token/expire"
        case passwordValidate = "password/validate"
        case passwordChange = "password/change"
        case passwordForget = "password/forget"
        case identifierChange = "user/updateIdentifierValue"
        case mfaTokenGenerate = "mfa/token/generate"
        case mfaOtpGenerate = "mfa/otp/generate"
        case mfaOtpValidate = "mfa/otp/validate"
        case mfaPasswordValidate = "mfa/password/validate"
        case mfaTokenRegenerate = "mfa/token/regenerate"
        case mfaTokenExpire = "mfa/token/expire"
    }

    /// What happened.
    public var kind: Kind
    /// The operation it happened in.
    public var operation: Operation
    /// When it happened, by the engine's clock.
    public var time: Date
    /// The canonical brand; `unsupported` for a brand this server does not serve.
    public var brand: String
    /// The API code answered: 200, or the refusal's.
    public var code: Int32
    /// A one-way digest of the customer (the same for every event of one customer, whichever
    /// identifier it logged in with); nil where no customer is known yet.
    public var customer: String?
    /// The channel an OTP went or failed to go through.
    public var channel: String?
    /// The provider it was handed to, by its configured name.
    public var provider: String?

    /// An event as the engine records it.
    public init(
        kind: Kind, operation: Operation, time: Date, brand: String, code: Int32 = 200, customer: String? = nil, channel: String? = nil,
        provider: String? = nil
    ) {
        self.kind = kind
        self.operation = operation
        self.time = time
        self.brand = brand
        self.code = code
        self.customer = customer
        self.channel = channel
        self.provider = provider
    }
}

/// Where the engine reports audit events. `record` is called on the request's path, so it must
/// return at once: buffer, and write elsewhere.
public protocol AuditSink: Sendable {
    /// Takes one event; never blocks.
    func record(_ event: AuditEvent)
}

/// Hands every event to each of several sinks (an audit log and metrics, say).
public struct AuditSinks: AuditSink {
    /// The sinks, in order.
    public var sinks: [any AuditSink]
    /// Fans out to `sinks`.
    public init(_ sinks: [any AuditSink]) { self.sinks = sinks }
    /// Records the event in every sink.
    public func record(_ event: AuditEvent) {
        for sink in sinks { sink.record(event) }
    }
}

/// Drops every event: the engine without an audit trail.
public struct NoAudit: AuditSink {
    /// The sink that records nothing.
    public init() {}
    /// Does nothing.
    public func record(_ event: AuditEvent) {}
}
