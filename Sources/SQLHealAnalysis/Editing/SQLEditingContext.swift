/// The SQL under an editor's cursor, read by the SQL model: which SQL text holds the cursor (a
/// query embedded in JavaScript, or a `.sql` file), where the cursor is in it, and the resolved
/// tree. Hover, completion and signature help all start here, so nothing is offered outside SQL.
public struct SQLEditingContext: Sendable {
    public let resolution: SQLResolution
    /// The cursor as an offset into ``sql``.
    public let sqlOffset: Int
    /// `nil` for a `.sql` file (SQL offsets are source offsets there).
    public let query: EmbeddedQuery?
    public let schema: SchemaSnapshot

    public var tree: SQLSyntaxTree { resolution.tree }
    public var sql: TokenizedSQL { resolution.tree.sql }

    public init(resolution: SQLResolution, sqlOffset: Int, query: EmbeddedQuery?, schema: SchemaSnapshot) {
        self.resolution = resolution
        self.sqlOffset = sqlOffset
        self.query = query
        self.schema = schema
    }

    /// The context at source `offset` of a JavaScript/TypeScript document whose queries are
    /// `queries`; `nil` when the offset is not inside a query's SQL (or the SQL is unresolved).
    public static func inCode(at offset: Int, queries: [EmbeddedQuery], schema: SchemaSnapshot) -> SQLEditingContext? {
        // By the source map, not the query's range: SQL held in a `const` is used where the call
        // is, but typed where the literal is.
        for query in queries where query.dynamism != .unresolved {
            guard let sqlOffset = query.sourceMap.sqlOffset(forSourceOffset: offset) else { continue }
            let resolution = SQLResolver.resolve(SQLParser.parse(query.sql), schema: schema)
            return SQLEditingContext(resolution: resolution, sqlOffset: sqlOffset, query: query, schema: schema)
        }
        return nil
    }

    /// The context at `offset` of a `.sql` file (a migration or schema file).
    public static func inSQLFile(_ text: [UInt8], at offset: Int, schema: SchemaSnapshot) -> SQLEditingContext? {
        guard offset >= 0 && offset <= text.count else { return nil }
        let resolution = SQLResolver.resolve(SQLParser.parse(TokenizedSQL(bytes: text)), schema: schema)
        return SQLEditingContext(resolution: resolution, sqlOffset: offset, query: nil, schema: schema)
    }

    /// A range of ``sql`` in the document's bytes.
    public func sourceRange(of sqlRange: ByteRange) -> ByteRange {
        guard let query else { return sqlRange }
        return query.sourceMap.sourceRange(forSQLRange: sqlRange)
    }

    // MARK: - Tokens around the cursor

    /// The index in ``TokenizedSQL/tokens`` of the token holding the byte just before the cursor.
    var indexOfTokenBeforeCursor: Int? {
        let tokens = sql.tokens
        var low = 0
        var high = tokens.count
        while low < high {
            let middle = (low + high) / 2
            if tokens[middle].range.upperBound < sqlOffset { low = middle + 1 } else { high = middle }
        }
        guard low < tokens.count, tokens[low].range.lowerBound < sqlOffset else { return nil }
        return low
    }

    /// True when the cursor is inside a string literal, a comment or a quoted name still open:
    /// no SQL is being typed there.
    public var isInsideLiteralOrComment: Bool {
        guard let index = indexOfTokenBeforeCursor else { return false }
        let token = sql.tokens[index]
        switch token.kind {
        case .string, .blockComment, .blob:
            return sqlOffset < token.range.upperBound || !isClosed(token)
        case .lineComment:
            return true
        case .illegal:
            let first = sql.bytes[token.range.lowerBound]
            return first == UInt8(ascii: "'") || first == UInt8(ascii: "\"")
        default:
            return false
        }
    }

    private func isClosed(_ token: SQLToken) -> Bool {
        guard token.range.count >= 2 else { return false }
        let bytes = sql.bytes
        switch token.kind {
        case .string, .blob: return bytes[token.range.upperBound - 1] == UInt8(ascii: "'")
        case .blockComment: return bytes[token.range.upperBound - 2] == UInt8(ascii: "*") && bytes[token.range.upperBound - 1] == UInt8(ascii: "/")
        default: return true
        }
    }

    /// The name being typed at the cursor (an identifier, keyword or quoted name the cursor ends
    /// or stands in), whose range a completion replaces.
    public var wordAtCursor: SQLToken? {
        guard let index = indexOfTokenBeforeCursor else { return nil }
        let token = sql.tokens[index]
        switch token.kind {
        case .identifier, .keyword, .quotedIdentifier: return token
        default: return nil
        }
    }

    /// The significant tokens before the cursor (the word being typed excluded), nearest last.
    var significantTokensBeforeCursor: ArraySlice<SQLToken> {
        let end = wordAtCursor?.range.lowerBound ?? sqlOffset
        let tokens = sql.tokens
        var low = 0
        var high = tokens.count
        while low < high {
            let middle = (low + high) / 2
            if tokens[middle].range.upperBound <= end { low = middle + 1 } else { high = middle }
        }
        return tokens[0..<low].filter { !$0.isTrivia }[...]
    }
}
