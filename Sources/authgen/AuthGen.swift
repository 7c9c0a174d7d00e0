import ArgumentParser
import AuthGenCore
import Foundation

@main
struct AuthGen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "authgen",
        abstract: "Generates Swift models, validators, a client, a server and reference pages from an OpenAPI document.",
        subcommands: [Generate.self, Check.self, Scaffold.self, Lint.self],
        defaultSubcommand: Generate.self)
}

/// Flags shared by generate and check: a config file, or a spec with one-off outputs.
struct GenerationOptions: ParsableArguments {
    @Option(help: "The generation config.")
    var config: String = "authgen.yaml"

    @Option(help: "Generate from this spec instead of the config's (needs --output).")
    var spec: String?

    @Option(help: "Folder for the Swift output of a one-off run.")
    var output: String?

    @Option(help: "Folder for Markdown reference pages of a one-off run.")
    var docsOutput: String?

    @Option(name: .customLong("operation"), help: "Select an operation by operationId (repeatable).")
    var operations: [String] = []

    @Option(name: .customLong("tag"), help: "Select the operations with this tag (repeatable).")
    var tags: [String] = []

    @Option(name: .customLong("path"), help: "Select the operations of this path (repeatable).")
    var paths: [String] = []

    @Option(help: "A folder of templates overriding the built-ins file by file.")
    var templates: String?

    @Option(help: "Access level of generated declarations: public, package or internal.")
    var access: String = "public"

    @Option(help: "Write only the config's Swift output, to this folder, as a fixed set of files (what the build plugin runs).")
    var buildOutput: String?

    func makeConfig() throws(GenerationFailure) -> GeneratorConfig {
        let selection = Selection(operationIds: operations, tags: tags, paths: paths)
        guard let spec else {
            if output != nil || docsOutput != nil {
                throw GenerationFailure(
                    Diagnostic(.error, "--output needs --spec", file: "command line", hint: "add --spec FILE, or drop --output to use \(config)"))
            }
            var loaded = try GeneratorConfig.load(path: config, buildOutput: buildOutput)
            if !selection.isEmpty { loaded.selection = selection }
            if let templates { loaded.templates = templates }
            return loaded
        }
        if buildOutput != nil {
            throw GenerationFailure(
                Diagnostic(.error, "--build-output reads its spec from a config", file: "command line", hint: "drop --spec and pass --config FILE"))
        }
        guard let accessLevel = AccessLevel(rawValue: access) else {
            throw GenerationFailure(Diagnostic(.error, "--access must be public, package or internal", file: "command line"))
        }
        var outputs: [GeneratorConfig.Output] = []
        if let output { outputs.append(.init(kind: .swift, path: output, access: accessLevel)) }
        if let docsOutput { outputs.append(.init(kind: .docs, path: docsOutput, access: accessLevel)) }
        guard !outputs.isEmpty else {
            throw GenerationFailure(Diagnostic(.error, "--spec needs --output or --docs-output", file: "command line", hint: "add --output DIR"))
        }
        return GeneratorConfig(spec: spec, templates: templates, selection: selection, outputs: outputs)
    }
}

func report(_ diagnostics: [Diagnostic]) {
    for diagnostic in diagnostics {
        FileHandle.standardError.write(Data((diagnostic.description + "\n").utf8))
    }
}

/// Runs a step that may fail with diagnostics, printing them and exiting non-zero.
func reportingFailures<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let failure as GenerationFailure {
        report(failure.diagnostics)
        throw ExitCode.failure
    }
}

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Regenerate every output (the default command).")

    @OptionGroup var options: GenerationOptions

    func run() throws {
        let plan = try reportingFailures { try Generator.plan(try options.makeConfig()) }
        report(plan.diagnostics)
        let summary = try OutputWriter.write(plan)
        for root in summary.written { print("wrote \(root)") }
        for root in summary.unchanged { print("unchanged \(root)") }
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Fail when committed output differs from a fresh generation.")

    @OptionGroup var options: GenerationOptions

    func run() throws {
        let plan = try reportingFailures { try Generator.plan(try options.makeConfig()) }
        let differences = plan.outputs.flatMap { OutputChecker.differences($0) }
        guard differences.isEmpty else {
            for difference in differences { print(difference) }
            print("\(differences.count) generated file(s) out of date; run: swift run authgen generate")
            throw ExitCode.failure
        }
        print("up to date: \(plan.outputs.map(\.root).joined(separator: ", "))")
    }
}

struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print every problem in a spec; exit non-zero on errors.")

    @Argument(help: "The OpenAPI document, JSON or YAML.")
    var spec: String

    func run() throws {
        // The load stage doing every check (the linter included), and the translate stage.
        let translated = try reportingFailures { () throws(GenerationFailure) in
            let loaded = try Generator.load(templates: nil, spec: spec, work: .all)
            return try Generator.translate(loaded, [.init(access: .public, pageFacts: true)], selection: Selection(), lint: false)
        }
        report(translated.diagnostics)
        print("\(spec): 0 errors, \(translated.diagnostics.count) warning(s)")
    }
}

struct Scaffold: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a handler skeleton for each named operation, only where none exists yet.")

    @Option(help: "The generation config (its `scaffold` entry gives the defaults below).")
    var config: String = "authgen.yaml"

    @Option(name: .customLong("operation"), help: "The operationId to scaffold (repeatable).")
    var operations: [String] = []

    @Flag(help: "Scaffold every operation of the config's selection.")
    var all = false

    @Option(help: "Folder for the skeletons.")
    var output: String?

    @Option(help: "The handler type the skeletons extend.")
    var type: String?

    @Option(help: "The module of the generated code.")
    var module: String?

    func run() throws {
        let loaded = try reportingFailures { try GeneratorConfig.load(path: config) }
        guard all || !operations.isEmpty else {
            report([Diagnostic(.error, "name an operation to scaffold", file: "command line", hint: "add --operation ID, or --all")])
            throw ExitCode.failure
        }
        guard let folder = output ?? loaded.scaffold?.path else {
            report([
                Diagnostic(.error, "no folder for the skeletons", file: config, hint: "add --output DIR, or `scaffold: {path: DIR}` to the config")
            ])
            throw ExitCode.failure
        }
        var scaffold = loaded.scaffold ?? GeneratorConfig.Scaffold(path: folder)
        scaffold.path = folder
        if let type { scaffold.type = type }
        if let module { scaffold.module = module }
        let plan = try reportingFailures {
            try Scaffolder.plan(loaded, selection: all ? loaded.selection : Selection(operationIds: operations), scaffold: scaffold)
        }
        report(plan.diagnostics)
        let result = try Scaffolder.write(plan.files, to: folder)
        for path in result.written { print("wrote \(path)") }
        for path in result.kept { print("kept \(path) (exists; authgen never overwrites a scaffold)") }
    }
}
