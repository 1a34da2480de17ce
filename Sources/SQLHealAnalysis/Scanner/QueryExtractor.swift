/// Finds the SQL statements a JavaScript/TypeScript document will run.
///
/// SCAFFOLD (owner: scanner): returns nothing until the scanner lands.
public enum QueryExtractor {
    public static func extractQueries(from text: [UInt8], language: SourceLanguage, configuration: QueryExtractionConfiguration) -> [EmbeddedQuery] {
        []
    }
}
