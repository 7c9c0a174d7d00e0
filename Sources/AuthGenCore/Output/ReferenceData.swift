import AuthGenSupport
import Foundation

/// The `reference-data` output: the facts of the reference pages as JSON, for documentation
/// sites that render their own tables. One file per page, `index.json` and `errors.json`, each
/// of the shape `Schemas/reference-data.schema.json` describes. Text fields are Markdown, as on
/// the pages.
enum ReferenceData {
    /// Every file of the output, by name.
    static func files(_ model: RenderModel) throws(GenerationFailure) -> [String: String] {
        var files: [String: String] = [:]
        for page in model.pages { files[page.pageName + ".json"] = try encode(page) }
        files["index.json"] = try encode(Index(title: model.title, version: model.version, operations: model.pages))
        files["errors.json"] = try encode(["errors": model.errorCatalogue])
        return files
    }

    /// `index.json`: the title, the version, and a line per page.
    private struct Index: Encodable {
        var title: String
        var version: String
        var operations: [OperationModel]

        private enum Keys: String, CodingKey { case title, version, operations, operationId, page, summary, method, paths }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(title, forKey: .title)
            try container.encode(version, forKey: .version)
            var entries = container.nestedUnkeyedContainer(forKey: .operations)
            for page in operations {
                var entry = entries.nestedContainer(keyedBy: Keys.self)
                try entry.encode(page.operationId, forKey: .operationId)
                try entry.encode(page.pageName, forKey: .page)
                try entry.encode(page.summary, forKey: .summary)
                try entry.encode(page.method, forKey: .method)
                try entry.encode(page.paths, forKey: .paths)
            }
        }
    }

    static func json(_ text: String) -> JSONValue? { try? JSONParser.parse(Array(text.utf8)) }

    private static func encode(_ value: some Encodable) throws(GenerationFailure) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
        } catch {
            throw GenerationFailure(Diagnostic(.error, "cannot encode reference data: \(error)", file: "reference-data"))
        }
    }
}

/// A page's facts as `Schemas/reference-data.schema.json` has them; the Swift side is not written.
extension OperationModel: Encodable {
    private enum Keys: String, CodingKey {
        case operationId, summary, description, method, paths, requestURLs, rateLimited, authentication, batch, parameters, body
        case responses, errors, maxItems, example
    }

    /// The path, and the web twin's when the page covers one.
    var paths: [String] { [path] + (webTwin.map { [$0.path] } ?? []) }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(operationId, forKey: .operationId)
        try container.encode(summary, forKey: .summary)
        try container.encode(description.joined(separator: "\n"), forKey: .description)
        try container.encode(method, forKey: .method)
        try container.encode(paths, forKey: .paths)
        try container.encode(requestURLs, forKey: .requestURLs)
        try container.encode(rateLimited, forKey: .rateLimited)
        try container.encode(authentication, forKey: .authentication)
        if batchSupport {
            var batch = container.nestedContainer(keyedBy: Keys.self, forKey: .batch)
            try batch.encodeIfPresent(maxBatch, forKey: .maxItems)
        }
        try container.encode(parameters, forKey: .parameters)
        if !bodyParameters.isEmpty || bodyExample != nil {
            var body = container.nestedContainer(keyedBy: Keys.self, forKey: .body)
            try body.encodeIfPresent(bodyExample.flatMap(ReferenceData.json), forKey: .example)
            try body.encode(bodyParameters, forKey: .parameters)
        }
        try container.encode(responses, forKey: .responses)
        try container.encode(errors, forKey: .errors)
    }
}

/// A response as the reference data has it: its example parsed, its Swift type not written.
extension ResponseModel: Encodable {
    private enum Keys: String, CodingKey { case status, description, headers, example }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(status, forKey: .status)
        try container.encode(description, forKey: .description)
        try container.encode(headers, forKey: .headers)
        try container.encodeIfPresent(example.flatMap(ReferenceData.json), forKey: .example)
    }
}

/// An entry of `errors.json`: the error's facts and the pages that answer it.
extension CatalogueEntry: Encodable {
    private enum Keys: String, CodingKey { case code, httpStatus, summary, solution, operations }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(error.code, forKey: .code)
        try container.encode(error.httpStatus, forKey: .httpStatus)
        try container.encode(error.summary, forKey: .summary)
        try container.encode(error.solution, forKey: .solution)
        try container.encode(operations, forKey: .operations)
    }
}
