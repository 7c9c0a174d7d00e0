import AuthAPI

/// How one brand delivers OTPs: which channel a mobile number gets, the text per channel,
/// the provider per channel, and which channels `?fallbackChannel=` may pick.
public struct ChannelSettings: Hashable, Sendable {
    /// SMS, or the sub-channel WHATSAPP or ZALO.
    public var mobileChannel: Channel = .sms
    /// Message text per channel; `{otp}` is replaced by the OTP, `{brand}` by the brand, `{minutes}` by the OTP lifetime.
    public var templates: [Channel: String] = [
        .sms: "Your {brand} OTP is {otp}. It is valid for {minutes} minutes.",
        .email: "Your {brand} OTP is {otp}. It is valid for {minutes} minutes.",
    ]
    /// The provider (by name) that sends each channel; a channel without one is not configured.
    public var providers: [Channel: String] = [.sms: "console", .email: "console", .whatsapp: "console", .zalo: "console"]
    /// Channels `?fallbackChannel=` may choose; nil allows every configured channel.
    public var fallbackChannels: Set<Channel>?

    public init() {}
}

extension Channel {
    /// Whether the channel sends to a mobile number (every channel but e-mail).
    var sendsToMobile: Bool { self != .email }
}
