import Foundation

/// The generator as DESIGN.md's stages, each a function from one named value to the next:
/// `load` (templates, spec) → `select` (the operations kept) → `resolve` (a render model per
/// access level) → `render` (every output's files, laid out by `FileLayout`). Pure: it reads its
/// inputs and writes nothing, so a failure anywhere leaves every output untouched. `generate`
/// and `check` run them all; `scaffold` renders its own templates after the same load, select
/// and resolve; `lint` stops after resolve. Each stage's value carries the diagnostics so far.
package enum Generator {
    /// What the load stage read: the templates and, when something is made from it, the spec.
    package struct Loaded: Equatable {
        package var templates: TemplateSet
        package var spec: LoadedSpec?
        package var diagnostics: [Diagnostic]
    }

    /// What the select stage kept: the spec's operations the selection names, in spec order.
    package struct Selected: Equatable {
        package var operations: [ModelBuilder.SelectedOperation]
    }

    /// What the resolve stage built: a render model per access level asked for.
    package struct Resolved: Sendable, Equatable {
        package var models: [AccessLevel: RenderModel]
        package var diagnostics: [Diagnostic]

        /// The model of `access`, or a failure naming it (never a trap).
        package func model(_ access: AccessLevel) throws(GenerationFailure) -> RenderModel {
            guard let model = models[access] else {
                throw GenerationFailure(Diagnostic(.error, "no model was built for access level \(access.rawValue)", file: "authgen"))
            }
            return model
        }
    }

    /// What the render stage made: all files of every output, by output folder and relative path.
    package struct Plan: Sendable, Equatable {
        package struct Output: Sendable, Equatable {
            package var root: String
            package var files: [String: String]
        }

        package var outputs: [Output]
        package var diagnostics: [Diagnostic]
    }

    /// One model to build: its access level, and whether pages are made from it (their facts
    /// cost a quarter of a large run, so only docs and reference data get them).
    package struct ModelRequest: Sendable, Equatable {
        package var access: AccessLevel
        package var pageFacts: Bool

        package init(access: AccessLevel, pageFacts: Bool) {
            self.access = access
            self.pageFacts = pageFacts
        }
    }

    /// Every stage, as `generate` and `check` run them.
    package static func plan(_ config: GeneratorConfig) throws(GenerationFailure) -> Plan {
        let loaded = try load(config)
        let resolved = try resolve(loaded, try select(loaded, config.selection), config)
        return try render(resolved, loaded, config)
    }

    // MARK: Load

    /// The load stage for a config: its templates, and its spec unless only the template
    /// bundle is made (examples decoded only when pages print them).
    package static func load(_ config: GeneratorConfig) throws(GenerationFailure) -> Loaded {
        let fromSpec = config.outputs.filter { $0.kind != .templateBundle }
        return try load(
            templates: config.templates, spec: fromSpec.isEmpty ? nil : config.spec,
            work: fromSpec.contains { $0.kind.isPage } ? [.examples] : [])
    }

    /// The built-in templates overridden by `templates`, and the spec at `spec` loaded doing `work`.
    package static func load(templates: String?, spec: String?, work: SpecLoader.Work) throws(GenerationFailure) -> Loaded {
        let (templateSet, found) = try TemplateSet.overriding(with: templates)
        let loadedSpec = try spec.map { path throws(GenerationFailure) in try SpecLoader.load(path: path, doing: work) }
        return Loaded(templates: templateSet, spec: loadedSpec, diagnostics: found + (loadedSpec?.diagnostics ?? []))
    }

    // MARK: Select

    /// The select stage: the operations `selection` keeps (none without a spec); an operationId,
    /// tag or path it names and the spec lacks is an error.
    package static func select(_ loaded: Loaded, _ selection: Selection) throws(GenerationFailure) -> Selected {
        guard let spec = loaded.spec else { return Selected(operations: []) }
        return Selected(operations: try ModelBuilder(spec: spec, selection: selection).select())
    }

    // MARK: Resolve

    /// The resolve stage for a config: a model per access level of its outputs (a Swift and a
    /// docs output of one level share it), with the linter beside the first build.
    package static func resolve(_ loaded: Loaded, _ selected: Selected, _ config: GeneratorConfig) throws(GenerationFailure) -> Resolved {
        var requests: [ModelRequest] = []
        for output in config.outputs where output.kind != .templateBundle {
            if let index = requests.firstIndex(where: { $0.access == output.access }) {
                requests[index].pageFacts = requests[index].pageFacts || output.kind.isPage
            } else {
                requests.append(ModelRequest(access: output.access, pageFacts: output.kind.isPage))
            }
        }
        return try resolve(
            loaded, selected, requests, selection: config.selection, conventions: config.pages, overrides: config.overrides, lint: true)
    }

    /// The selected operations modelled once per request. With `lint`, the linter runs beside
    /// the first build, and its errors stop the run.
    package static func resolve(
        _ loaded: Loaded, _ selected: Selected, _ requests: [ModelRequest], selection: Selection, conventions: PageConventions = .init(),
        overrides: Overrides = .init(), lint: Bool
    ) throws(GenerationFailure) -> Resolved {
        var diagnostics = DiagnosticCollector()
        diagnostics.report(loaded.diagnostics)
        guard let spec = loaded.spec, !requests.isEmpty else { return Resolved(models: [:], diagnostics: diagnostics.diagnostics) }
        var models: [AccessLevel: RenderModel] = [:]
        for (index, request) in requests.enumerated() {
            let builder = ModelBuilder(
                spec: spec, selection: selection, access: request.access, pageFacts: request.pageFacts, conventions: conventions,
                overrides: overrides)
            let linting = lint && index == 0
            let (built, lintFindings) = concurrently(
                {
                    var found = DiagnosticCollector()
                    let model = builder.resolve(selected.operations, reporting: &found)
                    return (model, found.diagnostics)
                },
                { linting ? SpecLoader.lint(spec) : [] })
            if lintFindings.contains(where: { $0.severity == .error }) { throw GenerationFailure(lintFindings) }
            if index == 0 { diagnostics.report(lintFindings + built.1) }
            models[request.access] = built.0
        }
        return Resolved(models: models, diagnostics: diagnostics.diagnostics)
    }

    // MARK: Render

    /// The render stage: each output of the config from its model, in the config's order.
    package static func render(_ resolved: Resolved, _ loaded: Loaded, _ config: GeneratorConfig) throws(GenerationFailure) -> Plan {
        let library = try loaded.templates.library()
        var outputs: [Plan.Output] = []
        for output in config.outputs {
            let files: [String: String]
            switch output.kind {
            case .templateBundle:
                // Exactly the template folder, so a template deleted there leaves the bundle too.
                files = [
                    "BuiltinTemplates.swift": TemplateBundle.source(try config.templates.map(TemplateSet.readDirectory) ?? loaded.templates.files)
                ]
            case .swift:
                files = try FileLayout.swiftFiles(try resolved.model(output.access), library: library, fixedFiles: output.fixedFiles)
            case .docs:
                files = try Renderer.docFiles(try resolved.model(output.access), library: library)
            case .referenceData:
                files = try ReferenceData.files(try resolved.model(output.access))
            }
            outputs.append(Plan.Output(root: output.path, files: files))
        }
        return Plan(outputs: outputs, diagnostics: resolved.diagnostics)
    }
}
