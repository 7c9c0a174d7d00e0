import AuthGenSupport
import Foundation
import OpenAPIKit
import OpenAPIKit30
import OpenAPIKitCompat
import Yams

/// A spec that parsed and decoded: the OpenAPI 3.1 model, where each value sits in the file,
/// and the warnings found on the way.
package struct LoadedSpec: Equatable {
    package var path: String
    package var document: OpenAPIKit.OpenAPI.Document
    package var sourceMap: SourceMap
    /// The parsed tree, for checks that need the text as written (marks, `$ref` strings).
    package var root: Node
    package var diagnostics: [Diagnostic]
}

/// Loads an OpenAPI 3.0.x or 3.1.x document from JSON or YAML and diagnoses it.
package enum SpecLoader {
    /// What a load does beyond parsing and decoding.
    package struct Work: OptionSet, Sendable {
        package let rawValue: Int
        package init(rawValue: Int) { self.rawValue = rawValue }

        /// OpenAPIKit's own checks (`lint` runs them; they only warn, about things that do not
        /// change generated code, and take a quarter of a large run).
        package static let validation = Work(rawValue: 1)
        /// Example values decoded (only reference pages print them).
        package static let examples = Work(rawValue: 2)
        /// The linter, here; the generator runs `lint(_:)` beside the model build instead. A spec
        /// that fails to decode is linted either way.
        package static let lint = Work(rawValue: 4)

        package static let all: Work = [.validation, .examples, .lint]
    }

    /// Loads and checks `path`. Throws `GenerationFailure` when the spec has errors; warnings
    /// are returned in `LoadedSpec.diagnostics`.
    package static func load(path: String, doing work: Work = .all) throws(GenerationFailure) -> LoadedSpec {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw GenerationFailure(
                Diagnostic(
                    .error, "cannot read the spec", file: path,
                    hint: "check the path; it is resolved from \(FileManager.default.currentDirectoryPath)"))
        }
        return try load(data: data, path: path, doing: work)
    }

    /// Loads and checks `data`, read from `path`.
    package static func load(data: Data, path: String, doing work: Work = .all) throws(GenerationFailure) -> LoadedSpec {
        let examples = work.contains(.examples)
        guard let text = String(data: data, encoding: .utf8) else {
            throw GenerationFailure(Diagnostic(.error, "the spec is not UTF-8 text", file: path, hint: "save the file as UTF-8"))
        }
        if path.lowercased().hasSuffix(".json") { try checkStrictJSON(data, path: path) }
        let root: Node
        if !path.lowercased().hasSuffix(".json") { try checkKeys(text, path: path) }
        do {
            guard let node = try Yams.compose(yaml: text, .basic) else {
                throw GenerationFailure(Diagnostic(.error, "the spec is empty", file: path, hint: "start the document with `openapi: 3.1.0`"))
            }
            root = node
            try checkExpansion(root, textSize: data.count, path: path)
        } catch let failure as GenerationFailure {
            throw failure
        } catch {
            throw GenerationFailure(syntaxDiagnostic(error, path: path))
        }
        // OpenAPIKit decodes the paths on one core and, after the source map, the components on
        // the other. Every reader compares keys as text, so no thread writes to the shared tree
        // (Yams resolves node tags lazily by writing to the node).
        let (withoutComponents, componentsOnly) = split(root)
        let ((sourceMap, components), rest) = concurrently(
            {
                let sourceMap = SourceMap(file: path, root: root)
                return (sourceMap, Result { () throws(DecodeFailure) in try decode(componentsOnly, examples: examples) })
            },
            { Result { () throws(DecodeFailure) in try decode(withoutComponents, examples: examples) } })
        var document: OpenAPIKit.OpenAPI.Document
        switch (rest, components) {
        case (.success(let value), .success(let parts)):
            document = value
            document.components = parts.components
        case (.failure(let failure), _), (_, .failure(let failure)):
            throw GenerationFailure(SpecLinter(root: root, sourceMap: sourceMap).run() + [failure.diagnostic(sourceMap)])
        }
        var diagnostics = work.contains(.lint) ? SpecLinter(root: root, sourceMap: sourceMap).run() : []
        if work.contains(.validation) { diagnostics += validationWarnings(document, sourceMap: sourceMap) }
        if diagnostics.contains(where: { $0.severity == .error }) {
            throw GenerationFailure(diagnostics.sorted(by: Self.order))
        }
        return LoadedSpec(path: path, document: document, sourceMap: sourceMap, root: root, diagnostics: diagnostics.sorted(by: Self.order))
    }

    /// The linter's findings on the tree as written: dangling `$ref`s, duplicate operationIds,
    /// external references.
    package static func lint(_ spec: LoadedSpec) -> [Diagnostic] {
        SpecLinter(root: spec.root, sourceMap: spec.sourceMap).run().sorted(by: order)
    }

    /// The document without most of `components`, and one with only `components` (and the keys
    /// a document needs), so the two halves decode in parallel. The first keeps the security
    /// schemes: OpenAPIKit checks security requirements against them while decoding.
    private static func split(_ root: Node) -> (Node, Node) {
        guard case .mapping(let top) = root else { return (root, root) }
        let rest = top.map { pair -> (Node, Node) in
            guard pair.key.string == "components", case .mapping(let components) = pair.value else { return pair }
            return (pair.key, .mapping(Node.Mapping(components.filter { $0.key.string == "securitySchemes" }.map { ($0.key, $0.value) })))
        }
        let components = top.compactMap { pair -> (Node, Node)? in
            switch pair.key.string {
            case "openapi", "info", "components": pair
            case "paths": (pair.key, .mapping(Node.Mapping([])))
            default: nil
            }
        }
        return (.mapping(Node.Mapping(rest)), .mapping(Node.Mapping(components)))
    }

    /// YAML aliases repeat what they name, so a few hundred bytes can stand for billions of
    /// values (the "billion laughs"). A document without aliases has fewer values than bytes, and
    /// its pointers (which the source map keeps, one per value) add up to little more than its
    /// size times its depth; one that expands far beyond either is refused before anything
    /// walks it in full.
    private static func checkExpansion(_ root: Node, textSize: Int, path: String) throws(GenerationFailure) {
        let limit = 1_000_000 + textSize
        let pointerLimit = 256 << 20 + 100 * textSize
        var counted = 0
        var pointerBytes = 0
        // Depth-first with an explicit stack: a deep document must not overflow the call stack.
        // Only the first two tokens of a pointer are kept (shared below that, so no allocation),
        // and the length of the whole.
        var pending: [(node: Node, pointer: [String], length: Int)] = [(root, [], 0)]
        while let (node, pointer, length) = pending.popLast() {
            counted += 1
            pointerBytes += length
            if counted > limit || pointerBytes > pointerLimit {
                // Where it expands: the first two levels of the pointer, and that value's line.
                let place = Array(pointer.prefix(2))
                let mark = value(at: place, in: root)?.mark
                let at = place.map { "/" + SourceMap.escape($0) }.joined()
                let what = counted > limit ? "\(limit) values" : "\(pointerLimit >> 20) MB of JSON pointers"
                throw GenerationFailure(
                    Diagnostic(
                        .error, "the document expands to more than \(what), through YAML aliases under \(at.isEmpty ? "/" : at)",
                        file: path, line: mark?.line ?? 0, column: mark?.column ?? 0,
                        hint: "write the shared parts once under `components` and refer to them with `$ref`"))
            }
            switch node {
            case .mapping(let mapping):
                for (key, value) in mapping.reversed() {
                    let token = key.string ?? ""
                    pending.append((value, pointer.count < 2 ? pointer + [token] : pointer, length + 1 + token.utf8.count))
                }
            case .sequence(let sequence):
                for (index, element) in sequence.enumerated().reversed() {
                    pending.append((element, pointer.count < 2 ? pointer + [String(index)] : pointer, length + 1 + (index < 10 ? 1 : 6)))
                }
            case .scalar, .alias:
                break
            }
        }
    }

    /// Composing a YAML document hashes every mapping key to find duplicates, and hashing a key
    /// that is a collection walks all of it, aliases expanded: `{? [*a, *a]: 1}` is a billion
    /// laughs that no count after composing can stop. An OpenAPI key is always plain text, so a
    /// document that uses its anchors and has a key that may not be plain text is refused
    /// unread. Read from the text, so only names both anchored (`&a`) and aliased (`*a`) count:
    /// prose such as `**Note**:` in a description or `&sort=` in a URL is not taken for them.
    private static func checkKeys(_ text: String, path: String) throws(GenerationFailure) {
        let aliased = names(after: UInt8(ascii: "&"), in: text).intersection(names(after: UInt8(ascii: "*"), in: text))
        guard !aliased.isEmpty else { return }
        // An explicit key (`? `), an alias as a key (`*a :`), or a line that is a flow collection
        // used as a key (`[*a, *a]: 1`; a path template such as `/pets/{id}:` is plain text).
        let complexKey = /(?m)(^[ \t]*|[{,][ \t]*)\?([ \t]|$)|\*([A-Za-z0-9_.\-]+)[ \t]*:([ \t]|$)|^[ \t]*(- )?[\[{][^\n]*[\]}][ \t]*:([ \t]|$)/
        for match in text.matches(of: complexKey) {
            if let alias = match.output.3, !aliased.contains(String(alias)) { continue }
            let line = text[..<match.range.lowerBound].utf8.count { $0 == UInt8(ascii: "\n") } + 1
            throw GenerationFailure(
                Diagnostic(
                    .error, "a mapping key that is a collection or an alias, in a document with YAML aliases", file: path, line: line, column: 1,
                    hint: "OpenAPI keys are plain text: write this key as text"))
        }
    }

    /// The names written right after `sigil` (`&name`, `*name`) anywhere in the text.
    private static func names(after sigil: UInt8, in text: String) -> Set<String> {
        var names: Set<String> = []
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            defer { index += 1 }
            guard bytes[index] == sigil else { continue }
            var end = index + 1
            while end < bytes.count, bytes[end] < 0x80,
                bytes[end] == UInt8(ascii: "_") || bytes[end] == UInt8(ascii: "-") || bytes[end] == UInt8(ascii: ".")
                    || Character(Unicode.Scalar(bytes[end])).isLetter || Character(Unicode.Scalar(bytes[end])).isNumber
            {
                end += 1
            }
            if end > index + 1 { names.insert(String(decoding: bytes[(index + 1)..<end], as: UTF8.self)) }
            index = end - 1
        }
        return names
    }

    private static func value(at pointer: [String], in root: Node) -> Node? {
        pointer.reduce(Optional(root)) { node, token in
            switch node {
            case .mapping(let mapping)?: mapping.value(forKey: token)
            case .sequence(let sequence)?: Int(token).flatMap { $0 < sequence.count ? sequence[$0] : nil }
            default: nil
            }
        }
    }

    static func order(_ a: Diagnostic, _ b: Diagnostic) -> Bool {
        (a.line, a.column, a.message) < (b.line, b.column, b.message)
    }

    /// JSON that YAML would forgive (a trailing comma, a comment) is still bad JSON.
    private static func checkStrictJSON(_ data: Data, path: String) throws(GenerationFailure) {
        do {
            _ = try JSONParser.parse(data)
        } catch {
            throw GenerationFailure(
                Diagnostic(
                    .error, "invalid JSON: \(error.message)", file: path, line: error.line, column: error.column,
                    hint: "fix the JSON syntax at this position"))
        }
    }

    private static func syntaxDiagnostic(_ error: Error, path: String) -> Diagnostic {
        switch error as? YamlError {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let what = [context.map { "\($0.text)" }, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
            return Diagnostic(
                .error, "invalid YAML: \(what)", file: path, line: mark.line, column: mark.column, hint: "fix the syntax at this position")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return Diagnostic(
                .error, "duplicate keys \(duplicates.joined(separator: ", ")) in one mapping", file: path, line: context.mark.line,
                column: context.mark.column, hint: "keep one of each key")
        default:
            return Diagnostic(.error, "cannot parse the spec: \(error)", file: path)
        }
    }

    /// Why decoding failed, placed once the source map is at hand.
    private struct DecodeFailure: Error {
        var message: String
        var pointer: String
        var hint: String

        func diagnostic(_ sourceMap: SourceMap) -> Diagnostic {
            sourceMap.diagnostic(.error, message, at: pointer, hint: hint)
        }
    }

    private static func decode(_ root: Node, examples: Bool) throws(DecodeFailure) -> OpenAPIKit.OpenAPI.Document {
        guard case .mapping(let top) = root else {
            throw DecodeFailure(message: "the spec is not a mapping", pointer: "", hint: "start the document with `openapi: 3.1.0`")
        }
        let version = top.first { $0.key.string == "openapi" }?.value.string ?? ""
        let decoder = NodeDecoder(skipsExamples: !examples)
        do {
            if version.hasPrefix("3.1.") {
                return try decoder.decode(OpenAPIKit.OpenAPI.Document.self, from: root)
            } else if version.hasPrefix("3.0.") {
                return try decoder.decode(OpenAPIKit30.OpenAPI.Document.self, from: root).convert(to: .v3_1_0)
            }
        } catch {
            let described = OpenAPIKit.OpenAPI.Error(from: error)
            throw DecodeFailure(
                message: described.localizedDescription, pointer: Self.pointer(described.codingPath),
                hint: "make the value at this pointer match the OpenAPI \(version) schema")
        }
        if version.isEmpty, let swagger = top.first(where: { $0.key.string == "swagger" })?.value.string {
            throw DecodeFailure(
                message: "Swagger \(swagger) is not OpenAPI 3", pointer: "/swagger",
                hint: "convert the document to OpenAPI 3 (swagger2openapi, or the Swagger Editor's converter); authgen reads 3.0.x and 3.1.x")
        }
        throw DecodeFailure(
            message: version.isEmpty ? "no `openapi` version field" : "unsupported OpenAPI version \(version)", pointer: "/openapi",
            hint: "authgen reads OpenAPI 3.0.x and 3.1.x; set `openapi: 3.1.0`")
    }

    /// OpenAPIKit's own checks (server variables, parameter styles, bounds, ...), as warnings.
    private static func validationWarnings(_ document: OpenAPIKit.OpenAPI.Document, sourceMap: SourceMap) -> [Diagnostic] {
        // Reference and operationId checks are the linter's, with better positions; skip them here.
        let validator = OpenAPIKit.Validator.blank
            .validating(.pathParametersAreDefined)
            .validating(.serverVariablesAreDefined)
            .validating(.serverVariableEnumIsValid)
            .validating(.serverVariableDefaultExistsInEnum)
            .validating(.operationParametersAreUnique)
            .validating(.parameterStyleAndLocationAreCompatible)
            .validating(OpenAPIKit.BuiltinValidation.jsonSchemaNumericBoundIsValid)
            .validating(OpenAPIKit.BuiltinValidation.jsonSchemaArrayLengthBoundIsValid)
            .validating(OpenAPIKit.BuiltinValidation.jsonSchemaStringLengthBoundIsValid)
        do {
            _ = try document.validate(using: validator, strict: false)
            return []
        } catch let collection as OpenAPIKit.ValidationErrorCollection {
            return collection.values.map {
                // Warnings: these checks do not stop generation, and OpenAPIKit misreads some valid
                // path templates (`{base}...{head}`).
                sourceMap.diagnostic(.warning, $0.reason, at: pointer($0.codingPath), hint: "correct the value at this pointer")
            }
        } catch {
            return [Diagnostic(.warning, "\(error)", file: sourceMap.file)]
        }
    }

    static func pointer(_ codingPath: [any CodingKey]) -> String {
        codingPath.map { "/" + SourceMap.escape($0.intValue.map(String.init) ?? $0.stringValue) }.joined()
    }
}
