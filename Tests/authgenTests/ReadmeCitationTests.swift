import Foundation
import Testing

/// README names the tests that hold its claims (`SuiteTests` or `SuiteTests.testName`); each
/// one it names exists, so a renamed or deleted test cannot leave a claim citing nothing.
@Suite struct ReadmeCitationTests {
    @Test func everyTestTheReadmeNamesExists() throws {
        let root = CLITests.root
        let readme = try String(contentsOfFile: root + "/README.md", encoding: .utf8)
        let citations = Set(
            readme.matches(of: /`([A-Z][A-Za-z]*Tests)(?:\.([a-zA-Z]+))?`/).map { ($0.output.1, $0.output.2) }.map { "\($0.0)|\($0.1 ?? "")" })
        #expect(citations.count > 20, "README cites \(citations.count) tests")
        var sources = ""
        let tests = URL(fileURLWithPath: root + "/Tests")
        let files = FileManager.default.enumerator(at: tests, includingPropertiesForKeys: nil)
        while let file = files?.nextObject() as? URL {
            guard file.pathExtension == "swift", !file.path.contains("/Fixtures/") else { continue }
            sources += try String(contentsOf: file, encoding: .utf8)
        }
        for citation in citations.sorted() {
            let parts = citation.split(separator: "|", omittingEmptySubsequences: false)
            let (suite, test) = (String(parts[0]), String(parts[1]))
            let suiteDeclared = sources.contains("struct \(suite)") || sources.contains("class \(suite)")
            #expect(suiteDeclared, "README cites \(suite), which no test declares")
            let testDeclared = test.isEmpty || sources.contains("func \(test)(")
            #expect(testDeclared, "README cites \(suite).\(test), which no test declares")
        }
    }
}
