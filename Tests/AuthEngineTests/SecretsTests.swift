import Crypto
import Foundation
import Testing

@testable import AuthEngine

/// Replays fixed 64-bit words, so a test controls each random byte.
struct ScriptedGenerator: RandomNumberGenerator {
    var words: [UInt64]
    mutating func next() -> UInt64 { words.removeFirst() }
}

/// SplitMix64: a small seeded generator for reproducible statistics.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct CodeSourceTests {
    @Test func bytesFrom250UpAreDrawnAgain() {
        // The bytes of each word, lowest first: 255, 250 (both drawn again), 7, 249, 13, 0, …
        var generator = ScriptedGenerator(words: [0x0000_000D_F907_FAFF, 0xFFFF_FFFF_FFFF_FF01, 2])
        #expect(SystemCodeSource.digits(4, using: &generator) == "7930")
        #expect(generator.words.count == 2)
        // The rest of a word is drawn again too; the next word goes on.
        #expect(SystemCodeSource.digits(2, using: &generator) == "12")
        #expect(generator.words.isEmpty)
    }

    @Test func randomIDsAreVersion4UUIDs() {
        var generator = ScriptedGenerator(words: [.max, .max])
        #expect(RandomID.make(using: &generator) == "ffffffff-ffff-4fff-bfff-ffffffffffff")
        // Each word's bytes from the highest, the version and variant bits over them.
        var ordered = ScriptedGenerator(words: [0x0123_4567_89AB_CDEF, 0xFEDC_BA98_7654_3210])
        #expect(RandomID.make(using: &ordered) == "01234567-89ab-4def-bedc-ba9876543210")
        let ids = (0..<10_000).map { _ in RandomID.make() }
        #expect(Set(ids).count == ids.count)
        for id in ids.prefix(100) {
            #expect(UUID(uuidString: id)?.uuidString.lowercased() == id)
            #expect(Array(id)[14] == "4" && "89ab".contains(Array(id)[19]))
        }
    }

    @Test func everyDigitIsEquallyLikely() {
        var generator = SeededGenerator(state: 42)
        let digits = SystemCodeSource.digits(200_000, using: &generator)
        var counts = [Int](repeating: 0, count: 10)
        for digit in digits.utf8 { counts[Int(digit - UInt8(ascii: "0"))] += 1 }
        // Expected 20 000 each; a byte % 10 without redraws would give 0...5 about 20 300 and
        // 6...9 about 19 500. Allow 1.5 %.
        #expect(counts.allSatisfy { abs($0 - 20_000) < 300 }, "\(counts)")
    }

    @Test func theSystemSourceGivesDigitsOfTheLengthAsked() {
        let source = SystemCodeSource()
        for length in [4, 6, 8] {
            let otp = source.digits(length)
            #expect(otp.count == length)
            #expect(otp.allSatisfy(\.isASCII) && otp.allSatisfy(\.isNumber))
        }
        #expect(Set((0..<20).map { _ in source.digits(6) }).count > 1)
    }
}

@Suite struct OTPDigestTests {
    let key = SymmetricKey(size: .bits256)

    @Test func matchesOnlyItsOwnOTPSessionAndKey() {
        let digest = OTPDigest(otp: "123456", sessionId: "S-1", key: key)
        #expect(digest.matches(otp: "123456", sessionId: "S-1", key: key))
        #expect(!digest.matches(otp: "123457", sessionId: "S-1", key: key))
        #expect(!digest.matches(otp: "123456", sessionId: "S-2", key: key))
        #expect(!digest.matches(otp: "123456", sessionId: "S-1", key: SymmetricKey(size: .bits256)))
        #expect(digest == OTPDigest(otp: "123456", sessionId: "S-1", key: key))
    }

    @Test func sessionAndOTPCannotTradeCharacters() {
        #expect(OTPDigest(otp: "123456", sessionId: "S-1", key: key) != OTPDigest(otp: "23456", sessionId: "S-11", key: key))
    }

}

@Suite struct SessionCacheTests {
    static func session(_ id: String) -> SessionRecord {
        let now = Date(timeIntervalSince1970: 0)
        return SessionRecord(
            id: id, brand: "b", identifierType: "MOBILE", identifierValue: "1", deviceId: nil, mobile: nil, email: nil, customerId: "C-1",
            createdAt: now, expiresAt: now)
    }

    @Test func theOldestSessionsGoFirstBeyondCapacity() {
        let cache = SessionCache(capacity: 3)
        for n in 0..<10 { cache.insert(Self.session("P-\(n)")) }
        #expect((0..<7).allSatisfy { cache.session(id: "P-\($0)") == nil })
        #expect((7..<10).allSatisfy { cache.session(id: "P-\($0)") == Self.session("P-\($0)") })
        cache.insert(Self.session("P-9"))
        #expect(cache.session(id: "P-7") != nil)
    }
}
