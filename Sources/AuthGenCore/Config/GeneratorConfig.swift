import Foundation
import Yams

/// What to generate: a spec, a selection, and outputs. Read from `authgen.yaml`, or made from
/// command-line flags for one-off runs.
package struct GeneratorConfig: Sendable, Equatable {
    package enum OutputKind: String, Sendable, CaseIterable {
        /// Models, validators and the `Schemas` namespace.
        case swift
        /// Markdown reference pages, one per operation (a mobile page covers its web twin).
        case docs
        /// The built-in templates as Swift source, so the authgen binary carries them.
        case templateBundle = "template-bundle"
        /// The facts of the reference pages as JSON (`Schemas/reference-data.schema.json`).
        case referenceData = "reference-data"

        /// Whether reference pages are made from it: their facts and examples are read only then.
        var isPage: Bool { self == .docs || self == .referenceData }
    }

    package struct Output: Sendable, Equatable {
        package var kind: OutputKind
        package var path: String
        package var access: AccessLevel
        /// Swift only: one file per kind of declaration, each always written, instead of files
        /// by initial letter. A build plugin must name its output files before it runs.
        package var fixedFiles = false

        package init(kind: OutputKind, path: String, access: AccessLevel = .public, fixedFiles: Bool = false) {
            self.kind = kind
            self.path = path
            self.access = access
            self.fixedFiles = fixedFiles
        }

        /// The files a Swift output with fixed files always has (the AuthGenBuild plugin names the same).
        package static let fixedFileNames = [
            "Schemas.swift", "Operations.swift", "Client.swift", "Server.swift", "Models.swift", "Validators.swift", "OperationTypes.swift",
        ]
    }

    /// Where `authgen scaffold` writes handler skeletons, and what they extend.
    package struct Scaffold: Sendable, Equatable {
        package var path: String
        /// The handler type the skeletons extend; it conforms to `APIProtocol`.
        package var type: String
        /// The module of the generated code the skeletons import.
        package var module: String

        package init(path: String, type: String = "APIHandler", module: String = "API") {
            self.path = path
            self.type = type
            self.module = module
        }
    }

    package var spec: String
    package var templates: String?
    package var selection: Selection
    package var outputs: [Output]
    package var scaffold: Scaffold?
    /// The API's reference-page conventions; none unless the config names them.
    package var pages: PageConventions
    package var overrides: Overrides

    package init(
        spec: String, templates: String? = nil, selection: Selection = Selection(), outputs: [Output], scaffold: Scaffold? = nil,
        pages: PageConventions = PageConventions(), overrides: Overrides = Overrides()
    ) {
        self.spec = spec
        self.templates = templates
        self.selection = selection
        self.outputs = outputs
        self.scaffold = scaffold
        self.pages = pages
        self.overrides = overrides
    }

    /// Reads a config file; paths in it are relative to the file's folder. With `buildOutput`
    /// (the build plugin's run) the config's Swift output is written there as fixed files, and
    /// the spec and templates must be in the config's folder, the only one SwiftPM watches.
    package static func load(path: String, buildOutput: String? = nil) throws(GenerationFailure) -> GeneratorConfig {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw GenerationFailure(
                Diagnostic(.error, "cannot read the config", file: path, hint: "run from the folder that holds authgen.yaml, or pass --config FILE"))
        }
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else { throw GenerationFailure(Diagnostic(.error, "the config is empty", file: path)) }
            root = node
        } catch let failure as GenerationFailure {
            throw failure
        } catch {
            throw GenerationFailure(Diagnostic(.error, "invalid YAML: \(error)", file: path))
        }
        let map = SourceMap(file: path, root: root)
        let base = URL(fileURLWithPath: path).deletingLastPathComponent().path
        func resolve(_ relative: String) -> String {
            relative.hasPrefix("/") ? relative : (base == "." || base.isEmpty ? relative : base + "/" + relative)
        }
        func fail(_ message: String, _ pointer: String, _ hint: String) -> GenerationFailure {
            GenerationFailure(map.diagnostic(.error, message, at: pointer, hint: hint))
        }
        func strings(_ node: Node?, _ pointer: String) throws(GenerationFailure) -> [String] {
            guard let node else { return [] }
            guard case .sequence(let sequence) = node else { throw fail("must be a list of strings", pointer, "write [a, b]") }
            var result: [String] = []
            for (index, element) in sequence.enumerated() {
                guard let string = element.string else { throw fail("must be a string", "\(pointer)/\(index)", "quote the value") }
                result.append(string)
            }
            return result
        }

        let known: Set<String> = ["spec", "templates", "selection", "outputs", "scaffold", "pages", "nameOverrides", "typeOverrides"]
        if case .mapping(let mapping) = root {
            for key in mapping.keys.compactMap(\.string) where !known.contains(key) {
                throw fail("unknown key '\(key)'", "/\(key)", "known keys: \(known.sorted().joined(separator: ", "))")
            }
        } else {
            throw fail("the config must be a mapping", "", "see authgen.yaml in the authgen repository")
        }
        guard let spec = root["spec"]?.string else { throw fail("`spec` is required", "/spec", "name the OpenAPI file, e.g. spec: specs/v1.json") }
        let selectionNode = root["selection"]
        let selection = Selection(
            operationIds: try strings(selectionNode?["operations"], "/selection/operations"),
            tags: try strings(selectionNode?["tags"], "/selection/tags"),
            paths: try strings(selectionNode?["paths"], "/selection/paths"))
        guard case .sequence(let outputNodes)? = root["outputs"], !outputNodes.isEmpty else {
            throw fail("`outputs` must list at least one output", "/outputs", "add - {kind: swift, path: Sources/API}")
        }
        var outputs: [Output] = []
        for (index, node) in outputNodes.enumerated() {
            let pointer = "/outputs/\(index)"
            guard let kindName = node["kind"]?.string else {
                throw fail("`kind` is required", pointer, "one of: \(OutputKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let kind = OutputKind(rawValue: kindName) else {
                throw fail(
                    "unknown output kind '\(kindName)'", pointer + "/kind", "one of: \(OutputKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let outputPath = node["path"]?.string else { throw fail("`path` is required", pointer, "name the folder the output owns") }
            guard let access = AccessLevel(rawValue: node["access"]?.string ?? "public") else {
                throw fail("access must be public, package or internal", pointer + "/access", "write access: public")
            }
            outputs.append(Output(kind: kind, path: resolve(outputPath), access: access))
        }
        var scaffold: Scaffold?
        if let node = root["scaffold"] {
            guard let scaffoldPath = node["path"]?.string else {
                throw fail("`path` is required", "/scaffold", "name the folder handler skeletons go to")
            }
            // The module defaults to the Swift output's folder name, as SwiftPM names targets.
            let module =
                node["module"]?.string
                ?? outputs.first { $0.kind == .swift }.map { URL(fileURLWithPath: $0.path).lastPathComponent } ?? "API"
            scaffold = Scaffold(path: resolve(scaffoldPath), type: node["type"]?.string ?? "APIHandler", module: module)
        }
        if let buildOutput {
            guard let swift = outputs.first(where: { $0.kind == .swift }) else {
                throw fail(
                    "the build plugin generates the config's swift output, and this config has none", "/outputs",
                    "add - {kind: swift, path: Generated}")
            }
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().standardizedFileURL.path
            for (key, relative) in [("spec", spec), ("templates", root["templates"]?.string)] {
                guard let relative else { continue }
                guard URL(fileURLWithPath: resolve(relative)).standardizedFileURL.path.hasPrefix(folder + "/") else {
                    throw fail(
                        "'\(relative)' is outside the target's folder, so editing it would not regenerate", "/\(key)", "move it next to authgen.yaml")
                }
            }
            outputs = [Output(kind: .swift, path: buildOutput, access: swift.access, fixedFiles: true)]
        }
        return GeneratorConfig(
            spec: resolve(spec), templates: root["templates"]?.string.map(resolve), selection: selection, outputs: outputs, scaffold: scaffold,
            pages: try pageConventions(root["pages"], fail: fail), overrides: try overrides(root, fail: fail))
    }

    /// `nameOverrides: {openAPIName: swiftIdentifier}` and `typeOverrides: {schemas: {Name: Module.Type}}`.
    /// Each value is printed into generated code, so it must be an identifier (a dotted path for
    /// types) and nothing else.
    private static func overrides(_ root: Node, fail: (String, String, String) -> GenerationFailure) throws(GenerationFailure) -> Overrides {
        func map(_ node: Node?, _ pointer: String, _ valid: Regex<Substring>, _ hint: String) throws(GenerationFailure) -> [String: String] {
            guard let node else { return [:] }
            guard case .mapping(let mapping) = node else { throw fail("must be a mapping", pointer, hint) }
            var result: [String: String] = [:]
            for (key, value) in mapping {
                guard let name = key.string else { throw fail("keys must be strings", pointer, hint) }
                let entry = pointer + "/" + SourceMap.escape(name)
                guard let swift = value.string, (try? valid.wholeMatch(in: swift)) != nil else {
                    throw fail("'\(value.string ?? "")' is not a Swift identifier", entry, hint)
                }
                result[name] = swift
            }
            return result
        }
        let identifier = /[A-Za-z_][A-Za-z0-9_]*/
        let typePath = /[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/
        let names = try map(root["nameOverrides"], "/nameOverrides", identifier, "write openapi_name: swiftName")
        var types: [String: String] = [:]
        if let node = root["typeOverrides"] {
            guard case .mapping(let mapping) = node, mapping.keys.allSatisfy({ $0.string == "schemas" }) else {
                throw fail("must be a mapping with `schemas`", "/typeOverrides", "write typeOverrides: {schemas: {UUID: Foundation.UUID}}")
            }
            types = try map(node["schemas"], "/typeOverrides/schemas", typePath, "write SchemaName: Module.TypeName")
        }
        return Overrides(names: names, types: types)
    }

    /// The `pages` entry: every key named, every value a string.
    private static func pageConventions(
        _ node: Node?, fail: (String, String, String) -> GenerationFailure
    ) throws(GenerationFailure) -> PageConventions {
        guard let node else { return PageConventions() }
        func string(_ node: Node?, _ pointer: String, _ example: String) throws(GenerationFailure) -> String {
            guard let value = node?.string, !value.isEmpty else {
                throw fail("`\(pointer.split(separator: "/").last ?? "")` must be a string", pointer, "write \(example)")
            }
            return value
        }
        func keys(_ node: Node, _ allowed: Set<String>, _ pointer: String) throws(GenerationFailure) {
            guard case .mapping(let mapping) = node else {
                throw fail("must be a mapping", pointer, "known keys: \(allowed.sorted().joined(separator: ", "))")
            }
            for key in mapping.keys.compactMap(\.string) where !allowed.contains(key) {
                throw fail("unknown key '\(key)'", pointer + "/" + key, "known keys: \(allowed.sorted().joined(separator: ", "))")
            }
        }
        try keys(node, ["twins", "errorCodePointer"], "/pages")
        var conventions = PageConventions()
        if let pointer = node["errorCodePointer"] {
            let value = try string(pointer, "/pages/errorCodePointer", "errorCodePointer: /status/code")
            guard value.hasPrefix("/") else { throw fail("must be a JSON pointer", "/pages/errorCodePointer", "start it with /, e.g. /status/code") }
            conventions.errorCodePointer = value
        }
        if let twins = node["twins"] {
            try keys(twins, ["extension", "primary", "twin", "primaryAudience"], "/pages/twins")
            func labels(_ name: String) throws(GenerationFailure) -> PageConventions.Labels {
                let pointer = "/pages/twins/\(name)"
                guard let labels = twins[name] else {
                    throw fail("`\(name)` is required", pointer, "write \(name): {uriRow: URI for Mobile App, requestURL: 'For mobile application:'}")
                }
                try keys(labels, ["uriRow", "requestURL"], pointer)
                return PageConventions.Labels(
                    uriRow: try string(labels["uriRow"], pointer + "/uriRow", "uriRow: URI for Mobile App"),
                    requestURL: try string(labels["requestURL"], pointer + "/requestURL", "requestURL: 'For mobile application:'"))
            }
            conventions.twins = PageConventions.Twins(
                extension: try string(twins["extension"], "/pages/twins/extension", "extension: x-web-twin"),
                primary: try labels("primary"), twin: try labels("twin"),
                primaryAudience: try string(twins["primaryAudience"], "/pages/twins/primaryAudience", "primaryAudience: the mobile app"))
        }
        return conventions
    }
}
