import Foundation

/// A JSON Schema `pattern` (ECMA-262, with the `u` flag JSON Schema recommends) rewritten for
/// ICU, the engine `NSRegularExpression` runs, where the two read the same text differently:
///
/// - `$` ends the input only (ICU also matches before a final line break: `"123\n"` would pass
///   `^[0-9]+$`), so it becomes `\z`; `^` already starts the input only.
/// - `\d`, `\w` and `\s` are ASCII digits, ASCII word characters and ECMA's white space (ICU
///   takes any Unicode digit or letter), `.` excludes ECMA's four line terminators only.
/// - `[^]` matches any character and `[]` none; `\u{…}` is a code point.
///
/// What ICU cannot be made to read as ECMA-262 does is listed in `unsupported`: word
/// boundaries (`\b`, `\B`, which follow ICU's Unicode `\w`) and `\W` or `\D` inside a class.
public struct ECMAPattern: Hashable, Sendable {
    /// The pattern as written in the schema.
    public var source: String
    /// The same pattern for ICU.
    public var icu: String
    /// Constructs ICU reads differently, each named as written.
    public var unsupported: [String]

    static let whiteSpace = #"\t\n\u000B\f\r \u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000\uFEFF"#
    static let word = "A-Za-z0-9_"

    /// Rewrites a schema's pattern for ICU, noting in `unsupported` what cannot be carried over.
    public init(_ source: String) {
        self.source = source
        var icu = ""
        var unsupported: [String] = []
        var inClass = false
        var scalars = Array(source.unicodeScalars)[...]
        func take() -> Unicode.Scalar? { scalars.popFirst() }
        while let scalar = take() {
            switch scalar {
            case "\\":
                guard let escaped = take() else { icu += "\\\\"; break }
                switch escaped {
                case "d": icu += inClass ? "0-9" : "[0-9]"
                case "D": if inClass { unsupported.append("\\D in a class"); icu += "\\D" } else { icu += "[^0-9]" }
                case "w": icu += inClass ? Self.word : "[\(Self.word)]"
                case "W": if inClass { unsupported.append("\\W in a class"); icu += "\\W" } else { icu += "[^\(Self.word)]" }
                case "s": icu += inClass ? Self.whiteSpace : "[\(Self.whiteSpace)]"
                case "S": if inClass { unsupported.append("\\S in a class"); icu += "\\S" } else { icu += "[^\(Self.whiteSpace)]" }
                case "b" where !inClass, "B" where !inClass:
                    unsupported.append("\\\(escaped)")
                    icu += "\\\(escaped)"
                case "u" where scalars.first == "{":
                    // \u{1F600} is ICU's \x{1F600}.
                    var digits = ""
                    _ = take()
                    while let next = take(), next != "}" { digits.unicodeScalars.append(next) }
                    icu += "\\x{\(digits)}"
                default:
                    icu += "\\"
                    icu.unicodeScalars.append(escaped)
                }
            case "[" where !inClass:
                if Array(scalars.prefix(2)) == ["^", "]"] {
                    scalars = scalars.dropFirst(2)
                    icu += #"[\s\S]"#
                } else if scalars.first == "]" {
                    scalars = scalars.dropFirst()
                    icu += "(?!)"
                } else {
                    inClass = true
                    icu += "["
                    if scalars.first == "^" { icu += "^"; _ = take() }
                    // A `[` inside an ECMA class is literal; ICU would read it as a nested set.
                }
            case "[" where inClass: icu += "\\["
            case "]" where inClass:
                inClass = false
                icu += "]"
            case "$" where !inClass: icu += "\\z"
            case "." where !inClass: icu += #"[^\n\r\u2028\u2029]"#
            case "&" where inClass, "-" where inClass && scalars.first == "-", "~" where inClass && scalars.first == "~":
                // ICU's set operators (&&, --, ~~) are plain characters in ECMA.
                icu += "\\"
                icu.unicodeScalars.append(scalar)
            default:
                icu.unicodeScalars.append(scalar)
            }
        }
        self.icu = icu
        self.unsupported = unsupported
    }

    /// The compiled pattern; nil when it is not a regular expression.
    public var regex: NSRegularExpression? {
        try? NSRegularExpression(pattern: icu)
    }
}
