import ArgumentParser
import AuthGenCore

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
        // Both are printed into Swift source: identifiers and nothing else.
        for (flag, value) in [("--type", type), ("--module", module)] {
            if let value, !SwiftNaming.isIdentifier(value) {
                report([Diagnostic(.error, "\(flag) '\(value)' is not a Swift identifier", file: "command line")])
                throw ExitCode.failure
            }
        }
        if let type { scaffold.type = type }
        if let module { scaffold.module = module }
        let skeletons = try reportingFailures {
            try Scaffolder.skeletons(loaded, selection: all ? loaded.selection : Selection(operationIds: operations), scaffold: scaffold)
        }
        report(skeletons.diagnostics)
        let result = try Scaffolder.write(skeletons.files, to: folder)
        for path in result.written { print("wrote \(path)") }
        for path in result.kept { print("kept \(path) (exists; authgen never overwrites a scaffold)") }
    }
}
