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
    /// Every problem of the file is reported at once, each at its line.
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
        var reader = ConfigReader(path: path, root: root)
        let config = reader.config(buildOutput: buildOutput)
        guard let config, reader.problems.isEmpty else { throw GenerationFailure(reader.problems) }
        return config
    }
}
