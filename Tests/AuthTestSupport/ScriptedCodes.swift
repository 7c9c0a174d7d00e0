import AuthEngine
import Synchronization

/// OTPs in a known order (…001, …002, …), so a test knows what was sent without reading it.
public final class ScriptedCodes: CodeSource {
    private let next = Mutex(0)

    public init() {}

    public func digits(_ length: Int) -> String {
        let n = next.withLock { value in
            value += 1
            return value
        }
        return String((String(repeating: "0", count: length) + String(n)).suffix(length))
    }
}
