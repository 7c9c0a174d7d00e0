import AuthAPI
import Foundation

/// Where an OTP goes: a channel, its provider, and the address it is sent to. An address is a
/// destination only when it is the session's identifier itself (MOBILE → that number, EMAIL →
/// that address) or a verified contact of the same customer in the directory; the `mobile` and
/// `email` a caller sends only choose among those.
struct ChannelRoute: Hashable, Sendable {
    var channel: Channel
    var destination: String
    var template: String
    var provider: String
    /// Whether the destination is the session's identifier, so a validated OTP proves it.
    var provesIdentifier: Bool

    /// The route for an OTP, honouring `?fallbackChannel=`, or nil when a USERNAME session's
    /// customer has no verified address for it: nothing is sent then, and the caller gets the
    /// answer a known customer gets (no enumeration). The channel must be allowed and
    /// configured (1603); a mobile channel needs a verified mobile number (1601), e-mail a
    /// verified address (1602).
    ///
    /// `customer` is read only when the identifier itself is not the destination.
    static func choose(
        session: SessionRecord, settings: ChannelSettings, fallback: Channel?, customer: () async throws -> CustomerRecord?
    ) async throws -> ChannelRoute? {
        let type = IdentifierType(rawValue: session.identifierType)
        var known: CustomerRecord??
        func contacts(_ type: IdentifierType, claim: String?) async throws -> String? {
            if known == nil { known = .some(try await customer()) }
            let verified = known??.verified(type.rawValue) ?? []
            return claim.flatMap { verified.contains($0) ? $0 : nil } ?? verified.first
        }
        func address(for channel: Channel) async throws -> (String, proves: Bool)? {
            if channel.sendsToMobile {
                if type == .mobile { return (session.identifierValue, true) }
                return try await contacts(.mobile, claim: session.mobile).map { ($0, false) }
            }
            if type == .email { return (session.identifierValue, true) }
            return try await contacts(.email, claim: session.email).map { ($0, false) }
        }

        let channel: Channel
        if let fallback {
            guard settings.fallbackChannels?.contains(fallback) ?? true else { throw AuthFailure.channelMisconfigured }
            channel = fallback
        } else if type == .username {
            // A USERNAME goes to the customer's mobile if it has one, else its e-mail; a customer
            // with neither (or none at all) is sent nothing.
            if try await address(for: settings.mobileChannel) != nil {
                channel = settings.mobileChannel
            } else if try await address(for: .email) != nil {
                channel = .email
            } else {
                return nil
            }
        } else {
            channel = type == .email ? .email : settings.mobileChannel
        }
        guard let template = settings.templates[channel], let provider = settings.providers[channel] else {
            throw AuthFailure.channelMisconfigured
        }
        guard let (destination, proves) = try await address(for: channel) else {
            if type == .username { return nil }
            throw channel.sendsToMobile ? AuthFailure.fallbackNeedsMobile : AuthFailure.fallbackNeedsEmail
        }
        return ChannelRoute(channel: channel, destination: destination, template: template, provider: provider, provesIdentifier: proves)
    }

    /// The message, with control characters taken out of everything it carries.
    func message(otp: String, brand: String, displayName: String?, lifetimeMinutes: Int) -> OTPMessage {
        let text = Self.fill(template, ["otp": otp, "brand": displayName ?? "", "minutes": String(lifetimeMinutes)])
        return OTPMessage(
            id: RandomID.make(), brand: brand, displayName: displayName, channel: channel, destination: destination,
            text: OTPMessage.visible(text))
    }

    /// The template with each `{name}` of `values` replaced; other braces stay as written.
    /// One pass over the text (Foundation's replacingOccurrences was a twentieth of a request).
    static func fill(_ template: String, _ values: [String: String]) -> String {
        var result = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}"), let value = values[String(rest[rest.index(after: open)..<close])] else {
                result.append("{")
                rest = rest[rest.index(after: open)...]
                continue
            }
            result += value
            rest = rest[rest.index(after: close)...]
        }
        result += rest
        return result
    }
}
