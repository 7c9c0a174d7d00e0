import Foundation
import Yams

/// Reads `authgen.yaml` into a `GeneratorConfig`, noting every problem (an unknown key, a value of
/// the wrong kind, a missing one) with its JSON pointer, so one run names them all.
struct ConfigReader {
    let path: String
    let root: Node
    private let map: SourceMap
    private let base: String
    private(set) var problems: [Diagnostic] = []

    init(path: String, root: Node) {
        self.path = path
        self.root = root
        map = SourceMap(file: path, root: root)
        base = URL(fileURLWithPath: path).deletingLastPathComponent().path
    }

    /// The config, or nil when a required part is missing; `problems` says what is wrong.
    mutating func config(buildOutput: String?) -> GeneratorConfig? {
        let known = ["spec", "templates", "selection", "outputs", "scaffold", "pages", "nameOverrides", "typeOverrides"]
        guard case .mapping = root else {
            problem("the config must be a mapping", "", "see authgen.yaml in the authgen repository")
            return nil
        }
        keys(root, known, "")
        let spec = string(root["spec"], "/spec", required: "`spec` is required", hint: "name the OpenAPI file, e.g. spec: specs/v1.json")
        let templates = string(root["templates"], "/templates")
        let selection = self.selection(root["selection"])
        var outputs = self.outputs(root["outputs"])
        let scaffold = self.scaffold(root["scaffold"], outputs: outputs)
        let pages = pageConventions(root["pages"])
        let overrides = self.overrides()
        if let buildOutput { outputs = pluginOutputs(outputs, buildOutput: buildOutput, spec: spec, templates: templates) }
        guard let spec else { return nil }
        return GeneratorConfig(
            spec: inConfigFolder(spec), templates: templates.map(inConfigFolder), selection: selection, outputs: outputs, scaffold: scaffold,
            pages: pages,
            overrides: overrides)
    }

    // MARK: Parts

    private mutating func selection(_ node: Node?) -> Selection {
        guard let node else { return Selection() }
        keys(node, ["operations", "tags", "paths"], "/selection")
        return Selection(
            operationIds: strings(node["operations"], "/selection/operations"), tags: strings(node["tags"], "/selection/tags"),
            paths: strings(node["paths"], "/selection/paths"))
    }

    private mutating func outputs(_ node: Node?) -> [GeneratorConfig.Output] {
        guard case .sequence(let nodes)? = node, !nodes.isEmpty else {
            problem("`outputs` must list at least one output", "/outputs", "add - {kind: swift, path: Sources/API}")
            return []
        }
        let kinds = "one of: \(GeneratorConfig.OutputKind.allCases.map(\.rawValue).joined(separator: ", "))"
        var outputs: [GeneratorConfig.Output] = []
        for (index, node) in nodes.enumerated() {
            let pointer = "/outputs/\(index)"
            keys(node, ["kind", "path", "access"], pointer)
            let kindName = string(node["kind"], pointer, required: "`kind` is required", hint: kinds)
            let kind = kindName.flatMap(GeneratorConfig.OutputKind.init(rawValue:))
            if let kindName, kind == nil { problem("unknown output kind '\(kindName)'", pointer + "/kind", kinds) }
            let outputPath = string(node["path"], pointer, required: "`path` is required", hint: "name the folder the output owns")
            let access = AccessLevel(rawValue: node["access"]?.string ?? "public")
            if access == nil { problem("access must be public, package or internal", pointer + "/access", "write access: public") }
            if let kind, let outputPath, let access { outputs.append(.init(kind: kind, path: inConfigFolder(outputPath), access: access)) }
        }
        return outputs
    }

    private mutating func scaffold(_ node: Node?, outputs: [GeneratorConfig.Output]) -> GeneratorConfig.Scaffold? {
        guard let node else { return nil }
        keys(node, ["path", "type", "module"], "/scaffold")
        let folder = string(node["path"], "/scaffold", required: "`path` is required", hint: "name the folder handler skeletons go to")
        // Both are printed into Swift source: identifiers and nothing else.
        let type = identifier(node["type"], "/scaffold/type") ?? "APIHandler"
        // The module defaults to the Swift output's folder name, as SwiftPM names targets.
        let module =
            identifier(node["module"], "/scaffold/module")
            ?? outputs.first { $0.kind == .swift }.map { URL(fileURLWithPath: $0.path).lastPathComponent } ?? "API"
        return folder.map { GeneratorConfig.Scaffold(path: inConfigFolder($0), type: type, module: module) }
    }

    /// The build plugin's run: the config's Swift output as fixed files in `buildOutput`, from a
    /// spec and templates inside the target's folder.
    private mutating func pluginOutputs(
        _ outputs: [GeneratorConfig.Output], buildOutput: String, spec: String?, templates: String?
    ) -> [GeneratorConfig.Output] {
        guard let swift = outputs.first(where: { $0.kind == .swift }) else {
            problem(
                "the build plugin generates the config's swift output, and this config has none", "/outputs", "add - {kind: swift, path: Generated}")
            return outputs
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().standardizedFileURL.path
        for (key, relative) in [("spec", spec), ("templates", templates)] {
            guard let relative, !URL(fileURLWithPath: inConfigFolder(relative)).standardizedFileURL.path.hasPrefix(folder + "/") else { continue }
            problem("'\(relative)' is outside the target's folder, so editing it would not regenerate", "/\(key)", "move it next to authgen.yaml")
        }
        return [GeneratorConfig.Output(kind: .swift, path: buildOutput, access: swift.access, fixedFiles: true)]
    }

    /// `nameOverrides: {openAPIName: swiftIdentifier}` and `typeOverrides: {schemas: {Name: Module.Type}}`.
    /// Each value is printed into generated code, so it must be an identifier (a dotted path for
    /// types) and nothing else.
    private mutating func overrides() -> Overrides {
        let names = identifierMap(root["nameOverrides"], "/nameOverrides", SwiftNaming.identifier, "write openapi_name: swiftName")
        var types: [String: String] = [:]
        if let node = root["typeOverrides"] {
            if case .mapping(let mapping) = node, mapping.keys.allSatisfy({ $0.string == "schemas" }) {
                let typePath = /[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/
                types = identifierMap(node["schemas"], "/typeOverrides/schemas", typePath, "write SchemaName: Module.TypeName")
            } else {
                problem("must be a mapping with `schemas`", "/typeOverrides", "write typeOverrides: {schemas: {UUID: Foundation.UUID}}")
            }
        }
        return Overrides(names: names, types: types)
    }

    /// The `pages` entry: every key named, every value a string.
    private mutating func pageConventions(_ node: Node?) -> PageConventions {
        guard let node else { return PageConventions() }
        keys(node, ["twins", "errorCodePointer"], "/pages")
        var conventions = PageConventions()
        if let pointer = node["errorCodePointer"] {
            let value = nonEmpty(pointer, "/pages/errorCodePointer", "errorCodePointer: /status/code")
            if let value, !value.hasPrefix("/") {
                problem("must be a JSON pointer", "/pages/errorCodePointer", "start it with /, e.g. /status/code")
            } else {
                conventions.errorCodePointer = value
            }
        }
        if let twins = node["twins"] {
            keys(twins, ["extension", "primary", "twin", "primaryAudience"], "/pages/twins")
            let primary = labels(twins, "primary")
            let twin = labels(twins, "twin")
            var `extension` = nonEmpty(twins["extension"], "/pages/twins/extension", "extension: x-web-twin")
            // Only an `x-` key is a vendor extension: any other never holds a twin.
            if let name = `extension`, !name.hasPrefix("x-") {
                problem("'\(name)' is not a vendor extension", "/pages/twins/extension", "name it x-…, e.g. extension: x-web-twin")
                `extension` = nil
            }
            let audience = nonEmpty(twins["primaryAudience"], "/pages/twins/primaryAudience", "primaryAudience: the mobile app")
            if let `extension`, let primary, let twin, let audience {
                conventions.twins = PageConventions.Twins(extension: `extension`, primary: primary, twin: twin, primaryAudience: audience)
            }
        }
        return conventions
    }

    private mutating func labels(_ twins: Node, _ name: String) -> PageConventions.Labels? {
        let pointer = "/pages/twins/\(name)"
        guard let labels = twins[name] else {
            problem("`\(name)` is required", pointer, "write \(name): {uriRow: URI for Mobile App, requestURL: 'For mobile application:'}")
            return nil
        }
        keys(labels, ["uriRow", "requestURL"], pointer)
        let uriRow = nonEmpty(labels["uriRow"], pointer + "/uriRow", "uriRow: URI for Mobile App")
        let requestURL = nonEmpty(labels["requestURL"], pointer + "/requestURL", "requestURL: 'For mobile application:'")
        guard let uriRow, let requestURL else { return nil }
        return PageConventions.Labels(uriRow: uriRow, requestURL: requestURL)
    }

    // MARK: Values

    private mutating func problem(_ message: String, _ pointer: String, _ hint: String) {
        problems.append(map.diagnostic(.error, message, at: pointer, hint: hint))
    }

    /// Notes each key of `node` that is not in `allowed` (or that `node` is no mapping).
    private mutating func keys(_ node: Node, _ allowed: [String], _ pointer: String) {
        let hint = "known keys: \(allowed.sorted().joined(separator: ", "))"
        guard case .mapping(let mapping) = node else {
            problem("must be a mapping", pointer, hint)
            return
        }
        for key in mapping.keys.compactMap(\.string) where !allowed.contains(key) {
            problem("unknown key '\(key)'", pointer + "/" + SourceMap.escape(key), hint)
        }
    }

    /// A string, when given (`required` says what to report when not).
    private mutating func string(_ node: Node?, _ pointer: String, required: String? = nil, hint: String = "quote the value") -> String? {
        guard let node else {
            if let required { problem(required, pointer, hint) }
            return nil
        }
        guard let value = Self.text(node) else {
            problem("must be a string", pointer, "quote the value")
            return nil
        }
        return value
    }

    /// A string that is not empty, reported by its key.
    private mutating func nonEmpty(_ node: Node?, _ pointer: String, _ example: String) -> String? {
        guard let value = node.flatMap(Self.text), !value.isEmpty else {
            problem("`\(pointer.split(separator: "/").last ?? "")` must be a string", pointer, "write \(example)")
            return nil
        }
        return value
    }

    private mutating func identifier(_ node: Node?, _ pointer: String) -> String? {
        guard let value = string(node, pointer) else { return nil }
        guard SwiftNaming.isIdentifier(value) else {
            problem("'\(value)' is not a Swift identifier", pointer, "letters, digits and _, not starting with a digit, and no keyword")
            return nil
        }
        return value
    }

    private mutating func strings(_ node: Node?, _ pointer: String) -> [String] {
        guard let node else { return [] }
        guard case .sequence(let sequence) = node else {
            problem("must be a list of strings", pointer, "write [a, b]")
            return []
        }
        return sequence.enumerated().compactMap { index, element in string(element, "\(pointer)/\(index)") }
    }

    private mutating func identifierMap(_ node: Node?, _ pointer: String, _ valid: Regex<Substring>, _ hint: String) -> [String: String] {
        guard let node else { return [:] }
        guard case .mapping(let mapping) = node else {
            problem("must be a mapping", pointer, hint)
            return [:]
        }
        var result: [String: String] = [:]
        for (key, value) in mapping {
            guard let name = key.string else {
                problem("keys must be strings", pointer, hint)
                continue
            }
            guard let swift = value.string, (try? valid.wholeMatch(in: swift)) != nil else {
                problem("'\(value.string ?? "")' is not a Swift identifier", pointer + "/" + SourceMap.escape(name), hint)
                continue
            }
            result[name] = swift
        }
        return result
    }

    /// A scalar's text, unless YAML reads it as something else (a number, a boolean, null):
    /// `path: 7` is refused as the config's JSON Schema refuses it.
    private static func text(_ node: Node) -> String? {
        guard case .scalar(let scalar) = node else { return nil }
        if scalar.style == .plain, node.int != nil || node.float != nil || node.bool != nil || node.null != nil { return nil }
        return scalar.string
    }

    private func inConfigFolder(_ relative: String) -> String {
        relative.hasPrefix("/") ? relative : (base == "." || base.isEmpty ? relative : base + "/" + relative)
    }
}
