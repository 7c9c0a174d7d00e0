import AuthGenSupport
import Foundation

/// The `reference-data` output: the facts of the reference pages as JSON, for documentation
/// sites that render their own tables. One file per page, `index.json` and `errors.json`, each
/// of the shape `Schemas/reference-data.schema.json` describes. Text fields are Markdown, as on
/// the pages.
enum ReferenceData {
    struct Operation: Encodable {
        var operationId: String
        var summary: String
        var description: String
        var method: String
        var paths: [String]
        var requestURLs: [RequestURL]
        var rateLimited: Bool
        var authentication: String
        var batch: Batch?
        var parameters: [Parameter]
        var body: Body?
        var responses: [Response]
        var errors: [Error]

        struct RequestURL: Encodable {
            var label: String?
            var url: String
        }

        struct Batch: Encodable {
            var maxItems: Int?
        }

        struct Parameter: Encodable {
            var name: String
            var location: String
            var required: Bool
            var datatype: String
            var description: String
        }

        struct Body: Encodable {
            var example: JSONValue?
            var parameters: [BodyParameter]
        }

        struct BodyParameter: Encodable {
            var name: String
            /// `required`, `optional`, or `requiredOnPrimaryOnly` (required on this path, not the twin's).
            var requirement: String
            var datatype: String
            var description: String
        }

        struct Response: Encodable {
            var status: String
            var description: String
            var headers: [String]
            var example: JSONValue?
        }
    }

    struct Error: Encodable {
        var code: String
        var httpStatus: String
        var summary: String
        var solution: String
    }

    struct Index: Encodable {
        var title: String
        var version: String
        var operations: [Entry]

        struct Entry: Encodable {
            var operationId: String
            var page: String
            var summary: String
            var method: String
            var paths: [String]
        }
    }

    struct Catalogue: Encodable {
        var errors: [Entry]

        struct Entry: Encodable {
            var code: String
            var httpStatus: String
            var summary: String
            var solution: String
            var operations: [String]
        }
    }

    /// Every file of the output, by name.
    static func files(_ model: RenderModel) throws(GenerationFailure) -> [String: String] {
        var files: [String: String] = [:]
        for page in model.pages { files[page.pageName + ".json"] = try encode(operation(page)) }
        files["index.json"] = try encode(
            Index(
                title: model.title, version: model.version,
                operations: model.pages.map {
                    .init(operationId: $0.operationId, page: $0.pageName, summary: $0.summary, method: $0.method, paths: paths($0))
                }))
        files["errors.json"] = try encode(
            Catalogue(
                errors: model.errorCatalogue.map {
                    .init(
                        code: $0.error.code, httpStatus: $0.error.httpStatus, summary: $0.error.summary, solution: $0.error.solution,
                        operations: $0.operations)
                }))
        return files
    }

    private static func paths(_ page: OperationModel) -> [String] { [page.path] + (page.webTwin.map { [$0.path] } ?? []) }

    private static func operation(_ page: OperationModel) -> Operation {
        let requirement: (Requirement) -> String = {
            switch $0 {
            case .optional: "optional"
            case .required: "required"
            case .requiredOnPrimaryOnly: "requiredOnPrimaryOnly"
            }
        }
        return Operation(
            operationId: page.operationId, summary: page.summary, description: page.description.joined(separator: "\n"), method: page.method,
            paths: paths(page), requestURLs: page.requestURLs.map { .init(label: $0.label, url: $0.url) }, rateLimited: page.rateLimited,
            authentication: page.authentication, batch: page.batchSupport ? .init(maxItems: page.maxBatch) : nil,
            parameters: page.parameters.map {
                .init(name: $0.name, location: $0.location.rawValue, required: $0.required, datatype: $0.datatype, description: $0.description)
            },
            body: page.bodyParameters.isEmpty && page.bodyExample == nil
                ? nil
                : .init(
                    example: page.bodyExample.flatMap(json),
                    parameters: page.bodyParameters.map {
                        .init(name: $0.name, requirement: requirement($0.requirement), datatype: $0.datatype, description: $0.description)
                    }),
            responses: page.responses.map {
                .init(status: $0.status, description: $0.description, headers: $0.headers, example: $0.example.flatMap(json))
            },
            errors: page.errors.map { .init(code: $0.code, httpStatus: $0.httpStatus, summary: $0.summary, solution: $0.solution) })
    }

    private static func json(_ text: String) -> JSONValue? { try? JSONParser.parse(Array(text.utf8)) }

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
