import AuthAPI
import AuthPayloadHash
import Crypto
import CryptoExtras
import Foundation
import Testing
@testable import AuthEngine

/// otp/generate: limits, the payload hash, channels and delivery.
@Suite struct OTPIssueTests {
    @Test func theOTPGoesBySMSWithTheBrandsLength() async throws {
        let h = try await EngineHarness { $0.defaults.otpLength = 8 }
        let session = try await h.session()
        let otp = try await h.sendOTP(session: session)
        #expect(otp == "00000001")
        let message = try #require(await h.sender.messages.first)
        #expect(message.channel == .sms && message.destination == "919999999993" && message.brand == "DocDemo")
        #expect(message.text == "Your DocDemo OTP is 00000001. It is valid for 20 minutes.")
    }

    @Test func withLimitsOffNothingIsCounted() async throws {
        let h = try await EngineHarness()
        let session = try await h.session()
        for _ in 0..<3 { _ = try await h.sendOTP(session: session) }
        let record = try #require(try await h.store.session(id: session))
        // A first reservation under a limit of one is admitted: no count was kept.
        let probe = try await h.store.reserveOTP(for: AuthEngine.limitKey(record), limits: OTPLimits(window: .init(count: 1, seconds: 60)), at: h.clock.now)
        guard case .admitted = probe else { Issue.record("\(probe)"); return }
    }

    @Test func otpsCanBeTurnedOffWithAMaximumOfZero() async throws {
        let h = try await EngineHarness { $0.defaults.otpMaxCount = 0; $0.defaults.otpWindow = .seconds(600) }
        let session = try await h.session()
        #expect(try await refusal { try await h.sendOTP(session: session) }?.code == 1535)
    }

    @Test func theWindowLimitRefusesUntilItResets() async throws {
        let h = try await EngineHarness { $0.defaults.otpMaxCount = 2; $0.defaults.otpWindow = .seconds(600) }
        let session = try await h.session()
        _ = try await h.sendOTP(session: session)
        h.clock.advance(by: 100)
        _ = try await h.sendOTP(session: session)
        h.clock.advance(by: 50)
        let refused = try #require(try await refusal { try await h.sendOTP(session: session) })
        #expect(refused.code == 1534 && refused.httpStatus == 429)
        #expect(refused.retryAfter == 450)
        // Another session for the same identifier shares the limit.
        let second = try await h.session()
        #expect(try await refusal { try await h.sendOTP(session: second) }?.code == 1534)
        h.clock.advance(by: 450)
        #expect(try await refusal { try await h.sendOTP(session: session) } == nil)
    }

    @Test func theDailyCapRefusesUntilTheNextUTCDay() async throws {
        let h = try await EngineHarness { $0.defaults.dailyCap = 3 }
        let session = try await h.session()
        for _ in 0..<3 { _ = try await h.sendOTP(session: session) }
        let refused = try #require(try await refusal { try await h.sendOTP(session: session) })
        let midnight = (h.clock.now.timeIntervalSince1970 / 86_400).rounded(.down) * 86_400 + 86_400
        #expect(refused.code == 1534)
        #expect(refused.retryAfter == Int(midnight - h.clock.now.timeIntervalSince1970))
        h.clock.advance(by: TimeInterval(refused.retryAfter ?? 0))
        let next = try await h.session()
        #expect(try await refusal { try await h.sendOTP(session: next) } == nil)
    }

    @Test func limitsCountPerBrandAndIdentifier() async throws {
        let h = try await EngineHarness { $0.defaults.otpMaxCount = 1; $0.defaults.otpWindow = .seconds(600) }
        _ = try await h.sendOTP(session: try await h.session())
        let other = EngineHarness.mobile.with { $0.identifierValue = "919999999994" }
        #expect(try await refusal { try await h.sendOTP(other, session: try await h.session(other)) } == nil)
        let otherBrand = EngineHarness.mobile.with { $0.brand = "Second" }
        #expect(try await refusal { try await h.sendOTP(otherBrand, session: try await h.session(otherBrand)) } == nil)
    }

    @Test func fiftyParallelRequestsAdmitExactlyTheMaximum() async throws {
        let h = try await EngineHarness { $0.defaults.otpMaxCount = 5; $0.defaults.otpWindow = .seconds(600) }
        let session = try await h.session()
        let codes = try await withThrowingTaskGroup(of: Int32?.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    try await refusal { try await h.engine.generateOTP(EngineHarness.mobile, sessionId: session, hash: nil, fallbackChannel: nil) }?.code
                }
            }
            return try await group.reduce(into: [Int32?]()) { $0.append($1) }
        }
        #expect(codes.filter { $0 == nil }.count == 5)
        #expect(codes.filter { $0 == 1534 }.count == 45)
        #expect(await h.sender.messages.count == 5)
    }

    @Test func aFailedDeliveryIs1503AndDoesNotCount() async throws {
        let h = try await EngineHarness { $0.defaults.otpMaxCount = 1; $0.defaults.otpWindow = .seconds(600) }
        let session = try await h.session()
        await h.sender.failing(true)
        let refused = try #require(try await refusal { try await h.sendOTP(session: session) })
        #expect(refused.code == 1503 && refused.httpStatus == 503)
        await h.sender.failing(false)
        #expect(try await refusal { try await h.sendOTP(session: session) } == nil)
    }

    // MARK: Payload hash

    static let brandKey = try! HashKey(_RSA.Encryption.PrivateKey(keySize: .bits2048))

    func hashed() async throws -> (EngineHarness, String) {
        let h = try await EngineHarness { configuration in
            configuration.defaults.requiresHash = true
            configuration.defaults.hashPrivateKey = Self.brandKey
        }
        return (h, try await h.session())
    }

    func hash(_ identity: Identity, _ session: String, at date: Date) throws -> String {
        let digest = PayloadHash.digest(
            identifierType: identity.identifierType, identifierValue: identity.identifierValue, deviceId: identity.deviceId,
            brand: identity.brand, sessionId: session)
        return try PayloadHash.make(digest: digest, publicKey: Self.brandKey.privateKey.publicKey, at: date)
    }

    @Test func aValidHashPasses() async throws {
        let (h, session) = try await hashed()
        let hash = try hash(EngineHarness.mobile, session, at: h.clock.now - 100)
        #expect(try await refusal { try await h.sendOTP(session: session, hash: hash) } == nil)
    }

    @Test func aMissingExpiredOrTamperedHashIs5004() async throws {
        let (h, session) = try await hashed()
        let expired = try hash(EngineHarness.mobile, session, at: h.clock.now - 121)
        let tampered = try hash(EngineHarness.mobile.with { $0.identifierValue = "919999999990" }, session, at: h.clock.now)
        for hash in [nil, expired, tampered, "bm90IGEgaGFzaA=="] {
            let refused = try await refusal { try await h.sendOTP(session: session, hash: hash) }
            #expect(refused?.code == 5004 && refused?.httpStatus == 403)
        }
    }

    @Test func aTamperedRequestDoesNotUseUpTheLimit() async throws {
        let h = try await EngineHarness { configuration in
            configuration.defaults.requiresHash = true
            configuration.defaults.hashPrivateKey = Self.brandKey
            configuration.defaults.otpMaxCount = 1
            configuration.defaults.otpWindow = .seconds(600)
        }
        let session = try await h.session()
        for _ in 0..<3 { #expect(try await refusal { try await h.sendOTP(session: session, hash: nil) }?.code == 5004) }
        let hash = try hash(EngineHarness.mobile, session, at: h.clock.now)
        #expect(try await refusal { try await h.sendOTP(session: session, hash: hash) } == nil)
    }

    @Test func theHashIsIgnoredWhenTheBrandDoesNotRequireIt() async throws {
        let h = try await EngineHarness()
        let session = try await h.session()
        #expect(try await refusal { try await h.sendOTP(session: session, hash: "anything") } == nil)
    }
}
