import Foundation
import Mustache

/// The render stage's work: templates applied to a render model, every job on every core, each
/// text normalised. What goes in which file is `FileLayout`'s.
enum Renderer {
    /// One template applied to `context`, normalised.
    static func render(_ library: MustacheLibrary, _ template: String, _ context: TemplateRoot) throws(GenerationFailure) -> String {
        guard let text = library.render(context, withTemplate: template) else {
            throw GenerationFailure(
                Diagnostic(.error, "template '\(template).mustache' is missing", file: "templates", hint: "restore it or remove the override"))
        }
        return normalized(text)
    }

    /// LF line ends, no trailing spaces, no runs of blank lines, one final newline. Works on
    /// bytes: it runs over every generated line, and a `String`-per-line version was a fifth of
    /// the time of a large generation.
    static func normalized(_ text: String) -> String {
        let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t"), newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + 1)
        var lineStart = 0
        var previousLineEmpty = false
        var pendingCarriageReturn = false
        func trimLine() {
            while output.count > lineStart, output.last == space || output.last == tab { output.removeLast() }
        }
        for byte in text.utf8 {
            if pendingCarriageReturn {
                pendingCarriageReturn = false
                if byte != newline { output.append(carriageReturn) }
            }
            if byte == carriageReturn {
                pendingCarriageReturn = true
                continue
            }
            guard byte == newline else {
                output.append(byte)
                continue
            }
            trimLine()
            let empty = output.count == lineStart
            if empty, previousLineEmpty { continue }
            output.append(newline)
            previousLineEmpty = empty
            lineStart = output.count
        }
        if pendingCarriageReturn { output.append(carriageReturn) }
        trimLine()
        while output.last == newline { output.removeLast() }
        output.append(newline)
        return String(decoding: output, as: UTF8.self)
    }

    /// One declaration's source: a model, its validator, or an operation (its types, client
    /// method and server route together).
    struct Declaration {
        enum Kind: String, CaseIterable {
            case models = "Models", validators = "Validators", operations = "Operations"
        }

        var kind: Kind
        var name: String
        var text: String
        /// Modules its text names beyond those of its kind.
        var imports: [String] = []
    }

    /// Every declaration, rendered on its own and sorted by name.
    static func declarations(_ model: RenderModel, library: MustacheLibrary) throws(GenerationFailure) -> [Declaration] {
        let root = TemplateRoot(model)
        var pending: [(kind: Declaration.Kind, name: String, imports: [String], job: RenderJob)] = []
        for type in model.types {
            var context = root
            context.type = TypeWithNestedSource(type: type, nestedSource: try nestedSource(of: type, depth: 1, root: root, library: library))
            pending.append((.models, type.name, type.imports, RenderJob(path: "", template: "model", context: context)))
            context.type = nil
            context.schemas = flattened(type)
            pending.append((.validators, type.name, [], RenderJob(path: "", template: "validator", context: context)))
        }
        for operation in model.operations {
            var context = root
            context.operation = operation
            pending.append((.operations, operation.swiftName, [], RenderJob(path: "", template: "operation", context: context)))
        }
        pending.sort { $0.name < $1.name }
        let jobs = pending.enumerated().map { RenderJob(path: String($0.offset), template: $0.element.job.template, context: $0.element.job.context) }
        let rendered = try renderAll(jobs, library: library)
        return pending.enumerated().map { index, entry in
            Declaration(kind: entry.kind, name: entry.name, text: withoutOuterNewlines(rendered[String(index)]!), imports: entry.imports)
        }
    }

    /// The text without leading and trailing line breaks. (Foundation's trimming converts the
    /// whole string to UTF-16 first, which made it a tenth of a large generation.)
    static func withoutOuterNewlines(_ text: String) -> String {
        let utf8 = text.utf8
        guard let first = utf8.firstIndex(where: { $0 != UInt8(ascii: "\n") }),
            let last = utf8.lastIndex(where: { $0 != UInt8(ascii: "\n") })
        else { return "" }
        return String(Substring(text.utf8[first...last]))
    }

    /// Stands for a type's nested types while its own lines are indented.
    private static let nestedPlaceholder = "@@authgen-nested-types@@"

    /// The nested types of `type`, each rendered with every line indented `depth` levels. Mustache
    /// indents only the first line of each section inside an indented partial, so nesting is not
    /// left to it. Each line is indented once, at its own depth: indenting a rendered type again
    /// at every level above it made deep nesting cubic (200 levels took seconds).
    private static func nestedSource(
        of type: TypeDeclaration, depth: Int, root: TemplateRoot, library: MustacheLibrary
    ) throws(GenerationFailure) -> String {
        let pad = String(repeating: "    ", count: depth)
        var blocks: [String] = []
        for nested in type.nested {
            var shell = root
            shell.type = TypeWithNestedSource(type: nested, nestedSource: nestedPlaceholder)
            let own = try render(library, "model", shell).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            var lines: [String] = []
            for line in own {
                if line == nestedPlaceholder {
                    lines.append(try nestedSource(of: nested, depth: depth + 1, root: root, library: library))
                } else {
                    lines.append(line.isEmpty ? "" : pad + line)
                }
            }
            blocks.append(lines.joined(separator: "\n"))
        }
        return blocks.joined(separator: "\n\n")
    }

    /// One file to render.
    struct RenderJob: Sendable {
        var path: String
        var template: String
        var context: TemplateRoot
    }

    /// Renders every job, on every core: each is a pure function of its context.
    static func renderAll(_ jobs: [RenderJob], library: MustacheLibrary) throws(GenerationFailure) -> [String: String] {
        for name in Set(jobs.map(\.template)) where library.getTemplate(named: name) == nil {
            throw GenerationFailure(
                Diagnostic(.error, "template '\(name).mustache' is missing", file: "templates", hint: "restore it or remove the override"))
        }
        var results = [String](repeating: "", count: jobs.count)
        results.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let output = buffer
            DispatchQueue.concurrentPerform(iterations: jobs.count) { index in
                output[index] = normalized(library.render(jobs[index].context, withTemplate: jobs[index].template) ?? "")
            }
        }
        return Dictionary(uniqueKeysWithValues: zip(jobs.map(\.path), results))
    }

    private static func flattened(_ type: TypeDeclaration) -> [TypeDeclaration] {
        [type] + type.nested.flatMap(flattened)
    }

    /// The docs output: a page per operation (web twins on their primary's), the index and
    /// the error catalogue.
    static func docFiles(_ model: RenderModel, library: MustacheLibrary) throws(GenerationFailure) -> [String: String] {
        var jobs = model.pages.map { operation in
            var context = TemplateRoot(model)
            context.operation = operation
            return RenderJob(path: "\(operation.pageName).md", template: "reference", context: context)
        }
        var index = TemplateRoot(model)
        index.operations = model.pages
        jobs.append(RenderJob(path: "index.md", template: "reference-index", context: index))
        var catalogue = TemplateRoot(model)
        catalogue.errorCatalogue = model.errorCatalogue
        jobs.append(RenderJob(path: "errors.md", template: "reference-errors", context: catalogue))
        return try renderAll(jobs, library: library)
    }

}
