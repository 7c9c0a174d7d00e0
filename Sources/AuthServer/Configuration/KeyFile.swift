import Crypto
import Foundation

/// The server's keys when the configuration gives no `secrets` and one server owns a SQLite
/// file: made once and kept beside the database, readable by its owner only, never in the
/// database itself (a copy of the database must not forge tokens). PostgreSQL deployments set
/// `secrets` instead: several instances must share them.
struct KeyFile {
    let path: String

    /// The key file of a SQLite database.
    init(database: String) {
        path = database + ".keys"
    }

    struct Keys: Codable {
        var otpKey: Data
        var tokenKey: Data
    }

    /// The keys in the file, made first if there is none. A file others may read is refused.
    func load() throws -> Keys {
        if let keys = try read() { return keys }
        let keys = Keys(otpKey: Self.random(), tokenKey: Self.random())
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        // Written aside, created 0600 and exclusively (never readable by others, not even for a
        // moment), then linked into place: the file appears whole, and if another process made
        // one meanwhile, both use that one.
        let draft = path + ".\(UUID().uuidString)"
        let descriptor = open(draft, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw KeyFileError(path: path, message: "cannot be written: \(String(cString: strerror(errno)))") }
        defer { unlink(draft) }
        let contents = try JSONEncoder().encode(keys)
        let written = contents.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == contents.count, synced else { throw KeyFileError(path: path, message: "cannot be written") }
        if link(draft, path) != 0, errno != EEXIST { throw KeyFileError(path: path, message: String(cString: strerror(errno))) }
        guard let stored = try read() else { throw KeyFileError(path: path, message: "vanished while being made") }
        return stored
    }

    private func read() throws -> Keys? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let permissions = (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? 0
        guard permissions & 0o077 == 0 else {
            throw KeyFileError(path: path, message: "can be read by others (mode \(String(permissions, radix: 8))); chmod 600 it")
        }
        guard let data = FileManager.default.contents(atPath: path), let keys = try? JSONDecoder().decode(Keys.self, from: data),
            keys.otpKey.count >= 32, keys.tokenKey.count >= 32
        else { throw KeyFileError(path: path, message: "is not a key file this server wrote") }
        return keys
    }

    private static func random() -> Data {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
    }
}

struct KeyFileError: Error, CustomStringConvertible {
    var path: String
    var message: String
    var description: String { "\(path): \(message)" }
}
