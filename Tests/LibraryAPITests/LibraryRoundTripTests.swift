import AuthGenSupport
import Foundation
import HTTPTypes
import LibraryAPI
import OpenAPIRuntime
import Testing

/// A server for the fixture spec, holding books in memory.
actor Library: APIProtocol {
    var books: [String: Book] = [:]
    var covers: [String: Data] = [:]
    var requestIds: [String] = []
    var tagQueries: [[String]] = []

    func listBooks(_ input: Operations.ListBooks.Input) async throws -> Operations.ListBooks.Output {
        requestIds.append(input.headers.xRequestId)
        if let tags = input.query.tag { tagQueries.append(tags) }
        var matching = books.values.sorted { $0.isbn < $1.isbn }
        if let author = input.query.author { matching = matching.filter { $0.authors.contains(author) } }
        if let tags = input.query.tag { matching = matching.filter { book in tags.allSatisfy { (book.tags ?? []).contains($0) } } }
        if let format = input.query.format { matching = matching.filter { $0.format == format } }
        let total = matching.count
        if let limit = input.query.limit { matching = Array(matching.prefix(limit)) }
        return .ok(matching, xTotalCount: total)
    }

    func addBook(_ input: Operations.AddBook.Input) async throws -> Operations.AddBook.Output {
        let book =
            switch input.body {
            case .printBook(let print): Book(isbn: print.isbn, title: print.title, authors: print.authors, format: .print, pages: print.pages)
            case .eBook(let ebook): Book(isbn: ebook.isbn, title: ebook.title, authors: ebook.authors, format: .ebook)
            }
        guard books[book.isbn] == nil else { return .conflict(Problem(title: "Duplicate ISBN", detail: book.isbn)) }
        if book.title == "Forbidden" { return .default(statusCode: 451, Problem(title: "Unavailable for legal reasons")) }
        books[book.isbn] = book
        return .created(book, location: "/books/\(book.isbn)")
    }

    func getBook(_ input: Operations.GetBook.Input) async throws -> Operations.GetBook.Output {
        guard let book = books[input.path.isbn] else { return .notFound(Problem(title: "No such book", detail: input.path.isbn)) }
        return .ok(book)
    }

    func removeBook(_ input: Operations.RemoveBook.Input) async throws -> Operations.RemoveBook.Output {
        guard books.removeValue(forKey: input.path.isbn) != nil else { return .notFound(Problem(title: "No such book")) }
        return .noContent
    }

    func uploadCover(_ input: Operations.UploadCover.Input) async throws -> Operations.UploadCover.Output {
        covers[input.path.isbn] = input.body
        return input.body.count > 4 ? .code2XX(statusCode: 202, Data("queued for resizing".utf8)) : .noContent
    }

    func borrow(_ input: Operations.Borrow.Input) async throws -> Operations.Borrow.Output {
        guard let request = input.body else { return .unprocessableContent(Problem(title: "Nothing to borrow")) }
        guard books[request.isbn] != nil else { return .unprocessableContent(Problem(title: "No such book", detail: request.isbn)) }
        return .ok(Loan(isbn: request.isbn, member: request.member, due: "in \(request.days) days", copy: request.copy))
    }

    func placeShelf(_ input: Operations.PlaceShelf.Input) async throws -> Operations.PlaceShelf.Output {
        .ok(input.body)
    }
}

/// Refusals in this API's own error shape.
let problem: @Sendable (RequestRejection) -> APIResponse = { rejection in
    let body = Problem(title: rejection.message, issues: rejection.issues.map { Problem.IssuesItem(pointer: $0.pointer, message: $0.message) })
    return (try? .json(rejection.statusCode, body)) ?? APIResponse(statusCode: rejection.statusCode)
}

@Suite struct LibraryRoundTripTests {
    let library = Library()
    let transport = InMemoryTransport()
    let client: Client

    init() throws {
        try library.registerHandlers(
            on: transport, serverURL: URL(string: "https://library.example.com/v2")!,
            configuration: ServerConfiguration(rejectionResponse: problem))
        client = Client(serverURL: URL(string: "https://library.example.com/v2")!, transport: transport)
    }

    static let dune = PrintBook(format: .print, isbn: "9780441013593", title: "Dune", authors: ["Frank Herbert"], pages: 612)
    static let neuromancer = EBook(format: .ebook, isbn: "9780441569595", title: "Neuromancer", authors: ["William Gibson"])

    @Test func discriminatedBodyCreatesWithALocationHeader() async throws {
        let created = try await client.addBook(.init(body: .printBook(Self.dune)))
        #expect(
            created
                == .created(
                    Book(isbn: Self.dune.isbn, title: "Dune", authors: ["Frank Herbert"], format: .print, pages: 612),
                    location: "/books/9780441013593"))
        #expect(try await client.addBook(.init(body: .printBook(Self.dune))) == .conflict(Problem(title: "Duplicate ISBN", detail: Self.dune.isbn)))
        let ebook = try await client.addBook(.init(body: .eBook(Self.neuromancer)))
        guard case .created(let book, _) = ebook else { Issue.record("\(ebook)"); return }
        #expect(book.format == .ebook)
    }

    @Test func defaultResponseKeepsItsStatus() async throws {
        var forbidden = Self.dune
        forbidden.title = "Forbidden"
        #expect(
            try await client.addBook(.init(body: .printBook(forbidden))) == .default(statusCode: 451, Problem(title: "Unavailable for legal reasons"))
        )
    }

    @Test func queryArraysEnumsAndRequiredHeaderReachTheHandler() async throws {
        _ = try await client.addBook(.init(body: .printBook(Self.dune)))
        _ = try await client.addBook(.init(body: .eBook(Self.neuromancer)))
        let all = try await client.listBooks(.init(headers: .init(xRequestId: "r-1")))
        guard case .ok(let books, let total) = all else { Issue.record("\(all)"); return }
        #expect(books.map(\.title) == ["Dune", "Neuromancer"])
        #expect(total == 2)

        let ebooks = try await client.listBooks(.init(query: .init(format: .ebook), headers: .init(xRequestId: "r-2")))
        #expect(ebooks == .ok([Book(isbn: Self.neuromancer.isbn, title: "Neuromancer", authors: ["William Gibson"], format: .ebook)], xTotalCount: 1))

        let limited = try await client.listBooks(.init(query: .init(author: "Frank Herbert", tag: [], limit: 1), headers: .init(xRequestId: "r 3/é")))
        guard case .ok(let few, 1) = limited else { Issue.record("\(limited)"); return }
        #expect(few.count == 1)
        #expect(await library.requestIds == ["r-1", "r-2", "r 3/é"])
    }

    @Test func anArrayQueryArrivesItemByItemInOrder() async throws {
        // Exploded form style: one `tag=` per item, each percent-encoded, read back in order.
        let tags = ["classic", "a&b=c", "é ñ", "classic"]
        let output = try await client.listBooks(.init(query: .init(tag: tags), headers: .init(xRequestId: "r-tags")))
        guard case .ok = output else { Issue.record("\(output)"); return }
        #expect(await library.tagQueries == [tags])
        // An empty array sends no item, and arrives as no parameter.
        _ = try await client.listBooks(.init(query: .init(tag: []), headers: .init(xRequestId: "r-none")))
        #expect(await library.tagQueries == [tags])
    }

    @Test func missingRequiredHeaderAndBadEnumAreRefused() async throws {
        let noHeader = try await raw(.get, "/v2/books")
        #expect(noHeader.status == 400)
        #expect(noHeader.body.contains("header 'X-Request-Id' is required"))

        var fields = HTTPFields()
        fields[HTTPField.Name("X-Request-Id")!] = "r"
        let badFormat = try await raw(.get, "/v2/books?format=vinyl", fields: fields)
        #expect(badFormat.status == 400)
        #expect(badFormat.body.contains("query parameter 'format' must be one of print, ebook, audio"))
        #expect(await library.requestIds.isEmpty)
    }

    @Test func parameterConstraintsAreAllCheckedBeforeTheHandler() async throws {
        var fields = HTTPFields()
        fields[HTTPField.Name("X-Request-Id")!] = "r"
        let response = try await raw(.get, "/v2/books?limit=0&author=", fields: fields)
        #expect(response.status == 400)
        let problem = try JSONDecoder().decode(Problem.self, from: Data(response.body.utf8))
        #expect(
            problem
                == Problem(
                    title: "Invalid parameters",
                    issues: [
                        Problem.IssuesItem(pointer: "", message: "query parameter 'author' must be at least 1 characters long, is 0"),
                        Problem.IssuesItem(pointer: "", message: "query parameter 'limit' must be at least 1"),
                    ]))
        let notANumber = try await raw(.get, "/v2/books?limit=ten", fields: fields)
        #expect(notANumber.body.contains("query parameter 'limit' must be an integer, not string"))
        let pattern = try await raw(.get, "/v2/books/978-0441013593")
        #expect(pattern.status == 400)
        #expect(pattern.body.contains("path parameter 'isbn' must match"))
        #expect(await library.requestIds.isEmpty)
    }

    @Test func pathParametersAndBodylessResponses() async throws {
        _ = try await client.addBook(.init(body: .printBook(Self.dune)))
        guard case .ok(let book) = try await client.getBook(.init(path: .init(isbn: Self.dune.isbn))) else { Issue.record("not found"); return }
        #expect(book.pages == 612)
        #expect(try await client.removeBook(.init(path: .init(isbn: Self.dune.isbn))) == .noContent)
        #expect(try await client.removeBook(.init(path: .init(isbn: Self.dune.isbn))) == .notFound(Problem(title: "No such book")))
        #expect(
            try await client.getBook(.init(path: .init(isbn: "0000000000000"))) == .notFound(Problem(title: "No such book", detail: "0000000000000")))
    }

    @Test func rawBodiesAndRangeResponses() async throws {
        #expect(try await client.uploadCover(.init(path: .init(isbn: "1"), body: Data([0x89, 0x50]))) == .noContent)
        #expect(
            try await client.uploadCover(.init(path: .init(isbn: "2"), body: Data([0x89, 0x50, 0x4E, 0x47, 0x0D])))
                == .code2XX(statusCode: 202, Data("queued for resizing".utf8)))
        #expect(await library.covers == ["1": Data([0x89, 0x50]), "2": Data([0x89, 0x50, 0x4E, 0x47, 0x0D])])
        // Path parameters are percent-encoded on the way out and decoded on the way in.
        #expect(try await client.uploadCover(.init(path: .init(isbn: "a b/c?d"), body: Data([1]))) == .noContent)
        #expect(await library.covers["a b/c?d"] == Data([1]))
        #expect(try await raw(.get, "/v2/nowhere").status == 404)
    }

    @Test func batchLoansApplyDefaultsAndFailPerItem() async throws {
        _ = try await client.addBook(.init(body: .printBook(Self.dune)))
        let output = try await client.borrow(batch: [
            LoanRequest(isbn: Self.dune.isbn, member: "ada@example.com"),
            LoanRequest(isbn: Self.dune.isbn, member: "bob@example.com", days: 3),
        ])
        #expect(
            output
                == .ok([
                    Loan(isbn: Self.dune.isbn, member: "ada@example.com", due: "in 14 days"),
                    Loan(isbn: Self.dune.isbn, member: "bob@example.com", due: "in 3 days"),
                ]))

        // A batch is validated whole: an item that breaks the schema refuses it all.
        let invalid = try await raw(
            .post, "/v2/loans", body: #"[{"isbn": "9780441013593", "member": "ada@example.com"}, {"isbn": "x", "member": "not-an-email"}]"#)
        #expect(invalid.status == 400)
        #expect(
            try JSONDecoder().decode(JSONValue.self, from: Data(invalid.body.utf8))
                == .object([
                    "title": .string("Invalid details supplied"),
                    "issues": .array([.object(["pointer": .string("/1/member"), "message": .string("must be a valid email")])]),
                ]))

        // Schema-valid items fail alone; a failed item's result is its own error body (typed
        // results need a result schema that admits it, as the auth API's shared envelope does).
        let mixed = try await raw(
            .post, "/v2/loans", body: #"[{"isbn": "9780441013593", "member": "ada@example.com"}, {"isbn": "x", "member": "c@example.com"}]"#)
        #expect(mixed.status == 200)
        let items = try JSONDecoder().decode([JSONValue].self, from: Data(mixed.body.utf8))
        #expect(
            items == [
                .object(["isbn": .string(Self.dune.isbn), "member": .string("ada@example.com"), "due": .string("in 14 days")]),
                .object(["title": .string("No such book"), "detail": .string("x")]),
            ])
    }

    @Test func singleLoanAndClientSideValidation() async throws {
        _ = try await client.addBook(.init(body: .printBook(Self.dune)))
        #expect(
            try await client.borrow(.init(body: LoanRequest(isbn: Self.dune.isbn, member: "ada@example.com", days: 28)))
                == .ok(Loan(isbn: Self.dune.isbn, member: "ada@example.com", due: "in 28 days")))
        await #expect(
            throws: ValidationError(issues: [
                ValidationIssue(pointer: "/member", message: "must be a valid email"),
                ValidationIssue(pointer: "/days", message: "must be at most 28"),
            ])
        ) {
            _ = try await client.borrow(.init(body: LoanRequest(isbn: "x", member: "ada", days: 29)))
        }
        #expect(try await client.borrow(.init(body: nil)) == .unprocessableContent(Problem(title: "Nothing to borrow")))
    }

    /// The fixture's config renames `sizeBytes` (nameOverrides) and generates `CopyId` as
    /// Foundation's UUID (typeOverrides): both cross the wire under the spec's names and rules.
    @Test func overriddenNamesAndTypesTravelAsTheSpecSays() async throws {
        #expect(CopyId.self == UUID.self)
        let ebook = EBook(format: .ebook, isbn: "9780000000001", title: "Arrakis", authors: ["F"], byteCount: 1024)
        let json = try JSONDecoder().decode(JSONValue.self, from: try JSONEncoder().encode(ebook))
        guard case .object(let members) = json else { throw CancellationError() }
        #expect(members["sizeBytes"] == .integer(1024) && members["byteCount"] == nil)
        _ = try await client.addBook(.init(body: .printBook(Self.dune)))
        let copy = UUID()
        #expect(
            try await client.borrow(.init(body: LoanRequest(isbn: Self.dune.isbn, member: "ada@example.com", copy: copy)))
                == .ok(Loan(isbn: Self.dune.isbn, member: "ada@example.com", due: "in 14 days", copy: copy)))
        // The replaced type is still checked as the schema says: a uuid.
        let refused = try await raw(.post, "/v2/loans", body: #"{"isbn": "9780441013593", "member": "ada@example.com", "copy": "shelf 3"}"#)
        #expect(refused.status == 400)
        #expect(refused.body.contains(#""pointer":"\/copy""#) || refused.body.contains(#""pointer":"/copy""#), "\(refused.body)")
    }

    /// Schemas that contain themselves, directly and through each other, generate types that
    /// compile, validate to any depth and cross the wire whole.
    @Test func recursiveTypesRoundTrip() async throws {
        let dune = Series(title: "Dune")
        var messiah = Volume(number: 2, series: dune)
        messiah.series.latest = Volume(number: 1, series: dune)
        let shelf = Shelf(
            name: "novels", parent: Shelf(name: "fiction", parent: Shelf(name: "library")),
            children: [Shelf(name: "sf", series: Series(title: "Dune", latest: messiah))])
        #expect(try await client.placeShelf(.init(body: shelf)) == .ok(shelf))
        // Values, not references: changing a copy leaves the original alone.
        var copy = shelf
        copy.parent?.parent?.name = "archive"
        #expect(shelf.parent?.parent?.name == "library" && copy.parent?.parent?.name == "archive")

        // An absent member is nil, and nil is left out, as for any optional.
        let answer = try await raw(.post, "/v2/shelves", body: #"{"name":"top","parent":{"name":"root"}}"#)
        #expect(answer.status == 200)
        #expect(try JSONValue(json: Data(answer.body.utf8)) == .object(["name": .string("top"), "parent": .object(["name": .string("root")])]))
        // Checked at any depth, with the pointer of what is wrong.
        let deep = try await raw(
            .post, "/v2/shelves",
            body: #"{"name":"a","parent":{"name":"b","parent":{"name":""}},"series":{"title":"t","latest":{"number":0,"series":{}}}}"#)
        #expect(deep.status == 400)
        #expect(
            try JSONDecoder().decode(Problem.self, from: Data(deep.body.utf8)).issues?.map(\.pointer).sorted() == [
                "/parent/parent/name", "/series/latest/number", "/series/latest/series/title",
            ])
    }

    func raw(_ method: HTTPRequest.Method, _ path: String, fields: HTTPFields = [:], body: String? = nil) async throws -> (status: Int, body: String)
    {
        var fields = fields
        if body != nil { fields[.contentType] = "application/json" }
        let request = HTTPRequest(method: method, scheme: nil, authority: nil, path: path, headerFields: fields)
        let (response, responseBody) = try await transport.send(
            request, body: body.map { HTTPBody($0) }, baseURL: URL(string: "/")!, operationID: "raw")
        let data = if let responseBody { try await Data(collecting: responseBody, upTo: 1 << 20) } else { Data() }
        return (response.status.code, String(decoding: data, as: UTF8.self))
    }
}
