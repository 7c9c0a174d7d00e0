/// Which operations to generate: by operationId, tag or path. Empty selects everything.
public struct Selection: Sendable, Equatable {
    public var operationIds: [String]
    public var tags: [String]
    public var paths: [String]

    public init(operationIds: [String] = [], tags: [String] = [], paths: [String] = []) {
        self.operationIds = operationIds
        self.tags = tags
        self.paths = paths
    }

    public var isEmpty: Bool { operationIds.isEmpty && tags.isEmpty && paths.isEmpty }

    func includes(operationId: String?, tags operationTags: [String], path: String) -> Bool {
        if isEmpty { return true }
        if let operationId, operationIds.contains(operationId) { return true }
        if paths.contains(path) { return true }
        return operationTags.contains { tags.contains($0) }
    }
}
