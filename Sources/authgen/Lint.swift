import ArgumentParser
import AuthGenCore

struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print every problem in a spec; exit non-zero on errors.")

    @Argument(help: "The OpenAPI document, JSON or YAML.")
    var spec: String

    func run() throws {
        // The load stage doing every check (the linter included), then select and resolve.
        let resolved = try reportingFailures { () throws(GenerationFailure) in
            let loaded = try Generator.load(templates: nil, spec: spec, work: .all)
            return try Generator.resolve(
                loaded, try Generator.select(loaded, Selection()), [.init(access: .public, pageFacts: true)], selection: Selection(), lint: false)
        }
        report(resolved.diagnostics)
        print("\(spec): 0 errors, \(resolved.diagnostics.count) warning(s)")
    }
}
