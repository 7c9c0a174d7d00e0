import AuthAPI
import AuthEngine
import AuthGenSupport
import AuthStorage
import AuthTestSupport
import Crypto
import CryptoExtras
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import OpenAPIAsyncHTTPClient
import OpenAPIRuntime
import Testing

@testable import AuthServer

/// The engine behind the generated server, served over HTTP on loopback and called by the
/// generated client, on a test clock: every refusal answers the status its code is documented
/// with, as HTTP carried it.
@Suite(.timeLimit(.minutes(3))) struct ServiceTests {
    final class Harness: Sendable {
        let clock = TestClock()
        let sender = RecordingSender()
        let store: SQLiteStore
        let client: Client
        /// The last answer as HTTP carried it, before the generated client decoded it.
        let last = Shared<Answer?>(nil)
        private let server: Task<Void, Never>

        init(_ configure: (inout EngineConfiguration) -> Void = { _ in }) async throws {
            store = try await SQLiteStore.open(path: try temporaryFolder("service").appendingPathComponent("auth.sqlite").path)
            var configuration = EngineConfiguration.withTestKeys()
            configuration.defaults.channels.providers = [.sms: "test", .email: "test"]
            configure(&configuration)
            let clock = clock
            let engine = try await AuthEngine.start(
                configuration: configuration, store: store, senders: ["test": sender], now: { clock.now }, codes: ScriptedCodes())
            let router = Router()
            try AuthService(engine: engine).registerHandlers(on: router, configuration: AuthService.serverConfiguration)
            let (bound, port) = AsyncStream<Int>.makeStream()
            var logger = Logger(label: "service-tests")
            logger.logLevel = .warning
            let app = Application(
                router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                onServerRunning: { port.yield($0.localAddress?.port ?? 0) }, logger: logger)
            server = Task { try? await app.runService(gracefulShutdownSignals: []) }
            var ports = bound.makeAsyncIterator()
            let serving = try #require(await ports.next())
            client = Client(
                serverURL: URL(string: "http://127.0.0.1:\(serving)")!,
                transport: AsyncHTTPClientTransport(configuration: .init(client: .shared, timeout: .seconds(10))),
                middlewares: [Recorder(last: last)], validatesRequests: false)
        }

        deinit { server.cancel() }

        func session(_ value: String = "919999999993", device: String = "device-1", brand: String = "DocDemo") async throws -> String {
            let output = try await client.generateAuthenticationToken(
                .init(
                    body: TokenGenerateRequest(
                        identifierType: .mobile, identifierValue: value, deviceId: device, brand: brand)))
            guard case .ok(let body) = output else { throw Refused(output: "\(output)") }
            return try #require(body.user?.sessionId)
        }

        func generate(
            _ session: String, value: String = "919999999993", device: String = "device-1", brand: String = "DocDemo",
            hash: String? = nil, fallback: Channel? = nil
        ) async throws -> Operations.GenerateOtpApi.Output {
            try await client.generateOtpApi(
                .init(
                    query: .init(fallbackChannel: fallback),
                    body: OtpGenerateRequest(
                        identifierType: .mobile, identifierValue: value, deviceId: device, brand: brand, sessionId: session, hash: hash)))
        }

        func validate(_ session: String, otp: String, value: String = "919999999993") async throws -> Operations.ValidateOtpApi.Output {
            try await client.validateOtpApi(
                .init(
                    body: OtpValidateRequest(
                        identifierType: .mobile, identifierValue: value, deviceId: "device-1", brand: "DocDemo", sessionId: session, otp: otp)))
        }

        func lastOTP() async throws -> String { try otp(in: try #require(await sender.messages.last?.text)) }
    }

    struct Refused: Error { var output: String }

    static func request(_ sessionId: String, deviceId: String = "device-1") -> OtpGenerateRequest {
        OtpGenerateRequest(identifierType: .mobile, identifierValue: "919999999993", deviceId: deviceId, brand: "DocDemo", sessionId: sessionId)
    }

    @Test func aBatchAnswersEachItemOnItsOwnInOrder() async throws {
        let h = try await Harness()
        let session = try await h.session()
        let output = try await h.client.generateOtpApi(batch: [
            Self.request(session), Self.request("P-unknown"), Self.request(session, deviceId: "device-2"), Self.request(session),
        ])
        guard case .ok(let results) = output else { Issue.record("\(output)"); return }
        #expect(results.map(\.status.code) == [200, 1505, 1508, 200])
        #expect(await h.sender.messages.count == 2)
        // An item that breaks the schema refuses the whole batch, its pointer into the batch.
        let refused = try await h.client.generateOtpApi(batch: [Self.request(session), Self.request(session, deviceId: "")])
        guard case .refused(.badRequest(let body)) = refused else { Issue.record("\(refused)"); return }
        #expect(body.issues?.map(\.pointer) == ["/1/deviceId"])
        #expect(await h.sender.messages.count == 2)
    }

    @Test func refusalsAreTheOperationsDocumentedResponses() async throws {
        let h = try await Harness {
            $0.defaults.otpMaxCount = 1; $0.defaults.otpWindow = .seconds(60)
        }
        let session = try await h.session()
        #expect(try await h.generate(session) == .ok(AuthService.success))
        let limited = try await h.generate(session)
        #expect(limited == .tooManyRequests(AuthFailure(code: 1534, message: "OTP maximum reached", httpStatus: 429).body, retryAfter: 60))
        #expect(try await h.generate("P-none") == .unauthorized(AuthFailure(code: 1505, message: "Session invalid", httpStatus: 401).body))
        // The OTP went to the channel, never into an answer.
        let otp = try await h.lastOTP()
        #expect(!"\(limited)".contains(otp))
    }

    /// One request per refusal code, each answered with the HTTP status DESIGN gives it, and a
    /// Retry-After exactly where waiting helps.
    @Test func everyRefusalCodeAnswersItsStatus() async throws {
        let key = try HashKey(_RSA.Encryption.PrivateKey(keySize: .bits2048))
        let h = try await Harness { configuration in
            configuration.acceptsAnyBrand = false
            configuration.defaults.maxWrongAttempts = 2
            configuration.defaults.maxIncorrectAttempts = 3
            configuration.defaults.tokenRenewalWindow = .seconds(60)
            configuration.brands["DocDemo"] = configuration.defaults
            configuration.brands["Off"] = configuration.defaults
            configuration.brands["Off"]?.otpMaxCount = 0
            configuration.brands["Sealed"] = configuration.defaults
            configuration.brands["Sealed"]?.requiresHash = true
            configuration.brands["Sealed"]?.hashPrivateKey = key
            configuration.brands["Silent"] = configuration.defaults
            configuration.brands["Silent"]?.channels.providers = [:]
        }
        var log = RefusalLog(h)
        func record(_ expected: Int32, _ output: some Sendable) { log.record(expected, output) }

        let session = try await h.session()
        record(
            1504,
            try await h.client.generateAuthenticationToken(
                .init(
                    body: TokenGenerateRequest(
                        identifierType: .mobile, identifierValue: "919999999993", deviceId: "device-1", brand: "Unknown"))))
        record(
            1519,
            try await h.client.generateAuthenticationToken(
                .init(
                    body: TokenGenerateRequest(
                        identifierType: .mobile, identifierValue: "12", deviceId: "device-1", brand: "DocDemo"))))  // an unreadable number
        record(1505, try await h.generate("P-unknown"))
        record(1507, try await h.generate(session, value: "919999999990"))
        record(1508, try await h.generate(session, device: "device-2"))
        record(
            1509,
            try await h.client.generateOtpApi(
                .init(
                    body: OtpGenerateRequest(
                        identifierType: .mobile, identifierValue: "919999999993", deviceId: "device-1", brand: "Off", sessionId: session))))
        record(1535, try await h.generate(try await h.session(brand: "Off"), brand: "Off"))
        record(5004, try await h.generate(try await h.session(brand: "Sealed"), brand: "Sealed"))
        record(1602, try await h.generate(session, fallback: .email))
        record(1603, try await h.generate(try await h.session(brand: "Silent"), brand: "Silent"))
        let webSession = try await h.client.generateAuthenticationTokenWeb(
            .init(
                body: WebTokenGenerateRequest(
                    identifierType: .email, identifierValue: "a@example.com", brand: "DocDemo")))
        guard case .ok(let web) = webSession, let webId = web.user?.sessionId else { Issue.record("\(webSession)"); return }
        record(
            1541,
            try await h.client.generateOtpApiWeb(
                .init(
                    body: WebOtpGenerateRequest(
                        identifierType: .email, identifierValue: "b@example.com", brand: "DocDemo", sessionId: webId))))
        record(
            1546,
            try await h.client.generateOtpApiWeb(
                .init(
                    body: WebOtpGenerateRequest(
                        identifierType: .username, identifierValue: "a@example.com", brand: "DocDemo", sessionId: webId))))
        record(
            1601,
            try await h.client.generateOtpApiWeb(
                .init(
                    query: .init(fallbackChannel: .sms),
                    body: WebOtpGenerateRequest(identifierType: .email, identifierValue: "a@example.com", brand: "DocDemo", sessionId: webId))))
        record(1537, try await h.validate(session, otp: "123456"))
        await h.sender.failing(.refused)
        record(1503, try await h.generate(session))
        await h.sender.failing(nil)
        #expect(try await h.generate(session) == .ok(AuthService.success))
        let otp = try await h.lastOTP()
        record(1506, try await h.validate(session, otp: wrong(otp)))
        _ = try await h.validate(session, otp: wrong(otp))
        record(1518, try await h.validate(session, otp: otp))  // 1518, the session's attempts: no Retry-After
        let fresh = try await h.session()
        for _ in 0..<4 { _ = try await h.generate(fresh) }
        record(1534, try await h.generate(fresh))
        record(
            1525,
            try await h.client.regenerateAuthenticationToken(
                .init(
                    body: TokenRegenerateRequest(
                        identifierType: .mobile, identifierValue: "919999999993", deviceId: "device-1", brand: "DocDemo", key: "not-a-key"))))
        record(
            1531,
            try await h.client.expireAuthenticationToken(
                .init(
                    body: TokenExpireRequest(
                        identifierType: .mobile, identifierValue: "919999999993", deviceId: "device-1", brand: "DocDemo", key: "not-a-key"))))
        #expect(
            try await h.client.generateOtpApiWeb(
                .init(
                    body: WebOtpGenerateRequest(
                        identifierType: .email, identifierValue: "a@example.com", brand: "DocDemo", sessionId: webId))) == .ok(AuthService.success))
        let webOTP = try await h.lastOTP()
        guard
            case .ok(let webTokens) = try await h.client.validateOtpApiWeb(
                .init(
                    body: WebOtpValidateRequest(
                        identifierType: .email, identifierValue: "a@example.com", brand: "DocDemo", sessionId: webId, otp: webOTP))),
            let webToken = webTokens.auth?.token
        else { Issue.record("no web token"); return }
        h.clock.advance(by: 15 * 60 + 60)
        record(
            1529,
            try await h.client.regenerateAuthenticationTokenWeb(
                .init(
                    body: WebTokenRegenerateRequest(
                        identifierType: .email, identifierValue: "a@example.com", brand: "DocDemo", expiredToken: webToken))))
        // Three wrong OTPs of one customer across sessions lock the account.
        for _ in 0..<2 {
            let next = try await h.session("919999999980")
            _ = try await h.generate(next, value: "919999999980")
            _ = try await h.validate(next, otp: "000000", value: "919999999980")
        }
        let last = try await h.session("919999999980")
        _ = try await h.generate(last, value: "919999999980")
        _ = try await h.validate(last, otp: "000000", value: "919999999980")
        let locked = try await h.client.generateAuthenticationToken(
            .init(
                body: TokenGenerateRequest(
                    identifierType: .mobile, identifierValue: "919999999980", deviceId: "device-1", brand: "DocDemo")))
        guard case .tooManyRequests(let body, let retryAfter) = locked else { Issue.record("\(locked)"); return }
        #expect(body.status.code == 1518 && retryAfter == 30 * 60)

        let documented: [Int32: (Int, Bool)] = [
            1503: (503, false), 1504: (403, false), 1505: (401, false), 1506: (401, false), 1507: (403, false), 1508: (403, false),
            1509: (403, false), 1518: (429, false), 1519: (422, false), 1525: (401, false), 1529: (401, false), 1531: (401, false),
            1534: (429, true), 1535: (403, false), 1537: (404, false), 1541: (403, false), 1546: (409, false), 1601: (409, false),
            1602: (409, false), 1603: (409, false), 5004: (403, false),
        ]
        log.expect(documented)
    }
}

extension ServiceTests {
    /// The password codes, each through the generated client and server: the status DESIGN
    /// gives it, and a Retry-After only for the locked account.
    @Test func everyPasswordCodeAnswersItsStatus() async throws {
        let h = try await Harness { configuration in
            configuration.acceptsAnyBrand = false
            configuration.defaults.maxPasswordAttempts = 2
            configuration.defaults.maxIncorrectAttempts = 3
            configuration.brands["NoPasswords"] = configuration.defaults
            configuration.defaults.passwords = true
            configuration.brands["DocDemo"] = configuration.defaults
        }
        var log = RefusalLog(h)
        func record(_ expected: Int32, _ output: some Sendable) { log.record(expected, output) }
        let password = "correct horse battery"
        func register(
            _ password: String?, _ confirmation: String?, value: String = "919999999993", brand: String = "DocDemo"
        ) async throws
            -> Operations.GenerateAuthenticationToken.Output
        {
            try await h.client.generateAuthenticationToken(
                .init(
                    body: TokenGenerateRequest(
                        identifierType: .mobile, identifierValue: value, deviceId: "device-1", brand: brand, password: password,
                        confirmPassword: confirmation)))
        }
        func validate(_ session: String, _ password: String, device: String = "device-1") async throws -> Operations.ValidatePassword.Output {
            try await h.client.validatePassword(
                .init(
                    body: PasswordValidateRequest(
                        identifierType: .mobile, identifierValue: "919999999993", deviceId: device, brand: "DocDemo", sessionId: session,
                        password: password)))
        }
        func change(_ token: String, _ old: String, _ new: String) async throws -> Operations.ChangePassword.Output {
            try await h.client.changePassword(
                .init(
                    body: PasswordChangeRequest(
                        identifierType: .mobile, identifierValue: "919999999993", deviceId: "device-1", brand: "DocDemo", token: token,
                        password: old, newPassword: new, confirmPassword: new)))
        }
        func forget(_ session: String, _ value: String = "919999999993") async throws -> Operations.ForgetPassword.Output {
            try await h.client.forgetPassword(
                .init(
                    body: PasswordForgetRequest(
                        identifierType: .mobile, identifierValue: value, deviceId: "device-1", brand: "DocDemo", sessionId: session,
                        password: password, confirmPassword: password)))
        }

        record(1524, try await register(password, password, brand: "NoPasswords"))
        record(1520, try await register("", ""))
        record(1521, try await register(password, "something else"))
        record(1542, try await register("short", "short"))
        // A customer without a password gets the answer one with a password gets.
        guard case .ok = try await forget(try await h.session("919999999970"), "919999999970") else {
            Issue.record("a reset for a customer without a password was refused"); return
        }
        // A batch registers no password.
        guard
            case .ok(let items) = try await h.client.generateAuthenticationToken(batch: [
                TokenGenerateRequest(
                    identifierType: .mobile, identifierValue: "919999999971", deviceId: "device-1", brand: "DocDemo", password: password,
                    confirmPassword: password)
            ])
        else { Issue.record("batch refused whole"); return }
        #expect(items.map(\.status.code) == [1519])
        // Registration, completed by the OTP.
        guard case .ok(let registered) = try await register(password, password), let session = registered.user?.sessionId else {
            Issue.record("no registration"); return
        }
        _ = try await h.generate(session)
        guard case .ok(let login) = try await h.validate(session, otp: try await h.lastOTP()), let token = login.auth?.token else {
            Issue.record("no login"); return
        }
        #expect(login.user?.userRegisteredForPassword == true)
        let next = try await h.session()
        record(1526, try await validate(next, password, device: "device-2"))
        record(1528, try await validate(next, "wrong password"))
        _ = try await validate(next, "wrong password")
        record(1530, try await validate(next, password))  // the session's attempts: no Retry-After
        record(1523, try await change("not-a-token", password, "stapled battery horse"))
        record(1527, try await change(token, password, password))
        // The third wrong attempt of the customer locks the account: 1530 with Retry-After.
        _ = try await change(token, "wrong password", "stapled battery horse")
        guard case .tooManyRequests(let body, let retryAfter) = try await change(token, password, "stapled battery horse") else {
            Issue.record("not locked"); return
        }
        #expect(body.status.code == 1530 && retryAfter == 30 * 60)

        let documented: [Int32: (Int, Bool)] = [
            1520: (422, false), 1521: (422, false), 1523: (401, false), 1524: (403, false), 1526: (403, false), 1527: (409, false),
            1528: (401, false), 1530: (429, false), 1542: (422, false),
        ]
        log.expect(documented)
    }

    /// A busy hasher (1552) is a documented 503 with Retry-After wherever a password is hashed.
    @Test func aBusyHasherIsADocumented503() throws {
        let busy = AuthFailure(code: 1552, message: "Busy: try again shortly", httpStatus: 503, retryAfter: 1)
        let outputs: [(any ResponseWriting)?] = [
            Operations.ValidateOtpApi.Output.refusal(busy), Operations.ValidateOtpApiWeb.Output.refusal(busy),
            Operations.ValidatePassword.Output.refusal(busy), Operations.ValidatePasswordWeb.Output.refusal(busy),
            Operations.ChangePassword.Output.refusal(busy), Operations.ChangePasswordWeb.Output.refusal(busy),
            Operations.ChangeIdentifier.Output.refusal(busy), Operations.ValidateMfaOtp.Output.refusal(busy),
            Operations.ValidateMfaPassword.Output.refusal(busy),
        ]
        for output in outputs {
            let response = try #require(try output?.response())
            #expect(response.statusCode == 503 && response.header("Retry-After", as: Int.self) == 1)
        }
    }
}

extension ServiceTests {
    /// user/updateIdentifierValue's refusals, each with its documented status.
    @Test func changeIdentifierRefusalsAnswerTheirStatus() async throws {
        let h = try await Harness { $0.defaults.maxIncorrectAttempts = 1 }
        func change(_ token: String, _ value: String) async throws -> Operations.ChangeIdentifier.Output {
            try await h.client.changeIdentifier(
                .init(
                    body: IdentifierChangeRequest(
                        identifierType: .mobile, identifierValue: "919999999993", deviceId: "device-1", brand: "DocDemo", token: token,
                        newIdentifierType: .mobile, newIdentifierValue: value)))
        }
        let other = try await h.session("919999999911")
        _ = try await h.generate(other, value: "919999999911")
        _ = try await h.validate(other, otp: try await h.lastOTP(), value: "919999999911")
        let session = try await h.session()
        _ = try await h.generate(session)
        guard case .ok(let login) = try await h.validate(session, otp: try await h.lastOTP()), let token = login.auth?.token else {
            Issue.record("no login"); return
        }
        #expect(try h.answered(try await change("not-a-token", "919999999900")) == (401, 1525))
        // An address another customer holds is answered like a free one.
        #expect(try h.answered(try await change(token, "919999999911")) == h.answered(try await change(token, "919999999922")))
        #expect(try h.answered(try await change(token, "12")) == (422, 1519))
        let wrong = try await h.session()
        _ = try await h.generate(wrong)
        _ = try await h.validate(wrong, otp: "000000")
        #expect(try h.answered(try await change(token, "919999999900")) == (429, 1518))
        h.clock.advance(by: 16 * 60)
        #expect(try h.answered(try await change(token, "919999999900")) == (401, 1529))
    }
}

extension ServiceTests {
    /// Each MFA operation on a brand without MFA answers 1550 with 403, the status its spec
    /// documents; an MFA session from a first-factor login answers 200.
    @Test func mfaOperationsAnswerTheirDocumentedStatus() async throws {
        let h = try await Harness { configuration in
            configuration.acceptsAnyBrand = false
            configuration.brands["Plain"] = configuration.defaults
            configuration.defaults.mfa = true
            configuration.brands["DocDemo"] = configuration.defaults
        }
        let session = try await h.session()
        _ = try await h.generate(session)
        guard case .ok(let login) = try await h.validate(session, otp: try await h.lastOTP()), let token = login.auth?.token,
            let key = login.auth?.key
        else { Issue.record("no login"); return }
        let (value, device) = ("919999999993", "device-1")
        func generate(_ brand: String) async throws -> Operations.GenerateMfaToken.Output {
            try await h.client.generateMfaToken(
                .init(
                    body: MfaTokenGenerateRequest(
                        identifierType: .mobile, identifierValue: value, deviceId: device, brand: brand, authorizedToken: token)))
        }
        guard case .ok(let mfa) = try await generate("DocDemo"), let mfaSession = mfa.user?.sessionId else { Issue.record("no MFA session"); return }
        #expect(try h.answered(try await generate("Plain")) == (403, 1550))
        #expect(
            try h.answered(
                try await h.client.generateOtpMfa(
                    .init(
                        body: MfaOtpGenerateRequest(
                            identifierType: .mobile, identifierValue: value, deviceId: device, brand: "Plain", sessionId: mfaSession))))
                == (403, 1550))
        #expect(
            try h.answered(
                try await h.client.validateMfaOtp(
                    .init(
                        body: MfaOtpValidateRequest(
                            identifierType: .mobile, identifierValue: value, deviceId: device, brand: "DocDemo", sessionId: session, otp: "123456"))))
                == (401, 1505))
        #expect(
            try h.answered(
                try await h.client.validateMfaPassword(
                    .init(
                        body: MfaPasswordValidateRequest(
                            identifierType: .mobile, identifierValue: value, deviceId: device, brand: "DocDemo", sessionId: mfaSession, password: "x")
                    )))
                == (403, 1550))
        #expect(
            try h.answered(
                try await h.client.regenerateMfaToken(
                    .init(
                        body: MfaTokenRegenerateRequest(identifierType: .mobile, identifierValue: value, deviceId: device, brand: "DocDemo", key: key)
                    )))
                == (401, 1525))
        #expect(
            try h.answered(
                try await h.client.expireMfaToken(
                    .init(body: MfaTokenExpireRequest(identifierType: .mobile, identifierValue: value, deviceId: device, brand: "Plain", token: key)))
            )
                == (403, 1550))
    }
}

/// A response as HTTP carried it.
struct Answer: Sendable {
    var status: Int
    var retryAfter: Int?
    /// The API code of a status body.
    var code: Int32?
}

/// Keeps the last response the client received, before the generated client decodes it.
struct Recorder: ClientMiddleware {
    let last: Shared<Answer?>

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        let (response, body) = try await next(request, body, baseURL)
        var bytes = Data()
        if let body { bytes = try await Data(collecting: body, upTo: 1 << 20) }
        last.value = Answer(
            status: response.status.code, retryAfter: response.headerFields[.retryAfter].flatMap { Int($0) },
            code: try? JSONDecoder().decode(StatusResponse.self, from: bytes).status.code)
        return (response, HTTPBody(bytes))
    }
}

extension ServiceTests.Harness {
    /// The HTTP status and API code of the call that decoded as `output`; the generated client
    /// must have decoded what HTTP carried.
    func answered(_ output: some ResponseWriting) throws -> (Int, Int32?) {
        let answer = try #require(last.value)
        #expect(try output.response().statusCode == answer.status, "HTTP said \(answer.status); the client decoded \(output)")
        return (answer.status, answer.code)
    }
}

/// The HTTP status and Retry-After each refusal code was answered with, checked against the
/// statuses its codes are documented with.
struct RefusalLog {
    let harness: ServiceTests.Harness
    private var seen: [Int32: (status: Int, retryAfter: Int?)] = [:]

    init(_ harness: ServiceTests.Harness) { self.harness = harness }

    /// Notes the last answer, a refusal that should carry `expected`, and decoded as `output`.
    mutating func record(_ expected: Int32, _ output: some Sendable) {
        guard let answer = harness.last.value, let code = answer.code, answer.status >= 400 else {
            Issue.record("not a refusal: \(output)"); return
        }
        #expect(code == expected, "answered \(code) where \(expected) is due")
        let decoded = try? (output as? any ResponseWriting)?.response()
        #expect(decoded?.statusCode == answer.status, "HTTP said \(answer.status); the client decoded \(output)")
        seen[code] = (answer.status, answer.retryAfter)
    }

    /// Every documented code was seen, with its status, and with a Retry-After exactly where `documented` says.
    func expect(_ documented: [Int32: (status: Int, retries: Bool)]) {
        #expect(seen.keys.sorted() == documented.keys.sorted())
        for (code, (status, retries)) in documented.sorted(by: { $0.key < $1.key }) {
            #expect(seen[code]?.status == status, "\(code)")
            #expect((seen[code]?.retryAfter != nil) == retries, "\(code) Retry-After")
        }
    }
}

/// A generated `Output` that writes its response.
protocol ResponseWriting {
    func response() throws -> APIResponse
}

extension Operations.GenerateAuthenticationToken.Output: ResponseWriting {}
extension Operations.GenerateOtpApi.Output: ResponseWriting {}
extension Operations.GenerateOtpApiWeb.Output: ResponseWriting {}
extension Operations.ValidateOtpApi.Output: ResponseWriting {}
extension Operations.ValidatePassword.Output: ResponseWriting {}
extension Operations.ChangePassword.Output: ResponseWriting {}
extension Operations.ChangePasswordWeb.Output: ResponseWriting {}
extension Operations.ValidatePasswordWeb.Output: ResponseWriting {}
extension Operations.ValidateOtpApiWeb.Output: ResponseWriting {}
extension Operations.ForgetPassword.Output: ResponseWriting {}
extension Operations.ChangeIdentifier.Output: ResponseWriting {}
extension Operations.GenerateMfaToken.Output: ResponseWriting {}
extension Operations.GenerateOtpMfa.Output: ResponseWriting {}
extension Operations.ValidateMfaOtp.Output: ResponseWriting {}
extension Operations.ValidateMfaPassword.Output: ResponseWriting {}
extension Operations.RegenerateMfaToken.Output: ResponseWriting {}
extension Operations.ExpireMfaToken.Output: ResponseWriting {}
extension Operations.RegenerateAuthenticationToken.Output: ResponseWriting {}
extension Operations.RegenerateAuthenticationTokenWeb.Output: ResponseWriting {}
extension Operations.ExpireAuthenticationToken.Output: ResponseWriting {}
