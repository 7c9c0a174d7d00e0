import AuthAPI
import Foundation

/// One spelling per customer and per brand. Every identifier and brand name is brought to its
/// canonical form before it reaches a session, a limit, a token or the directory, so `+91 99…`,
/// `91-99…` and `９１９９…` are one customer, and `DocDemo`, `DOCDEMO` and ` docdemo` one brand.
///
/// - MOBILE: NFKC; separators (spaces, `-`, `.`, `(`, `)`, `/`) removed; an optional leading `+`
///   or `00`; digits of any script as ASCII; 6 to 15 digits with the country code. With the
///   brand's `defaultCountryCode`, a national number (a leading trunk `0`, or exactly
///   `nationalNumberDigits` digits) gets the country code in front.
/// - EMAIL: NFKC, trimmed, ASCII letters of the local part lower-cased; a plain
///   `local@domain` (RFC 5322 dot-atoms, UTF-8 allowed as RFC 6531 does); the domain by UTS-46
///   in its ASCII form (`xn--` A-labels, the ideographic stop `。` a dot). Nothing else is
///   folded: `ß` and `ss`, `ς` and `σ` are different mailboxes (and different IDNA2008
///   domains), so folding them would send one customer's OTP to another's address.
/// - USERNAME and brand names: NFKC, trimmed, lower-cased (`ß` stays `ß`).
///
/// Control, format (zero-width, bidi), private-use and unassigned characters are refused in
/// every field, as is text that cannot be brought to its form.
public enum CanonicalForm {
    /// How a brand writes national mobile numbers.
    public struct MobileRules: Hashable, Sendable {
        /// Digits put in front of national numbers, such as `91`.
        public var defaultCountryCode: String?
        /// Numbers of exactly this many digits (and no `+`, `00` or trunk `0`) are national.
        public var nationalNumberDigits: Int?

        public init(defaultCountryCode: String? = nil, nationalNumberDigits: Int? = nil) {
            self.defaultCountryCode = defaultCountryCode
            self.nationalNumberDigits = nationalNumberDigits
        }
    }

    /// A field that cannot be brought to its canonical form, named by its JSON pointer.
    public struct Invalid: Error, Hashable, Sendable, CustomStringConvertible {
        public var field: String
        public var message: String
        public var description: String { "\(field): \(message)" }
    }

    public static func brand(_ text: String, field: String = "brand") throws(Invalid) -> String {
        let folded = try folded(text, field: field)
        guard !folded.isEmpty else { throw Invalid(field: field, message: "must not be empty") }
        return folded
    }

    public static func identifier(
        _ type: IdentifierType, _ text: String, mobile rules: MobileRules = .init(), field: String = "identifierValue"
    ) throws(Invalid) -> String {
        switch type {
        case .mobile: try mobile(text, rules: rules, field: field)
        case .email: try email(text, field: field)
        case .username: try username(text, field: field)
        }
    }

    public static func mobile(_ text: String, rules: MobileRules = .init(), field: String = "mobile") throws(Invalid) -> String {
        let prepared = try prepared(text, field: field)
        var digits: [UInt8] = []
        var international = false
        for (offset, scalar) in prepared.unicodeScalars.enumerated() {
            if scalar == "+", offset == 0 {
                international = true
            } else if scalar.properties.numericType == .decimal, let value = scalar.properties.numericValue {
                digits.append(UInt8(ascii: "0") + UInt8(value))
            } else if !isSeparator(scalar) {
                throw Invalid(
                    field: field,
                    message: "a mobile number holds digits, a leading + and separators (space - . ( ) /); '\(scalar)' is not one of them")
            }
        }
        if !international, digits.starts(with: [UInt8(ascii: "0"), UInt8(ascii: "0")]) {
            international = true
            digits.removeFirst(2)
        }
        if !international {
            let trunk = digits.first == UInt8(ascii: "0")
            let national = trunk || rules.nationalNumberDigits == digits.count
            if national {
                guard let code = rules.defaultCountryCode else {
                    if trunk {
                        throw Invalid(field: field, message: "a national number (leading 0) needs its country code, such as +91 for India")
                    }
                    return String(decoding: digits, as: UTF8.self)
                }
                if trunk { digits.removeFirst() }
                digits.insert(contentsOf: code.utf8, at: 0)
            }
        }
        guard (6...15).contains(digits.count) else {
            throw Invalid(field: field, message: "a mobile number has 6 to 15 digits with its country code; this one has \(digits.count)")
        }
        guard digits.first != UInt8(ascii: "0") else {
            throw Invalid(field: field, message: "a country code does not start with 0")
        }
        return String(decoding: digits, as: UTF8.self)
    }

    public static func email(_ text: String, field: String = "email") throws(Invalid) -> String {
        let prepared = try prepared(text, field: field)
        let parts = prepared.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw Invalid(field: field, message: "an e-mail address is local-part@domain, with one @")
        }
        let local = String(
            parts[0].unicodeScalars.map { scalar in
                ("A"..."Z").contains(scalar) ? Character(Unicode.Scalar(scalar.value + 32)!) : Character(scalar)
            })
        // Dot-atoms only: no quotes, comments, brackets, spaces or commas, so one mailbox has
        // one spelling (`<a@b.c>`, `(x)a@b.c` and `a@b.c,` are refused, not sent as written).
        let atext = Set("abcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+/=?^_`{|}~-".unicodeScalars)
        guard local.unicodeScalars.allSatisfy({ atext.contains($0) || $0 == "." || !$0.isASCII }),
            !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..")
        else { throw Invalid(field: field, message: "the local part of an e-mail address is letters, digits, dots and !#$%&'*+/=?^_`{|}~-") }
        let address = local + "@" + (try domain(parts[1], field: field))
        guard address.utf8.count <= 254 else { throw Invalid(field: field, message: "an e-mail address has at most 254 bytes") }
        return address
    }

    /// A mail domain as UTS-46 processes it (nontransitional, as IDNA2008 reads `ß` and `ς`):
    /// the ideographic and full-width full stops are dots, letters are lower-cased, and each
    /// label is kept in its ASCII form, a Unicode label as its A-label (`examplé` as
    /// `xn--exampl-gva`). `EXAMPLÉ.com`, `examplé.com` and `xn--exampl-gva.com` are one domain;
    /// a label of anything but letters, marks, digits and inner hyphens is refused, as is an
    /// `xn--` label that is not the A-label of such a one.
    static func domain(_ text: Substring, field: String) throws(Invalid) -> String {
        let stops: Set<Unicode.Scalar> = ["\u{3002}", "\u{FF0E}", "\u{FF61}"]
        let dotted = String(String.UnicodeScalarView(text.unicodeScalars.map { stops.contains($0) ? "." : $0 }))
        let lowered = dotted.utf8.allSatisfy { $0 < 0x80 } ? dotted.lowercased() : dotted.lowercased().precomposedStringWithCompatibilityMapping
        let refusal = Invalid(
            field: field, message: "the domain of an e-mail address is dot-separated labels of letters, digits and inner hyphens")
        let labels = lowered.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { throw refusal }
        var ascii: [String] = []
        for label in labels {
            let label = String(label)
            let unicode: String
            if label.hasPrefix("xn--") {
                guard let decoded = Punycode.decode(label: label), decoded.unicodeScalars.contains(where: { !$0.isASCII }) else { throw refusal }
                unicode = decoded
            } else {
                unicode = label
            }
            guard isLabel(unicode), let encoded = Punycode.encode(label: unicode), encoded == label || !label.hasPrefix("xn--"),
                encoded.utf8.count <= 63
            else { throw refusal }
            ascii.append(encoded)
        }
        let domain = ascii.joined(separator: ".")
        guard domain.utf8.count <= 253 else { throw Invalid(field: field, message: "the domain of an e-mail address has at most 253 bytes") }
        return domain
    }

    /// A domain label's characters: letters, combining marks and digits, with hyphens inside
    /// only (and not in the third and fourth places, which mark encodings such as `xn--`).
    private static func isLabel(_ label: String) -> Bool {
        let scalars = Array(label.unicodeScalars)
        guard let first = scalars.first, let last = scalars.last, first != "-", last != "-" else { return false }
        if scalars.count >= 4, scalars[2] == "-", scalars[3] == "-" { return false }
        guard first.properties.generalCategory != .nonspacingMark, first.properties.generalCategory != .spacingMark else { return false }
        return scalars.allSatisfy { scalar in
            if scalar.isASCII { return ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "-" }
            switch scalar.properties.generalCategory {
            case .lowercaseLetter, .modifierLetter, .otherLetter, .nonspacingMark, .spacingMark, .decimalNumber: return true
            default: return false
            }
        }
    }

    /// The mailbox an address reaches, for counting what is sent to it: the local part up to
    /// a `+` tag, and without dots at Gmail, which ignores both. Never an identity or a
    /// destination; only limits key on it, so one mailbox cannot be flooded by its aliases.
    public static func mailbox(_ address: String) -> String {
        guard let at = address.lastIndex(of: "@") else { return address }
        var local = address[..<at]
        let domain = address[address.index(after: at)...]
        if let plus = local.firstIndex(of: "+") { local = local[..<plus] }
        if domain == "gmail.com" || domain == "googlemail.com" { return local.filter { $0 != "." } + "@gmail.com" }
        return local + "@" + domain
    }

    public static func username(_ text: String, field: String = "identifierValue") throws(Invalid) -> String {
        let name = try folded(text, field: field)
        guard !name.isEmpty else { throw Invalid(field: field, message: "must not be empty") }
        return name
    }

    /// Text that is never canonicalised but still must not smuggle control characters into
    /// the store or the console (device ids).
    public static func plain(_ text: String, field: String) throws(Invalid) -> String {
        try refuseHidden(text, field: field)
        return text
    }

    // MARK: Steps

    /// NFKC, trimmed, lower-cased. Lower-casing, unlike full case folding, never turns one
    /// letter into two (`ß` stays `ß`), so distinct names stay distinct.
    static func folded(_ text: String, field: String) throws(Invalid) -> String {
        let prepared = try prepared(text, field: field)
        if prepared.utf8.allSatisfy({ $0 < 0x80 }) {
            guard prepared.utf8.contains(where: { (0x41...0x5A).contains($0) }) else { return prepared }
            return String(decoding: prepared.utf8.map { (0x41...0x5A).contains($0) ? $0 + 32 : $0 }, as: UTF8.self)
        }
        // Lower-casing can leave text that is not in NFKC (a few letters map to decomposed forms).
        return prepared.lowercased().precomposedStringWithCompatibilityMapping
    }

    /// NFKC with control and invisible characters refused, trimmed of white space.
    static func prepared(_ text: String, field: String) throws(Invalid) -> String {
        // Printable ASCII (the usual request) is its own NFKC: only the trim is left to do.
        if text.utf8.allSatisfy({ (0x20...0x7E).contains($0) }) {
            let bytes = text.utf8
            guard let first = bytes.firstIndex(where: { $0 != 0x20 }), let last = bytes.lastIndex(where: { $0 != 0x20 }) else { return "" }
            return first == bytes.startIndex && last == bytes.index(before: bytes.endIndex) ? text : String(text[first...last])
        }
        try refuseHidden(text, field: field)
        let normalised = text.precomposedStringWithCompatibilityMapping
        let scalars = normalised.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }

    /// Characters that render as nothing or steer the display: control (C0, C1, DEL), format
    /// (zero-width, bidi overrides, BOM), line and paragraph separators, private use, surrogates
    /// and unassigned code points.
    static func refuseHidden(_ text: String, field: String) throws(Invalid) {
        for scalar in text.unicodeScalars where isHidden(scalar) {
            let code = "U+" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4)
            throw Invalid(field: field, message: "contains the invisible or control character \(code)")
        }
    }

    package static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .privateUse, .surrogate, .unassigned: true
        default: false
        }
    }

    private static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .spaceSeparator || "-.()/".unicodeScalars.contains(scalar)
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
