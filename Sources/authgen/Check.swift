import ArgumentParser
import AuthGenCore

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
