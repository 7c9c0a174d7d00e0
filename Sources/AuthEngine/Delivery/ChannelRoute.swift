import AuthAPI

/// Where an OTP goes: a channel, its provider, and the address it is sent to. Decided from the
/// session and the brand's settings alone, before anything is stored or sent.
struct ChannelRoute: Hashable, Sendable {
    var channel: Channel
    var destination: String
    var template: String
    var provider: String

    /// The destination for the session's identifier: MOBILE → the mobile channel, EMAIL →
    /// e-mail, USERNAME → the session's mobile, else its e-mail (1540 when it has neither).
    static func destination(for session: SessionRecord, settings: ChannelSettings) throws(AuthFailure) -> (Channel, String) {
        switch IdentifierType(rawValue: session.identifierType) {
        case .mobile: return (settings.mobileChannel, session.identifierValue)
        case .email: return (.email, session.identifierValue)
        case .username, nil:
            if let mobile = session.mobile { return (settings.mobileChannel, mobile) }
            if let email = session.email { return (.email, email) }
            throw .destinationRequired
        }
    }

    /// The route for an OTP, honouring `?fallbackChannel=`: a mobile channel needs a mobile
    /// number (1601), e-mail an address (1602), and the channel must be configured and allowed
    /// as a fallback (1603).
    static func plan(session: SessionRecord, settings: ChannelSettings, fallback: Channel?) throws(AuthFailure) -> ChannelRoute {
        var (channel, destination) = try Self.destination(for: session, settings: settings)
        if let fallback {
            let isMobile = session.identifierType == IdentifierType.mobile.rawValue
            let isEmail = session.identifierType == IdentifierType.email.rawValue
            if fallback.sendsToMobile {
                guard let mobile = isMobile ? session.identifierValue : session.mobile else { throw .fallbackNeedsMobile }
                destination = mobile
            } else {
                guard let email = isEmail ? session.identifierValue : session.email else { throw .fallbackNeedsEmail }
                destination = email
            }
            guard settings.fallbackChannels?.contains(fallback) ?? true else { throw .channelMisconfigured }
            channel = fallback
        }
        guard let template = settings.templates[channel], let provider = settings.providers[channel] else {
            throw .channelMisconfigured
        }
        return ChannelRoute(channel: channel, destination: destination, template: template, provider: provider)
    }

    func message(otp: String, brand: String, lifetimeMinutes: Int) -> OTPMessage {
        let text = Self.fill(template, ["otp": otp, "brand": brand, "minutes": String(lifetimeMinutes)])
        return OTPMessage(brand: brand, channel: channel, destination: destination, text: text)
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
