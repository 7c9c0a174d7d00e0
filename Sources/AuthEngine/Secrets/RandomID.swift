import AuthPayloadHash

/// Random identifiers in UUID's text form (version 4, lowercase), from the system's CSPRNG in
/// two draws. Foundation's `UUID()` on Linux opens, reads and closes /dev/urandom for each one:
/// three system calls more on every OTP sent.
enum RandomID {
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return make(using: &generator)
    }

    static func make(using generator: inout some RandomNumberGenerator) -> String {
        // Version 4 in the high nibble of byte 6, variant 0b10 in the top bits of byte 8.
        let high = (generator.next() as UInt64) & ~0xF000 | 0x4000
        let low = (generator.next() as UInt64) & 0x3FFF_FFFF_FFFF_FFFF | 0x8000_0000_0000_0000
        let bytes = withUnsafeBytes(of: (high.bigEndian, low.bigEndian)) { Array($0) }
        return [0..<4, 4..<6, 6..<8, 8..<10, 10..<16].map { hexadecimal(bytes[$0]) }.joined(separator: "-")
    }
}
