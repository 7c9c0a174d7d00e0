import AuthAPI
import AuthEngine
import AuthStorage
import Crypto
import Foundation
import Yams

/// What the configuration file sets: the engine's brands and secrets, and the providers the
/// brands' channels send through. With no file, every brand gets the defaults and OTPs go to
/// the console; with a file, a channel sends only through a provider the file names for it.
public struct ServiceConfiguration: Sendable {
    /// The engine's defaults, brands and secrets; by default any brand is served on the defaults
    /// and the secrets are unset (`AuthServer.prepare` fills them from the key file beside SQLite).
    public var engine = EngineConfiguration()
    /// Providers by name; `console` always exists.
    public var providers: [String: ProviderSettings] = ["console": .console]

    /// The configuration with no file: every brand on the defaults, OTPs to the console.
    public init() {}

    /// Reads a YAML or JSON file. Every problem is reported at once, each naming its key path
    /// and position; nothing is half-applied.
    public static func load(path: String) throws -> ServiceConfiguration {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigurationError(problems: ["\(path): cannot read the configuration file: \(error.localizedDescription)"])
        }
        return try parse(text, file: path)
    }

    /// Reads configuration text as `load(path:)` reads a file; `file` names it in problems, and
    /// `{env: NAME}` secrets come from `environment` (the process's unless a caller gives one).
    public static func parse(
        _ text: String, file: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> ServiceConfiguration {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ConfigurationError(problems: ["\(file): not valid YAML or JSON: \(error)"])
        }
        let reader = ConfigurationReader(file: file, environment: environment)
        var configuration = ServiceConfiguration()
        // With a file, no channel falls back to the console unseen.
        configuration.engine.defaults.channels.providers = [:]
        if let top = reader.section(root ?? .mapping([:]), path: "") {
            configuration.read(top, reader: reader)
            top.finish()
        }
        // Range checks run on the finished policies, placed at the key that set them.
        // A key that could not be read keeps its default, which may then break a range rule
        // too; its reading problem is the one to report.
        for problem in configuration.engine.problems() where !reader.keysWithProblems.contains(problem.key) {
            reader.problem(problem.key, problem.message)
        }
        for (brand, policy) in configuration.policies {
            for (channel, provider) in policy.channels.providers.sorted(by: { $0.key.rawValue < $1.key.rawValue })
            where policy.channels.templates[channel] != nil && configuration.providers[provider] == nil {
                reader.problem("\(brand).channels.\(channel.rawValue).provider", "no provider named \(provider)")
            }
        }
        guard reader.problems.isEmpty else { throw ConfigurationError(problems: reader.problems) }
        return configuration
    }

    /// The defaults and every brand, by the key path they were read from.
    private var policies: [(String, BrandPolicy)] {
        [("defaults", engine.defaults)] + engine.brands.sorted { $0.key < $1.key }.map { ("brands.\($0.key)", $0.value) }
    }

    private mutating func read(_ top: ConfigurationReader.Section, reader: ConfigurationReader) {
        if let issuer = top.string("tokenIssuer") { engine.tokenIssuer = issuer }
        if let secrets = top.section("secrets") {
            engine.otpKey = Self.key(secrets, "otpKey")
            engine.tokenKey = Self.key(secrets, "tokenKey")
            secrets.finish()
        }
        if let hashing = top.section("passwordHashing") {
            let accepted = ScryptParameters.accepted
            if let logN = hashing.int("logN", in: accepted.logN) { engine.passwordHashing.logN = logN }
            if let r = hashing.int("r", in: accepted.r) { engine.passwordHashing.r = r }
            if let p = hashing.int("p", in: accepted.p) { engine.passwordHashing.p = p }
            hashing.finish()
        }
        if let providers = top.section("providers") {
            for name in providers.keys {
                guard let section = providers.section(name) else { continue }
                if let provider = ProviderSettings.read(section) { self.providers[name] = provider }
                section.finish()
            }
            providers.finish()
        }
        if let defaults = top.section("defaults") {
            engine.defaults.read(defaults)
            defaults.finish()
        }
        if let brands = top.section("brands") {
            for name in brands.keys {
                guard let section = brands.section(name) else { continue }
                var policy = engine.defaults
                policy.read(section)
                section.finish()
                engine.brands[name] = policy
            }
            brands.finish()
        }
        engine.acceptsAnyBrand = top.bool("acceptAnyBrand") ?? engine.brands.isEmpty
    }

    /// Fills in the keys `secrets` leaves out: from the key file beside a SQLite database;
    /// with PostgreSQL they are required, since every instance must have the same.
    mutating func keys(for location: StoreLocation, file: String?) throws {
        guard engine.otpKey == nil || engine.tokenKey == nil else { return }
        switch location {
        case .sqlite(let path):
            let keys = try KeyFile(database: path).load()
            engine.otpKey = engine.otpKey ?? SymmetricKey(data: keys.otpKey)
            engine.tokenKey = engine.tokenKey ?? SymmetricKey(data: keys.tokenKey)
        case .postgres:
            let missing = [("otpKey", engine.otpKey), ("tokenKey", engine.tokenKey)].filter { $0.1 == nil }.map(\.0)
            throw ConfigurationError(
                problems: missing.map { key in
                    "\(file ?? "configuration"): secrets.\(key): is required with PostgreSQL (every instance must share it); "
                        + "set it from the environment or a file, e.g. {env: AUTH_\(key == "otpKey" ? "OTP" : "TOKEN")_KEY} with `openssl rand -base64 32`"
                })
        }
    }

    /// A 256-bit or longer key, base64-encoded in its secret.
    private static func key(_ section: ConfigurationReader.Section, _ name: String) -> SymmetricKey? {
        guard let text = section.secret(name) else { return nil }
        guard let data = Data(base64Encoded: text), data.count >= 32 else {
            section.reader.problem(section.keyPath(name), "must be base64 of at least 32 random bytes (e.g. `openssl rand -base64 32`)")
            return nil
        }
        return SymmetricKey(data: data)
    }
}

/// A configuration that cannot be used, with every problem found.
public struct ConfigurationError: Error, CustomStringConvertible {
    /// Every problem, as `file:line:column: key.path: message` where the position is known.
    public var problems: [String]
    /// The problems, one per line.
    public var description: String { problems.joined(separator: "\n") }
}

/// How a provider delivers messages.
public enum ProviderSettings: Sendable, Hashable {
    /// Prints messages to standard output (development).
    case console
    /// Appends messages as JSON lines to a file.
    case outbox(path: String)
    /// POSTs each message as JSON to a gateway.
    case webhook(WebhookSettings)

    static func read(_ section: ConfigurationReader.Section) -> ProviderSettings? {
        switch section.string("type") {
        case "console": return .console
        case "outbox":
            guard let path = section.string("path") else {
                section.reader.problem(section.keyPath("path"), "is required for an outbox provider", at: section.mark)
                return nil
            }
            return .outbox(path: path)
        case "webhook":
            guard let text = section.string("url"), let url = URL(string: text), url.scheme == "http" || url.scheme == "https" else {
                section.reader.problem(section.keyPath("url"), "must be an http or https URL", at: section.mark)
                return nil
            }
            var settings = WebhookSettings(url: url)
            if let seconds = section.int("timeoutSeconds", in: 1...120) { settings.timeout = .seconds(seconds) }
            if let retries = section.int("retries", in: 0...10) { settings.retries = retries }
            if let headers = section.section("headers") {
                for name in headers.keys { settings.headers[name] = headers.secret(name) }
                headers.finish()
            }
            return .webhook(settings)
        case let other:
            section.reader.problem(section.keyPath("type"), "must be console, outbox or webhook, is \(other ?? "missing")", at: section.mark)
            return nil
        }
    }
}

/// Where and how a webhook provider posts.
public struct WebhookSettings: Sendable, Hashable {
    /// The gateway's http or https URL; every message is posted to it.
    public var url: URL
    /// For each attempt, connection to last byte.
    public var timeout: Duration = .seconds(5)
    /// Further attempts after a failed one (network error or 5xx), with growing pauses.
    public var retries = 2
    /// Extra headers, such as the gateway's API key (values are secrets).
    public var headers: [String: String] = [:]

    /// Posts to `url` with the default timeout and retries and no extra headers.
    public init(url: URL) {
        self.url = url
    }
}

extension BrandPolicy {
    /// Sets what `section` gives, keeping the rest.
    mutating func read(_ section: ConfigurationReader.Section) {
        if let minutes = section.int("sessionMinutes") { sessionLifetime = .seconds(minutes * 60) }
        if let minutes = section.int("otpMinutes") { otpLifetime = .seconds(minutes * 60) }
        if let length = section.int("otpLength") { otpLength = length }
        if let attempts = section.int("maxWrongAttempts") { maxWrongAttempts = attempts }
        if let count = section.optionalInt("otpMaxCount") { otpMaxCount = count }
        if let minutes = section.optionalInt("otpTimeOut") { otpWindow = minutes.map { .seconds($0 * 60) } }
        if let cap = section.optionalInt("dailyCap") { dailyCap = cap }
        if let enabled = section.bool("accountLocking") { accountLocking = enabled }
        if let count = section.int("maxIncorrectAttempts") { maxIncorrectAttempts = count }
        if let minutes = section.int("incorrectAttemptMinutes") { incorrectAttemptWindow = .seconds(minutes * 60) }
        if let minutes = section.int("lockMinutes") { lockPeriod = .seconds(minutes * 60) }
        if let minutes = section.int("accessTokenMinutes") { accessTokenLifetime = .seconds(minutes * 60) }
        if let minutes = section.int("tokenRenewalMinutes") { tokenRenewalWindow = .seconds(minutes * 60) }
        if let minutes = section.int("webLoginMinutes") { webLoginLifetime = .seconds(minutes * 60) }
        if let minutes = section.optionalInt("keyExpiryMinutes") { keyExpiry = minutes.map { .seconds($0 * 60) } }
        if let minutes = section.optionalInt("mobileLoginMinutes") { mobileLoginLifetime = minutes.map { .seconds($0 * 60) } }
        if let name = section.string("displayName") { displayName = name }
        if let settings = section.section("mfa") {
            if let enabled = settings.bool("enabled") { mfa = enabled }
            if let password = settings.bool("password") { mfaPassword = password }
            settings.finish()
        }
        if let settings = section.section("passwords") {
            if let enabled = settings.bool("enabled") { passwords = enabled }
            if let length = settings.int("minLength") { passwordMinLength = length }
            if let attempts = settings.int("maxAttempts") { maxPasswordAttempts = attempts }
            settings.finish()
        }
        if let code = section.string("defaultCountryCode") { mobileRules.defaultCountryCode = code }
        if let digits = section.int("nationalNumberDigits") { mobileRules.nationalNumberDigits = digits }
        if let encryption = section.section("encryption") {
            if let enabled = encryption.bool("enabled") { requiresHash = enabled }
            if let seconds = encryption.int("validSeconds") { hashWindow = .seconds(seconds) }
            if let pem = encryption.secret("privateKey") {
                do {
                    hashPrivateKey = try HashKey(pem: pem)
                } catch {
                    encryption.reader.problem(encryption.keyPath("privateKey"), "is not an RSA private key in PEM form")
                }
            }
            encryption.finish()
        }
        if let channel = section.choice("mobileChannel", as: Channel.self) { channels.mobileChannel = channel }
        if let names = section.strings("fallbackChannels") {
            channels.fallbackChannels = Set(
                names.compactMap { name in
                    guard let channel = Channel(rawValue: name) else {
                        section.reader.problem(section.keyPath("fallbackChannels"), "\(name) is not one of SMS, EMAIL, WHATSAPP, ZALO")
                        return nil
                    }
                    return channel
                })
        }
        if let settings = section.section("channels") {
            for name in settings.keys {
                guard let channelSection = settings.section(name) else { continue }
                guard let channel = Channel(rawValue: name) else {
                    section.reader.problem(channelSection.path, "is not one of SMS, EMAIL, WHATSAPP, ZALO", at: channelSection.mark)
                    continue
                }
                if let template = channelSection.string("template") { channels.templates[channel] = template }
                if let provider = channelSection.string("provider") { channels.providers[channel] = provider }
                channelSection.finish()
            }
            settings.finish()
        }
    }
}
