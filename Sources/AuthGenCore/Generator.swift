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

    package static func plan(_ config: GeneratorConfig) throws(GenerationFailure) -> Plan {
        let (templates, templateDiagnostics) = try TemplateSet.overriding(with: config.templates)
        let library = try templates.library()
        var diagnostics = templateDiagnostics
        var outputs: [Plan.Output] = []
        var spec: LoadedSpec?
        // One model per access level: Swift and docs outputs share it.
        var models: [String: RenderModel] = [:]
        for output in config.outputs {
            switch output.kind {
            case .templateBundle:
                // Exactly the template folder, so a template deleted there leaves the bundle too.
                let files = try config.templates.map(TemplateSet.readDirectory) ?? templates.files
                outputs.append(Plan.Output(root: output.path, files: ["BuiltinTemplates.swift": bundleSource(files)]))
            case .swift, .docs:
                if spec == nil {
                    let pages = config.outputs.contains { $0.kind == .docs }
                    let loaded = try SpecLoader.load(path: config.spec, validating: false, examples: pages, linting: false)
                    diagnostics += loaded.diagnostics
                    spec = loaded
                }
                let model: RenderModel
                if let cached = models[output.access] {
                    model = cached
                } else {
                    let pages = config.outputs.contains { $0.kind == .docs && $0.access == output.access }
                    let builder = ModelBuilder(spec: spec!, selection: config.selection, access: output.access, pageFacts: pages)
                    let first = models.isEmpty
                    // The linter runs beside the first model build; its errors stop generation.
                    let (result, lint) = concurrently(
                        { Result { () throws(GenerationFailure) in try builder.build() } },
                        { first ? SpecLoader.lint(spec!) : [] })
                    if lint.contains(where: { $0.severity == .error }) { throw GenerationFailure(lint) }
                    let (built, modelDiagnostics) = try result.get()
                    if first { diagnostics += lint + modelDiagnostics }
                    models[output.access] = built
                    model = built
                }
                let files = output.kind == .swift ? try swiftFiles(model, library: library) : try docFiles(model, library: library)
                outputs.append(Plan.Output(root: output.path, files: files))
            }
        }
        return Plan(outputs: outputs, diagnostics: diagnostics)
    }

    static func render(_ library: MustacheLibrary, _ template: String, _ context: Any) throws(GenerationFailure) -> String {
        guard let text = library.render(context, withTemplate: template) else {
            throw GenerationFailure(Diagnostic(.error, "template '\(template).mustache' is missing", file: "templates", hint: "restore it or remove the override"))
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

    private static func header(_ model: RenderModel) -> [String: Any] {
        ["spec": model.spec, "title": model.title, "version": model.version, "access": model.access]
    }

    static func swiftFiles(_ model: RenderModel, library: MustacheLibrary) throws(GenerationFailure) -> [String: String] {
        var jobs: [RenderJob] = [RenderJob(path: "Schemas.swift", template: "schemas", context: header(model))]
        if !model.operations.isEmpty {
            var server = header(model)
            server["operations"] = model.operations
            server["paths"] = model.servedPaths.map { ["path": $0.path, "declared": $0.methods.map { "\"\($0)\"" }.joined(separator: ", ")] }
            jobs += [
                RenderJob(path: "Operations.swift", template: "operations", context: header(model)),
                RenderJob(path: "Client.swift", template: "client", context: header(model)),
                RenderJob(path: "Server.swift", template: "server", context: server),
            ]
        }
        var files = try renderAll(jobs, library: library)
        var shards: [String: [String]] = [:]
        for declaration in try declarations(model, library: library) {
            shards[shardPath(declaration.kind, declaration.name), default: []].append(declaration.text)
        }
        for (path, bodies) in shards {
            var context = header(model)
            context["imports"] = path.hasPrefix("Operations/") ? ["AuthGenSupport", "Foundation", "OpenAPIRuntime"] : ["AuthGenSupport"]
            context["body"] = bodies.joined(separator: "\n\n")
            files[path] = try render(library, "file", context)
        }
        return files
    }

    /// One declaration's source: a model, its validator, or an operation (its types, client
    /// method and server route together).
    struct Declaration {
        var kind: String
        var name: String
        var text: String
    }

    /// Every declaration, rendered on its own and sorted by name.
    static func declarations(_ model: RenderModel, library: MustacheLibrary) throws(GenerationFailure) -> [Declaration] {
        var pending: [(kind: String, name: String, job: RenderJob)] = []
        for type in model.types {
            var context = header(model)
            context["type"] = try withNestedSource(type, library: library)
            pending.append(("Models", type.name, RenderJob(path: "", template: "model", context: context)))
            context["schemas"] = flattened(type)
            pending.append(("Validators", type.name, RenderJob(path: "", template: "validator", context: context)))
        }
        for operation in model.operations {
            var context = header(model)
            context["operation"] = operation
            pending.append(("Operations", operation.swiftName, RenderJob(path: "", template: "operation", context: context)))
        }
        pending.sort { $0.name < $1.name }
        let jobs = pending.enumerated().map { RenderJob(path: String($0.offset), template: $0.element.job.template, context: $0.element.job.context) }
        let rendered = try renderAll(jobs, library: library)
        return pending.enumerated().map { index, entry in
            Declaration(kind: entry.kind, name: entry.name, text: withoutOuterNewlines(rendered[String(index)]!))
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

    /// The text without leading and trailing line breaks. (Foundation's trimming converts the
    /// whole string to UTF-16 first, which made it a tenth of a large generation.)
    static func withoutOuterNewlines(_ text: String) -> String {
        let utf8 = text.utf8
        guard let first = utf8.firstIndex(where: { $0 != UInt8(ascii: "\n") }),
            let last = utf8.lastIndex(where: { $0 != UInt8(ascii: "\n") })
        else { return "" }
        return String(Substring(text.utf8[first...last]))
    }

    /// The type with its nested types rendered and indented one level. Mustache indents only the
    /// first line of each section inside an indented partial, so nesting is not left to it.
    private static func withNestedSource(_ type: TypeDeclaration, library: MustacheLibrary) throws(GenerationFailure) -> TypeDeclaration {
        var type = type
        type.nestedSource = try nestedSource(of: type, depth: 1, library: library)
        return type
    }

    /// Stands for a type's nested types while its own lines are indented.
    private static let nestedPlaceholder = "@@authgen-nested-types@@"

    /// The nested types of `type`, each rendered with every line indented `depth` levels. Each
    /// line is indented once, at its own depth: indenting a rendered type again at every level
    /// above it made deep nesting cubic (200 levels took seconds).
    private static func nestedSource(of type: TypeDeclaration, depth: Int, library: MustacheLibrary) throws(GenerationFailure) -> String {
        let pad = String(repeating: "    ", count: depth)
        var blocks: [String] = []
        for nested in type.nested {
            var shell = nested
            shell.nestedSource = nestedPlaceholder
            let own = try render(library, "type", shell).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            var lines: [String] = []
            for line in own {
                if line == nestedPlaceholder {
                    lines.append(try nestedSource(of: nested, depth: depth + 1, library: library))
                } else {
                    lines.append(line.isEmpty ? "" : pad + line)
                }
            }
            blocks.append(lines.joined(separator: "\n"))
        }
        return blocks.joined(separator: "\n\n")
    }

    /// One file to render. Unchecked: Mustache takes `Any`, but every context here holds only
    /// strings and the model's Sendable values, and rendering never mutates them.
    private struct RenderJob: @unchecked Sendable {
        var path: String
        var template: String
        var context: Any
    }

    /// Renders every job, on every core: each is a pure function of its context.
    private static func renderAll(_ jobs: [RenderJob], library: MustacheLibrary) throws(GenerationFailure) -> [String: String] {
        for name in Set(jobs.map(\.template)) where library.getTemplate(named: name) == nil {
            throw GenerationFailure(Diagnostic(.error, "template '\(name).mustache' is missing", file: "templates", hint: "restore it or remove the override"))
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
        let jobs = model.operations.filter { !$0.isWebTwin }.map { operation in
            RenderJob(path: "\(operation.operationId).md", template: "reference", context: ["spec": model.spec, "operation": operation] as [String: Any])
        }
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
            source += "        \(SwiftNaming.stringLiteral(name)): \(hashes)\"\"\"\n"
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                source += line.isEmpty ? "\n" : "        \(line)\n"
            }
            source += "        \"\"\"\(hashes),\n"
        }
        source += "    ]\n}\n"
        return source
    }
}
