/// A stored property kept behind one heap reference, for generated types that contain
/// themselves (a shelf with a parent shelf, two schemas that name each other): a Swift value
/// type holding itself inline would have infinite size. Reads and writes are the wrapped
/// value's, copies keep value semantics, and it encodes as the wrapped value alone.
@propertyWrapper
public struct Indirect<Value> {
    fileprivate indirect enum Storage {
        case value(Value)
    }

    private var storage: Storage

    /// Stores the value behind a new heap reference.
    public init(wrappedValue: Value) {
        storage = .value(wrappedValue)
    }

    /// The stored value; a write makes a new box, so copies never see each other's changes.
    public var wrappedValue: Value {
        get {
            switch storage {
            case .value(let value): value
            }
        }
        set { storage = .value(newValue) }
    }
}

extension Indirect: Sendable where Value: Sendable {}
extension Indirect.Storage: Sendable where Value: Sendable {}

extension Indirect: Equatable where Value: Equatable {
    /// Compares the wrapped values.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.wrappedValue == rhs.wrappedValue }
}

extension Indirect: Hashable where Value: Hashable {
    /// Hashes the wrapped value alone.
    public func hash(into hasher: inout Hasher) { hasher.combine(wrappedValue) }
}

extension Indirect: Decodable where Value: Decodable {
    /// Decodes the wrapped value, which the JSON holds without a wrapper.
    public init(from decoder: any Decoder) throws {
        self.init(wrappedValue: try decoder.singleValueContainer().decode(Value.self))
    }
}

extension Indirect: Encodable where Value: Encodable {
    /// Encodes the wrapped value alone.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(wrappedValue)
    }
}

// An optional member stays optional in JSON: a missing key decodes as nil and nil is left out,
// as synthesized coding does for a plain optional property.
extension KeyedDecodingContainer {
    /// A missing key or `null` decodes as nil, as for a plain optional property.
    public func decode<Wrapped: Decodable>(_ type: Indirect<Wrapped?>.Type, forKey key: Key) throws -> Indirect<Wrapped?> {
        Indirect(wrappedValue: try decodeIfPresent(Wrapped.self, forKey: key))
    }
}

extension KeyedEncodingContainer {
    /// Leaves the key out when the value is nil, as for a plain optional property.
    public mutating func encode<Wrapped: Encodable>(_ value: Indirect<Wrapped?>, forKey key: Key) throws {
        try encodeIfPresent(value.wrappedValue, forKey: key)
    }
}
