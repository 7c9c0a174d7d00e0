import ArgumentParser
import AuthGenCore

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
