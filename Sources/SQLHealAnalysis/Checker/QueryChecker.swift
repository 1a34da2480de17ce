/// Checks embedded queries against a schema with SQLite itself.
///
/// SCAFFOLD (owner: checker): reports nothing until the checker lands.
public final class QueryChecker: Sendable {
    public let schema: SchemaContext

    public init(schema: SchemaContext) {
        self.schema = schema
    }

    /// Findings for every query, sorted by range, with suppressed ones removed.
    public func check(_ queries: [EmbeddedQuery], documentText: [UInt8]) -> [Finding] {
        []
    }
}
