import Foundation
import Mustache

/// The generator: spec, config and templates in; a file plan out. Pure: it reads its inputs
/// and writes nothing, so a failure anywhere leaves every output untouched.
package enum Generator {
    /// All files of every output, by output folder and relative path.
    package struct Plan: Sendable {
        package struct Output: Sendable {
            package var root: String
            package var files: [String: String]
        }

        package var outputs: [Output]
        package var diagnostics: [Diagnostic]
    }

    /// Runs the stages in order: load (templates, then the spec) → select → resolve (one render
    /// model per access level: Swift and docs outputs share it) → render → the plan of files.
    package static func plan(_ config: GeneratorConfig) throws(GenerationFailure) -> Plan {
        var diagnostics = DiagnosticCollector()
        let templates = try loadTemplates(config, reporting: &diagnostics)
        let library = try templates.library()
        let specOutputs = config.outputs.filter { $0.kind != .templateBundle }
        let pageKinds: Set<GeneratorConfig.OutputKind> = [.docs, .referenceData]
        let spec =
            specOutputs.isEmpty ? nil : try loadSpec(config, examples: specOutputs.contains { pageKinds.contains($0.kind) }, reporting: &diagnostics)
        var models: [AccessLevel: RenderModel] = [:]
        if let spec {
            let accessLevels = specOutputs.map(\.access).reduce(into: [AccessLevel]()) { if !$0.contains($1) { $0.append($1) } }
            for (index, access) in accessLevels.enumerated() {
                let pages = specOutputs.contains { pageKinds.contains($0.kind) && $0.access == access }
                let builder = ModelBuilder(
                    spec: spec, selection: config.selection, access: access, pageFacts: pages, conventions: config.pages, overrides: config.overrides)
                // The linter runs beside the first model build; its errors stop generation.
                let (resolved, lint) = concurrently(
                    {
                        Result { () throws(GenerationFailure) in
                            var found = DiagnosticCollector()
                            let model = try builder.build(reporting: &found)
                            return (model, found.diagnostics)
                        }
                    },
                    { index == 0 ? SpecLoader.lint(spec) : [] })
                if lint.contains(where: { $0.severity == .error }) { throw GenerationFailure(lint) }
                let (model, found) = try resolved.get()
                if index == 0 { diagnostics.report(lint + found) }
                models[access] = model
            }
        }
        var outputs: [Plan.Output] = []
        for output in config.outputs {
            let files: [String: String]
            switch output.kind {
            case .templateBundle:
                // Exactly the template folder, so a template deleted there leaves the bundle too.
                files = ["BuiltinTemplates.swift": bundleSource(try config.templates.map(TemplateSet.readDirectory) ?? templates.files)]
            case .swift:
                files = try swiftFiles(models[output.access]!, library: library, fixedFiles: output.fixedFiles)
            case .docs:
                files = try docFiles(models[output.access]!, library: library)
            case .referenceData:
                files = try ReferenceData.files(models[output.access]!)
            }
            outputs.append(Plan.Output(root: output.path, files: files))
        }
        return Plan(outputs: outputs, diagnostics: diagnostics.diagnostics)
    }

    /// The load stage, templates: the built-ins overridden by the config's folder.
    static func loadTemplates(_ config: GeneratorConfig, reporting diagnostics: inout DiagnosticCollector) throws(GenerationFailure) -> TemplateSet {
        let (templates, found) = try TemplateSet.overriding(with: config.templates)
        diagnostics.report(found)
        return templates
    }

    /// The load stage, spec: parsed and mapped to its lines; examples kept only for pages.
    static func loadSpec(
        _ config: GeneratorConfig, examples: Bool, reporting diagnostics: inout DiagnosticCollector
    ) throws(GenerationFailure) -> LoadedSpec {
        let spec = try SpecLoader.load(path: config.spec, validating: false, examples: examples, linting: false)
        diagnostics.report(spec.diagnostics)
        return spec
    }

    static func render(_ library: MustacheLibrary, _ template: String, _ context: TemplateRoot) throws(GenerationFailure) -> String {
        guard let text = library.render(context, withTemplate: template) else {
            throw GenerationFailure(
                Diagnostic(.error, "template '\(template).mustache' is missing", file: "templates", hint: "restore it or remove the override"))
        }
        return normalized(text)
    }

    /// LF line ends, no trailing spaces, no runs of blank lines, one final newline. Works on
    /// bytes: it runs over every generated line, and a `String`-per-line version was a fifth of
    /// the time of a large generation.
    static func normalized(_ text: String) -> String {
        let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t"), newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + 1)
        var lineStart = 0
        var previousLineEmpty = false
        var pendingCarriageReturn = false
        func trimLine() {
            while output.count > lineStart, output.last == space || output.last == tab { output.removeLast() }
        }
        for byte in text.utf8 {
            if pendingCarriageReturn {
                pendingCarriageReturn = false
                if byte != newline { output.append(carriageReturn) }
            }
            if byte == carriageReturn {
                pendingCarriageReturn = true
                continue
            }
            guard byte == newline else {
                output.append(byte)
                continue
            }
            trimLine()
            let empty = output.count == lineStart
            if empty, previousLineEmpty { continue }
            output.append(newline)
            previousLineEmpty = empty
            lineStart = output.count
        }
        if pendingCarriageReturn { output.append(carriageReturn) }
        trimLine()
        while output.last == newline { output.removeLast() }
        output.append(newline)
        return String(decoding: output, as: UTF8.self)
    }

    static func swiftFiles(_ model: RenderModel, library: MustacheLibrary, fixedFiles: Bool = false) throws(GenerationFailure) -> [String: String] {
        let root = TemplateRoot(model)
        var jobs: [RenderJob] = [RenderJob(path: "Schemas.swift", template: "schemas", context: root)]
        if !model.operations.isEmpty || fixedFiles {
            var server = root
            server.operations = model.operations
            server.paths = model.servedPaths
            jobs += [
                RenderJob(path: "Operations.swift", template: "operations", context: root),
                RenderJob(path: "Client.swift", template: "client", context: root),
                RenderJob(path: "Server.swift", template: "server", context: server),
            ]
        }
        var files = try renderAll(jobs, library: library)
        var shards: [String: (bodies: [String], imports: Set<String>)] = [:]
        for declaration in try declarations(model, library: library) {
            let path = fixedFiles ? fixedPath(declaration.kind) : shardPath(declaration.kind.rawValue, declaration.name)
            let base: Set<String> = declaration.kind == .operations ? ["AuthGenSupport", "Foundation", "OpenAPIRuntime"] : ["AuthGenSupport"]
            shards[path, default: ([], base)].bodies.append(declaration.text)
            shards[path]!.imports.formUnion(declaration.imports)
        }
        if fixedFiles {
            // Every file exists, declarations or not: the build plugin named them all.
            for kind in Declaration.Kind.allCases where shards[fixedPath(kind)] == nil {
                shards[fixedPath(kind)] = ([], ["AuthGenSupport"])
            }
        }
        for (path, shard) in shards {
            var context = root
            context.imports = shard.imports.sorted()
            context.body = shard.bodies.joined(separator: "\n\n")
            files[path] = try render(library, "file", context)
        }
        return files
    }

    /// One declaration's source: a model, its validator, or an operation (its types, client
    /// method and server route together).
    struct Declaration {
        enum Kind: String, CaseIterable {
            case models = "Models", validators = "Validators", operations = "Operations"
        }

        var kind: Kind
        var name: String
        var text: String
        /// Modules its text names beyond those of its kind.
        var imports: [String] = []
    }

    /// Every declaration, rendered on its own and sorted by name.
    static func declarations(_ model: RenderModel, library: MustacheLibrary) throws(GenerationFailure) -> [Declaration] {
        let root = TemplateRoot(model)
        var pending: [(kind: Declaration.Kind, name: String, imports: [String], job: RenderJob)] = []
        for type in model.types {
            var context = root
            context.type = TypeWithNestedSource(type: type, nestedSource: try nestedSource(of: type, depth: 1, root: root, library: library))
            pending.append((.models, type.name, type.imports, RenderJob(path: "", template: "model", context: context)))
            context.type = nil
            context.schemas = flattened(type)
            pending.append((.validators, type.name, [], RenderJob(path: "", template: "validator", context: context)))
        }
        for operation in model.operations {
            var context = root
            context.operation = operation
            pending.append((.operations, operation.swiftName, [], RenderJob(path: "", template: "operation", context: context)))
        }
        pending.sort { $0.name < $1.name }
        let jobs = pending.enumerated().map { RenderJob(path: String($0.offset), template: $0.element.job.template, context: $0.element.job.context) }
        let rendered = try renderAll(jobs, library: library)
        return pending.enumerated().map { index, entry in
            Declaration(kind: entry.kind, name: entry.name, text: withoutOuterNewlines(rendered[String(index)]!), imports: entry.imports)
        }
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
    static func fixedPath(_ kind: Declaration.Kind) -> String {
        switch kind {
        case .models: "Models.swift"
        case .validators: "Validators.swift"
        case .operations: "OperationTypes.swift"
        }
    }

    /// The text without leading and trailing line breaks. (Foundation's trimming converts the
    /// whole string to UTF-16 first, which made it a tenth of a large generation.)
    static func withoutOuterNewlines(_ text: String) -> String {
        let utf8 = text.utf8
        guard let first = utf8.firstIndex(where: { $0 != UInt8(ascii: "\n") }),
            let last = utf8.lastIndex(where: { $0 != UInt8(ascii: "\n") })
        else { return "" }
        return String(Substring(text.utf8[first...last]))
    }

    /// Stands for a type's nested types while its own lines are indented.
    private static let nestedPlaceholder = "@@authgen-nested-types@@"

    /// The nested types of `type`, each rendered with every line indented `depth` levels. Mustache
    /// indents only the first line of each section inside an indented partial, so nesting is not
    /// left to it. Each line is indented once, at its own depth: indenting a rendered type again
    /// at every level above it made deep nesting cubic (200 levels took seconds).
    private static func nestedSource(
        of type: TypeDeclaration, depth: Int, root: TemplateRoot, library: MustacheLibrary
    ) throws(GenerationFailure) -> String {
        let pad = String(repeating: "    ", count: depth)
        var blocks: [String] = []
        for nested in type.nested {
            var shell = root
            shell.type = TypeWithNestedSource(type: nested, nestedSource: nestedPlaceholder)
            let own = try render(library, "model", shell).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            var lines: [String] = []
            for line in own {
                if line == nestedPlaceholder {
                    lines.append(try nestedSource(of: nested, depth: depth + 1, root: root, library: library))
                } else {
                    lines.append(line.isEmpty ? "" : pad + line)
                }
            }
            blocks.append(lines.joined(separator: "\n"))
        }
        return blocks.joined(separator: "\n\n")
    }

    /// One file to render.
    private struct RenderJob: Sendable {
        var path: String
        var template: String
        var context: TemplateRoot
    }

    /// Renders every job, on every core: each is a pure function of its context.
    private static func renderAll(_ jobs: [RenderJob], library: MustacheLibrary) throws(GenerationFailure) -> [String: String] {
        for name in Set(jobs.map(\.template)) where library.getTemplate(named: name) == nil {
            throw GenerationFailure(
                Diagnostic(.error, "template '\(name).mustache' is missing", file: "templates", hint: "restore it or remove the override"))
        }
        var results = [String](repeating: "", count: jobs.count)
        results.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let output = buffer
            DispatchQueue.concurrentPerform(iterations: jobs.count) { index in
                output[index] = normalized(library.render(jobs[index].context, withTemplate: jobs[index].template) ?? "")
            }
        }
        return Dictionary(uniqueKeysWithValues: zip(jobs.map(\.path), results))
    }

    private static func flattened(_ type: TypeDeclaration) -> [TypeDeclaration] {
        [type] + type.nested.flatMap(flattened)
    }

    static func docFiles(_ model: RenderModel, library: MustacheLibrary) throws(GenerationFailure) -> [String: String] {
        var jobs = model.pages.map { operation in
            var context = TemplateRoot(model)
            context.operation = operation
            return RenderJob(path: "\(operation.pageName).md", template: "reference", context: context)
        }
        var index = TemplateRoot(model)
        index.operations = model.pages
        jobs.append(RenderJob(path: "index.md", template: "reference-index", context: index))
        var catalogue = TemplateRoot(model)
        catalogue.errorCatalogue = model.errorCatalogue
        jobs.append(RenderJob(path: "errors.md", template: "reference-errors", context: catalogue))
        return try renderAll(jobs, library: library)
    }

    /// The templates as a Swift dictionary literal, each in a raw string that cannot end early.
    static func bundleSource(_ files: [String: String]) -> String {
        var source = """
            // Generated by authgen from Templates/. Do not edit: change the templates, then run
            // `swift run authgen generate`. These are the built-ins an installed authgen uses.

            enum BuiltinTemplates {
                static let files: [String: String] = [

            """
        for (name, text) in files.sorted(by: { $0.key < $1.key }) {
            var hashes = "#"
            while text.contains("\"" + hashes) || text.contains("\"\"\"" + hashes) { hashes += "#" }
            source += "        \(SwiftSnippets.stringLiteral(name)): \(hashes)\"\"\"\n"
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                source += line.isEmpty ? "\n" : "        \(line)\n"
            }
            source += "        \"\"\"\(hashes),\n"
        }
        source += "    ]\n}\n"
        return source
    }
}
