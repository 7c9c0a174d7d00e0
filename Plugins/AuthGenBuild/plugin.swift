import Foundation
import PackagePlugin

/// Generates a target's models, validators, client and server at build time from the
/// `authgen.yaml` in its folder (its spec, selection, overrides, templates and access level; its
/// output paths are not used): the code lands in the build folder, never in the sources. The
/// config and every YAML, JSON and Mustache file of the target are the command's inputs, so
/// editing the spec or a template regenerates; authgen refuses a spec or templates outside the
/// target's folder, which SwiftPM would not watch.
@main
struct AuthGenBuild: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        let config = target.directoryURL.appending(path: "authgen.yaml")
        guard FileManager.default.fileExists(atPath: config.path) else {
            Diagnostics.error("\(target.name) uses the AuthGenBuild plugin but has no authgen.yaml in \(target.directoryURL.path)")
            return []
        }
        let output = context.pluginWorkDirectoryURL.appending(path: "Generated")
        let inputs =
            [config]
            + target.sourceFiles.map(\.url).filter { ["yaml", "yml", "json", "mustache"].contains($0.pathExtension) && $0 != config }
        // The fixed set of files `--build-output` always writes.
        let files = ["Schemas", "Operations", "Client", "Server", "Models", "Validators", "OperationTypes"]
        return [
            .buildCommand(
                displayName: "authgen: generating \(target.name)",
                executable: try context.tool(named: "authgen").url,
                arguments: ["generate", "--config", config.path, "--build-output", output.path],
                inputFiles: inputs,
                outputFiles: files.map { output.appending(path: "\($0).swift") })
        ]
    }
}
