import Testing
@testable import AuthEngine

@Suite struct BrandPolicyTests {
    @Test func defaultsAreTheDocumentedOnes() {
        let policy = BrandPolicy()
        #expect(policy.sessionLifetime == .seconds(900))
        #expect(policy.otpLifetime == .seconds(1200))
        #expect(policy.otpLength == 6)
        #expect(policy.maxWrongAttempts == 5)
        #expect(policy.otpMaxCount == nil && policy.otpWindow == nil && policy.dailyCap == nil)
        #expect(!policy.requiresHash)
        #expect(policy.hashWindow == .seconds(120))
        #expect(policy.problems().isEmpty)
    }

    @Test func everyBadSettingIsNamedAtOnce() {
        var policy = BrandPolicy()
        policy.otpLength = 3
        policy.maxWrongAttempts = 0
        policy.otpMaxCount = 5
        policy.dailyCap = 0
        #expect(policy.problems().map(\.description) == [
            "otpLength: must be 4 to 10 digits, is 3",
            "maxWrongAttempts: must be at least 1, is 0",
            "otpTimeOut: otpMaxCount and otpTimeOut are set together or not at all",
            "dailyCap: must be at least 1 when set",
        ])
    }

    @Test func aZeroOTPMaximumIsValidConfiguration() {
        // 0 is how a brand turns OTPs off; the engine answers 1535 rather than refusing to start.
        var policy = BrandPolicy()
        policy.otpMaxCount = 0
        policy.otpWindow = .seconds(600)
        #expect(policy.problems().isEmpty)
    }
}

@Suite struct EngineStartTests {
    @Test func anEngineDoesNotStartOnABadPolicy() async throws {
        let h = try await EngineHarness()
        var configuration = EngineConfiguration()
        configuration.brands["DocDemo"] = BrandPolicy()
        configuration.brands["DocDemo"]?.otpLength = 2
        configuration.defaults.requiresHash = true
        let error = await #expect(throws: InvalidConfiguration.self) {
            try await AuthEngine.start(configuration: configuration, store: h.store)
        }
        #expect(error?.description == """
            defaults.encryption.privateKey: is required when encryption is enabled
            brands.DocDemo.otpLength: must be 4 to 10 digits, is 2
            """)
    }
}
