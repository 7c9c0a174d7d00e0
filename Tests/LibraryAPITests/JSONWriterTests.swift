import AuthGenSupport
import Foundation
import LibraryAPI
import Testing

/// Generated models write their own JSON: the JSON Foundation's encoder writes of the same
/// value, for every kind of member the fixture has.
@Suite struct GeneratedJSONTests {
    private func foundation(_ value: some Encodable) throws -> JSONValue {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return try JSONParser.parse(encoder.encode(value))
    }

    private func written(_ value: some JSONWritable) throws -> JSONValue {
        try JSONParser.parse(JSONWriter.data(value))
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
    }

    @Test func membersAreWrittenInTheSpecsOrderWithTheSpecsNames() throws {
        let loan = Loan(isbn: "4", member: "m", due: "d", copy: nil)
        #expect(String(decoding: try JSONWriter.data(loan), as: UTF8.self) == #"{"isbn":"4","member":"m","due":"d"}"#)
        #expect(String(decoding: try JSONWriter.data([Format.print, .audio]), as: UTF8.self) == #"["print","audio"]"#)
    }
}
