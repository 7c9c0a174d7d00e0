/// Thrown by a handler skeleton until it is filled in; the transport answers 500.
public struct HandlerNotImplemented: Error, CustomStringConvertible {
    public var operationID: String

    public init(operationID: String) {
        self.operationID = operationID
    }

    public var description: String { "no handler is written for \(operationID) yet" }
}
