import SQLHealSQLite
import Synchronization

/// Checks embedded queries against a schema with SQLite itself.
///
/// Each statement is prepared on a private in-memory database that holds only the checked
/// schema's DDL, with double-quoted string literals turned off (so `WHERE "emial" = ?` is an
/// unknown column, not a string). SQLite's error and its offset are mapped through the query's
/// ``SQLSourceMap`` to the exact word in the source; names SQLite reports without an offset
/// (missing tables, INSERT columns, `SET` targets) are located on the SQL model's tree of the
/// statement (``StatementSites``). After each
/// unknown name the statement is made to prepare past it and prepared again, so every unknown
/// table and column of a statement is reported, not only the first.
///
/// ## Silence
///
/// False positives are worse than misses, so the checker says nothing when the code could be right:
/// - `.unresolved` queries; any error at or next to a hole (spliced text, or a tagged template's
///   hole, which many libraries let hold a nested SQL fragment), a syntax error after a hole that
///   stands where names or clauses go, an error without a word to point at in a statement with
///   holes, and an unqualified unknown column when a hole in the result columns may define it;
/// - a `.sqlLikeLiteral` that SQLite cannot parse, or that lacks any clause only SQL has (prose
///   such as "Select users");
/// - names when the schema is empty (``SchemaContext/isEmpty``), `sqlite_…` tables, tables of
///   attached databases, virtual tables whose module this SQLite lacks;
/// - tables the document creates itself (`CREATE [TEMP] TABLE` among its queries count as known);
/// - `// sqlheal-ignore`.
///
/// ## Findings
///
/// Ranges cover exactly the offending word (for a qualified column, the column name without its
/// qualifier); `param-count` covers the bound arguments, or the first placeholder when none are
/// bound. Messages name the table, the column, the declared type and where it is declared; a
/// name the database lacks but a migration declares is explained as drift, with
/// ``Finding/related`` pointing at the declaration. Suggestions ("did you mean") come from the
/// names in scope and also appear as ``FindingFixHint/replaceName(suggestions:)``.
///
/// ## Cache
///
/// Results are cached per query (SQL text, holes' roles and kinds, the shape of the bound values,
/// tables the document creates) relative to the query's SQL, and moved to wherever the same SQL
/// stands after an edit, so a keystroke re-checks only the statements it changed. The checker
/// belongs to one schema: a new schema means a new checker, hence an empty cache.
///
/// Thread-safe: the SQLite connection and the cache live behind a mutex.
public final class QueryChecker: Sendable {
    public let schema: SchemaContext
    /// ``SchemaContext/fingerprint``, built once: every query's cache key holds it.
    let schemaFingerprint: String
    let state: Mutex<CheckerState>

    /// How many query results each cache generation keeps; two generations are kept.
    static let cacheGenerationSize = 4_096

    public init(schema: SchemaContext) {
        self.schema = schema
        self.schemaFingerprint = schema.fingerprint
        self.state = Mutex(CheckerState(database: CheckingDatabase(context: schema)))
    }

    /// Findings for every query, sorted by range, with suppressed ones removed.
    public func check(_ queries: [EmbeddedQuery], documentText: [UInt8], history: SchemaHistory? = nil) -> [Finding] {
        if let history { return checkAsHistory(queries, history: history) }
        let (documentDDL, mayMakeNames) = Self.documentSchemaText(of: queries)
        let documentDDLKey = Self.key(of: documentDDL)
        let schema = self.schema
        let schemaFingerprint = self.schemaFingerprint
        let (results, bindingFindings): ([QueryCheckResult], [[Finding]]) = state.withLock { state in
            guard let database = state.database else {
                return (Array(repeating: QueryCheckResult(findings: [], runsBindingRules: false), count: queries.count), [])
            }
            var results: [QueryCheckResult?] = []
            results.reserveCapacity(queries.count)
            var misses: [Int] = []
            // A query checked now is parsed once: its tree serves the checker and the binder.
            var trees: [Int: SQLSyntaxTree] = [:]
            // By index, here and below: a copy of each (large) query per loop cost a keystroke more than the loops.
            for index in queries.indices {
                if let cached = state.results.value(for: CacheKey(query: queries[index], documentDDLKey: documentDDLKey, schemaFingerprint: schemaFingerprint)) {
                    results.append(cached)
                } else {
                    results.append(nil)
                    misses.append(index)
                }
            }
            if !misses.isEmpty {
                // Tables the document creates exist while its queries are checked, then vanish.
                database.attach(AttachedDatabases.names(attachedBy: queries))
                let savepoint = !documentDDL.isEmpty && database.execute("SAVEPOINT sqlheal_document")
                if savepoint {
                    for statement in documentDDL { database.execute(statement) }
                }
                for index in misses {
                    let tree = SQLParser.parse(queries[index].sql)
                    trees[index] = tree
                    let result = Self.check(queries[index], schema: schema, database: database, tree: tree)
                    results[index] = result
                    state.results.store(result, for: CacheKey(query: queries[index], documentDDLKey: documentDDLKey, schemaFingerprint: schemaFingerprint))
                }
                if savepoint {
                    database.execute("ROLLBACK TO sqlheal_document")
                    database.execute("RELEASE sqlheal_document")
                }
            }
            let finalResults = results.map { $0 ?? QueryCheckResult(findings: [], runsBindingRules: false) }
            var bindingFindings: [[Finding]] = []
            bindingFindings.reserveCapacity(queries.count)
            for index in queries.indices {
                guard finalResults[index].runsBindingRules else { bindingFindings.append([]); continue }
                // Keyed by the query moved to offset 0: a query that an edit above only moved hits.
                let base = queries[index].sourceRange.lowerBound
                let normalized = queries[index].shifted(by: -base)
                if let cached = state.bindingFindings.value(for: normalized) {
                    bindingFindings.append(cached.map { $0.shifted(by: base) })
                } else {
                    let found = QueryBindingRules.findings(for: queries[index], schema: schema, tree: trees[index])
                    state.bindingFindings.store(found.map { $0.shifted(by: -base) }, for: normalized)
                    bindingFindings.append(found)
                }
            }
            return (finalResults, bindingFindings)
        }

        // A table the document makes (even by a statement that fails here) is not missing.
        let made = mayMakeNames ? CodeSchemaReader.madeNames(CodeSchemaReader.statements(in: queries)).tables : []
        var findings: [Finding] = []
        for index in queries.indices {
            let found = results[index].findings
            if !found.isEmpty { findings += Self.locate(made.isEmpty ? found : Self.removingMade(found, in: queries[index], tables: made, columns: []), of: queries[index]) }
            if index < bindingFindings.count, !bindingFindings[index].isEmpty {
                let suppression = queries[index].suppression
                findings += bindingFindings[index].filter { !(suppression?.suppresses($0.code.rawValue) ?? false) }
            }
        }
        // A `const` query run by two calls is two queries over the same source text: the same
        // finding about that text must be shown once.
        return Self.sortedWithoutRepeats(findings)
    }

    /// The findings in source order, each once. Equal findings share a range and a code, so after
    /// sorting they stand in the same short run: compared there, never hashed (hashing every
    /// finding's message cost a few percent of a keystroke in a large file).
    static func sortedWithoutRepeats(_ findings: [Finding]) -> [Finding] {
        let sorted = findings.enumerated().sorted { a, b in
            let left = (a.element.range.lowerBound, a.element.range.upperBound, a.element.code.rawValue)
            let right = (b.element.range.lowerBound, b.element.range.upperBound, b.element.code.rawValue)
            return left != right ? left < right : a.offset < b.offset
        }.map(\.element)
        var result: [Finding] = []
        result.reserveCapacity(sorted.count)
        var runStart = 0
        for finding in sorted {
            if let last = result.last, last.range != finding.range || last.code != finding.code { runStart = result.count }
            if !result[runStart...].contains(finding) { result.append(finding) }
        }
        return result
    }

    // MARK: - Migration code

    /// Checks a migration file's statements in source order against the schema at their point
    /// of history: ``SchemaHistory/startingDDL``, then every schema statement of the file above
    /// (in the same query too) applied. Nothing is cached: the state depends on all that.
    private func checkAsHistory(_ queries: [EmbeddedQuery], history: SchemaHistory) -> [Finding] {
        var startContext = schema
        startContext.checkedSchema = SchemaSnapshot(tables: schema.checkedSchema.tables, ddl: history.startingDDL, fingerprint: "history")
        guard let database = CheckingDatabase(context: startContext) else { return [] }
        // Which function runs first the file does not say: a name it makes anywhere is known.
        let schemaStatements = CodeSchemaReader.statements(in: queries)
        let made = CodeSchemaReader.madeNames(schemaStatements)
        // From a final-form snapshot, what a value meets in a table depends on history the file
        // does not show, except in a table whose form at that step is known: one the file never
        // changes, or one it has made (created or renamed to) above, as the final form types it.
        let changed = history.startsFromHistory ? [] : CodeSchemaReader.changedTables(schemaStatements)
        let makingStatements = schemaStatements.filter { ($0.kind == .create && $0.objectType == "TABLE") || $0.renamedTo != nil }
        var findings: [Finding] = []
        for query in queries.sorted(by: { $0.sourceRange.lowerBound < $1.sourceRange.lowerBound }) {
            let tree = SQLParser.parse(query.sql)
            var result = Self.check(query, schema: schema, database: database, runningSchemaStatements: true, tree: tree)
            result.findings = Self.removingMade(result.findings, in: query, tables: made.tables, columns: made.columns)
            if !history.startsFromHistory {
                result.findings.removeAll { $0.code != .sqlSyntax && $0.code != .parameterCount }
            }
            findings += Self.locate(result.findings, of: query)
            if result.runsBindingRules {
                let typesHold = history.startsFromHistory || Self.tableFormsAreKnown(for: query, tree: tree, changed: changed, making: makingStatements, database: database, schema: schema)
                findings += QueryBindingRules.findings(for: query, schema: schema, tree: tree).filter { finding in
                    !(query.suppression?.suppresses(finding.code.rawValue) ?? false) && (typesHold || finding.code != .typeMismatch)
                }
            }
        }
        return Self.sortedWithoutRepeats(findings)
    }

    /// Whether, at `query`'s step of a migration file checked from a final-form snapshot, every
    /// table it names has a known form that types its columns as the final schema does: the file
    /// never changes it (`changed`), or a statement of `making` above the query made it and each
    /// column it has now (in `database`, history so far applied) has its final declared type.
    static func tableFormsAreKnown(for query: EmbeddedQuery, tree: SQLSyntaxTree, changed: Set<String>, making: [CodeSchemaStatement], database: CheckingDatabase, schema: SchemaContext) -> Bool {
        guard !tree.statements.isEmpty else { return false }
        for statement in tree.statements {
            let mentions = statement.tableMentions
            guard !mentions.isEmpty else { return false }
            for mention in mentions where mention.kind != .subquery {
                let name = mention.name.lowercased()
                guard changed.contains(name) else { continue }
                let madeAbove = making.contains { made in
                    (made.renamedTo ?? made.objectName).lowercased() == name && made.sourceRange.lowerBound < query.sourceRange.lowerBound
                }
                guard madeAbove, let now = database.declaredTypes(of: mention.name), let final = schema.checkedSchema.table(named: mention.name) else { return false }
                for column in final.columns {
                    if let type = now[column.name.lowercased()], type.lowercased() != column.declaredType.lowercased() { return false }
                }
            }
        }
        return true
    }

    /// `findings` without the missing tables and columns whose name is among those given.
    static func removingMade(_ findings: [RelativeFinding], in query: EmbeddedQuery, tables: Set<String>, columns: Set<String>) -> [RelativeFinding] {
        let sql = Array(query.sql.utf8)
        return findings.filter { finding in
            guard finding.code == .missingTable || finding.code == .missingColumn, case .sql(let range) = finding.anchor,
                  range.lowerBound >= 0, range.upperBound <= sql.count else { return true }
            let name = SQLTokenizer.unquotedIdentifier(String(decoding: sql[range], as: UTF8.self)).lowercased()
            return !(finding.code == .missingTable ? tables.contains(name) : columns.contains(name))
        }
    }

    /// A query's relative findings at their place in the document, suppressed ones removed.
    static func locate(_ relative: [RelativeFinding], of query: EmbeddedQuery) -> [Finding] {
        var located: [Finding] = []
    for finding in relative {
            guard !(query.suppression?.suppresses(finding.code.rawValue) ?? false) else { continue }
            let range: ByteRange
            var fixHints = finding.fixHints
            switch finding.anchor {
            case .sql(let sqlRange):
                range = query.sourceMap.sourceRange(forSQLRange: sqlRange)
                // A name spelt in another file's constant: the range is the name referring
                // to it here, which a replacement must not overwrite.
                if query.sourceMap.comesFromConstant(sqlRange) {
                    fixHints.removeAll { if case .replaceName = $0 { return true } else { return false } }
                }
            case .boundArguments:
                switch query.boundValues {
                case .positional(_, let argumentRange, _), .named(_, let argumentRange), .unknown(let argumentRange):
                    range = argumentRange
                case .none:
                    range = query.sourceRange
                }
            }
            located.append(Finding(code: finding.code, severity: finding.severity, range: range, message: finding.message,
                                    related: finding.related, fixHints: fixHints))
        }
        return located
    }

    // MARK: - One query

    /// With `runningSchemaStatements` (migration code), each schema statement is run after it is
    /// checked, so the statements after it meet the schema it leaves; what SQLite says of a schema
    /// statement itself there, apart from its syntax, depends on history this file shows only in
    /// part (an index a later version removed, a table the final schema already holds) and is
    /// not reported.
    static func check(_ query: EmbeddedQuery, schema: SchemaContext, database: CheckingDatabase, runningSchemaStatements: Bool = false, tree: SQLSyntaxTree? = nil) -> QueryCheckResult {
        if query.dynamism == .unresolved { return QueryCheckResult(findings: [], runsBindingRules: false) }
        let tree = tree ?? SQLParser.parse(query.sql)
        let sql = tree.sql.bytes
        let tokens = SQLLexer.tokenize(sql)
        let statements = SQLLexer.statementRanges(tokens, sqlLength: sql.count)
        let holeRanges = query.holes.map(\.sqlRange)
        var findings: [RelativeFinding] = []
        var everyStatementPrepares = true
        for statement in statements {
            let parsed = tree.statements.first { $0.range.lowerBound == statement.lowerBound }
            let checker = StatementChecker(
                input: .init(querySQL: sql, statementRange: statement, holeRanges: holeRanges, origin: query.origin, schema: schema, statement: parsed),
                database: database
            )
            switch checker.run() {
            case .notSQL:
                return QueryCheckResult(findings: [], runsBindingRules: false)
            case .findings(var statementFindings):
                if runningSchemaStatements, let first = tokens.first(where: { $0.range.lowerBound >= statement.lowerBound }),
                   first.isKeyword("CREATE") || first.isKeyword("ALTER") || first.isKeyword("DROP") {
                    statementFindings.removeAll { $0.code != .sqlSyntax }
                    if query.holes.isEmpty, let code = CodeSchemaReader.statements(in: [query]).first(where: { $0.sqlOffsetInMap == statement.lowerBound }) {
                        database.execute(code.permanentSQL)
                    }
                }
                if !statementFindings.isEmpty { everyStatementPrepares = false }
                findings += statementFindings
            }
        }
        if query.dynamism == .partial {
            // Pieces some paths add are missing: only names can be judged.
            findings.removeAll { $0.code == .sqlSyntax }
        } else if query.dynamism == .oneOfManyPaths {
            // Its other branches' columns and aliases may be another path's: only tables.
            findings.removeAll { $0.code != .missingTable }
            return QueryCheckResult(findings: findings, runsBindingRules: false)
        } else if everyStatementPrepares {
            findings += ParameterCount.findings(for: query, tree: tree, statementCount: statements.count)
        }
        // The binder reads the statement's structure: pointless on text SQLite cannot parse.
        let parses = !findings.contains { $0.code == .sqlSyntax }
        return QueryCheckResult(findings: findings, runsBindingRules: parses)
    }

    /// The statements among `queries` that create tables, views, indexes or triggers, or add
    /// columns, in order: what the code itself does to the schema at run time. The checker runs a
    /// document's own before checking it; the workspace gathers them from every file into
    /// ``SchemaContext/codeDefinedDDL`` so the tables are known everywhere.
    public static func schemaStatements(in queries: [EmbeddedQuery]) -> [String] {
        documentSchemaText(of: queries).ddl
    }

    /// ``schemaStatements(in:)``, and whether any query may make a name (a statement creating or
    /// altering something, also one a rewriting wrapper runs): when none may, the names the
    /// document makes need no reading.
    static func documentSchemaText(of queries: [EmbeddedQuery]) -> (ddl: [String], mayMakeNames: Bool) {
        var statements: [String] = []
        var mayMakeNames = false
        for index in queries.indices where queries[index].holes.isEmpty {
            let isStatic = queries[index].dynamism == .fullyStatic
            // Runs on every keystroke for every query: a byte scan first, tokens only when it hits.
            guard isStatic || queries[index].dynamismBeforeRewrite == .fullyStatic, mayContainSchemaStatement(queries[index].sql) else { continue }
            mayMakeNames = true
            guard isStatic else { continue }
            let sql = Array(queries[index].sql.utf8)
            let tokens = SQLLexer.tokenize(sql)
            guard tokens.contains(where: { $0.isKeyword("CREATE") || $0.isKeyword("ALTER") }) else { continue }
            for range in SQLLexer.statementRanges(tokens, sqlLength: sql.count) {
                guard let first = tokens.first(where: { $0.range.lowerBound >= range.lowerBound }) else { continue }
                let isCreate = first.isKeyword("CREATE")
                let isAddColumn = first.isKeyword("ALTER") && tokens.contains { range.contains($0.range.lowerBound) && $0.isKeyword("ADD") }
                guard isCreate || isAddColumn else { continue }
                statements.append(String(decoding: sql[range], as: UTF8.self))
            }
        }
        return (statements, mayMakeNames)
    }

    /// True when `sql` contains `create` or `alter` in any case (a cheap superset of the
    /// statements ``documentSchemaText(of:)`` keeps).
    static func mayContainSchemaStatement(_ sql: String) -> Bool {
        let create = createBytes
        let alter = alterBytes
        var createMatched = 0
        var alterMatched = 0
        for byte in sql.utf8 {
            let lowered = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            createMatched = lowered == create[createMatched] ? createMatched + 1 : (lowered == create[0] ? 1 : 0)
            alterMatched = lowered == alter[alterMatched] ? alterMatched + 1 : (lowered == alter[0] ? 1 : 0)
            if createMatched == create.count || alterMatched == alter.count { return true }
        }
        return false
    }

    private static let createBytes: [UInt8] = Array("create".utf8)
    private static let alterBytes: [UInt8] = Array("alter".utf8)

    static func key(of statements: [String]) -> UInt64 {
        var hash = StableHash()
        for statement in statements {
            hash.combine(statement)
            hash.combine(byte: 0)
        }
        return statements.isEmpty ? 0 : hash.value
    }
}

/// Everything that decides a query's findings, apart from where the query stands.
struct CacheKey: Hashable {
    struct HoleSignature: Hashable {
        var role: QueryHole.Role
        var kind: ValueKind
        var sqlRange: ByteRange
    }

    enum BoundSignature: Hashable {
        case none
        case positional(count: Int)
        case named(keys: [String])
        case unknown
    }

    var sql: String
    var holes: [HoleSignature]
    var bound: BoundSignature
    var origin: QueryOrigin
    var dynamism: QueryDynamism
    var documentDDLKey: UInt64
    var schemaFingerprint: String

    init(query: EmbeddedQuery, documentDDLKey: UInt64, schemaFingerprint: String) {
        sql = query.sql
        holes = query.holes.map { HoleSignature(role: $0.role, kind: $0.value.kind, sqlRange: $0.sqlRange) }
        switch query.boundValues {
        case .none: bound = .none
        case .positional(let values, _, _): bound = .positional(count: values.count)
        case .named(let values, _): bound = .named(keys: values.keys.sorted())
        case .unknown: bound = .unknown
        }
        origin = query.origin
        dynamism = query.dynamism
        self.documentDDLKey = documentDDLKey
        self.schemaFingerprint = schemaFingerprint
    }
}

/// What checking one query found, relative to its SQL.
struct QueryCheckResult: Sendable, Hashable {
    var findings: [RelativeFinding]
    /// Whether the binder's rules apply: the text is SQL that SQLite can parse.
    var runsBindingRules: Bool
}

/// A bounded cache: two generations; when the current one is full it becomes the previous one,
/// and entries not used since are dropped.
struct TwoGenerationCache<Key: Hashable, Value> {
    let generationSize: Int
    private var current: [Key: Value] = [:]
    private var previous: [Key: Value] = [:]

    init(generationSize: Int) {
        self.generationSize = generationSize
    }

    mutating func value(for key: Key) -> Value? {
        if let value = current[key] { return value }
        if let value = previous[key] {
            store(value, for: key)
            return value
        }
        return nil
    }

    mutating func store(_ value: Value, for key: Key) {
        if current.count >= generationSize {
            previous = current
            current = [:]
        }
        current[key] = value
    }
}

/// The checker's mutable state, only touched under its mutex.
struct CheckerState: ~Copyable {
    let database: CheckingDatabase?
    var results = TwoGenerationCache<CacheKey, QueryCheckResult>(generationSize: QueryChecker.cacheGenerationSize)
    /// The binder's findings, keyed by the whole query moved to offset 0 and stored relative to
    /// it: a query that an edit elsewhere only moved is not bound again.
    var bindingFindings = TwoGenerationCache<EmbeddedQuery, [Finding]>(generationSize: QueryChecker.cacheGenerationSize)

    init(database: CheckingDatabase?) {
        self.database = database
    }
}
