import ArgumentParser
import AuthGenCore

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
