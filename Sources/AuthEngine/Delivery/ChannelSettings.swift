import AuthAPI

/// How one brand delivers OTPs: which channel a mobile number gets, the text per channel,
/// the provider per channel, and which channels `?fallbackChannel=` may pick.
public struct ChannelSettings: Hashable, Sendable {
    /// SMS, or the sub-channel WHATSAPP or ZALO.
    public var mobileChannel: Channel = .sms
    /// Message text per channel; `{otp}` is replaced by the OTP, `{minutes}` by its lifetime and
    /// `{brand}` by the brand's display name.
    public var templates: [Channel: String] = [
        .sms: "Your OTP is {otp}. It is valid for {minutes} minutes.",
        .email: "Your OTP is {otp}. It is valid for {minutes} minutes.",
    ]
    /// The provider (by name) that sends each channel; a channel without one answers 1603.
    /// The console is the provider of every channel only when no configuration file is given.
    public var providers: [Channel: String] = [.sms: "console", .email: "console", .whatsapp: "console", .zalo: "console"]
    /// Channels `?fallbackChannel=` may choose; nil allows every configured channel.
    public var fallbackChannels: Set<Channel>?

    public init() {}
}

extension Channel {
    /// Whether the channel sends to a mobile number (every channel but e-mail).
    var sendsToMobile: Bool { self != .email }
}
