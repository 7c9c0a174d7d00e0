/// Where OTP digits come from: the system's CSPRNG in production, a scripted source in tests.
public protocol CodeSource: Sendable {
    /// `length` decimal digits, each uniformly distributed.
    func digits(_ length: Int) -> String
}

/// Digits from the operating system's cryptographically secure generator.
public struct SystemCodeSource: CodeSource {
    public init() {}

    public func digits(_ length: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return Self.digits(length, using: &generator)
    }

    /// One random byte per digit, redrawn when it is 250 or more: 250 is the largest multiple of
    /// 10 a byte holds, so every digit is equally likely (a plain `byte % 10` favours 0...5).
    /// Bytes are taken eight at a time from each word, lowest first: the system generator makes
    /// a system call per word.
    static func digits(_ length: Int, using generator: inout some RandomNumberGenerator) -> String {
        var digits: [UInt8] = []
        digits.reserveCapacity(length)
        while digits.count < length {
            var word = generator.next()
            for _ in 0..<8 where digits.count < length {
                let byte = UInt8(truncatingIfNeeded: word)
                word >>= 8
                if byte < 250 { digits.append(UInt8(ascii: "0") + byte % 10) }
            }
        }
        return String(decoding: digits, as: UTF8.self)
    }
}
