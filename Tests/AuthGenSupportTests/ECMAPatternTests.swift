import Foundation
import Testing

@testable import AuthGenSupport

/// Patterns mean what ECMA-262 (with the `u` flag) says, not what ICU would make of them.
@Suite struct ECMAPatternTests {
    static func matches(_ pattern: String, _ text: String) -> Bool {
        Schema.string(StringRules(pattern: pattern)).validate(.string(text)).isEmpty
    }

    @Test(arguments: [
        // Anchors: `$` is the end of the input, not the place before a final newline.
        (#"^\+?[0-9]{6,15}$"#, "+15550003333", true),
        (#"^\+?[0-9]{6,15}$"#, "+15550003333\n", false),
        (#"^a$"#, "a\n", false),
        (#"^a$"#, "\na", false),
        ("a", "xax", true),  // a search, not a whole match
        ("^a", "ba", false),
        // \d \w \s are ASCII (and ECMA's white space).
        (#"^\d+$"#, "123", true),
        (#"^\d+$"#, "١٢٣", false),
        (#"^\d+$"#, "１２３", false),
        (#"^\w+$"#, "abc_123", true),
        (#"^\w+$"#, "élan", false),
        (#"^[\w.]+$"#, "a.b", true),
        (#"^[\d]+$"#, "٣", false),
        (#"^\s$"#, "\u{FEFF}", true),
        (#"^\s$"#, "\u{85}", false),
        (#"^\S+$"#, "abc", true),
        (#"^\D$"#, "a", true),
        (#"^\W$"#, "é", true),
        // `.` stops at ECMA's line terminators only.
        ("^.$", "\n", false),
        ("^.$", "\u{2028}", false),
        ("^.$", "\u{85}", true),
        ("^.$", "😀", true),  // a code point, as with the u flag
        // Classes: [^] is anything, [] nothing, and a [ inside a class is a character.
        ("^[^]$", "\n", true),
        ("[]", "anything", false),
        ("^[[a]+$", "[a[", true),
        ("^[a&&b]+$", "a&b", true),
        ("$", "", true),
        ("^[$]$", "$", true),
        (#"^\u{1F600}$"#, "😀", true),
        (#"^\$$"#, "$", true),
    ])
    func readsAsECMA262(_ pattern: String, _ text: String, _ expected: Bool) {
        #expect(Self.matches(pattern, text) == expected, "\(pattern) on \(text.debugDescription)")
    }

    @Test func constructsICUReadsDifferentlyAreNamed() {
        #expect(ECMAPattern(#"\bword\b"#).unsupported == [#"\b"#, #"\b"#])
        #expect(ECMAPattern(#"[\W\d]"#).unsupported == [#"\W in a class"#])
        #expect(ECMAPattern(#"^[a-z]+\d{2}$"#).unsupported.isEmpty)
    }
}
