/// A unified diff (`diff -u` style) of two texts, for `authgen check` and the reference test:
/// what changed reads at a glance, not just where.
enum UnifiedDiff {
    /// Hunks with `context` lines around each change, at most `limit` lines in all. Lines
    /// common to both ends are set aside first; a middle of more than `maximumMiddle` lines on
    /// either side is shown replaced whole rather than compared line by line.
    static func of(
        _ old: String, _ new: String, oldName: String, newName: String, context: Int = 3, limit: Int = 80,
        maximumMiddle: Int = 3000
    ) -> String {
        // Lines, without the empty one after a final line break.
        func lines(_ text: String) -> [Substring] {
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            if lines.last == "" { lines.removeLast() }
            return lines
        }
        let a = lines(old)
        let b = lines(new)
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        let middleA = Array(a[prefix..<(a.count - suffix)])
        let middleB = Array(b[prefix..<(b.count - suffix)])
        guard !middleA.isEmpty || !middleB.isEmpty else { return "" }

        // Each line of both texts: kept (in both), removed (old only) or added (new only).
        enum Edit { case keep(Substring), remove(Substring), add(Substring) }
        var edits: [Edit] = a[..<prefix].map { .keep($0) }
        if middleA.count > maximumMiddle || middleB.count > maximumMiddle {
            edits += middleA.map { .remove($0) } + middleB.map { .add($0) }
        } else {
            // Longest common subsequence of the middles, then walked from the front.
            let rows = middleA.count, columns = middleB.count
            var length = [Int](repeating: 0, count: (rows + 1) * (columns + 1))
            for i in stride(from: rows - 1, through: 0, by: -1) {
                for j in stride(from: columns - 1, through: 0, by: -1) {
                    length[i * (columns + 1) + j] =
                        middleA[i] == middleB[j]
                        ? length[(i + 1) * (columns + 1) + j + 1] + 1
                        : max(length[(i + 1) * (columns + 1) + j], length[i * (columns + 1) + j + 1])
                }
            }
            var i = 0, j = 0
            while i < rows || j < columns {
                if i < rows, j < columns, middleA[i] == middleB[j] {
                    edits.append(.keep(middleA[i])); i += 1; j += 1
                } else if i < rows, j == columns || length[(i + 1) * (columns + 1) + j] >= length[i * (columns + 1) + j + 1] {
                    // Removals before additions, as diff -u writes a changed line.
                    edits.append(.remove(middleA[i])); i += 1
                } else {
                    edits.append(.add(middleB[j])); j += 1
                }
            }
        }
        edits += a[(a.count - suffix)...].map { .keep($0) }

        // Group changes with their context into hunks.
        let changed = edits.indices.filter { if case .keep = edits[$0] { false } else { true } }
        var hunks: [ClosedRange<Int>] = []
        for index in changed {
            let range = max(0, index - context)...min(edits.count - 1, index + context)
            if let last = hunks.last, range.lowerBound <= last.upperBound + 1 {
                hunks[hunks.count - 1] = last.lowerBound...range.upperBound
            } else {
                hunks.append(range)
            }
        }
        var lines = ["--- \(oldName)", "+++ \(newName)"]
        var oldLine = 1, newLine = 1, position = 0
        for hunk in hunks {
            while position < hunk.lowerBound {
                switch edits[position] {
                case .keep: oldLine += 1; newLine += 1
                case .remove: oldLine += 1
                case .add: newLine += 1
                }
                position += 1
            }
            let slice = edits[hunk]
            let oldCount = slice.filter { if case .add = $0 { false } else { true } }.count
            let newCount = slice.filter { if case .remove = $0 { false } else { true } }.count
            lines.append("@@ -\(oldLine),\(oldCount) +\(newLine),\(newCount) @@")
            for edit in slice {
                switch edit {
                case .keep(let line): lines.append(" " + line); oldLine += 1; newLine += 1
                case .remove(let line): lines.append("-" + line); oldLine += 1
                case .add(let line): lines.append("+" + line); newLine += 1
                }
            }
            position = hunk.upperBound + 1
        }
        if lines.count > limit { lines = Array(lines.prefix(limit)) + ["... (\(lines.count - limit) more lines)"] }
        return lines.joined(separator: "\n")
    }
}
