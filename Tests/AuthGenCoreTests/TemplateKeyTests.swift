import Foundation
import Testing

@testable import AuthGenCore

/// The keys templates read are the keys the generator answers, and `Templates/README.md`
/// documents exactly those: a misspelt key is a failure here, not an empty spot in the output.
@Suite struct TemplateKeyTests {
    /// Every value templates read, under the heading the README documents it by.
    static let contexts: [String: Set<String>] = [
        "TemplateRoot": Set(TemplateRoot.templateKeys.keys),
        "ServedPath": Set(ServedPath.templateKeys.keys),
        "TypeDeclaration": Set(TypeWithNestedSource.templateKeys.keys),
        "PropertyModel": Set(PropertyModel.templateKeys.keys),
        "EnumCase": Set(EnumCase.templateKeys.keys),
        "OperationModel": Set(OperationModel.templateKeys.keys),
        "RequestURL": Set(RequestURL.templateKeys.keys),
        "ResourceRow": Set(ResourceRow.templateKeys.keys),
        "ParameterGroup": Set(ParameterGroup.templateKeys.keys),
        "ParameterModel": Set(ParameterModel.templateKeys.keys),
        "BodyParameterModel": Set(BodyParameterModel.templateKeys.keys),
        "ResponseModel": Set(ResponseModel.templateKeys.keys),
        "ErrorModel": Set(ErrorModel.templateKeys.keys),
        "CatalogueEntry": Set(CatalogueEntry.templateKeys.keys),
        "SwiftOperation": Set(SwiftOperation.templateKeys.keys),
        "SwiftParameterGroup": Set(SwiftParameterGroup.templateKeys.keys),
        "SwiftParameter": Set(SwiftParameter.templateKeys.keys),
        "SwiftBody": Set(SwiftBody.templateKeys.keys),
        "SwiftResponseInitializer": Set(SwiftResponseInitializer.templateKeys.keys),
        "ResponseInitializerCase": Set(ResponseInitializerCase.templateKeys.keys),
        "SwiftOutput": Set(SwiftOutput.templateKeys.keys),
    ]

    /// The names a template reads: variables and sections, not partials, comments, `.` or
    /// lambdas such as `last()`.
    static func keys(in template: String) -> Set<String> {
        let tag = /\{\{\{?\s*([#^\/]?)\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}?\}\}/
        return Set(template.matches(of: tag).map { String($0.output.2) })
    }

    @Test func everyKeyATemplateReadsIsAnswered() {
        let answered = Self.contexts.values.reduce(into: Set<String>()) { $0.formUnion($1) }
        for (name, text) in BuiltinTemplates.files.sorted(by: { $0.key < $1.key }) {
            let unknown = Self.keys(in: text).subtracting(answered)
            #expect(unknown.isEmpty, "\(name) reads keys nothing answers: \(unknown.sorted())")
        }
    }

    /// A misspelt key is caught (the check above is not vacuous).
    @Test func aMisspeltKeyIsFound() {
        let answered = Self.contexts.values.reduce(into: Set<String>()) { $0.formUnion($1) }
        #expect(Self.keys(in: "{{#swift}}{{{memberNmae}}}{{/swift}} {{> type}} {{^last()}}, {{/last()}}").subtracting(answered) == ["memberNmae"])
    }

    @Test func theReadmeDocumentsExactlyTheKeys() throws {
        let readme = try String(contentsOfFile: repositoryRoot + "/Templates/README.md", encoding: .utf8)
        var documented: [String: Set<String>] = [:]
        var headings: [String] = []
        for line in readme.split(separator: "\n") {
            if line.hasPrefix("## ") {
                // `## `ParameterModel` and `BodyParameterModel``: one table for both.
                headings = line.matches(of: /`([A-Za-z]+)`/).map { String($0.output.1) }
            } else if let key = line.firstMatch(of: /^\| `([A-Za-z]+)` \|/)?.output.1 {
                for heading in headings { documented[heading, default: []].insert(String(key)) }
            }
        }
        for (context, keys) in Self.contexts.sorted(by: { $0.key < $1.key }) {
            let listed = documented[context] ?? []
            #expect(keys.subtracting(listed).isEmpty, "\(context): undocumented keys \(keys.subtracting(listed).sorted())")
            #expect(listed.subtracting(keys).isEmpty, "\(context): documented keys nothing answers \(listed.subtracting(keys).sorted())")
        }
        #expect(Set(documented.keys) == Set(Self.contexts.keys))
    }
}
