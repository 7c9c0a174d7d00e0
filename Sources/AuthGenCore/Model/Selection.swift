/// Which operations to generate: by operationId, tag or path. Empty selects everything.
package struct Selection: Sendable, Equatable {
    package var operationIds: [String]
    package var tags: [String]
    package var paths: [String]

    package init(operationIds: [String] = [], tags: [String] = [], paths: [String] = []) {
        self.operationIds = operationIds
        self.tags = tags
        self.paths = paths
    }

    package var isEmpty: Bool { operationIds.isEmpty && tags.isEmpty && paths.isEmpty }

    func includes(operationId: String?, tags operationTags: [String], path: String) -> Bool {
        if isEmpty { return true }
        if let operationId, operationIds.contains(operationId) { return true }
        if paths.contains(path) { return true }
        return operationTags.contains { tags.contains($0) }
    }
}
