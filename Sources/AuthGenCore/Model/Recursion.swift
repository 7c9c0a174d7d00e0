/// Types that contain themselves, directly (a shelf with a parent shelf) or through others (a
/// series naming its latest volume, which names its series), would have infinite size as Swift
/// value types. Each member that closes such a cycle is stored out of line: a struct property
/// in an `Indirect` box, a oneOf case as an `indirect case`. Arrays and dictionaries already
/// store their elements out of line, so a cycle through them needs nothing.
enum Recursion {
    /// Marks every member of `types` (nested types included) that closes a cycle.
    static func boxCycles(in types: inout [TypeDeclaration]) {
        var graph = Graph()
        for type in types { graph.add(type) }
        let component = graph.stronglyConnectedComponents()
        func closesCycle(_ owner: String, _ memberType: SwiftType?) -> Bool {
            graph.inlineTargets(of: memberType).contains { target in
                target == owner || (component[target] != nil && component[target] == component[owner])
            }
        }
        func mark(_ type: inout TypeDeclaration) {
            for index in type.properties.indices where closesCycle(type.qualifiedName, type.properties[index].type) {
                type.properties[index].isIndirect = true
            }
            for index in type.composedValues.indices where closesCycle(type.qualifiedName, type.composedValues[index].type) {
                type.composedValues[index].isIndirect = true
            }
            for index in type.cases.indices where closesCycle(type.qualifiedName, type.cases[index].payload) {
                type.cases[index].isIndirect = true
            }
            for index in type.nested.indices { mark(&type.nested[index]) }
        }
        for index in types.indices { mark(&types[index]) }
    }

    /// Which declared types hold which others inline, by qualified name.
    private struct Graph {
        var edges: [String: [SwiftType]] = [:]
        /// Typealias name -> what it names.
        var aliases: [String: SwiftType] = [:]

        mutating func add(_ type: TypeDeclaration) {
            if case .typeAlias(let target) = type.kind { aliases[type.qualifiedName] = target }
            let members = type.properties.map(\.type) + type.composedValues.map(\.type) + type.cases.compactMap(\.payload)
            edges[type.qualifiedName] = members
            for nested in type.nested { add(nested) }
        }

        /// The declared types a member of Swift type `type` holds inline: itself when declared,
        /// what a typealias names, none through an array or dictionary.
        func inlineTargets(of type: SwiftType?) -> [String] {
            guard var name = type?.namedType else { return [] }
            var seen: Set<String> = []
            while let target = aliases[name], seen.insert(name).inserted {
                guard let next = target.namedType else { return [] }
                name = next
            }
            return edges[name] != nil && aliases[name] == nil ? [name] : []
        }

        /// Tarjan's algorithm: each type's component number; types in one component reach each
        /// other. With an explicit stack: a chain of thousands of types must not overflow the
        /// call stack.
        func stronglyConnectedComponents() -> [String: Int] {
            var index: [String: Int] = [:]
            var lowLink: [String: Int] = [:]
            var onStack: Set<String> = []
            var stack: [String] = []
            var component: [String: Int] = [:]
            var counter = 0
            var components = 0
            for root in edges.keys.sorted() where index[root] == nil {
                // Each frame: a type and the targets of its members still to look at.
                var frames: [(node: String, targets: [String])] = []
                func enter(_ node: String) {
                    index[node] = counter
                    lowLink[node] = counter
                    counter += 1
                    stack.append(node)
                    onStack.insert(node)
                    frames.append((node, (edges[node] ?? []).flatMap(inlineTargets(of:)).reversed()))
                }
                enter(root)
                while let frame = frames.last {
                    if let target = frames[frames.count - 1].targets.popLast() {
                        if index[target] == nil {
                            enter(target)
                        } else if onStack.contains(target) {
                            lowLink[frame.node] = min(lowLink[frame.node]!, index[target]!)
                        }
                        continue
                    }
                    frames.removeLast()
                    if let parent = frames.last?.node { lowLink[parent] = min(lowLink[parent]!, lowLink[frame.node]!) }
                    if lowLink[frame.node] == index[frame.node] {
                        while let top = stack.popLast() {
                            onStack.remove(top)
                            component[top] = components
                            if top == frame.node { break }
                        }
                        components += 1
                    }
                }
            }
            return component
        }
    }
}
