import AuthGenSupport
import Foundation
import LibraryAPI
import Testing

/// Generated models read and write their own JSON: what Foundation's encoder writes of the
/// same value, and what Foundation's decoder reads, for every kind of member the fixture has.
@Suite struct GeneratedJSONTests {
    private func foundation(_ value: some Encodable) throws -> JSONValue {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return try JSONParser.parse(encoder.encode(value))
    }

    private func written(_ value: some JSONWritable) throws -> JSONValue {
        try JSONParser.parse(JSONWriter.data(value))
    }

    /// The value read back by its generated `init(json:)`, checked against Foundation's decoder.
    private func readBack<T: JSONReadable & JSONWritable & Equatable>(_ value: T) throws -> T {
        let data = try JSONWriter.data(value)
        let read = try T(json: try JSONParser.parse(data))
        #expect(read == (try JSONDecoder().decode(T.self, from: data)))
        return read
    }

    @Test func everyModelWritesTheJSONFoundationWould() throws {
        let book = Book(isbn: "978-0 \"quoted\" / \u{1F}", title: "Ünïcødé 📚\n", authors: ["a", ""], format: .audio, pages: nil, tags: [])
        #expect(try written(book) == foundation(book))
        let full = Book(isbn: "1", title: "t", authors: [], format: .print, pages: -3, tags: ["x"])
        #expect(try written(full) == foundation(full))
        // A discriminated oneOf, and each of its payloads.
        for new in [
            NewBook.eBook(EBook(format: .ebook, isbn: "2", title: "e", authors: ["b"], byteCount: 1 << 40)),
            NewBook.printBook(PrintBook(format: .print, isbn: "3", title: "p", authors: [], pages: 100)),
        ] {
            #expect(try written(new) == foundation(new))
        }
        // Recursive members boxed in Indirect, nested arrays of the same type.
        let series = Series(title: "s", latest: Volume(number: 2, series: Series(title: "inner", latest: nil)))
        let shelf = Shelf(name: "root", parent: Shelf(name: "up"), children: [Shelf(name: "c1"), Shelf(name: "c2", children: [])], series: series)
        #expect(try written(shelf) == foundation(shelf))
        // A type override (Foundation.UUID) is written by Foundation's encoder.
        let loan = Loan(isbn: "4", member: "m", due: "2026-12-02", copy: UUID(uuidString: "00000000-0000-4000-8000-000000000001"))
        #expect(try written(loan) == foundation(loan))
        let problem = Problem(title: "bad", detail: nil, issues: [.init(pointer: "/a/0", message: "must be \\ \"x\"")])
        #expect(try written(problem) == foundation(problem))

        #expect(try readBack(book) == book)
        #expect(try readBack(full) == full)
        #expect(try readBack(shelf) == shelf)
        #expect(try readBack(loan) == loan)
        #expect(try readBack(problem) == problem)
        let new = NewBook.eBook(EBook(format: .ebook, isbn: "2", title: "e", authors: [], byteCount: nil))
        #expect(try readBack(new) == new)
    }

    @Test func whatDoesNotFitIsRefusedAtItsPathAsFoundationRefusesIt() throws {
        let cases: [(String, String)] = [
            (#"{"title":"t","authors":[],"format":"print"}"#, "isbn"),
            (#"{"isbn":"1","title":"t","authors":["a",1],"format":"print"}"#, "authors/1"),
            (#"{"isbn":"1","title":"t","authors":[],"format":"vinyl"}"#, "format"),
            (#"{"isbn":"1","title":"t","authors":[],"format":"print","pages":1.5}"#, "pages"),
            (#"{"isbn":"1","title":"t","authors":[],"format":"print","pages":1e30}"#, "pages"),
        ]
        for (text, path) in cases {
            let json = try JSONParser.parse(Data(text.utf8))
            #expect(throws: DecodingError.self, "\(text)") { try JSONDecoder().decode(Book.self, from: Data(text.utf8)) }
            let error = #expect(throws: DecodingError.self, "\(text)") { try Book(json: json) }
            #expect(error.map(Self.path) == path, "\(text)")
        }
        let unknown = try JSONParser.parse(Data(#"{"format":"tape","isbn":"1","title":"t","authors":[]}"#.utf8))
        let error = #expect(throws: DecodingError.self) { try NewBook(json: unknown) }
        #expect(error.map(Self.path) == "format")
        // A whole number written with a fraction is read, as both decoders read it.
        let whole = try Book(json: try JSONParser.parse(Data(#"{"isbn":"1","title":"t","authors":[],"format":"print","pages":2.0}"#.utf8)))
        #expect(whole.pages == 2)
    }

    private static func path(_ error: DecodingError) -> String {
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return context.codingPath.map(\.stringValue).joined(separator: "/")
        case .keyNotFound(let key, let context):
            return (context.codingPath + [key]).map(\.stringValue).joined(separator: "/")
        @unknown default:
            return ""
        }
    }

    @Test func membersAreWrittenInTheSpecsOrderWithTheSpecsNames() throws {
        let loan = Loan(isbn: "4", member: "m", due: "d", copy: nil)
        #expect(String(decoding: try JSONWriter.data(loan), as: UTF8.self) == #"{"isbn":"4","member":"m","due":"d"}"#)
        #expect(String(decoding: try JSONWriter.data([Format.print, .audio]), as: UTF8.self) == #"["print","audio"]"#)
    }
}
