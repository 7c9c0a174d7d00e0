import Foundation
@testable import AuthGenCore

/// The repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// A scratch folder removed when the returned closure runs.
func temporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "authgen-tests-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

func write(_ text: String, to path: String) throws {
    try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
}

/// Loads a spec from text, as a file with the given name.
func loadSpec(_ text: String, name: String = "spec.yaml") throws -> LoadedSpec {
    try SpecLoader.load(data: Data(text.utf8), path: name)
}

/// The diagnostics a spec fails with; empty when it loads.
func loadFailure(_ text: String, name: String = "spec.yaml") -> [Diagnostic] {
    do {
        _ = try SpecLoader.load(data: Data(text.utf8), path: name)
        return []
    } catch {
        return error.diagnostics
    }
}
