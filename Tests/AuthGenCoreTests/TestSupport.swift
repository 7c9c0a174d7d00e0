import Foundation

@testable import AuthGenCore

/// The repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

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

/// The generated files, plus each declaration on its own under `Kind/Name.swift`
/// (`Models/Pet.swift`, `Validators/Pet.swift`, `Operations/GetPet.swift`), as snippet tests read it.
func declarationsAndFiles(_ model: RenderModel) throws -> [String: String] {
    let library = try TemplateSet.builtIn.library()
    var files = try FileLayout.swiftFiles(model, library: library)
    for declaration in try Renderer.declarations(model, library: library) {
        files["\(declaration.kind.rawValue)/\(declaration.name).swift"] = declaration.text + "\n"
    }
    return files
}
