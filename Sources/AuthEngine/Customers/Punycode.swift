/// Punycode (RFC 3492): Unicode domain labels as the ASCII DNS knows them (`examplé` is
/// `xn--exampl-gva`), so that one domain has one spelling whichever way it was written.
enum Punycode {
    private static let base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700, initialBias = 72, initialN = 0x80

    /// The ASCII-compatible form of one label: itself when it is ASCII, else `xn--` and its
    /// Punycode. Nil when the label cannot be encoded (it would overflow).
    static func encode(label: String) -> String? {
        let scalars = label.unicodeScalars.map(\.value)
        guard scalars.contains(where: { $0 >= 0x80 }) else { return label }
        var output = scalars.filter { $0 < 0x80 }.map { Character(Unicode.Scalar($0)!) }
        let basicCount = output.count
        var handled = basicCount
        if basicCount > 0 { output.append("-") }
        var n = initialN, delta = 0, bias = initialBias
        while handled < scalars.count {
            guard let next = scalars.filter({ $0 >= n }).min() else { return nil }
            let (product, overflow) = (Int(next) - n).multipliedReportingOverflow(by: handled + 1)
            guard !overflow else { return nil }
            delta += product
            n = Int(next)
            for scalar in scalars {
                if scalar < n { delta += 1 }
                guard scalar == n else { continue }
                var q = delta
                var k = base
                while true {
                    let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                    if q < t { break }
                    output.append(digit(t + (q - t) % (base - t)))
                    q = (q - t) / (base - t)
                    k += base
                }
                output.append(digit(q))
                bias = adapt(delta, handled + 1, first: handled == basicCount)
                delta = 0
                handled += 1
            }
            delta += 1
            n += 1
        }
        return "xn--" + String(output)
    }

    /// The Unicode label an `xn--` label stands for; nil when it is not valid Punycode.
    static func decode(label: String) -> String? {
        guard label.hasPrefix("xn--") else { return label }
        let encoded = Array(label.dropFirst(4).unicodeScalars)
        var output: [UInt32] = []
        var start = 0
        if let dash = encoded.lastIndex(of: "-") {
            output = encoded[..<dash].map(\.value)
            guard output.allSatisfy({ $0 < 0x80 }) else { return nil }
            start = dash + 1
        }
        var n = initialN, i = 0, bias = initialBias
        var index = start
        while index < encoded.count {
            let oldI = i
            var w = 1
            var k = base
            while true {
                guard index < encoded.count, let value = value(of: encoded[index]) else { return nil }
                index += 1
                guard i <= Int(Int32.max) - value * w else { return nil }
                i += value * w
                let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                if value < t { break }
                w *= base - t
                k += base
            }
            bias = adapt(i - oldI, output.count + 1, first: oldI == 0)
            n += i / (output.count + 1)
            i %= output.count + 1
            guard n <= 0x10FFFF, Unicode.Scalar(UInt32(n)) != nil else { return nil }
            output.insert(UInt32(n), at: i)
            i += 1
        }
        return String(String.UnicodeScalarView(output.compactMap(Unicode.Scalar.init)))
    }

    private static func adapt(_ delta: Int, _ count: Int, first: Bool) -> Int {
        var delta = first ? delta / damp : delta / 2
        delta += delta / count
        var k = 0
        while delta > ((base - tMin) * tMax) / 2 {
            delta /= base - tMin
            k += base
        }
        return k + (base - tMin + 1) * delta / (delta + skew)
    }

    private static func digit(_ value: Int) -> Character {
        Character(Unicode.Scalar(UInt8(value < 26 ? value + 97 : value + 22)))
    }

    private static func value(of scalar: Unicode.Scalar) -> Int? {
        switch scalar.value {
        case 0x30...0x39: Int(scalar.value) - 22
        case 0x41...0x5A: Int(scalar.value) - 0x41
        case 0x61...0x7A: Int(scalar.value) - 0x61
        default: nil
        }
    }
}
