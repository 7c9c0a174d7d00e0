import AuthAPI
import AuthEngine
import AuthTestSupport
import Foundation
import Testing

@testable import AuthServer

/// The import file, read as values: every problem named by file and line, nothing imported
/// when there is one.
@Suite(.timeLimit(.minutes(3))) struct CustomerImportTests {
    static var configuration: EngineConfiguration {
        var configuration = EngineConfiguration()
        configuration.acceptsAnyBrand = false
        configuration.brands["DocDemo"] = BrandPolicy()
        configuration.brands["DocDemo"]?.mobileRules = .init(defaultCountryCode: "91", nationalNumberDigits: 10)
        return configuration
    }

    @Test func linesBecomeCanonicalVerifiedCustomers() throws {
        let read = try CustomerImport.read(
            """
            {"brand": "DOCDEMO", "id": "crm-42", "username": " JDoe ", "mobile": ["+91 98123 45678", "09812345679"], "email": "JDoe@Example.com"}

            {"brand": "docdemo", "mobile": "9812345670"}
            """, file: "customers.jsonl", configuration: Self.configuration, now: Date(timeIntervalSince1970: 0))
        #expect(read.customers.map(\.id) == ["crm-42", ""])
        #expect(read.customers.allSatisfy { $0.brand == "docdemo" })
        #expect(
            read.customers[0].identifiers.map(\.identifier.description) == [
                "USERNAME jdoe", "MOBILE 919812345678", "MOBILE 919812345679", "EMAIL jdoe@example.com",
            ])
        #expect(read.customers[1].identifiers.map(\.identifier.value) == ["919812345670"])
        #expect(read.customers.flatMap(\.identifiers).allSatisfy { $0.verified })
    }

    @Test func everyBadLineIsNamedAndNothingIsRead() {
        let error = #expect(throws: CustomerImportError.self) {
            try CustomerImport.read(
                """
                {"brand": "DocDemo", "username": "fine"}
                {"brand": "DocDemo", "mobile": "call me"}
                {"brand": "Other", "username": "x"}
                {"brand": "DocDemo"}
                {"brand": "DocDemo", "username": "dup", "nickname": "x"}
                not json
                {"brand": "DocDemo", "email": "FINE@example.com", "username": "Fine"}
                {"brand": "DocDemo", "id": "a b", "username": "y"}
                """, file: "customers.jsonl", configuration: Self.configuration, now: Date())
        }
        #expect(
            error?.problems == [
                "customers.jsonl:2: mobile: a mobile number holds digits, a leading + and separators (space - . ( ) /); 'c' is not one of them",
                "customers.jsonl:3: brand: Other is not a brand of this configuration",
                "customers.jsonl:4: a customer needs a username, a mobile or an email",
                "customers.jsonl:5: nickname: unknown key (brand, id, username, mobile, email)",
                "customers.jsonl:6: malformed JSON at line 1, column 2: expected null",
                "customers.jsonl:7: username fine is also on line 1",
                "customers.jsonl:8: id: must be text of 1 to 128 visible characters",
            ])
    }
}

/// `auth-server customers …` and a customer the brand imported, logging in by USERNAME.
@Suite(.timeLimit(.minutes(3))) struct CustomerFlowTests {
    static let configuration = """
        providers:
          outbox: {type: outbox, path: outbox.jsonl}
        defaults:
          channels:
            SMS: {provider: outbox}
            EMAIL: {provider: outbox}
        brands:
          DocDemo: {}
        """

    static func folder() throws -> URL {
        let folder = try temporaryFolder("customers")
        try configuration.write(to: folder.appendingPathComponent("auth.yaml"), atomically: true, encoding: .utf8)
        return folder
    }

    static let store = ["--config", "auth.yaml", "--database", "auth.sqlite"]

    /// The `number`th message of an outbox, once it is there: a USERNAME's OTP is sent after its answer.
    static func message(number: Int, in outbox: URL) async throws -> OTPMessage? {
        for _ in 0..<200 {
            let messages = try ServerHarness.messages(in: outbox)
            if messages.count >= number { return messages[number - 1] }
            try await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    @Test func anImportedCustomerLogsInByUsernameFallsBackToEmailRotatesAndExpiresItsKey() async throws {
        let folder = try Self.folder()
        try #"{"brand": "DocDemo", "username": "JDoe", "mobile": "+91 98123 45678", "email": "JDoe@Example.com"}"#
            .write(to: folder.appendingPathComponent("customers.jsonl"), atomically: true, encoding: .utf8)
        let imported = try await ServerProcess.run(["customers", "import", "customers.jsonl"] + Self.store, in: folder)
        #expect(imported.status == 0 && imported.output == "imported 1 customer from customers.jsonl\n", "\(imported.error)")
        let shown = try await ServerProcess.run(["customers", "show", "--brand", "docdemo", "--username", "jdoe"] + Self.store, in: folder)
        let customer = json(shown.output)
        #expect(shown.status == 0 && customer["brand"] as? String == "docdemo")
        let identifiers = try #require(customer["identifiers"] as? [[String: Any]])
        #expect(identifiers.map { "\($0["type"]!) \($0["value"]!)" } == ["EMAIL jdoe@example.com", "MOBILE 919812345678", "USERNAME jdoe"])
        #expect(identifiers.allSatisfy { $0["verified"] as? Bool == true })

        let server = try await ServerProcess(Self.store, in: folder)
        #expect(await server.waitUntilHealthy(), "\(server.standardError)")
        let user = #""identifierType":"USERNAME","identifierValue":"jdoe","deviceId":"phone-1","brand":"DocDemo""#
        let session = try sessionId(in: try await server.post("/auth/v1/token/generate", "{\(user)}").body)
        let sent = try await server.post("/auth/v1/otp/generate?fallbackChannel=EMAIL", #"{\#(user),"sessionId":"\#(session)"}"#)
        #expect(sent.status == 200)
        let outbox = folder.appendingPathComponent("outbox.jsonl")
        let message = try #require(try await Self.message(number: 1, in: outbox))
        #expect(message.channel == .email && message.destination == "jdoe@example.com")
        let validated = try await server.post("/auth/v1/otp/validate", #"{\#(user),"sessionId":"\#(session)","otp":"\#(try otp(in: message.text))"}"#)
        let first = try #require((json(validated.body)["auth"] as? [String: Any])?["key"] as? String)
        let regenerated = try await server.post("/auth/v1/token/regenerate", #"{\#(user),"key":"\#(first)"}"#)
        let second = try #require((json(regenerated.body)["auth"] as? [String: Any])?["key"] as? String)
        #expect(second != first)
        #expect(code(try await server.post("/auth/v1/token/regenerate", #"{\#(user),"key":"\#(first)"}"#).body) == 1525)
        // Reusing the first key revoked the login: the second no longer expires anything.
        #expect(code(try await server.post("/auth/v1/token/expire", #"{\#(user),"key":"\#(second)"}"#).body) == 1531)

        // A new login, rotated once, then expired.
        let again = try sessionId(in: try await server.post("/auth/v1/token/generate", "{\(user)}").body)
        #expect(try await server.post("/auth/v1/otp/generate", #"{\#(user),"sessionId":"\#(again)"}"#).status == 200)
        let sms = try #require(try await Self.message(number: 2, in: outbox))
        #expect(sms.channel == .sms && sms.destination == "919812345678")
        let login = try await server.post("/auth/v1/otp/validate", #"{\#(user),"sessionId":"\#(again)","otp":"\#(try otp(in: sms.text))"}"#)
        let key = try #require((json(login.body)["auth"] as? [String: Any])?["key"] as? String)
        let rotated = try #require(
            (json(try await server.post("/auth/v1/token/regenerate", #"{\#(user),"key":"\#(key)"}"#).body)["auth"] as? [String: Any])?["key"]
                as? String)
        #expect(code(try await server.post("/auth/v1/token/expire", #"{\#(user),"key":"\#(rotated)"}"#).body) == 200)
        #expect(code(try await server.post("/auth/v1/token/regenerate", #"{\#(user),"key":"\#(rotated)"}"#).body) == 1525)
        await server.stop()

        let removed = try await ServerProcess.run(
            ["customers", "remove", "--brand", "DocDemo", "--email", "JDOE@example.com"] + Self.store, in: folder)
        #expect(removed.status == 0 && removed.output.hasPrefix("removed customer "))
        let gone = try await ServerProcess.run(["customers", "show", "--brand", "DocDemo", "--mobile", "+919812345678"] + Self.store, in: folder)
        #expect(gone.status == 1 && gone.error == "auth-server: no such customer\n")
    }

    /// A customer made by its first login: `customers` commands wait for the server that holds
    /// the SQLite file; then `show` gives its id and lock, and an import cannot claim its number.
    @Test func aCustomerWhoLoggedInIsShownWithItsLockAndKeepsItsNumber() async throws {
        let folder = try Self.folder()
        let server = try await ServerProcess(Self.store, in: folder)
        #expect(await server.waitUntilHealthy(), "\(server.standardError)")
        let user = #""identifierType":"MOBILE","identifierValue":"919812345678","deviceId":"phone-1","brand":"DocDemo""#
        let outbox = folder.appendingPathComponent("outbox.jsonl")
        let session = try sessionId(in: try await server.post("/auth/v1/token/generate", "{\(user)}").body)
        #expect(try await server.post("/auth/v1/otp/generate", #"{\#(user),"sessionId":"\#(session)"}"#).status == 200)
        let sent = try #require(try await Self.message(number: 1, in: outbox))
        let login = try await server.post("/auth/v1/otp/validate", #"{\#(user),"sessionId":"\#(session)","otp":"\#(try otp(in: sent.text))"}"#)
        #expect(login.status == 200)
        // Five wrong OTPs lock the account.
        let guessed = try sessionId(in: try await server.post("/auth/v1/token/generate", "{\(user)}").body)
        #expect(try await server.post("/auth/v1/otp/generate", #"{\#(user),"sessionId":"\#(guessed)"}"#).status == 200)
        let right = try otp(in: try #require(try await Self.message(number: 2, in: outbox)).text)
        for _ in 0..<5 {
            let wrong = right == "000000" ? "111111" : "000000"
            _ = try await server.post("/auth/v1/otp/validate", #"{\#(user),"sessionId":"\#(guessed)","otp":"\#(wrong)"}"#)
        }
        let running = try await ServerProcess.run(["customers", "show", "--brand", "DocDemo", "--mobile", "919812345678"] + Self.store, in: folder)
        #expect(running.status == 69 && running.error.contains("the database is in use by another server"), "\(running.error)")
        await server.stop()

        let shown = try await ServerProcess.run(["customers", "show", "--brand", "DocDemo", "--mobile", "919812345678"] + Self.store, in: folder)
        let customer = json(shown.output)
        let id = try #require(customer["id"] as? String)
        #expect(shown.status == 0 && !id.isEmpty)
        let lockedUntil = try #require(customer["lockedUntil"] as? String, "\(shown.output)")
        let until = try #require(ISO8601DateFormatter().date(from: lockedUntil))
        #expect(until > Date() + 25 * 60 && until < Date() + 31 * 60)
        let identifiers = try #require(customer["identifiers"] as? [[String: Any]])
        #expect(identifiers.map { "\($0["type"]!) \($0["value"]!) \($0["verified"]!)" } == ["MOBILE 919812345678 1"])

        try #"{"brand": "DocDemo", "username": "claimer", "mobile": "+91 98123 45678"}"#
            .write(to: folder.appendingPathComponent("claim.jsonl"), atomically: true, encoding: .utf8)
        let claim = try await ServerProcess.run(["customers", "import", "claim.jsonl"] + Self.store, in: folder)
        #expect(claim.status == 65 && claim.error.contains("claim.jsonl:1: mobile 919812345678 belongs to customer \(id)"), "\(claim.error)")
    }

    @Test func aFileWithABadLineImportsNothing() async throws {
        let folder = try Self.folder()
        try """
        {"brand": "DocDemo", "username": "good"}
        {"brand": "DocDemo", "mobile": "12"}
        """.write(to: folder.appendingPathComponent("customers.jsonl"), atomically: true, encoding: .utf8)
        let imported = try await ServerProcess.run(["customers", "import", "customers.jsonl"] + Self.store, in: folder)
        #expect(imported.status == 65)
        #expect(imported.error.contains("customers.jsonl:2: mobile: a mobile number has 6 to 15 digits with its country code; this one has 2"))
        let shown = try await ServerProcess.run(["customers", "show", "--brand", "DocDemo", "--username", "good"] + Self.store, in: folder)
        #expect(shown.status == 1 && shown.error == "auth-server: no such customer\n")
    }

    @Test func aConflictWithTheDirectoryIsNamedByItsLineAndImportsNothing() async throws {
        let folder = try Self.folder()
        try #"{"brand": "DocDemo", "id": "crm-1", "mobile": "919812345678"}"#.write(
            to: folder.appendingPathComponent("first.jsonl"), atomically: true, encoding: .utf8)
        try """
        {"brand": "DocDemo", "id": "crm-2", "username": "new"}
        {"brand": "DocDemo", "id": "crm-3", "mobile": "+91 98123 45678"}
        """.write(to: folder.appendingPathComponent("second.jsonl"), atomically: true, encoding: .utf8)
        #expect(try await ServerProcess.run(["customers", "import", "first.jsonl"] + Self.store, in: folder).status == 0)
        let conflict = try await ServerProcess.run(["customers", "import", "second.jsonl"] + Self.store, in: folder)
        #expect(conflict.status == 65)
        #expect(conflict.error.contains("second.jsonl:2: mobile 919812345678 belongs to customer crm-1"))
        let shown = try await ServerProcess.run(["customers", "show", "--brand", "DocDemo", "--id", "crm-2"] + Self.store, in: folder)
        #expect(shown.status == 1 && shown.error == "auth-server: no such customer\n")
    }
}
