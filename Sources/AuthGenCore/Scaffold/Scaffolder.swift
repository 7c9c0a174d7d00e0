import Foundation

/// Handler skeletons in the generation-gap pattern: written once, then the developer's. The
/// generated protocol names every operation, so an operation added to the spec is a build
/// error until a handler exists; the skeletons make writing one quick.
package enum Scaffolder {
    /// Files to write, by name inside the scaffold folder, and the diagnostics.
    package struct Skeletons: Sendable, Equatable {
        package var files: [String: String]
        package var diagnostics: [Diagnostic]
    }

    /// The handler type (conforming to `APIProtocol`) and one extension per operation: the
    /// generator's load, select and resolve stages, then the scaffold templates.
    package static func skeletons(
        _ config: GeneratorConfig, selection: Selection, scaffold: GeneratorConfig.Scaffold
    ) throws(GenerationFailure) -> Skeletons {
        let loaded = try Generator.load(templates: config.templates, spec: config.spec, work: [])
        let resolved = try Generator.resolve(
            loaded, try Generator.select(loaded, selection), [Generator.ModelRequest(access: .internal, pageFacts: false)], selection: selection,
            overrides: config.overrides, lint: false)
        let model = try resolved.model(.internal)
        let library = try loaded.templates.library()
        var root = TemplateRoot(model)
        root.handlerType = scaffold.type
        root.module = scaffold.module
        var files: [String: String] = [:]
        files["\(scaffold.type).swift"] = try Renderer.render(library, "scaffold-type", root)
        for operation in model.operations {
            var context = root
            context.operation = operation
            files["\(scaffold.type)+\(operation.swiftName).swift"] = try Renderer.render(library, "scaffold", context)
        }
        return Skeletons(files: files, diagnostics: resolved.diagnostics)
    }

    package struct Result: Sendable, Equatable {
        package var written: [String] = []
        package var kept: [String] = []
    }

    /// Writes each file that does not exist yet; an existing file is never touched. Each file
    /// appears whole or not at all (written aside, then linked into place, which fails rather
    /// than replace a file that appeared meanwhile).
    package static func write(_ files: [String: String], to folder: String) throws -> Result {
        let manager = FileManager.default
        try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var result = Result()
        for (name, text) in files.sorted(by: { $0.key < $1.key }) {
            let path = (folder as NSString).appendingPathComponent(name)
            if manager.fileExists(atPath: path) {
                result.kept.append(path)
                continue
            }
            let staging = (folder as NSString).appendingPathComponent(".\(name).\(ProcessInfo.processInfo.processIdentifier).tmp")
            try Data(text.utf8).write(to: URL(fileURLWithPath: staging))
            defer { try? manager.removeItem(atPath: staging) }
            do {
                try manager.linkItem(atPath: staging, toPath: path)
                result.written.append(path)
            } catch  where manager.fileExists(atPath: path) {
                result.kept.append(path)
            }
        }
        return result
    }
}
