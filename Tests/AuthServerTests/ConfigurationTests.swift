import AuthAPI
import AuthEngine
import AuthStorage
import AuthTestSupport
import CryptoExtras
import Foundation
import Testing

@testable import AuthServer

@Suite struct ConfigurationTests {
    @Test func noFileMeansTheDefaultsForAnyBrandOnTheConsole() throws {
        let configuration = ServiceConfiguration()
        #expect(configuration.engine.acceptsAnyBrand)
        #expect(configuration.engine.defaults.channels.providers[.sms] == "console")
        #expect(configuration.providers == ["console": .console])
    }

    @Test func aFileSendsOnlyThroughTheProvidersItNames() throws {
        // With a configuration file, a channel nobody gave a provider answers 1603 rather than
        // printing OTPs to a console nobody reads.
        let configuration = try ServiceConfiguration.parse("", file: "empty.yaml")
        #expect(configuration.engine.acceptsAnyBrand)
        #expect(configuration.engine.defaults.otpLength == 6 && configuration.engine.defaults.maxWrongAttempts == 5)
        #expect(configuration.engine.defaults.channels.providers.isEmpty)
    }

    @Test func everyTrustSettingIsRead() throws {
        let configuration = try ServiceConfiguration.parse(
            """
            defaults:
              displayName: Our Shop
              defaultCountryCode: "91"
              nationalNumberDigits: 10
              otpMaxCount: 3
              otpTimeOut: 5
              dailyCap: off
              accountLocking: false
              maxWrongAttempts: 3
              maxIncorrectAttempts: 7
              incorrectAttemptMinutes: 60
              lockMinutes: 120
              keyExpiryMinutes: 1440
              webLoginMinutes: 600
              sessionMinutes: 10
              otpMinutes: 5
              accessTokenMinutes: 30
              tokenRenewalMinutes: 60
            brands:
              DocDemo: {otpMaxCount: off, otpTimeOut: off, keyExpiryMinutes: null}
            """, file: "auth.yaml")
        let defaults = configuration.engine.defaults
        #expect(defaults.displayName == "Our Shop")
        #expect(defaults.mobileRules == CanonicalForm.MobileRules(defaultCountryCode: "91", nationalNumberDigits: 10))
        #expect(defaults.otpMaxCount == 3 && defaults.otpWindow == .seconds(300) && defaults.dailyCap == nil)
        #expect(!defaults.accountLocking && defaults.maxWrongAttempts == 3 && defaults.maxIncorrectAttempts == 7)
        #expect(defaults.incorrectAttemptWindow == .seconds(3600) && defaults.lockPeriod == .seconds(7200))
        #expect(defaults.keyExpiry == .seconds(86_400) && defaults.webLoginLifetime == .seconds(36_000))
        #expect(defaults.sessionLifetime == .seconds(600) && defaults.otpLifetime == .seconds(300))
        #expect(defaults.accessTokenLifetime == .seconds(1800) && defaults.tokenRenewalWindow == .seconds(3600))
        let brand = try #require(configuration.engine.brands["DocDemo"])
        #expect(brand.otpMaxCount == nil && brand.otpWindow == nil && brand.keyExpiry == nil && brand.displayName == "Our Shop")
    }

    @Test func passwordAndMFASettingsAreRead() throws {
        let configuration = try ServiceConfiguration.parse(
            """
            defaults:
              passwords: {enabled: true, minLength: 12, maxAttempts: 3}
              mfa: {enabled: true, password: true}
            brands:
              DocDemo: {passwords: {minLength: 20}}
              Plain: {passwords: {enabled: false}, mfa: {enabled: false}}
            """, file: "auth.yaml")
        let defaults = configuration.engine.defaults
        #expect(defaults.passwords && defaults.passwordMinLength == 12 && defaults.maxPasswordAttempts == 3)
        #expect(defaults.mfa && defaults.mfaPassword)
        // A brand's block changes what it names and inherits the rest.
        let brand = try #require(configuration.engine.brands["DocDemo"])
        #expect(brand.passwords && brand.passwordMinLength == 20 && brand.maxPasswordAttempts == 3 && brand.mfa)
        let plain = try #require(configuration.engine.brands["Plain"])
        #expect(!plain.passwords && !plain.mfa && plain.passwordMinLength == 12)
    }

    @Test func aTemplateNamingTheBrandNeedsADisplayName() throws {
        let error = #expect(throws: ConfigurationError.self) {
            try ServiceConfiguration.parse("defaults:\n  channels:\n    SMS: {template: \"{brand}: {otp}\"}\n", file: "auth.yaml")
        }
        #expect(error?.problems == ["auth.yaml:3:21: defaults.channels.SMS.template: uses {brand}: set displayName, the brand's name in messages"])
        // A listed brand is named by its key.
        let listed = try ServiceConfiguration.parse(
            "brands:\n  DocDemo:\n    channels:\n      SMS: {template: \"{brand}: {otp}\"}\n", file: "auth.yaml")
        #expect(listed.engine.brands["DocDemo"] != nil)
    }

    @Test func postgreSQLNeedsSecretsAndSQLiteKeepsItsKeysBesideTheDatabase() throws {
        var configuration = ServiceConfiguration()
        let error = #expect(throws: ConfigurationError.self) {
            try configuration.keys(for: .postgres(url: "postgres://u@db/auth"), file: "auth.yaml")
        }
        #expect(error?.problems.count == 2)
        #expect(error?.problems.first?.hasPrefix("auth.yaml: secrets.otpKey: is required with PostgreSQL") == true)

        let folder = try temporaryFolder("keys")
        let database = folder.appendingPathComponent("auth.sqlite").path
        try configuration.keys(for: .sqlite(path: database), file: nil)
        let file = database + ".keys"
        #expect((try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int) == 0o600)
        // The same keys on the next start.
        var again = ServiceConfiguration()
        try again.keys(for: .sqlite(path: database), file: nil)
        #expect(again.engine.otpKey == configuration.engine.otpKey && again.engine.tokenKey == configuration.engine.tokenKey)
        // A key file others can read is refused.
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
        var exposed = ServiceConfiguration()
        #expect(throws: KeyFileError.self) { try exposed.keys(for: .sqlite(path: database), file: nil) }
    }

    @Test func aBrandStartsFromTheDefaultsAndSetsItsOwn() throws {
        let configuration = try ServiceConfiguration.parse(
            """
            defaults:
              otpLength: 8
              mobileLoginMinutes: off
            brands:
              Other: {mobileLoginMinutes: 1440}
              DocDemo:
                otpMaxCount: 5
                otpTimeOut: 10
                dailyCap: 20
                mobileChannel: WHATSAPP
                fallbackChannels: [SMS]
                channels:
                  WHATSAPP: {template: "OTP generated for whatsapp is {otp}", provider: console}
            """, file: "auth.yaml")
        let brand = try #require(configuration.engine.brands["DocDemo"])
        #expect(brand.otpLength == 8 && brand.otpMaxCount == 5 && brand.otpWindow == .seconds(600) && brand.dailyCap == 20)
        #expect(brand.channels.mobileChannel == .whatsapp && brand.channels.fallbackChannels == [.sms])
        #expect(brand.channels.templates[.whatsapp] == "OTP generated for whatsapp is {otp}")
        #expect(!configuration.engine.acceptsAnyBrand)
        // A mobile login's lifetime: 90 days unless set, off or minutes.
        #expect(ServiceConfiguration().engine.defaults.mobileLoginLifetime == .seconds(90 * 86_400))
        #expect(brand.mobileLoginLifetime == nil && configuration.engine.brands["Other"]?.mobileLoginLifetime == .seconds(86_400))
    }

    @Test func jsonWorksToo() throws {
        let configuration = try ServiceConfiguration.parse(#"{"brands": {"DocDemo": {"otpLength": 4}}, "acceptAnyBrand": true}"#, file: "auth.json")
        #expect(configuration.engine.brands["DocDemo"]?.otpLength == 4 && configuration.engine.acceptsAnyBrand)
    }

    @Test func everyProblemIsNamedWithItsKeyAndLine() throws {
        let error = #expect(throws: ConfigurationError.self) {
            try ServiceConfiguration.parse(
                """
                brands:
                  DocDemo:
                    otpLenght: 6
                    otpLength: 3
                    otpMaxCount: five
                    mobileChannel: PIGEON
                    channels:
                      SMS: {template: "no code here", provider: gateway}
                secrets:
                  otpKey: {env: AUTH_TEST_UNSET_VARIABLE}
                """, file: "auth.yaml")
        }
        #expect(
            error?.problems == [
                "auth.yaml:10:11: secrets.otpKey: environment variable AUTH_TEST_UNSET_VARIABLE is not set",
                "auth.yaml:5:18: brands.DocDemo.otpMaxCount: must be a whole number, is five",
                "auth.yaml:6:20: brands.DocDemo.mobileChannel: must be one of SMS, EMAIL, WHATSAPP, ZALO, is PIGEON",
                "auth.yaml:3:5: brands.DocDemo.otpLenght: unknown key",
                "auth.yaml:4:16: brands.DocDemo.otpLength: must be 4 to 10 digits, is 3",
                "auth.yaml:8:23: brands.DocDemo.channels.SMS.template: must contain {otp}",
                "auth.yaml:8:49: brands.DocDemo.channels.SMS.provider: no provider named gateway",
            ])
    }

    @Test func secretsComeFromTheEnvironmentOrFiles() throws {
        let folder = try temporaryFolder("secrets")
        let keyFile = folder.appendingPathComponent("token.key")
        try (Data(repeating: 7, count: 32).base64EncodedString() + "\n").write(to: keyFile, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o400], ofItemAtPath: keyFile.path)
        // The environment is handed in: tests run side by side, and setenv is not thread-safe.
        let configuration = try ServiceConfiguration.parse(
            """
            secrets:
              otpKey: {env: AUTH_TEST_OTP_KEY}
              tokenKey: {file: \(keyFile.path)}
            """, file: "auth.yaml", environment: ["AUTH_TEST_OTP_KEY": Data(repeating: 9, count: 32).base64EncodedString()])
        #expect(configuration.engine.otpKey?.withUnsafeBytes { Data($0) } == Data(repeating: 9, count: 32))
        #expect(configuration.engine.tokenKey?.withUnsafeBytes { Data($0) } == Data(repeating: 7, count: 32))
        let short = #expect(throws: ConfigurationError.self) {
            try ServiceConfiguration.parse(
                "secrets:\n  otpKey: {env: AUTH_TEST_OTP_KEY}\n", file: "auth.yaml", environment: ["AUTH_TEST_OTP_KEY": "c2hvcnQ="])
        }
        #expect(short?.problems == ["auth.yaml:2:11: secrets.otpKey: must be base64 of at least 32 random bytes (e.g. `openssl rand -base64 32`)"])
    }

    @Test func providersAreChecked() throws {
        let configuration = try ServiceConfiguration.parse(
            """
            providers:
              gateway: {type: webhook, url: "https://sms.example.com/send", timeoutSeconds: 3, retries: 1,
                        headers: {X-Api-Key: {env: AUTH_TEST_GATEWAY_KEY}}}
              outbox: {type: outbox, path: /tmp/outbox.jsonl}
            """, file: "auth.yaml", environment: ["AUTH_TEST_GATEWAY_KEY": "gateway-secret"])
        var webhook = WebhookSettings(url: URL(string: "https://sms.example.com/send")!)
        webhook.timeout = .seconds(3)
        webhook.retries = 1
        webhook.headers = ["X-Api-Key": "gateway-secret"]
        #expect(configuration.providers["gateway"] == .webhook(webhook))
        #expect(configuration.providers["outbox"] == .outbox(path: "/tmp/outbox.jsonl"))
        let error = #expect(throws: ConfigurationError.self) {
            try ServiceConfiguration.parse("providers:\n  gateway: {type: pigeon}\n", file: "auth.yaml")
        }
        #expect(error?.problems == ["auth.yaml:2:12: providers.gateway.type: must be console, outbox or webhook, is pigeon"])
    }

    @Test func encryptionReadsThePrivateKeyFromItsSecret() throws {
        let folder = try temporaryFolder("pem")
        let keyFile = folder.appendingPathComponent("docdemo.pem")
        try _RSA.Encryption.PrivateKey(keySize: .bits2048).pemRepresentation.write(to: keyFile, atomically: true, encoding: .utf8)
        // Attack: a PEM others could read was taken silently. Refused, as a readable key file is.
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: keyFile.path)
        let readable = #expect(throws: ConfigurationError.self) {
            try ServiceConfiguration.parse(
                "brands:\n  DocDemo:\n    encryption: {enabled: true, privateKey: {file: \(keyFile.path)}}\n", file: "auth.yaml")
        }
        #expect(
            readable?.problems == [
                "auth.yaml:3:45: brands.DocDemo.encryption.privateKey: \(keyFile.path) can be read or changed by others (mode 644); chmod 600 it"
            ])
        // Behind a link, as Kubernetes mounts secrets, the file it leads to counts; its group may read it.
        try FileManager.default.setAttributes([.posixPermissions: 0o440], ofItemAtPath: keyFile.path)
        let link = folder.appendingPathComponent("linked.pem")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: keyFile)
        #expect(
            try ServiceConfiguration.parse(
                "brands:\n  DocDemo:\n    encryption: {enabled: true, privateKey: {file: \(link.path)}}\n", file: "auth.yaml"
            ).engine.brands["DocDemo"]?.hashPrivateKey != nil)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: keyFile.path)
        let configuration = try ServiceConfiguration.parse(
            """
            brands:
              DocDemo:
                encryption: {enabled: true, validSeconds: 60, privateKey: {file: \(keyFile.path)}}
            """, file: "auth.yaml")
        let brand = try #require(configuration.engine.brands["DocDemo"])
        #expect(brand.requiresHash && brand.hashWindow == .seconds(60) && brand.hashPrivateKey != nil)

        try "not a key".write(to: keyFile, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: keyFile.path)
        let error = #expect(throws: ConfigurationError.self) {
            try ServiceConfiguration.parse(
                "brands:\n  DocDemo:\n    encryption: {enabled: true, privateKey: {file: \(keyFile.path)}}\n", file: "auth.yaml")
        }
        #expect(error?.problems == ["auth.yaml:3:45: brands.DocDemo.encryption.privateKey: is not an RSA private key in PEM form"])
    }

    @Test func theServerDefaultsAreLoopbackPort8080AndALocalSQLiteFile() {
        let options = AuthServer.Options()
        #expect(options.host == "127.0.0.1" && options.port == 8080 && options.database == ".data/auth.sqlite")
        #expect(options.configurationFile == nil && !options.echoRoute)
    }

    @Test func theDatabaseIsAPathOrAURL() throws {
        #expect(try StoreLocation("sqlite:///var/lib/auth.sqlite") == .sqlite(path: "/var/lib/auth.sqlite"))
        #expect(try StoreLocation("sqlite:data/auth.sqlite") == .sqlite(path: "data/auth.sqlite"))
        #expect(try StoreLocation(".data/auth.sqlite") == .sqlite(path: ".data/auth.sqlite"))
        #expect(try StoreLocation("postgres://auth:secret@db:5432/auth") == .postgres(url: "postgres://auth:secret@db:5432/auth"))
        #expect(try StoreLocation("postgres://auth:secret@db:5432/auth").description == "postgres://auth:***@db:5432/auth")
        #expect(throws: StoreError.self) { try StoreLocation("mysql://db/auth") }
    }
}

@Suite struct RunningServerTests {
    /// The defaults README's options table and its storage section state.
    @Test func theDefaultsAreTheDocumentedOnes() {
        let options = AuthServer.Options()
        #expect(options.host == "127.0.0.1" && options.port == 8080 && options.database == ".data/auth.sqlite")
        #expect(options.configurationFile == nil && !options.echoRoute)
        #expect(options.requestTimeout == .seconds(10) && options.idleTimeout == .seconds(60) && options.shutdownTimeout == .seconds(10))
        #expect(options.maxConnections == 1000)
        // Purged every five minutes, in batches of 500 rows.
        #expect(options.purgeInterval == .seconds(300) && Purger.defaultBatch == 500)
    }

    @Test func aRunningServerPurgesWhatIsOverAndStopsWhenCancelled() async throws {
        let folder = try temporaryFolder("running")
        var options = AuthServer.Options()
        options.port = 0
        options.database = folder.appendingPathComponent("auth.sqlite").path
        options.purgeInterval = .milliseconds(50)
        let server = try await AuthServer.prepare(options)
        let running = Task { try await server.run() }
        // Two expired sessions written one after the other: the purger keeps running.
        for id in ["P-first", "P-second"] {
            let now = Date()
            try await server.store.insertSession(
                SessionRecord(
                    id: id, brand: "docdemo", identifierType: "MOBILE", identifierValue: "919999999993", deviceId: "d",
                    mobile: nil, email: nil, customerId: "C-1", createdAt: now - 60, expiresAt: now - 1))
            var purged = false
            for _ in 0..<200 where !purged {
                try await Task.sleep(for: .milliseconds(20))
                purged = try await server.store.session(id: id) == nil
            }
            #expect(purged, "\(id) was not purged")
        }
        running.cancel()
        _ = await running.result
    }
}
