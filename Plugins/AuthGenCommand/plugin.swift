import Foundation
import PackagePlugin

/// `swift package authgen [generate|check|scaffold|lint] [arguments]`: runs authgen in the
/// package's folder, where its `authgen.yaml` is, for teams that commit generated code.
/// Writing needs permission: `swift package --allow-writing-to-package-directory authgen`.
@main
struct AuthGenCommand: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        let authgen = try context.tool(named: "authgen")
        let process = Process()
        process.executableURL = authgen.url
        process.arguments = arguments
        process.currentDirectoryURL = context.package.directoryURL
        try process.run()
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            Diagnostics.error("authgen \(arguments.joined(separator: " ")) failed with status \(process.terminationStatus)")
            throw ExitCode(process.terminationStatus)
        }
    }
}

/// authgen's exit status, passed on.
struct ExitCode: Error, CustomStringConvertible {
    var status: Int32
    init(_ status: Int32) { self.status = status }
    var description: String { "authgen exited with \(status)" }
}
