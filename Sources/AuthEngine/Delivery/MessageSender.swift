import AuthAPI
import AuthGenSupport
import Foundation
import Synchronization

/// One OTP message on its way to a customer.
public struct OTPMessage: Hashable, Sendable, Codable {
    /// Unique per message and the same for every attempt to send it: a gateway's idempotency
    /// key, so that it can drop a retry of a message it already sent.
    public var id: String
    /// The brand of the request, canonical: for a brand the configuration lists, its name;
    /// otherwise the request's text (served with `acceptAnyBrand`).
    public var brand: String
    /// The brand's name in messages, as configured (a gateway's sender name); never request text.
    public var displayName: String?
    public var channel: Channel
    /// A mobile number or an e-mail address, canonical.
    public var destination: String
    /// The brand's template filled in, control characters removed.
    public var text: String

    public init(id: String, brand: String, displayName: String? = nil, channel: Channel, destination: String, text: String) {
        self.id = id
        self.brand = brand
        self.displayName = displayName
        self.channel = channel
        self.destination = destination
        self.text = text
    }

    /// `text` without control and invisible characters (a message or a console line must not
    /// carry what a reader cannot see).
    static func visible(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.filter { !CanonicalForm.isHidden($0) })
        return String(scalars)
    }
}

/// An outbox line is written member by member: through `JSONEncoder` it was a twentieth of an
/// OTP's CPU time.
extension OTPMessage: JSONWritable {
    /// The members in key order, with no `displayName` when there is none.
    public func writeJSON(to writer: inout JSONWriter) throws {
        writer.beginObject()
        try writer.member("brand", brand)
        try writer.member("channel", channel)
        try writer.member("destination", destination)
        try writer.memberIfPresent("displayName", displayName)
        try writer.member("id", id)
        try writer.member("text", text)
        writer.endObject()
    }
}

/// A provider that hands messages to a channel: the console, an outbox file, a gateway.
/// Throwing means the message was not delivered (the engine answers 1503 and gives the count
/// back), unless the error is `DeliveryUncertain`.
public protocol MessageSender: Sendable {
    func send(_ message: OTPMessage) async throws
}

/// The message may have been delivered although sending failed (a gateway that timed out after
/// receiving it): the caller is answered 1503, but the OTP stays valid and keeps its count.
public struct DeliveryUncertain: Error, CustomStringConvertible {
    public var underlying: any Error

    public init(underlying: any Error) {
        self.underlying = underlying
    }

    public var description: String { "may have been delivered: \(underlying)" }
}

/// Development default: prints each message, OTP included, to standard output, so a newcomer
/// can read the OTP off the terminal. Logs never carry it; this is not a log.
public struct ConsoleSender: MessageSender {
    public init() {}

    public func send(_ message: OTPMessage) async throws {
        // Written straight to the descriptor: `print` buffers when output goes to a file or pipe,
        // and a developer tailing it must see the OTP at once.
        try FileHandle.standardOutput.write(contentsOf: Data(Self.line(message).utf8))
    }

    /// `[CHANNEL to DESTINATION, BRAND] TEXT` and a newline, nothing invisible.
    static func line(_ message: OTPMessage) -> String {
        OTPMessage.visible("[\(message.channel.rawValue) to \(message.destination), \(quoted(message.brand))] \(message.text)") + "\n"
    }

    /// A brand as it can stand in a console line: as it is when plain, else quoted and
    /// escaped, so request text cannot forge a line's shape.
    static func quoted(_ brand: String) -> String {
        let plain = brand.unicodeScalars.allSatisfy {
            $0.properties.isAlphabetic || $0.properties.numericType != nil || "._-".unicodeScalars.contains($0)
        }
        guard !plain else { return brand }
        let data = (try? JSONEncoder().encode(brand)) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}

/// Appends each message as one JSON line to a file, for another process to deliver (or a
/// test to read). Lines are written whole, in order. A lock rather than an actor: the write is
/// a few microseconds, and a hop to an actor's executor per OTP cost more than that.
public final class OutboxSender: MessageSender {
    public let path: String
    private let handle = Mutex<FileHandle?>(nil)

    public init(path: String) {
        self.path = path
    }

    public func send(_ message: OTPMessage) async throws {
        var line = try JSONWriter.data(message)
        line.append(UInt8(ascii: "\n"))
        try handle.withLock { handle in
            if handle == nil { handle = try Self.open(path) }
            try handle?.write(contentsOf: line)
        }
    }

    private static func open(_ path: String) throws -> FileHandle {
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
            }
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        return handle
    }
}
