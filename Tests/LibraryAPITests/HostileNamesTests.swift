import AuthGenSupport
import Foundation
import HostileNamesAPI
import OpenAPIRuntime
import Testing

/// A handler for the hostile-names fixture: it answers what it was sent, so every escaped name
/// is seen to map back to the name in the spec.
struct Echo: APIProtocol {
    func getClass(_ input: Operations.GetClass.Input) async throws -> Operations.GetClass.Output {
        .ok(Class(_self: input.path._self, type: input.headers.type, _1st: input.query.`default`, aB: input.query._1stChoice.map(String.init)))
    }

    func getClass2(_ input: Operations.GetClass2.Input) async throws -> Operations.GetClass2.Output { .ok }

    func `enum`(_ input: Operations.Enum.Input) async throws -> Operations.Enum.Output {
        input.body == .empty ? .ok : .undocumented(statusCode: 422, body: nil)
    }
}

@Suite struct HostileNamesTests {
    let transport = InMemoryTransport()
    let client: Client

    init() throws {
        try Echo().registerHandlers(on: transport, serverURL: URL(string: "/")!)
        client = Client(serverURL: URL(string: "/")!, transport: transport)
    }

    @Test func escapedNamesTravelUnderTheSpecsNames() async throws {
        let answer = try await client.getClass(.init(path: .init(_self: "me"), query: .init(default: "d", _1stChoice: 7), headers: .init(type: "t")))
        #expect(answer == .ok(Class(_self: "me", type: "t", _1st: "d", aB: "7")))
        // In JSON, each member has the spec's own name.
        let json = try JSONValue(
            json: JSONEncoder().encode(
                Class(_self: "s", init: 1, protocol: true, _1st: "f", aB: "dash", aB2: "underscore", empty: "e", empty2: "smile")))
        #expect(
            json
                == .object([
                    "self": .string("s"), "init": .integer(1), "protocol": .bool(true), "1st": .string("f"), "a-b": .string("dash"),
                    "a_b": .string("underscore"), "🙂": .string("e"), "": .string("smile"),
                ]))
    }

    @Test func enumValuesThatAreNotIdentifiersKeepTheirRawValues() async throws {
        #expect(TypeModel.allCases.map(\.rawValue) == ["self", "Type", "", "1", "a b", "A B", "case", "🙂", "\"", "\\", "default", "none", "some"])
        #expect(try await client.enum(.init(body: .empty)) == .ok)
        #expect(StringModel(rawValue: -1) != nil && StringModel.allCases.count == 3)
    }
}
