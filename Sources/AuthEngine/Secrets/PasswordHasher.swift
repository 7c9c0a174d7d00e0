import Crypto
import Foundation
import Synchronization
import _CryptoExtras

/// scrypt parameters: cost 2^`logN`, block size `r`, parallelism `p`. Each stored hash
/// carries its own, so they can be raised later: a login with a hash made with lower ones
/// stores it again with the current ones.
public struct ScryptParameters: Hashable, Sendable, CustomStringConvertible {
    public var logN: Int
    public var r: Int
    public var p: Int

    public init(logN: Int, r: Int, p: Int) {
        self.logN = logN
        self.r = r
        self.p = p
    }

    /// OWASP's Password Storage Cheat Sheet lists N=2^17, r=8, p=1 and its equals in work
    /// (2^16/2, 2^15/3, 2^14/5, 2^13/10); 2^15 with p=3 needs 32 MiB a hash instead of 128.
    public static let owasp = ScryptParameters(logN: 15, r: 8, p: 3)

    /// What a stored hash may ask for; with `memoryLimit`, a copied or corrupted store cannot
    /// make a login allocate more than 1 GiB.
    public static let accepted = (logN: 1...20, r: 1...32, p: 1...16)
    /// scrypt's memory, 128·r·N bytes, at most.
    static let memoryLimit = 1 << 30

    var isAccepted: Bool {
        Self.accepted.logN.contains(logN) && Self.accepted.r.contains(r) && Self.accepted.p.contains(p) && 128 * r << logN <= Self.memoryLimit
    }

    /// Below `other` in any of its three parameters.
    func isWeaker(than other: ScryptParameters) -> Bool { logN < other.logN || r < other.r || p < other.p }

    public var description: String { "ln=\(logN),r=\(r),p=\(p)" }
}

/// Hashes and checks passwords with scrypt (swift-crypto's `_CryptoExtras`, BoringSSL), as
/// PHC strings: `$scrypt$ln=15,r=8,p=3$<salt>$<hash>`, base64 without padding. Passwords are
/// compared in their NFKC form, so one password typed on two keyboards is one password.
///
/// Hashing is slow and takes memory on purpose, so it runs on a queue of its own, one core
/// fewer than the machine has (at least one), so a flood of password checks leaves a core to
/// answer everything else; it never holds a thread of Swift's cooperative pool. At most
/// `waitingPerThread` hashes per thread wait, of guesses (`verify`) and of proved work (`hash`,
/// which goes first) each: beyond that a request is refused at once (503 with Retry-After,
/// `AuthFailure.hashingBusy`) instead of queueing without bound.
struct PasswordHasher: Sendable {
    let parameters: ScryptParameters
    private let queue: HashingQueue
    /// What is checked when a customer has no password, so that the answer takes as long as
    /// for one who has: the current parameters, and a hash no password derives.
    private let standIn: String

    /// Hashes that may wait for a thread, per thread.
    static let waitingPerThread = 8

    init(parameters: ScryptParameters, width: Int = max(1, ProcessInfo.processInfo.activeProcessorCount - 1)) {
        self.init(parameters: parameters, queue: HashingQueue(width: width, waitingLimit: width * Self.waitingPerThread))
    }

    init(parameters: ScryptParameters, queue: HashingQueue) {
        self.parameters = parameters
        self.queue = queue
        standIn = "$scrypt$\(parameters)$\(Self.base64(Data(count: 16)))$\(Self.base64(Data(count: Self.hashBytes)))"
    }

    /// The PHC string of `password` under a new random salt.
    func hash(_ password: String) async throws -> String {
        let parameters = parameters
        return try await queue.run(.proved) { try Self.hash(Self.bytes(password), salt: Self.salt(), parameters: parameters) }
    }

    /// Whether `password` is the one `stored` was made from; nil `stored` (no password) is
    /// checked against a stand-in and is never a match. A stored hash this hasher cannot read
    /// is no match either.
    func verify(_ password: String, against stored: String?) async throws -> Bool {
        let candidate = stored ?? standIn
        let matches = try await queue.run(.guess) { () -> Bool in
            guard let phc = PHCString(candidate) else { return false }
            let derived = try Self.derive(Self.bytes(password), salt: phc.salt, parameters: phc.parameters, count: Self.hashBytes)
            // SymmetricKey's == compares in constant time.
            return derived == SymmetricKey(data: phc.hash)
        }
        return matches && stored != nil
    }

    /// Whether `stored` was made with weaker parameters than the current ones.
    func needsRehash(_ stored: String) -> Bool {
        PHCString(stored).map { $0.parameters.isWeaker(than: parameters) } ?? false
    }

    // MARK: The PHC string

    static let hashBytes = 32

    static func bytes(_ password: String) -> Data { Data(password.precomposedStringWithCompatibilityMapping.utf8) }

    private static func salt() -> Data { SymmetricKey(size: .bits128).withUnsafeBytes { Data($0) } }

    static func hash(_ password: Data, salt: Data, parameters: ScryptParameters) throws -> String {
        let derived = try derive(password, salt: salt, parameters: parameters, count: hashBytes).withUnsafeBytes { Data($0) }
        return "$scrypt$\(parameters)$\(base64(salt))$\(base64(derived))"
    }

    private static func derive(_ password: Data, salt: Data, parameters: ScryptParameters, count: Int) throws -> SymmetricKey {
        try KDF.Scrypt.deriveKey(
            from: password, salt: salt, outputByteCount: count, rounds: 1 << parameters.logN, blockSize: parameters.r,
            parallelism: parameters.p)
    }

    private static func base64(_ data: Data) -> String {
        String(data.base64EncodedString().prefix { $0 != "=" })
    }

    /// A stored hash taken apart; nil for anything but a well-formed scrypt PHC string with
    /// accepted parameters.
    struct PHCString {
        var parameters: ScryptParameters
        var salt: Data
        var hash: Data

        init?(_ text: String) {
            let parts = text.split(separator: "$", omittingEmptySubsequences: false)
            guard parts.count == 5, parts[0].isEmpty, parts[1] == "scrypt" else { return nil }
            var values: [Substring: Int] = [:]
            for pair in parts[2].split(separator: ",") {
                let nameAndValue = pair.split(separator: "=")
                guard nameAndValue.count == 2, let value = Int(nameAndValue[1]) else { return nil }
                values[nameAndValue[0]] = value
            }
            guard values.count == 3, let logN = values["ln"], let r = values["r"], let p = values["p"] else { return nil }
            parameters = ScryptParameters(logN: logN, r: r, p: p)
            // Exactly what `hash` writes: scrypt's output is a prefix-stable stream, so a shorter
            // hash would still match, with less to break.
            guard parameters.isAccepted, let salt = Self.decode(parts[3]), let hash = Self.decode(parts[4]), salt.count >= 16,
                hash.count == PasswordHasher.hashBytes
            else { return nil }
            self.salt = salt
            self.hash = hash
        }

        private static func decode(_ text: Substring) -> Data? {
            Data(base64Encoded: String(text) + String(repeating: "=", count: (4 - text.count % 4) % 4))
        }
    }
}

/// Runs work on threads of its own, at most `width` at once, in the order it arrives, with at
/// most `waitingLimit` of each kind waiting: guesses (a password checked before anything proved
/// the customer), and proved work (a password an OTP or the current password vouches for),
/// which goes first, so a flood of guesses delays no registration, reset or change.
final class HashingQueue: @unchecked Sendable {
    /// What a hash is for: who asks decides its place in the queue.
    enum Kind {
        case guess, proved
    }

    // OperationQueue is thread-safe; it is only ever given operations.
    private let queue: OperationQueue
    private let width: Int
    private let waitingLimit: Int
    private let admitted = Mutex([Kind: Int]())

    init(width: Int, waitingLimit: Int) {
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = max(1, width)
        queue.name = "auth-engine password hashing"
        self.queue = queue
        self.width = max(1, width)
        self.waitingLimit = waitingLimit
    }

    /// Work of `kind` running or waiting.
    func inFlight(_ kind: Kind) -> Int { admitted.withLock { $0[kind, default: 0] } }

    func run<T: Sendable>(_ kind: Kind, _ work: @escaping @Sendable () throws -> T) async throws -> T {
        let taken = admitted.withLock { counts in
            guard counts[kind, default: 0] < width + waitingLimit else { return false }
            counts[kind, default: 0] += 1
            return true
        }
        guard taken else { throw AuthFailure.hashingBusy }
        defer { admitted.withLock { $0[kind, default: 1] -= 1 } }
        return try await withCheckedThrowingContinuation { continuation in
            let operation = BlockOperation { continuation.resume(with: Result { try work() }) }
            operation.queuePriority = kind == .proved ? .high : .normal
            queue.addOperation(operation)
        }
    }
}
