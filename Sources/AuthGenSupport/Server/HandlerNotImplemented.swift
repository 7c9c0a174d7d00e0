/// Thrown by a handler skeleton until it is filled in; the transport answers 500.
public struct HandlerNotImplemented: Error, CustomStringConvertible {
    /// The operation whose handler is still the generated skeleton.
    public var operationID: String

    /// Names the operation whose handler is not written yet.
    public init(operationID: String) {
        self.operationID = operationID
    }

    /// Says which operation has no handler.
    public var description: String { "no handler is written for \(operationID) yet" }
}
