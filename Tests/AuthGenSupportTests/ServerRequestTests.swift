import Foundation
import HTTPTypes
import Testing

@testable import AuthGenSupport

/// Parameters as a generated route reads them: the up-front check and the typed read agree.
@Suite struct ServerRequestTests {
    func request(path: [String: Substring] = [:], query: [(String, String)] = [], headers: [String: String] = [:]) -> ServerRequest {
        var fields = HTTPFields()
        for (name, value) in headers { fields[HTTPField.Name(name)!] = value }
        return ServerRequest(
            operationID: "op", headers: fields, pathParameters: path, query: query.map { (name: $0.0, value: $0.1) },
            body: nil, json: nil, configuration: ServerConfiguration())
    }

    @Test func headerListsAreTrimmedAlikeByTheCheckAndTheRead() throws {
        let request = request(headers: ["X-Ids": "1, 2 ,3"])
        let rule = ParameterRule(.header, "X-Ids", required: true, schema: .array(.integer(NumberRules(minimum: 1)), ArrayRules(maxItems: 3)))
        try request.checkParameters([rule])
        #expect(try request.requiredHeader("X-Ids", as: [Int].self) == [1, 2, 3])
    }

    @Test func pathListsArePercentDecodedThenSplit() throws {
        let request = request(path: ["tags": "a%20b,c"])
        try request.checkParameters([ParameterRule(.path, "tags", required: true, schema: .array(.string(StringRules(minLength: 1)), ArrayRules()))])
        #expect(try request.path("tags", as: [String].self) == ["a b", "c"])
    }

    @Test func queryArraysRepeatTheNameAndSingleValuesMustNot() throws {
        let request = request(query: [("tag", "a,b"), ("tag", "c"), ("limit", "1"), ("limit", "2")])
        #expect(try request.query("tag", as: [String].self) == ["a,b", "c"])
        #expect(throws: RequestRejection.self) { try request.query("limit", as: Int.self) }
        #expect(try request.query("absent", as: Int.self) == nil)
    }

    @Test func theCheckNamesEveryProblemWithItsLocation() {
        let request = request(query: [("limit", "x")], headers: ["X-Ids": "1,0"])
        #expect {
            try request.checkParameters([
                ParameterRule(.query, "limit", schema: .integer(NumberRules())),
                ParameterRule(.header, "X-Ids", schema: .array(.integer(NumberRules(minimum: 1)), ArrayRules())),
                ParameterRule(.path, "id", required: true, schema: .string(StringRules())),
            ])
        } throws: { error in
            (error as? RequestRejection)?.issues.map(\.message) == [
                "query parameter 'limit' must be an integer, not string",
                "header 'X-Ids' at /1 must be at least 1",
                "path parameter 'id' is required",
            ]
        }
    }
}

/// A number parameter is a JSON number: Swift's own parser would also take `nan`, `inf` and
/// hexadecimal, and NaN passes every bound (every comparison with it is false).
@Suite struct NumberParameterTests {
    func request(_ price: String) -> ServerRequest {
        ServerRequest(
            operationID: "op", headers: HTTPFields(), pathParameters: [:], query: [(name: "price", value: price)],
            body: nil, json: nil, configuration: ServerConfiguration())
    }

    @Test(arguments: ["nan", "NaN", "inf", "-infinity", "0x1p3", "1e999", "1.", ".5", "+1", "1_000", " 1"])
    func textThatIsNotAJSONNumberIsRefused(_ text: String) {
        let rule = ParameterRule(.query, "price", schema: .number(NumberRules(minimum: 0, maximum: 100)))
        #expect(throws: RequestRejection.self, "\(text)") { try request(text).checkParameters([rule]) }
        #expect(Double(parameterText: text) == nil && Float(parameterText: text) == nil, "\(text)")
    }

    @Test(arguments: [("0", 0.0), ("-0.5", -0.5), ("12.25", 12.25), ("1e2", 100), ("2.5E-1", 0.25)])
    func jsonNumbersAreRead(_ text: String, _ value: Double) throws {
        let rule = ParameterRule(.query, "price", schema: .number(NumberRules(minimum: -1, maximum: 100)))
        try request(text).checkParameters([rule])
        #expect(try request(text).query("price", as: Double.self) == value)
        #expect(Float(parameterText: text) == Float(value))
    }
}

@Suite struct ContentTypeTests {
    @Test func jsonMediaTypesWithAnyParametersAndCase() {
        for json in [
            "application/json", "application/json; charset=utf-8", " Application/JSON ;charset=UTF-8", "application/problem+json",
            "application/vnd.api+json\t",
        ] {
            #expect(ServerRequest.isJSON(json), "\(json)")
        }
        for other in ["text/plain", "application/jsonx", "text/json", "application/xml; x=application/json", ""] {
            #expect(!ServerRequest.isJSON(other), "\(other)")
        }
    }
}
