/// Where a name inside SQL is declared, and where else the same name is used: go to definition
/// and document highlight, from the SQL model's references.
public enum SQLNavigation {
    public enum Definition: Sendable, Hashable {
        /// A table or column declared in a schema source (migration, schema file, DDL in code):
        /// the file (relative to the project root, or absolute), its 1-based line and the name
        /// to find on it.
        case schema(SchemaLocation, name: String)
        /// Declared in the same SQL (a CTE, an alias, a table created earlier in a `.sql` file):
        /// the source range of the declaring name.
        case sameDocument(ByteRange)
        /// Declared by the database alone (no file of the project creates it): the table (as
        /// the schema names it) and the name to find in its schema (``SchemaObjectDocument``).
        case database(table: String, name: String)
    }

    /// The reference under the cursor (names the cursor stands in or just after).
    public static func reference(at context: SQLEditingContext) -> SQLReference? {
        let candidates = context.resolution.references(at: context.sqlOffset)
        return candidates.first { $0.range.contains(context.sqlOffset) } ?? candidates.first
    }

    public static func definition(_ context: SQLEditingContext) -> Definition? {
        guard let reference = reference(at: context) else { return nil }
        switch reference.symbol {
        case .table(let key):
            if let table = context.schema.table(named: key), let location = table.declaredAt, location.line > 0 {
                return .schema(location, name: table.name)
            }
            if let local = localDeclaration(of: reference.symbol, context) { return local }
            return context.schema.table(named: key).map { .database(table: $0.name, name: $0.name) }
        case .column(let tableKey, let columnKey):
            if let table = context.schema.table(named: tableKey), let column = table.column(named: columnKey),
               let location = column.declaredAt ?? table.declaredAt, location.line > 0 {
                return .schema(location, name: column.name)
            }
            if let local = localDeclaration(of: reference.symbol, context) { return local }
            guard let table = context.schema.table(named: tableKey), let column = table.column(named: columnKey) else { return nil }
            return .database(table: table.name, name: column.name)
        case .commonTable(let declaration), .alias(let declaration), .resultAlias(let declaration):
            return .sameDocument(context.sourceRange(of: declaration))
        case .commonTableColumn(let declaration, let column):
            let declared = context.resolution.references.first {
                $0.role == .declaration && $0.symbol == .commonTableColumn(declaration: declaration, column: column)
            }
            return .sameDocument(context.sourceRange(of: declared?.range ?? declaration))
        case .index, .trigger:
            return localDeclaration(of: reference.symbol, context)
        case .function, .unknownTable, .unknownColumn:
            return nil
        }
    }

    static func localDeclaration(of symbol: SQLSymbol, _ context: SQLEditingContext) -> Definition? {
        context.resolution.references.first { $0.role == .declaration && $0.symbol == symbol }.map { .sameDocument(context.sourceRange(of: $0.range)) }
    }

    public struct Highlight: Sendable, Hashable {
        public var range: ByteRange
        public var isDeclaration: Bool
    }

    /// Every use of the name under the cursor in the same statement (the same query in code),
    /// in source ranges.
    public static func highlights(_ context: SQLEditingContext) -> [Highlight] {
        guard let reference = reference(at: context) else { return [] }
        if case .unknownColumn = reference.symbol { return [] }
        if case .unknownTable = reference.symbol { return [] }
        let statement = context.tree.statement(at: context.sqlOffset)?.range ?? 0..<context.sql.bytes.count
        return context.resolution.references
            .filter { $0.symbol == reference.symbol && statement.lowerBound <= $0.range.lowerBound && $0.range.upperBound <= statement.upperBound }
            .map { Highlight(range: context.sourceRange(of: $0.range), isDeclaration: $0.role == .declaration) }
    }
}

/// The colour classes of SQL inside strings, so editors colour embedded SQL with no grammar of their own.
public struct SQLSemanticToken: Sendable, Hashable {
    public enum Kind: Int, Sendable, Hashable, CaseIterable {
        case keyword, table, column, parameter, function
    }

    public var range: ByteRange
    public var kind: Kind
    public var isDeclaration: Bool

    /// The tokens of every query of a code document, in source order. Holes are left to the
    /// JavaScript colouring; only SQL the document spells out is classified.
    public static func tokens(inQueries queries: [EmbeddedQuery], schema: SchemaSnapshot) -> [SQLSemanticToken] {
        var result: [SQLSemanticToken] = []
        for query in queries where query.dynamism != .unresolved {
            let resolution = SQLResolver.resolve(SQLParser.parse(query.sql), schema: schema)
            let holeStarts = Set(query.holes.map(\.sqlRange.lowerBound))
            for token in classify(resolution) where !holeStarts.contains(token.range.lowerBound) {
                guard query.sourceMap.isVerbatim(token.range) else { continue }
                let source = query.sourceMap.sourceRange(forSQLRange: token.range)
                result.append(SQLSemanticToken(range: source, kind: token.kind, isDeclaration: token.isDeclaration))
            }
        }
        return result.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// The tokens of a `.sql` file.
    public static func tokens(inSQLFile text: [UInt8], schema: SchemaSnapshot) -> [SQLSemanticToken] {
        classify(SQLResolver.resolve(SQLParser.parse(TokenizedSQL(bytes: text)), schema: schema))
    }

    /// Keywords and parameters from the tokens, names from the resolved references (a keyword
    /// used as a name is a name).
    static func classify(_ resolution: SQLResolution) -> [SQLSemanticToken] {
        var byStart: [Int: SQLSemanticToken] = [:]
        for token in resolution.tree.sql.tokens {
            switch token.kind {
            case .keyword: byStart[token.range.lowerBound] = SQLSemanticToken(range: token.range, kind: .keyword, isDeclaration: false)
            case .parameter: byStart[token.range.lowerBound] = SQLSemanticToken(range: token.range, kind: .parameter, isDeclaration: false)
            default: break
            }
        }
        for reference in resolution.references where !reference.range.isEmpty {
            let kind: Kind?
            switch reference.symbol {
            case .table, .commonTable, .unknownTable, .alias: kind = .table
            case .column, .commonTableColumn, .resultAlias, .unknownColumn: kind = .column
            case .function: kind = .function
            case .index, .trigger: kind = nil
            }
            guard let kind else { byStart[reference.range.lowerBound] = nil; continue }
            byStart[reference.range.lowerBound] = SQLSemanticToken(range: reference.range, kind: kind, isDeclaration: reference.role == .declaration)
        }
        return byStart.values.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }
}

// MARK: - References across documents

extension SQLNavigation {
    /// Symbols whose uses can be searched for across files: schema tables and columns (a CTE or
    /// alias lives in one statement; its references are its highlights).
    public static func isProjectWide(_ symbol: SQLSymbol) -> Bool {
        switch symbol {
        case .table, .column: true
        default: false
        }
    }

    /// Every reference to `symbol` in the queries of one code document, in source ranges.
    /// (Only the names written in the SQL text: ``codeReferences(to:inQueries:schema:includeDeclarations:)``
    /// also tells those an expression supplies.)
    public static func references(to symbol: SQLSymbol, inQueries queries: [EmbeddedQuery], schema: SchemaSnapshot, includeDeclarations: Bool) -> [Highlight] {
        codeReferences(to: symbol, inQueries: queries, schema: schema, includeDeclarations: includeDeclarations).rewritable
    }

    /// Every reference to `symbol` in a `.sql` file.
    public static func references(to symbol: SQLSymbol, inSQLFile text: [UInt8], schema: SchemaSnapshot, includeDeclarations: Bool) -> [Highlight] {
        let resolution = SQLResolver.resolve(SQLParser.parse(TokenizedSQL(bytes: text)), schema: schema)
        return resolution.references
            .filter { $0.symbol == symbol && (includeDeclarations || $0.role == .use) }
            .map { Highlight(range: $0.range, isDeclaration: $0.role == .declaration) }
    }

    /// A cheap filter before parsing: the SQL names the table or column somewhere (any case), or
    /// `holes` may supply it.
    static func mayMention(_ symbol: SQLSymbol, _ sql: String, holes: Bool = false) -> Bool {
        if holes { return true }
        let name: String
        switch symbol {
        case .table(let table): name = table
        case .column(_, let column): name = column
        default: return true
        }
        return sql.lowercased().contains(name)
    }
}
