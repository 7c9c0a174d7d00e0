import AuthAPI
import Testing

@testable import AuthEngine

/// One spelling per customer: every way a number, an address, a username or a brand is
/// written comes to one form, and what cannot is refused naming the field.
@Suite struct CanonicalFormTests {
    static let india = CanonicalForm.MobileRules(defaultCountryCode: "91", nationalNumberDigits: 10)

    @Test(arguments: [
        ("919977777777", "919977777777"),
        ("+919977777777", "919977777777"),
        (" 919977777777", "919977777777"),
        ("91 9977 777777", "919977777777"),
        ("91-9977-777777", "919977777777"),
        ("+91 (99) 77.77/7777", "919977777777"),
        ("００９１９９７７７７７７７７", "919977777777"),  // full-width digits and 00
        ("٩١٩٩٧٧٧٧٧٧٧٧", "919977777777"),  // Arabic-Indic digits
        ("＋91\u{00A0}9977777777", "919977777777"),  // full-width plus, no-break space
    ])
    func mobileNumbersComeToDigitsWithTheirCountryCode(_ written: String, _ canonical: String) throws {
        #expect(try CanonicalForm.mobile(written) == canonical)
    }

    @Test(arguments: [
        ("09977777777", "919977777777"), ("9977777777", "919977777777"), ("+919977777777", "919977777777"), ("0091 9977777777", "919977777777"),
    ])
    func aBrandsCountryCodeCompletesNationalNumbers(_ written: String, _ canonical: String) throws {
        #expect(try CanonicalForm.mobile(written, rules: Self.india) == canonical)
    }

    @Test(arguments: [
        ("919977777777\n", "contains the invisible or control character U+000A"),
        ("9199\u{200B}77777777", "contains the invisible or control character U+200B"),
        ("91997777777a", "a mobile number holds digits, a leading + and separators (space - . ( ) /); 'a' is not one of them"),
        ("91+9977777777", "a mobile number holds digits, a leading + and separators (space - . ( ) /); '+' is not one of them"),
        ("12345", "a mobile number has 6 to 15 digits with its country code; this one has 5"),
        ("1234567890123456", "a mobile number has 6 to 15 digits with its country code; this one has 16"),
        ("09977777777", "a national number (leading 0) needs its country code, such as +91 for India"),
        ("+0123456789", "a country code does not start with 0"),
        ("", "a mobile number has 6 to 15 digits with its country code; this one has 0"),
    ])
    func whatIsNotANumberIsRefusedWithTheReason(_ written: String, _ reason: String) {
        #expect(throws: CanonicalForm.Invalid(field: "mobile", message: reason)) { try CanonicalForm.mobile(written) }
    }

    @Test func emailAddressesAreTrimmedAndTheirASCIILettersLowerCased() throws {
        #expect(try CanonicalForm.email(" Neeraj.Doc@Example.COM ") == "neeraj.doc@example.com")
        #expect(try CanonicalForm.email("ＪＯＥ@example.com") == "joe@example.com")
        #expect(try CanonicalForm.email("7}6%r/@w5om.info") == "7}6%r/@w5om.info")
        // Letters that full case folding would change are other mailboxes and other domains:
        // folding them would deliver one customer's OTP to a stranger's address.
        #expect(try CanonicalForm.email("x@straße.de") == "x@xn--strae-oqa.de")
        #expect(try CanonicalForm.email("x@strasse.de") == "x@strasse.de")
        #expect(try CanonicalForm.email("Straße@Example.de") == "straße@example.de")
        #expect(try CanonicalForm.email("x@ας.gr") == "x@xn--mxa8a.gr")
        for bad in [
            "no-at.example.com", "a@b@c", "@example.com", "joe@", "jo e@example.com", "joe@example..com", "joe@.example.com",
            "<joe@example.com>", "(c)joe@example.com", "joe@example.com,", "\"joe\"@example.com", "joe.@example.com", "joe@localhost",
            "joe@-example.com",
        ] {
            #expect(throws: CanonicalForm.Invalid.self, "\(bad)") { try CanonicalForm.email(bad) }
        }
        #expect(throws: CanonicalForm.Invalid.self) { try CanonicalForm.email("joe@example.com\u{202E}") }
    }

    /// Attack: `victim@mail.example。com` (the ideographic stop) was accepted and sent as
    /// written, and `EXAMPLÉ.com` and `examplé.com` were two customers of one domain.
    @Test func aDomainHasOneSpellingItsASCIIForm() throws {
        let spellings = [
            "jdoe@examplé.com", "jdoe@EXAMPLÉ.com", "jdoe@xn--exampl-gva.com", "jdoe@XN--EXAMPL-GVA.COM", "jdoe@examplé。com",
            "jdoe@examplé．com", "jdoe@examplé｡com", "jdoe@exampl\u{65}\u{301}.com", "jdoe@ＥＸＡＭＰＬÉ．com",
        ]
        for spelling in spellings {
            #expect(try CanonicalForm.email(spelling) == "jdoe@xn--exampl-gva.com", "\(spelling)")
        }
        #expect(try CanonicalForm.email("victim@mail.example。com") == "victim@mail.example.com")
        #expect(try CanonicalForm.email("a@bücher.example") == "a@xn--bcher-kva.example")
        #expect(try CanonicalForm.email("a@例え.テスト") == "a@xn--r8jz45g.xn--zckzah")
        // Round trips of the encoder.
        for label in ["münchen", "straße", "例え", "テスト", "ας", "a-b"] {
            let encoded = try #require(Punycode.encode(label: label))
            #expect(Punycode.decode(label: encoded) == label)
        }
        for bad in [
            "a@xn--.com", "a@xn--zz-9999999.com", "a@xn--abc.com", "a@exam☃ple.com", "a@exam_ple.com", "a@ab--cd.com", "a@\u{301}x.com",
            "a@examplé。", "a@-examplé.com",
        ] {
            #expect(throws: CanonicalForm.Invalid.self, "\(bad)") { try CanonicalForm.email(bad) }
        }
    }

    /// Punycode against an implementation this project did not write: Python's `punycode`
    /// codec encoded these labels (random letters of twelve scripts and emoji, seed 3492).
    @Test func punycodeAgreesWithPythonsCodec() throws {
        let vectors: [(String, String)] = [
            ("걤伬m九", "xn--m-ct6atz5690a"),
            ("信е겨ùऱ😠çוд😵", "xn--7ca9a69oba69rn2het4m3d3gsxtydga"),
            ("aъ÷аЙ丟מø", "xn--a-3gad713ajdqg56i425t"),
            ("Ϋכöほן", "xn--nda99k96bra3565c"),
            ("곮", "xn--hb0b"),
            ("😃wШ😔们þןë丮èâΟ", "xn--w-wfarl8g45qj1an4h989tgtbs918t5fa"),
            ("俫겁亍", "xn--5kq16av54r"),
            ("🙇😩", "xn--k38h1b"),
            ("éæक俰ο", "xn--6caf39sd4hkq7h"),
            ("عつ伆y乑ऄ😬א😠", "xn--y-0hc72al9g7t5emsybfbbvz57rbda"),
            ("aáわ개ض겡걷ط", "xn--a-ufa902bea2135ce62jisapk"),
            ("xЮ곑🙂", "xn--x-4sb7260ksnwl"),
            ("ψげ🙋хΦΤ😫ã俇םढb", "xn--b-xfa82sha3ow2av0glujr52h8z3ck899c4ka"),
            ("לΦóघػ俒र", "xn--kda59kr7b6kg2jfev783c"),
            ("κ겴つぐàúض", "xn--0ca6cw0j0sdwt4foda9897g"),
            ("دなΪ", "xn--fxa30kx48d"),
            ("🙅ίझ🙁ट😣ए亃", "xn--kxa66ygbi5399fbgs1a7fa3a"),
            ("丱شf供י", "xn--f-jic5y055w1qb"),
            ("ओ겪òВ俎qس😡갡", "xn--q-sga41vlycb7eey4lcc9ff5am338q"),
            ("😊زРגy乤きшझ😦Α", "xn--y-5jb14bgfs9eoqr7n8m9g0uwczlv8cbja"),
            ("ؽפ😓צô", "xn--lda14wga06av962s"),
            ("っإ佢ת😩佚मおנ", "xn--lebt0p58ikx1egea152u1ba51148c"),
            ("חञあ", "xn--ceb29n4z3c"),
            ("wЮ😞갥הά😂", "xn--w-plb30bo8cow81bmvxprfa"),
        ]
        for (label, ascii) in vectors {
            #expect(Punycode.encode(label: label) == ascii, "\(label)")
            #expect(Punycode.decode(label: ascii) == label, "\(ascii)")
        }
        // Hostile A-labels end in nil, never in a trap: digits that keep the decoder going, and
        // a code point past Unicode's end.
        for hostile in ["xn--" + String(repeating: "z", count: 250), "xn--99999999999", "xn--a-" + String(repeating: "9", count: 60), "xn--ab-"] {
            _ = Punycode.decode(label: hostile)
        }
        #expect(Punycode.decode(label: "xn--" + String(repeating: "z", count: 250)) == nil)
    }

    @Test func aliasesOfOneMailboxAreCountedTogether() {
        #expect(CanonicalForm.mailbox("victim+1@corp.com") == "victim@corp.com")
        #expect(CanonicalForm.mailbox("v.i.c.t.i.m+x@gmail.com") == "victim@gmail.com")
        #expect(CanonicalForm.mailbox("v.ictim@googlemail.com") == "victim@gmail.com")
        #expect(CanonicalForm.mailbox("v.ictim@corp.com") == "v.ictim@corp.com")
    }

    @Test func usernamesAndBrandsAreTrimmedAndCaseFolded() throws {
        #expect(try CanonicalForm.username("  Neeraj ") == "neeraj")
        #expect(try CanonicalForm.username("Straße") == "straße")
        #expect(try CanonicalForm.username("STRASSE") == "strasse")
        for brand in ["DocDemo", "DOCDEMO", "docdemo", "DocDemo ", " ＤｏｃＤｅｍｏ"] {
            #expect(try CanonicalForm.brand(brand) == "docdemo")
        }
        #expect(throws: CanonicalForm.Invalid(field: "brand", message: "must not be empty")) { try CanonicalForm.brand("   ") }
        #expect(throws: CanonicalForm.Invalid(field: "brand", message: "contains the invisible or control character U+000A")) {
            try CanonicalForm.brand("Doc\nDemo")
        }
        // A username that reads as another on screen is no username: bidi overrides and
        // isolates, zero-width and control characters are refused, not dropped.
        for hidden in ["\u{202E}", "\u{2066}", "\u{200F}", "\u{200B}", "\u{FEFF}", "\u{0}"] {
            #expect(throws: CanonicalForm.Invalid.self) { try CanonicalForm.username("jdoe\(hidden)x") }
        }
    }

    @Test func theIdentifierTypeChoosesTheForm() throws {
        #expect(try CanonicalForm.identifier(.mobile, "+91 9977777777") == "919977777777")
        #expect(try CanonicalForm.identifier(.email, "A@B.C") == "a@b.c")
        #expect(try CanonicalForm.identifier(.username, "A@B.C") == "a@b.c")
        #expect(throws: CanonicalForm.Invalid(field: "identifierValue", message: "an e-mail address is local-part@domain, with one @")) {
            try CanonicalForm.identifier(.email, "not-an-address")
        }
    }
}
