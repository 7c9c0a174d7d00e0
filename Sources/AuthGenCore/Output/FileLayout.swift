import Mustache

/// Where generated Swift goes: declarations grouped into files by kind and initial, or the
/// fixed set of files the build plugin names, each file with the imports its declarations need.
enum FileLayout {
    /// The Swift output's files: `Schemas`, `Operations`, `Client` and `Server`, and the
    /// declarations laid out by `shardPath` or `fixedPath`.
    static func swiftFiles(_ model: RenderModel, library: MustacheLibrary, fixedFiles: Bool = false) throws(GenerationFailure) -> [String: String] {
        let root = TemplateRoot(model)
        var jobs: [Renderer.RenderJob] = [Renderer.RenderJob(path: "Schemas.swift", template: "schemas", context: root)]
        if !model.operations.isEmpty || fixedFiles {
            var server = root
            server.operations = model.operations
            server.paths = model.servedPaths
            jobs += [
                Renderer.RenderJob(path: "Operations.swift", template: "operations", context: root),
                Renderer.RenderJob(path: "Client.swift", template: "client", context: root),
                Renderer.RenderJob(path: "Server.swift", template: "server", context: server),
            ]
        }
        var files = try Renderer.renderAll(jobs, library: library)
        var shards: [String: (bodies: [String], imports: Set<String>)] = [:]
        for declaration in try Renderer.declarations(model, library: library) {
            let path = fixedFiles ? fixedPath(declaration.kind) : shardPath(declaration.kind.rawValue, declaration.name)
            let base: Set<String> = declaration.kind == .operations ? ["AuthGenSupport", "Foundation", "OpenAPIRuntime"] : ["AuthGenSupport"]
            var shard = shards[path] ?? ([], base)
            shard.bodies.append(declaration.text)
            shard.imports.formUnion(declaration.imports)
            shards[path] = shard
        }
        if fixedFiles {
            // Every file exists, declarations or not: the build plugin named them all.
            for kind in Renderer.Declaration.Kind.allCases where shards[fixedPath(kind)] == nil {
                shards[fixedPath(kind)] = ([], ["AuthGenSupport"])
            }
        }
        for (path, shard) in shards {
            var context = root
            context.imports = shard.imports.sorted()
            context.body = shard.bodies.joined(separator: "\n\n")
            files[path] = try Renderer.render(library, "file", context)
        }
        return files
    }

    /// Declarations are grouped into one file per kind and initial letter (`Models/Models+P.swift`;
    /// SwiftPM needs file names unique within a target):
    /// compiling the GitHub spec's output took three times as long as one file per declaration,
    /// whose per-file cost outweighs the parallelism a few dozen files already give.
    static func shardPath(_ kind: String, _ name: String) -> String {
        let initial = name.first.map { $0.isLetter ? String($0).uppercased() : "_" } ?? "_"
        return "\(kind)/\(kind)+\(initial).swift"
    }

    /// The one file of a kind, for outputs with fixed files.
    static func fixedPath(_ kind: Renderer.Declaration.Kind) -> String {
        switch kind {
        case .models: "Models.swift"
        case .validators: "Validators.swift"
        case .operations: "OperationTypes.swift"
        }
    }

}
