// Hand-written code beside what the build plugin generates into this module.
extension Greeting {
    /// The greeting, louder.
    public var shout: String { text.uppercased() }
}
