import Foundation
import Mustache

/// The generator: spec, config and templates in; a file plan out. Pure: it reads its inputs
/// and writes nothing, so a failure anywhere leaves every output untouched.
public enum Generator {
    /// All files of every output, by output folder and relative path.
    public struct Plan: Sendable {
        public struct Output: Sendable {
            public var root: String
            public var files: [String: String]
        }

        public var outputs: [Output]
        public var diagnostics: [Diagnostic]
    }

    public static func plan(_ config: GeneratorConfig) throws(GenerationFailure) -> Plan {
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
                    let loaded = try SpecLoader.load(path: config.spec)
                    diagnostics += loaded.diagnostics
                    spec = loaded
                }
                let model: RenderModel
                if let cached = models[output.access] {
                    model = cached
                } else {
                    let (built, modelDiagnostics) = try ModelBuilder(spec: spec!, selection: config.selection, access: output.access).build()
                    if models.isEmpty { diagnostics += modelDiagnostics }
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

    /// LF line ends, no trailing spaces, no runs of blank lines, one final newline.
    static func normalized(_ text: String) -> String {
        var lines: [Substring] = []
        for line in text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.reversed().drop(while: { $0 == " " || $0 == "\t" })
            let clean = Substring(String(trimmed.reversed()))
            if clean.isEmpty, lines.last?.isEmpty == true { continue }
            lines.append(clean)
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func header(_ model: RenderModel) -> [String: Any] {
        ["spec": model.spec, "title": model.title, "version": model.version, "access": model.access]
    }

    static func swiftFiles(_ model: RenderModel, library: MustacheLibrary) throws(GenerationFailure) -> [String: String] {
        var files: [String: String] = [:]
        files["Schemas.swift"] = try render(library, "schemas", header(model))
        for type in model.types {
            var context = header(model)
            context["type"] = type
            files["Models/\(type.name).swift"] = try render(library, "model", context)
            context["schemas"] = flattened(type)
            files["Validators/\(type.name)+Schema.swift"] = try render(library, "validator", context)
        }
        guard !model.operations.isEmpty else { return files }
        files["Operations.swift"] = try render(library, "operations", header(model))
        files["Client.swift"] = try render(library, "client", header(model))
        var server = header(model)
        server["operations"] = model.operations
        files["Server.swift"] = try render(library, "server", server)
        for operation in model.operations {
            var context = header(model)
            context["operation"] = operation
            files["Operations/\(operation.swiftName).swift"] = try render(library, "operation", context)
            files["Client/Client+\(operation.swiftName).swift"] = try render(library, "client-operation", context)
            files["Server/APIProtocol+\(operation.swiftName).swift"] = try render(library, "server-operation", context)
        }
        return files
    }

    private static func flattened(_ type: TypeDeclaration) -> [TypeDeclaration] {
        [type] + type.nested.flatMap(flattened)
    }

    static func docFiles(_ model: RenderModel, library: MustacheLibrary) throws(GenerationFailure) -> [String: String] {
        var files: [String: String] = [:]
        for operation in model.operations where !operation.isWebTwin {
            files["\(operation.operationId).md"] = try render(library, "reference", [
                "spec": model.spec, "operation": operation,
            ] as [String: Any])
        }
        return files
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
