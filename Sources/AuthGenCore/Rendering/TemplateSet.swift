import Foundation
import Mustache

/// The templates a generation uses: the built-in set, overridden file by file by a user's
/// directory. Names are paths relative to the template root, such as `partials/type.mustache`.
package struct TemplateSet: Sendable, Equatable {
    package private(set) var files: [String: String]
    /// Where each template came from, for diagnostics.
    private var origins: [String: String]

    /// The templates compiled into authgen.
    package static var builtIn: TemplateSet {
        TemplateSet(files: BuiltinTemplates.files, origins: BuiltinTemplates.files.mapValues { _ in "built-in" })
    }

    init(files: [String: String], origins: [String: String]) {
        self.files = files
        self.origins = origins
    }

    /// The built-ins with every template found in `directory` taking the place of its namesake.
    package static func overriding(with directory: String?) throws(GenerationFailure) -> (TemplateSet, [Diagnostic]) {
        var set = builtIn
        guard let directory else { return (set, []) }
        let found = try readDirectory(directory)
        var diagnostics: [Diagnostic] = []
        for (name, text) in found {
            if set.files[name] == nil {
                diagnostics.append(
                    Diagnostic(
                        .warning, "template '\(name)' replaces no built-in template and is only used as a partial", file: directory + "/" + name,
                        hint: "built-in templates: \(BuiltinTemplates.files.keys.sorted().joined(separator: ", "))"))
            }
            set.files[name] = text
            set.origins[name] = directory + "/" + name
        }
        return (set, diagnostics)
    }

    /// Every `.mustache` file under `directory`, by relative path.
    static func readDirectory(_ directory: String) throws(GenerationFailure) -> [String: String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw GenerationFailure(
                Diagnostic(.error, "template directory does not exist", file: directory, hint: "pass a directory of .mustache files to --templates"))
        }
        var files: [String: String] = [:]
        let enumerator = FileManager.default.enumerator(atPath: directory)
        while let relative = enumerator?.nextObject() as? String {
            guard relative.hasSuffix(".mustache") else { continue }
            let path = directory + "/" + relative
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw GenerationFailure(Diagnostic(.error, "cannot read template", file: path, hint: "make it a readable UTF-8 file"))
            }
            files[relative] = text
        }
        return files
    }

    /// Parses every template; a syntax error names the template file, line and column.
    func library() throws(GenerationFailure) -> MustacheLibrary {
        var library = MustacheLibrary()
        var problems: [Diagnostic] = []
        for (name, text) in files.sorted(by: { $0.key < $1.key }) {
            do {
                let template = try MustacheTemplate(string: text)
                // Partials are called by their file name without folder or extension: {{> type}}.
                let short = String(name.split(separator: "/").last!.dropLast(".mustache".count))
                library.register(template, named: name.hasPrefix("partials/") ? short : String(name.dropLast(".mustache".count)))
            } catch let error as MustacheTemplate.ParserError {
                problems.append(
                    Diagnostic(
                        .error, "template syntax error: \(error.error)", file: origins[name] ?? name,
                        line: error.context.lineNumber, column: error.context.columnNumber, hint: "fix the tag at this position"))
            } catch {
                problems.append(Diagnostic(.error, "template syntax error: \(error)", file: origins[name] ?? name))
            }
        }
        if !problems.isEmpty { throw GenerationFailure(problems) }
        return library
    }
}
