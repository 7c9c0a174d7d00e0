import AuthTestSupport
import Foundation
import Testing

@testable import AuthGenCore

/// `authgen check` and the reference test show what changed as a unified diff.
@Suite struct UnifiedDiffTests {
    @Test func changesAreShownWithThreeLinesOfContext() {
        let old = (1...12).map { "line \($0)" }.joined(separator: "\n")
        var lines = (1...12).map { "line \($0)" }
        lines[5] = "line six"
        lines.insert("inserted", at: 10)
        let diff = UnifiedDiff.of(old, lines.joined(separator: "\n"), oldName: "a", newName: "b")
        #expect(
            diff == """
                --- a
                +++ b
                @@ -3,10 +3,11 @@
                 line 3
                 line 4
                 line 5
                -line 6
                +line six
                 line 7
                 line 8
                 line 9
                 line 10
                +inserted
                 line 11
                 line 12
                """)
    }

    @Test func distantChangesAreSeparateHunksAndEqualTextsNone() {
        let old = (1...30).map { "\($0)" }.joined(separator: "\n")
        let new = old.replacingOccurrences(of: "\n2\n", with: "\ntwo\n").replacingOccurrences(of: "\n28\n", with: "\n")
        let diff = UnifiedDiff.of(old, new, oldName: "a", newName: "b")
        #expect(diff.split(separator: "\n").filter { $0.hasPrefix("@@") } == ["@@ -1,5 +1,5 @@", "@@ -25,6 +25,5 @@"])
        #expect(UnifiedDiff.of(old, old, oldName: "a", newName: "b").isEmpty)
    }

    @Test func theCheckerReportsTheDiffOfAChangedFile() throws {
        let dir = try temporaryFolder("authgen-diff").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try write("a\nb\nc\n", to: dir + "/File.swift")
        let differences = OutputChecker.differences(Generator.Plan.Output(root: dir, files: ["File.swift": "a\nB\nc\n"]))
        #expect(
            differences.map(\.description) == [
                """
                changed: \(dir)/File.swift:2
                    committed: b
                    generated: B
                --- \(dir)/File.swift (committed)
                +++ \(dir)/File.swift (generated)
                @@ -1,3 +1,3 @@
                 a
                -b
                +B
                 c
                """
            ])
    }
}
