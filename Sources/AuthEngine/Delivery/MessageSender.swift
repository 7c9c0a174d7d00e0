import AuthAPI
import Foundation
import Synchronization

/// One OTP message on its way to a customer.
public struct OTPMessage: Hashable, Sendable, Codable {
    public var brand: String
    public var channel: Channel
    /// A mobile number or an e-mail address.
    public var destination: String
    /// The brand's template with `{otp}` filled in.
    public var text: String

    public init(brand: String, channel: Channel, destination: String, text: String) {
        self.brand = brand
        self.channel = channel
        self.destination = destination
        self.text = text
    }
}

/// A provider that hands messages to a channel: the console, an outbox file, a gateway.
/// Throwing means the message was not delivered (the engine answers 1503).
public protocol MessageSender: Sendable {
    func send(_ message: OTPMessage) async throws
}

/// Development default: prints each message, OTP included, to standard output, so a newcomer
/// can read the OTP off the terminal. Logs never carry it; this is not a log.
public struct ConsoleSender: MessageSender {
    public init() {}

    public func send(_ message: OTPMessage) async throws {
        // Written straight to the descriptor: `print` buffers when output goes to a file or pipe,
        // and a developer tailing it must see the OTP at once.
        let line = "[\(message.channel.rawValue) to \(message.destination), \(message.brand)] \(message.text)\n"
        try FileHandle.standardOutput.write(contentsOf: Data(line.utf8))
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
        var line = try JSONEncoder.sortedKeys.encode(message)
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

extension JSONEncoder {
    static let sortedKeys: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}
