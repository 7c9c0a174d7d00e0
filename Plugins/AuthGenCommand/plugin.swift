import Foundation
import PackagePlugin

/// `swift package authgen [generate|check|scaffold|lint] [arguments]`: runs authgen in the
/// package's folder, where its `authgen.yaml` is, for teams that commit generated code.
/// Writing needs permission: `swift package --allow-writing-to-package-directory authgen`.
@main
struct AuthGenCommand: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        let process = Process()
        process.executableURL = try context.tool(named: "authgen").url
        process.arguments = arguments
        process.currentDirectoryURL = context.package.directoryURL
        try process.run()
        process.waitUntilExit()
        // authgen has printed its diagnostics; SwiftPM prints this and exits non-zero.
        switch (process.terminationReason, process.terminationStatus) {
        case (.exit, 0): return
        case (.exit, let status): throw AuthGenFailed(command: arguments, reason: "exited with status \(status)")
        case (_, let signal): throw AuthGenFailed(command: arguments, reason: "was killed by signal \(signal)")
        }
    }
}

/// authgen ended without success.
struct AuthGenFailed: Error, CustomStringConvertible {
    var command: [String]
    var reason: String
    var description: String { "authgen \(command.joined(separator: " ")) \(reason)" }
}
