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

    @Option(help: "Access level of generated declarations.")
    var access: AccessLevel = .public

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
        var outputs: [GeneratorConfig.Output] = []
        if let output { outputs.append(.init(kind: .swift, path: output, access: access)) }
        if let docsOutput { outputs.append(.init(kind: .docs, path: docsOutput, access: access)) }
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

/// `--access public|package|internal`, parsed and refused with the choices by ArgumentParser.
extension AccessLevel: ExpressibleByArgument {}
