/// Numbers in parameter text, read by JSON's grammar (`-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?`)
/// and nothing wider: Swift's `Double(_:)` also takes `nan`, `inf` and hexadecimal, and NaN
/// would pass every bound of a schema.
enum JSONNumberText {
    /// The finite value `text` spells; nil when it is not a JSON number or does not fit.
    static func double(_ text: some StringProtocol) -> Double? {
        guard isJSONNumber(text.utf8), let value = Double(String(text)), value.isFinite else { return nil }
        return value
    }

    private static func isJSONNumber(_ bytes: some Collection<UInt8>) -> Bool {
        var index = bytes.startIndex
        func digits() -> Int {
            var count = 0
            while index != bytes.endIndex, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
                count += 1
                index = bytes.index(after: index)
            }
            return count
        }
        func take(_ byte: UInt8) -> Bool {
            guard index != bytes.endIndex, bytes[index] == byte else { return false }
            index = bytes.index(after: index)
            return true
        }
        _ = take(UInt8(ascii: "-"))
        let leadingZero = index != bytes.endIndex && bytes[index] == UInt8(ascii: "0")
        let integer = digits()
        guard integer > 0, !(leadingZero && integer > 1) else { return false }
        if take(UInt8(ascii: ".")), digits() == 0 { return false }
        if take(UInt8(ascii: "e")) || take(UInt8(ascii: "E")) {
            if !take(UInt8(ascii: "+")) { _ = take(UInt8(ascii: "-")) }
            if digits() == 0 { return false }
        }
        return index == bytes.endIndex
    }
}
