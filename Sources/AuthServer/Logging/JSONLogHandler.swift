import AuthGenSupport
import Foundation
import Logging

/// Logs one JSON object per line (`LOG_FORMAT=json`), for collectors that parse logs rather
/// than read them: `{"label":…,"level":…,"message":…,"metadata":{…},"source":…,"time":…}`.
/// What is logged is the same as in the text format: method and path, never a body.
public struct JSONLogHandler: LogHandler {
    /// The logger's label, such as `auth-server`.
    public let label: String
    /// Metadata every line of this logger carries.
    public var metadata: Logger.Metadata = [:]
    /// The least severe level this logger writes.
    public var logLevel: Logger.Level = .info
    /// Adds contextual metadata when a line is written.
    public var metadataProvider: Logger.MetadataProvider?
    private let write: @Sendable (String) -> Void

    /// A handler writing to standard error, as the text format does.
    public init(label: String, metadataProvider: Logger.MetadataProvider? = nil) {
        self.init(label: label, metadataProvider: metadataProvider) { line in
            JSONLogHandler.standardError.withLock { FileHandle.standardError.write(Data(line.utf8)) }
        }
    }

    /// A handler handing each line (with its newline) to `write`.
    public init(label: String, metadataProvider: Logger.MetadataProvider? = nil, write: @escaping @Sendable (String) -> Void) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.write = write
    }

    /// One writer at a time, so lines from concurrent requests never interleave.
    private static let standardError = NSLock()

    /// Reads or sets one metadata value of this logger.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes the event as one line.
    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let own = event.metadata { merged.merge(own) { _, new in new } }
        var line: [String: JSONValue] = [
            "time": .string(JSONLine.timestamp(Date())),
            "level": .string(event.level.rawValue),
            "label": .string(label),
            "message": .string(event.message.description),
            "source": .string(event.source),
        ]
        if !merged.isEmpty { line["metadata"] = .object(merged.mapValues(Self.json)) }
        guard let data = try? Self.encoder.encode(JSONValue.object(line)) else { return }
        write(String(decoding: data, as: UTF8.self) + "\n")
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    private static func json(_ value: Logger.Metadata.Value) -> JSONValue {
        switch value {
        case .string(let string): .string(string)
        case .stringConvertible(let convertible): .string(convertible.description)
        case .array(let items): .array(items.map(json))
        case .dictionary(let members): .object(members.mapValues(json))
        }
    }
}
