import AuthStorage
import AuthTestSupport
import Testing

@testable import AuthEngine

@Suite struct BrandPolicyTests {
    @Test func defaultsAreTheDocumentedLifetimesWithLimitsAndLocksOn() {
        let policy = BrandPolicy()
        #expect(policy.sessionLifetime == .seconds(900))
        #expect(policy.otpLifetime == .seconds(1200))
        #expect(policy.otpLength == 6)
        #expect(policy.maxWrongAttempts == 5)
        // Secure defaults: a server nobody configured limits and locks.
        #expect(policy.otpMaxCount == 5 && policy.otpWindow == .seconds(600) && policy.dailyCap == 10)
        #expect(policy.accountLocking && policy.maxIncorrectAttempts == 5)
        #expect(policy.incorrectAttemptWindow == .seconds(1800) && policy.lockPeriod == .seconds(1800))
        #expect(policy.keyExpiry == nil && policy.webLoginLifetime == .seconds(7 * 86_400))
        #expect(!policy.requiresHash)
        #expect(policy.hashWindow == .seconds(120))
        #expect(policy.displayName == nil)
        #expect(policy.problems().isEmpty)
    }

    @Test func everyBadSettingIsNamedAtOnce() {
        var policy = BrandPolicy()
        policy.otpLength = 3
        policy.maxWrongAttempts = 0
        policy.otpWindow = nil
        policy.dailyCap = 0
        policy.lockPeriod = .seconds(43_201 * 60)
        policy.mobileRules.defaultCountryCode = "091"
        policy.channels.templates[.sms] = "{brand}: {otp}"
        #expect(
            policy.problems().map(\.description) == [
                "otpLength: must be 4 to 10 digits, is 3",
                "maxWrongAttempts: must be at least 1, is 0",
                "otpTimeOut: otpMaxCount and otpTimeOut are set together or turned off together",
                "dailyCap: must be at least 1 when set",
                "lockMinutes: must be 1 to 43200 minutes",
                "defaultCountryCode: must be 1 to 3 digits, not starting with 0, is 091",
                "channels.SMS.template: uses {brand}: set displayName, the brand's name in messages",
            ])
    }

    @Test func aZeroOTPMaximumIsValidConfiguration() {
        // 0 is how a brand turns OTPs off; the engine answers 1535 rather than refusing to start.
        var policy = BrandPolicy()
        policy.otpMaxCount = 0
        #expect(policy.problems().isEmpty)
    }

    @Test func passwordsNeedTheAccountLockAndMFAPasswordsNeedPasswords() {
        // Without the lock only a session's attempts would bound guesses, and sessions are free.
        var policy = BrandPolicy()
        policy.passwords = true
        policy.accountLocking = false
        policy.mfaPassword = true
        #expect(policy.problems().map(\.key) == ["passwords.enabled"])
        policy.passwords = false
        policy.accountLocking = true
        // A password as second factor is inert while MFA is off: a brand turns MFA off alone.
        #expect(policy.problems().isEmpty)
        policy.mfa = true
        #expect(policy.problems().map(\.key) == ["mfa.password"])
        var configuration = EngineConfiguration()
        configuration.passwordHashing = ScryptParameters(logN: 20, r: 32, p: 1)
        #expect(configuration.problems().map(\.key) == ["passwordHashing"])
    }

    @Test func aSubChannelNeedsItsTemplate() {
        var policy = BrandPolicy()
        policy.channels.mobileChannel = .whatsapp
        #expect(policy.problems().map(\.description) == ["channels.WHATSAPP.template: is required: WHATSAPP is the mobileChannel"])
    }
}

@Suite struct EngineStartTests {
    static func store() async throws -> SQLiteStore {
        try await SQLiteStore.open(path: try temporaryFolder("start").appendingPathComponent("auth.sqlite").path)
    }

    @Test func anEngineDoesNotStartOnABadPolicyOrWithoutKeys() async throws {
        let store = try await Self.store()
        var configuration = EngineConfiguration()
        configuration.brands["DocDemo"] = BrandPolicy()
        configuration.brands["DocDemo"]?.otpLength = 2
        configuration.defaults.requiresHash = true
        let error = await #expect(throws: InvalidConfiguration.self) {
            try await AuthEngine.start(configuration: configuration, store: store)
        }
        #expect(
            error?.description == """
                defaults.encryption.privateKey: is required when encryption is enabled
                brands.DocDemo.otpLength: must be 4 to 10 digits, is 2
                secrets.otpKey: is required
                secrets.tokenKey: is required
                """)
        try await store.close()
    }

    @Test func brandNamesAreOneBrandWhateverTheirCase() async throws {
        let store = try await Self.store()
        var configuration = EngineConfiguration.withTestKeys()
        configuration.brands["DocDemo"] = BrandPolicy()
        configuration.brands["DOCDEMO "] = BrandPolicy()
        let error = await #expect(throws: InvalidConfiguration.self) {
            try await AuthEngine.start(configuration: configuration, store: store)
        }
        #expect(error?.description == "brands.DocDemo: is the same brand as DOCDEMO  (names are compared case-folded)")
        try await store.close()
    }

    @Test func aListedBrandIsNamedInMessagesAsWrittenInTheConfiguration() {
        var configuration = EngineConfiguration()
        configuration.brands["DocDemo"] = BrandPolicy()
        #expect(configuration.canonicalBrands().brands["docdemo"]?.policy.displayName == "DocDemo")
    }
}
