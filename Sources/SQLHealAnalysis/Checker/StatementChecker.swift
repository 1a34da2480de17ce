import SQLHealSQLite

/// A finding located relative to its query's SQL, so a cached result can be moved to wherever
/// the same SQL stands after an edit (through that query's source map).
struct RelativeFinding: Sendable, Hashable {
    enum Anchor: Sendable, Hashable {
        /// A range in ``EmbeddedQuery/sql``.
        case sql(ByteRange)
        /// The values the call binds (``BoundValues`` argument range).
        case boundArguments
    }

    var code: FindingCode
    var severity: FindingSeverity
    var anchor: Anchor
    var message: String
    var related: [RelatedLocation] = []
    var fixHints: [FindingFixHint] = []
}

/// What SQLite's prepare said, sorted into what the checker does with it.
enum PrepareProblem: Equatable {
    /// `near "x": syntax error`, `incomplete input`, `unrecognized token: …`.
    case syntax
    /// `no such table: [schema.]name`.
    case noSuchTable(qualifier: String?, name: String)
    /// `no such column: [qualifier.]name`; the chain as SQLite printed it.
    case noSuchColumn(chain: [String])
    /// `table T has no column named C` (an INSERT column list).
    case noColumnNamed(table: String, column: String)
    /// `ambiguous column name: [qualifier.]name`.
    case ambiguousColumn(chain: [String])
    /// Anything else: SQLite's message stands.
    case other

    init(message: String) {
        if message.hasSuffix("syntax error") || message == "incomplete input" || message.hasPrefix("unrecognized token") {
            self = .syntax
        } else if let rest = message.dropPrefix("no such table: ") {
            let parts = rest.split(separator: ".", maxSplits: 1).map(String.init)
            self = parts.count == 2 ? .noSuchTable(qualifier: parts[0], name: parts[1]) : .noSuchTable(qualifier: nil, name: rest)
        } else if let rest = message.dropPrefix("no such column: ") {
            self = .noSuchColumn(chain: rest.split(separator: ".", omittingEmptySubsequences: false).map(String.init))
        } else if let rest = message.dropPrefix("ambiguous column name: ") {
            self = .ambiguousColumn(chain: rest.split(separator: ".", omittingEmptySubsequences: false).map(String.init))
        } else if let rest = message.dropPrefix("table "), let range = rest.firstRange(of: " has no column named ") {
            self = .noColumnNamed(table: String(rest[..<range.lowerBound]), column: String(rest[range.upperBound...]))
        } else {
            self = .other
        }
    }
}

extension String {
    func dropPrefix(_ prefix: String) -> String? {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
    }
}

/// Checks one statement by preparing it again and again: after each name error it reports, it
/// makes the name harmless (a stub table for a missing table, `NULL` or a known column for a
/// missing column) and prepares once more, so every unknown name is found, not only the first
/// one SQLite stops at. Rounds are bounded.
struct StatementChecker {
    struct Input {
        /// The whole query's SQL and the statement's range in it.
        var querySQL: [UInt8]
        var statementRange: ByteRange
        /// Every hole of the query, in query SQL offsets. Spliced text may be any SQL; a tagged
        /// template's hole may be a nested fragment (`` sql`…${sql`AND x = ${y}`}` ``) in many
        /// libraries, so outside a value position both are treated as unknown text.
        var holeRanges: [ByteRange]
        var origin: QueryOrigin
        var schema: SchemaContext
        /// The statement as the SQL model read it from the query's SQL (`nil` when the model
        /// split the text otherwise).
        var statement: SQLStatement?
    }

    enum Outcome {
        case findings([RelativeFinding])
        /// A `.sqlLikeLiteral` that SQLite cannot parse: prose, not SQL; say nothing about the query.
        case notSQL
    }

    static let maximumRounds = 24
    static let stubColumnName = "sqlheal_stub_column"

    let input: Input
    let database: CheckingDatabase
    let messages: CheckerMessages

    init(input: Input, database: CheckingDatabase) {
        self.input = input
        self.database = database
        self.messages = CheckerMessages(schema: input.schema, database: database)
    }

    func run() -> Outcome {
        let base = input.statementRange.lowerBound
        let original = Array(input.querySQL[input.statementRange])
        let originalSQL = TokenizedSQL(bytes: original)
        let originalTokens = originalSQL.significantTokens
        guard let firstToken = originalTokens.first else { return .findings([]) }
        let scope = StatementTables(input.statement)
        // What the statement names, from the SQL model: the query's own tree when it read this
        // statement (its ranges moved to this text), else the statement read alone. Gathered
        // only when needed (holes to place, an error to locate): most statements prepare at once.
        var gatheredSites: StatementSites?
        func originalSites() -> StatementSites {
            if let gatheredSites { return gatheredSites }
            let sites = input.statement.map { StatementSites($0, shift: -base) }
                ?? StatementSites(SQLParser.parse(originalSQL).statements.first)
            gatheredSites = sites
            return sites
        }
        let holes = input.holeRanges.compactMap { hole -> HoleInfo? in
            let lower = hole.lowerBound - base
            let upper = hole.upperBound - base
            guard upper > 0, lower < original.count else { return nil }
            return HoleInfo(range: max(0, lower)..<min(original.count, upper), sites: originalSites(), sql: originalSQL)
        }
        let firstOpaqueHoleStart = holes.filter { !$0.isValuePosition }.map(\.range.lowerBound).min()
        let namesMayComeFromHoles = holes.contains { $0.mayDefineNames }
        let statementKind = firstToken.kind == .keyword ? originalSQL.text(of: firstToken).uppercased() : ""
        // Prose such as "Select users" parses as SQL; a literal found by its first word alone
        // must also have a clause only SQL has.
        if case .sqlLikeLiteral = input.origin, !originalTokens.contains(where: { token in
            ["FROM", "INTO", "SET", "VALUES", "TABLE", "WHERE", "JOIN"].contains { originalSQL.isKeyword(token, $0) }
        }) {
            return .notSQL
        }
        let isSchemaStatement = ["CREATE", "ALTER", "DROP"].contains(statementKind)

        func touchesHole(_ range: Range<Int>) -> Bool {
            holes.contains { $0.range.lowerBound <= range.upperBound && range.lowerBound <= $0.range.upperBound }
        }
        func sql(_ range: Range<Int>) -> RelativeFinding.Anchor { .sql((range.lowerBound + base)..<(range.upperBound + base)) }

        var text = EditedSQL(original)
        var findings: [RelativeFinding] = []
        var stubbedTables: Set<String> = []
        var savepointOpen = false
        defer {
            if savepointOpen {
                database.execute("ROLLBACK TO sqlheal_statement")
                database.execute("RELEASE sqlheal_statement")
            }
        }

        // `FROM ${table}`, `O.${idColumn}`: SQLite stops at the `?` standing for a name, before
        // it reads any other name of the statement. A table's hole becomes a stand-in table of
        // its own, any other name's the stand-ins' one column, so a misspelt table or a column
        // of a known table elsewhere is still found. What the stand-in's columns would be is not
        // known, so nothing is said of unqualified columns (as for any stand-in), and a syntax
        // error is no longer judged (the text is edited).
        for (number, hole) in holes.enumerated().reversed() {
            guard let wholeName = hole.wholeName else { continue }
            guard wholeName == .table else {
                text.replace(hole.range, with: Self.stubColumnName)
                continue
            }
            if !savepointOpen {
                guard database.execute("SAVEPOINT sqlheal_statement") else { return .findings(findings) }
                savepointOpen = true
            }
            let standIn = "sqlheal_hole_table_\(number)"
            guard database.execute("CREATE TABLE temp.\(standIn) (\(Self.stubColumnName))") else { return .findings(findings) }
            stubbedTables.insert(standIn)
            text.replace(hole.range, with: standIn)
        }

        for round in 0..<Self.maximumRounds {
            guard let error = database.prepareError(text.text) else { break }
            let current = TokenizedSQL(bytes: text.bytes)
            let tokens = current.significantTokens
            // The text as it is now: until a name is rewritten it is the original statement.
            var currentSites: StatementSites {
                text.hasEdits ? StatementSites(SQLParser.parse(current).statements.first) : originalSites()
            }
            let problem = PrepareProblem(message: error.message)
            let tokenAtOffset: Int? = error.offset.flatMap { offset in
                tokens.firstIndex { $0.range.lowerBound <= offset && offset < $0.range.upperBound }
                    ?? tokens.firstIndex { $0.range.lowerBound >= offset }
            }

            switch problem {
            case .syntax:
                if round == 0, case .sqlLikeLiteral = input.origin { return .notSQL }
                guard !text.hasEdits else { return .findings(findings) }
                let range: Range<Int>
                if let index = tokenAtOffset {
                    range = tokens[index].range
                } else if let last = tokens.last {
                    range = error.message == "incomplete input" ? last.range.upperBound..<last.range.upperBound : last.range
                } else {
                    range = 0..<0
                }
                if !holes.isEmpty {
                    let opaqueStart = firstOpaqueHoleStart ?? Int.max
                    guard range.upperBound < opaqueStart, !touchesHole(range) else { return .findings(findings) }
                }
                findings.append(messages.syntaxError(error.message, anchor: sql(range)))
                return .findings(findings)

            case .noSuchTable(let qualifier, let name):
                let key = name.lowercased()
                if database.uncheckableTableNames.contains(key) || stubbedTables.contains(key) { return .findings(findings) }
                let located = currentSites.locateTable(name: name, qualifier: qualifier)
                let originalRange = located.map { text.originalRange(forCurrent: $0) }
                let knownSchemaName = qualifier.map { ["main", "temp"].contains($0.lowercased()) || database.knownAttachedSchemaNames.contains($0.lowercased()) } ?? true
                let silent = input.schema.isEmpty
                    || key.hasPrefix("sqlite_")
                    || !knownSchemaName
                    || statementKind == "DROP"
                    || (originalRange.map(touchesHole) ?? !holes.isEmpty)
                    || (located.map { text.touchesEdit($0) } ?? false)
                if !silent {
                    let anchorRange = originalRange ?? originalSites().fallbackRange(schema: input.schema)
                    findings.append(messages.missingTable(name: name, anchor: sql(anchorRange)))
                }
                guard knownSchemaName else { return .findings(findings) }
                if !savepointOpen {
                    guard database.execute("SAVEPOINT sqlheal_statement") else { return .findings(findings) }
                    savepointOpen = true
                }
                let schemaPrefix = qualifier.map { "\(Self.quoted($0))." } ?? "temp."
                guard database.execute("CREATE TABLE \(schemaPrefix)\(Self.quoted(name)) (\(Self.stubColumnName))") else {
                    return .findings(findings)
                }
                stubbedTables.insert(key)

            case .noSuchColumn(let chain), .ambiguousColumn(let chain):
                guard let columnName = chain.last else { return .findings(findings) }
                let qualifier = chain.count >= 2 ? chain[chain.count - 2] : nil
                guard let located = currentSites.locateColumn(chain: chain, startingAt: tokenAtOffset.map { tokens[$0].range.lowerBound }) else {
                    return .findings(findings)
                }
                let currentWordRange = located.column.range
                let currentChainRange = located.range
                if text.touchesEdit(currentChainRange) { return .findings(findings) }
                let originalWordRange = text.originalRange(forCurrent: currentWordRange)
                if touchesHole(text.originalRange(forCurrent: currentChainRange)) { return .findings(findings) }

                if case .ambiguousColumn = problem {
                    findings.append(messages.sqlError(error.message, anchor: sql(originalWordRange)))
                } else {
                    let qualifierTable = qualifier.flatMap { scope.table(forQualifier: $0) ?? $0 }
                    let isExcluded = qualifier?.lowercased() == "excluded"
                    let tableForMessage = isExcluded ? scope.targetTable : qualifierTable
                    let belongsToStub: Bool
                    if let table = tableForMessage {
                        belongsToStub = stubbedTables.contains(table.lowercased())
                    } else {
                        belongsToStub = !stubbedTables.isEmpty
                    }
                    let qualifierIsUnknown = qualifier != nil && !isExcluded && scope.table(forQualifier: qualifier ?? "") == nil
                    let qualifierIsSubquery = qualifier.map { scope.subqueryAliases.contains($0.lowercased()) } ?? false
                    // `(SELECT ${rows}) AS pairs … pairs.key`: an alias the statement does not show
                    // may be declared inside a hole, and a subquery's columns may come from one.
                    let silent = input.schema.isEmpty || belongsToStub
                        || (qualifier == nil && namesMayComeFromHoles)
                        || ((qualifierIsUnknown || qualifierIsSubquery) && !input.holeRanges.isEmpty)
                    if !silent && qualifierIsUnknown, let qualifier {
                        // `ordrs.id` where no table or alias `ordrs` is in the statement.
                        let qualifierToken = located.chain[located.chain.count - 2].range
                        let candidates = scope.tables + scope.aliases
                        findings.append(messages.unknownQualifier(qualifier, column: columnName, candidates: candidates,
                                                                  anchor: sql(text.originalRange(forCurrent: qualifierToken))))
                    } else if !silent {
                        let tables = tableForMessage.map { [$0] } ?? scope.tables
                        findings.append(messages.missingColumn(name: columnName, tables: tables, anchor: sql(originalWordRange)))
                    }
                }
                let replacement = located.isAssignmentTarget
                    ? replacementTargetColumn(for: scope.targetTable, stubbed: stubbedTables)
                    : "NULL"
                text.replace(currentChainRange, with: replacement)

            case .noColumnNamed(let table, let column):
                guard let currentRange = currentSites.locateInsertColumn(column) else { return .findings(findings) }
                if text.touchesEdit(currentRange) { return .findings(findings) }
                let originalRange = text.originalRange(forCurrent: currentRange)
                if touchesHole(originalRange) { return .findings(findings) }
                if !(input.schema.isEmpty || stubbedTables.contains(table.lowercased())) {
                    findings.append(messages.missingColumn(name: column, tables: [table], anchor: sql(originalRange)))
                }
                text.replace(currentRange, with: replacementTargetColumn(for: table, stubbed: stubbedTables))

            case .other:
                if isSchemaStatement && (error.message.contains("already exists") || error.message.hasPrefix("duplicate column name")) {
                    return .findings(findings)
                }
                // A database the code attaches where this file does not show (or whose schema is
                // not known): its names are never checked against the main schema.
                if error.message.hasPrefix("unknown database ") { return .findings(findings) }
                // A stand-in table the checker made has one column and no constraint: whatever
                // else SQLite now says (N values for M columns, a USING column) may be its doing.
                if !stubbedTables.isEmpty { return .findings(findings) }
                let range: Range<Int>
                if let index = tokenAtOffset {
                    let word = tokens[index].range
                    if text.touchesEdit(word) { return .findings(findings) }
                    range = text.originalRange(forCurrent: word)
                } else {
                    // Without an offset the error may come from our own rewriting, or from
                    // what a hole would have held.
                    guard !text.hasEdits, holes.isEmpty else { return .findings(findings) }
                    range = originalSites().fallbackRange(schema: input.schema, forValueCount: true)
                }
                if touchesHole(range) { return .findings(findings) }
                findings.append(messages.sqlError(error.message, anchor: sql(range)))
                return .findings(findings)
            }
        }
        return .findings(findings)
    }

    /// A column name that may stand as an assignment or INSERT target of `table`: `rowid` for
    /// rowid tables, the first column otherwise, the stub's column for a stubbed table.
    private func replacementTargetColumn(for table: String?, stubbed: Set<String>) -> String {
        guard let table else { return "rowid" }
        if stubbed.contains(table.lowercased()) { return Self.stubColumnName }
        if let schema = input.schema.checkedSchema.table(named: table), schema.isWithoutRowid || schema.kind == .view,
           let first = schema.columns.first {
            return Self.quoted(first.name)
        }
        return "rowid"
    }

    static func quoted(_ name: String) -> String {
        "\"" + name.replacing("\"", with: "\"\"") + "\""
    }
}

/// A spliced hole seen from the SQL model: what the tree reads where it stands.
struct HoleInfo {
    var range: Range<Int>
    /// The hole stands where a value goes (`= ${x}`, `IN (${list})`, a function's argument,
    /// inside a string literal): whatever it holds cannot make a name elsewhere exist or vanish.
    var isValuePosition: Bool
    /// The hole stands in a result-column list or as a result alias, where it may define names
    /// the rest of the statement refers to, or is glued after a name (`item${k}s`).
    var mayDefineNames: Bool
    enum WholeName { case table, otherName }
    /// The hole is a whole name (`FROM ${table}`, `t.${column}`; not `deleted${kind}`), and
    /// whether that name is a table's.
    var wholeName: WholeName?

    init(range: Range<Int>, sites: StatementSites, sql: TokenizedSQL) {
        self.range = range
        func holds(_ outer: ByteRange) -> Bool { outer.lowerBound <= range.lowerBound && range.upperBound <= outer.upperBound }
        // Inside a string literal the hole is part of a value's text (a token fact: the tree
        // keeps only the literal).
        if sql.tokens.contains(where: { $0.kind == .string && $0.range.lowerBound < range.lowerBound && range.upperBound < $0.range.upperBound }) {
            (isValuePosition, mayDefineNames) = (true, false)
        } else if let name = sites.placeholderNames.first(where: { holds($0.range) }) {
            // Where a name goes: a result alias, or glued after a name, may be what others name.
            (isValuePosition, mayDefineNames) = (false, name.isResultAlias || name.range.lowerBound < range.lowerBound)
            if name.range == range { wholeName = name.isTable ? .table : .otherName }
        } else if let placeholder = sites.placeholders.first(where: { holds($0.range) }) {
            switch placeholder.context {
            case .value: (isValuePosition, mayDefineNames) = (true, false)
            case .resultColumn: (isValuePosition, mayDefineNames) = (false, true)
            case .clause: (isValuePosition, mayDefineNames) = (false, false)
            }
        } else {
            // A hole the parser skipped where a clause goes (`… ${orderBy} LIMIT ?`), or in a
            // statement it could not read that far: any SQL text.
            (isValuePosition, mayDefineNames) = (false, false)
        }
    }
}
