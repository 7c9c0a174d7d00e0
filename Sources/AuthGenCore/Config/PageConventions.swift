/// An API's house conventions for reference pages, each a generator feature an API turns on by
/// naming it in `authgen.yaml` (`pages:`). Without them pages are plain: one URI per
/// operation, and error tables only from examples named by their code.
package struct PageConventions: Sendable, Equatable {
    /// Operations that exist twice (a mobile and a web path, say): the primary names its twin in
    /// a vendor extension, and one page covers both.
    package struct Twins: Sendable, Equatable {
        /// The extension of the primary operation holding the twin's operationId: `x-web-twin`.
        package var `extension`: String
        package var primary: Labels
        package var twin: Labels
        /// Who needs a parameter required on the primary path only: "the mobile app".
        package var primaryAudience: String

        package init(extension: String, primary: Labels, twin: Labels, primaryAudience: String) {
            self.extension = `extension`
            self.primary = primary
            self.twin = twin
            self.primaryAudience = primaryAudience
        }
    }

    /// How a page names one of the twins.
    package struct Labels: Sendable, Equatable {
        /// The resource-table row of its path: "URI for Mobile App".
        package var uriRow: String
        /// The line above its request URL: "For mobile application:".
        package var requestURL: String

        package init(uriRow: String, requestURL: String) {
            self.uriRow = uriRow
            self.requestURL = requestURL
        }
    }

    package var twins: Twins?
    /// A JSON pointer into a response example's value holding its error code (`/status/code`),
    /// for examples not named by their code.
    package var errorCodePointer: String?

    package init(twins: Twins? = nil, errorCodePointer: String? = nil) {
        self.twins = twins
        self.errorCodePointer = errorCodePointer
    }
}
