import Foundation

/// A strict RFC 8259 parser that reports where input goes wrong. Foundation's parser and libyaml
/// both forgive things JSON does not allow (trailing commas, comments), which other tools then
/// reject, and neither names a line and column a client can act on.
public struct JSONParser {
    /// Malformed JSON, with the 1-based line and column of the first problem and the JSON
    /// pointer of the value it is in.
    public struct SyntaxError: Error, Hashable, Sendable, CustomStringConvertible {
        /// What is wrong, in words.
        public var message: String
        /// The 1-based line of the first problem.
        public var line: Int
        /// The 1-based column of the first problem, counted in bytes.
        public var column: Int
        /// Where in the document: the member or item being read (for a duplicate key, the key).
        public var pointer = JSONPointer.root

        /// The position, the pointer unless it is the root, and the message.
        public var description: String {
            "malformed JSON at line \(line), column \(column)\(pointer == .root ? "" : " (\(pointer))"): \(message)"
        }

        /// The error of a member or item, seen from the value that holds it.
        func within(_ token: String) -> SyntaxError {
            var error = self
            error.pointer = JSONPointer(tokens: [token] + pointer.tokens)
            return error
        }
    }

    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private var lineStart = 0

    /// Parses a whole document (a UTF-8 byte order mark is allowed).
    public static func parse(_ data: some Collection<UInt8>) throws(SyntaxError) -> JSONValue {
        var parser = JSONParser(bytes: Array(data))
        if parser.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.index = 3 }
        parser.skipSpace()
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        if parser.index < parser.bytes.count { throw parser.error("unexpected content after the document") }
        return value
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private func error(_ message: String) -> SyntaxError {
        SyntaxError(message: message, line: line, column: index - lineStart + 1)
    }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipSpace() {
        while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
            if byte == 0x0A { line += 1; lineStart = index + 1 }
            index += 1
        }
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(SyntaxError) {
        guard current == byte else { throw error(current == nil ? "unexpected end of input, expected \(what)" : "expected \(what)") }
        index += 1
    }

    private mutating func value(depth: Int) throws(SyntaxError) -> JSONValue {
        guard depth < 512 else { throw error("nesting too deep") }
        switch current {
        case UInt8(ascii: "{"):
            index += 1
            skipSpace()
            var object: [String: JSONValue] = [:]
            if current == UInt8(ascii: "}") { index += 1; return .object(object) }
            while true {
                skipSpace()
                guard current == UInt8(ascii: "\"") else {
                    throw error(current == UInt8(ascii: "}") ? "trailing comma before '}'" : "expected a string key")
                }
                let keyStart = index
                let key = try string()
                skipSpace()
                try expect(UInt8(ascii: ":"), "':' after the key")
                skipSpace()
                let member: JSONValue
                do { member = try value(depth: depth + 1) } catch { throw error.within(key) }
                // A second value for a key would be read differently by different readers
                // (first wins, last wins): refused, so every reader sees one value.
                guard object.updateValue(member, forKey: key) == nil else {
                    var duplicate = SyntaxError(message: "duplicate key '\(key)'", line: line, column: keyStart - lineStart + 1)
                    duplicate.pointer = JSONPointer(tokens: [key])
                    throw duplicate
                }
                skipSpace()
                if current == UInt8(ascii: ",") { index += 1; continue }
                try expect(UInt8(ascii: "}"), "',' or '}'")
                return .object(object)
            }
        case UInt8(ascii: "["):
            index += 1
            skipSpace()
            var array: [JSONValue] = []
            if current == UInt8(ascii: "]") { index += 1; return .array(array) }
            while true {
                skipSpace()
                if current == UInt8(ascii: "]") { throw error("trailing comma before ']'") }
                do { array.append(try value(depth: depth + 1)) } catch { throw error.within(String(array.count)) }
                skipSpace()
                if current == UInt8(ascii: ",") { index += 1; continue }
                try expect(UInt8(ascii: "]"), "',' or ']'")
                return .array(array)
            }
        case UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case let byte? where byte == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte):
            return try number()
        case nil:
            throw error("unexpected end of input")
        default:
            throw error("unexpected character '\(Character(Unicode.Scalar(current!)))'")
        }
    }

    private mutating func literal(_ word: String) throws(SyntaxError) {
        for byte in word.utf8 {
            guard current == byte else { throw error("expected \(word)") }
            index += 1
        }
    }

    private mutating func string() throws(SyntaxError) -> String {
        index += 1
        let start = index
        var scalars: String.UnicodeScalarView?  // only built when the string has escapes
        while let byte = current {
            switch byte {
            case UInt8(ascii: "\""):
                defer { index += 1 }
                if let scalars { return String(scalars) }
                guard let text = String(validating: bytes[start..<index], as: UTF8.self) else { throw error("invalid UTF-8 in a string") }
                return text
            case UInt8(ascii: "\\"):
                if scalars == nil {
                    guard let text = String(validating: bytes[start..<index], as: UTF8.self) else { throw error("invalid UTF-8 in a string") }
                    scalars = text.unicodeScalars
                }
                scalars!.append(try escape())
                continue
            case 0..<0x20:
                throw error("control character in a string")
            default:
                if scalars != nil {
                    // Copy the run of plain bytes up to the next quote or escape.
                    let runStart = index
                    while let next = current, next != UInt8(ascii: "\""), next != UInt8(ascii: "\\"), next >= 0x20 { index += 1 }
                    guard let text = String(validating: bytes[runStart..<index], as: UTF8.self) else { throw error("invalid UTF-8 in a string") }
                    scalars!.append(contentsOf: text.unicodeScalars)
                    continue
                }
                index += 1
            }
        }
        throw error("unterminated string")
    }

    private mutating func escape() throws(SyntaxError) -> Unicode.Scalar {
        index += 1
        guard let byte = current else { throw error("unterminated string") }
        index += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let high = try hex4()
            if (0xD800..<0xDC00).contains(high) {
                guard current == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") else {
                    throw error("unpaired surrogate in \\u escape")
                }
                index += 2
                let low = try hex4()
                guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired surrogate in \\u escape") }
                return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))!
            }
            guard let scalar = Unicode.Scalar(high) else { throw error("unpaired surrogate in \\u escape") }
            return scalar
        default:
            index -= 1
            throw error("invalid escape '\\\(Character(Unicode.Scalar(byte)))'")
        }
    }

    private mutating func hex4() throws(SyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = current, let digit = Character(Unicode.Scalar(byte)).hexDigitValue else {
                throw error("expected four hex digits after \\u")
            }
            value = value << 4 + UInt32(digit)
            index += 1
        }
        return value
    }

    private mutating func number() throws(SyntaxError) -> JSONValue {
        let start = index
        let digits = UInt8(ascii: "0")...UInt8(ascii: "9")
        func run() -> Bool {
            let before = index
            while let byte = current, digits.contains(byte) { index += 1 }
            return index > before
        }
        if current == UInt8(ascii: "-") { index += 1 }
        if current == UInt8(ascii: "0") {
            index += 1
            if let byte = current, digits.contains(byte) { throw error("leading zero in a number") }
        } else if !run() {
            throw error("expected a digit")
        }
        var isInteger = true
        if current == UInt8(ascii: ".") {
            index += 1
            isInteger = false
            guard run() else { throw error("expected a digit after '.'") }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            index += 1
            isInteger = false
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            guard run() else { throw error("expected a digit in the exponent") }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if isInteger, let integer = Int64(text) { return .integer(integer) }
        // Beyond a Double, a number would arrive as infinity, which no encoder writes back.
        guard let number = Double(text), number.isFinite else {
            index = start
            throw error("number out of range")
        }
        return .number(number)
    }
}
