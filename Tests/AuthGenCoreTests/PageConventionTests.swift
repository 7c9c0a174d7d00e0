import AuthTestSupport
import Foundation
import Testing

@testable import AuthGenCore

/// Reference-page conventions are features an API turns on in its config: with none, pages are
/// plain; naming them gives any API the twin pages and coded error tables this one has.
@Suite struct PageConventionTests {
    static let spec = """
        openapi: 3.1.0
        info: {title: Shop, version: '1'}
        servers: [{url: 'https://shop.example'}]
        paths:
          /items:
            post:
              operationId: addItem
              x-desktop: addItemDesktop
              requestBody:
                content:
                  application/json:
                    schema:
                      type: object
                      required: [name, device]
                      properties: {name: {type: string}, device: {type: string}}
              responses:
                '400':
                  description: Refused.
                  content:
                    application/json:
                      schema: {type: object}
                      examples:
                        '7001': {summary: Name missing, description: Send a name.}
                        tooLong: {summary: Name too long, description: Shorten it., value: {error: {id: 7002}}}
          /desktop/items:
            post:
              operationId: addItemDesktop
              requestBody:
                content:
                  application/json:
                    schema:
                      type: object
                      required: [name]
                      properties: {name: {type: string}, device: {type: string}}
              responses: {'204': {description: Added.}}
        """

    static let conventions = PageConventions(
        twins: .init(
            extension: "x-desktop", primary: .init(uriRow: "URI for Phones", requestURL: "On a phone:"),
            twin: .init(uriRow: "URI for Desktops", requestURL: "On a desktop:"), primaryAudience: "phones"),
        errorCodePointer: "/error/id")

    func pages(_ conventions: PageConventions) throws -> [String: String] {
        let model = try ModelBuilder(spec: try loadSpec(Self.spec), conventions: conventions).build()
        return try Renderer.docFiles(model, library: TemplateSet.builtIn.library())
    }

    @Test func withoutConventionsEveryOperationHasAPlainPage() throws {
        let pages = try pages(PageConventions())
        #expect(pages.keys.sorted() == ["addItem.md", "addItemDesktop.md", "errors.md", "index.md"])
        let page = try #require(pages["addItem.md"])
        #expect(page.contains("| URI | `/items` |"))
        #expect(page.contains("# Request URL\n\n`https://shop.example/items`\n"))
        #expect(page.contains("Parameters marked with \\* are mandatory.\n"))
        // Only the example named by its code: nothing says where the other keeps one.
        #expect(page.contains("| 7001 - Name missing | 400 | Send a name. |"))
        #expect(!page.contains("7002"))
    }

    @Test func namedConventionsGiveTwinPagesAndCodedErrors() throws {
        let pages = try pages(Self.conventions)
        #expect(pages.keys.sorted() == ["addItem.md", "errors.md", "index.md"])
        #expect(pages["index.md"]?.contains("| [addItem](addItem.md) | POST | `/items`, `/desktop/items` |") == true)
        let page = try #require(pages["addItem.md"])
        #expect(page.contains("| URI for Phones | `/items` |\n| URI for Desktops | `/desktop/items` |"))
        #expect(page.contains("On a phone:\n\n`https://shop.example/items`\n\nOn a desktop:\n\n`https://shop.example/desktop/items`"))
        #expect(page.contains("| device\\*\\* | string |"))
        #expect(page.contains("Parameters marked with \\* are mandatory, and the parameter with \\*\\* is required for phones."))
        #expect(page.contains("| 7001 - Name missing | 400 | Send a name. |\n| 7002 - Name too long | 400 | Shorten it. |"))
    }

    @Test func theConfigNamesThemAndRefusesWhatItDoesNotKnow() throws {
        let dir = try temporaryFolder("authgen").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        func load(_ pages: String) throws -> Result<PageConventions, GenerationFailure> {
            try write("spec: s.yaml\noutputs: [{kind: docs, path: docs}]\npages:\n" + pages, to: dir + "/authgen.yaml")
            return Result { () throws(GenerationFailure) in try GeneratorConfig.load(path: dir + "/authgen.yaml").pages }
        }
        let full = """
              twins:
                extension: x-desktop
                primary: {uriRow: URI for Phones, requestURL: 'On a phone:'}
                twin: {uriRow: URI for Desktops, requestURL: 'On a desktop:'}
                primaryAudience: phones
              errorCodePointer: /error/id

            """
        #expect(try load(full).get() == Self.conventions)
        let cases: [(String, String, String, Int)] = [
            ("  twin: {}\n", "unknown key 'twin'", "/pages/twin", 4),
            ("  errorCodePointer: status.code\n", "must be a JSON pointer", "/pages/errorCodePointer", 4),
            ("  twins: {extension: x, twin: {uriRow: a, requestURL: b}, primaryAudience: c}\n", "`primary` is required", "/pages/twins/primary", 4),
            ("  twins:\n    extension: x\n    primary: {uriRow: a}\n", "`requestURL` must be a string", "/pages/twins/primary/requestURL", 6),
        ]
        for (yaml, message, pointer, line) in cases {
            guard case .failure(let failure) = try load(yaml) else {
                Issue.record("accepted: \(yaml)")
                continue
            }
            let diagnostic = try #require(failure.diagnostics.first)
            #expect(diagnostic.message == message)
            #expect(diagnostic.pointer == pointer)
            #expect(diagnostic.line == line, "\(diagnostic)")
        }
    }
}
