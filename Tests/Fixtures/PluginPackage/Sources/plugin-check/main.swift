import AuthGenSupport
import CommittedGreetings
import Foundation
import Greetings
import HTTPTypes
import OpenAPIRuntime

// Each generated module serves a handler over an in-memory transport and is called through its
// own generated client: a greeting is created and read back, and a name the schema refuses
// never reaches the handler. Any difference exits with status 1.

var failures: [String] = []
@MainActor func expect(_ condition: Bool, _ what: String) {
    if !condition { failures.append(what) }
}

struct BuiltGreeter: Greetings.APIProtocol {
    func createGreeting(_ input: Greetings.Operations.CreateGreeting.Input) async throws -> Greetings.Operations.CreateGreeting.Output {
        .created(Greetings.Greeting(id: 1, text: "Hello, \(input.body.name)!"))
    }

    func getGreeting(_ input: Greetings.Operations.GetGreeting.Input) async throws -> Greetings.Operations.GetGreeting.Output {
        input.path.id == 1 ? .ok(Greetings.Greeting(id: 1, text: "Hello again")) : .notFound
    }
}

struct CommittedGreeter: CommittedGreetings.APIProtocol {
    func createGreeting(_ input: CommittedGreetings.Operations.CreateGreeting.Input) async throws
        -> CommittedGreetings.Operations.CreateGreeting.Output
    {
        .created(CommittedGreetings.Greeting(id: 2, text: "Hi, \(input.body.name)!"))
    }

    func getGreeting(_ input: CommittedGreetings.Operations.GetGreeting.Input) async throws -> CommittedGreetings.Operations.GetGreeting.Output {
        .notFound
    }
}

let url = URL(string: "/")!

let built = InMemoryTransport()
try BuiltGreeter().registerHandlers(on: built, serverURL: url)
let builtClient = Greetings.Client(serverURL: url, transport: built)
let created = try await builtClient.createGreeting(.init(body: .init(name: "Ada")))
expect(created == .created(Greetings.Greeting(id: 1, text: "Hello, Ada!")), "build plugin: createGreeting answered \(created)")
let read = try await builtClient.getGreeting(.init(path: .init(id: 1)))
expect(read == .ok(Greetings.Greeting(id: 1, text: "Hello again")), "build plugin: getGreeting answered \(read)")
if case .ok(let greeting) = read { expect(greeting.shout == "HELLO AGAIN", "build plugin: hand-written shout gave \(greeting.shout)") }
let missing = try await builtClient.getGreeting(.init(path: .init(id: 9)))
expect(missing == .notFound, "build plugin: getGreeting of a missing greeting answered \(missing)")

let committed = InMemoryTransport()
try CommittedGreeter().registerHandlers(on: committed, serverURL: url)
let committedClient = CommittedGreetings.Client(serverURL: url, transport: committed)
let hi = try await committedClient.createGreeting(.init(body: .init(name: "Grace")))
expect(hi == .created(CommittedGreetings.Greeting(id: 2, text: "Hi, Grace!")), "command plugin: createGreeting answered \(hi)")

// The generated validators hold on both sides: the client refuses a name over 20 characters
// before sending, and the server refuses one that reaches it anyway.
do {
    _ = try await committedClient.createGreeting(.init(body: .init(name: String(repeating: "x", count: 21))))
    failures.append("command plugin: a 21-character name was sent")
} catch let error as ValidationError {
    expect(error.issues.map(\.pointer) == ["/name"], "command plugin: the client refused a long name with \(error.issues)")
} catch {
    failures.append("command plugin: a long name failed with \(error), not a ValidationError")
}
let request = HTTPRequest(method: .post, scheme: nil, authority: nil, path: "/greetings", headerFields: [.contentType: "application/json"])
let (response, _) = try await built.send(request, body: HTTPBody(#"{"name":""}"#), baseURL: url, operationID: "raw")
expect(response.status.code == 400, "build plugin: an empty name answered \(response.status.code), not 400")

if failures.isEmpty {
    print("plugin-check: both generated modules served and called as their spec says")
} else {
    failures.forEach { print("plugin-check: \($0)") }
    exit(1)
}
