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
        let originalTokens = SQLLexer.tokenize(original)
        guard let firstToken = originalTokens.first else { return .findings([]) }
        let scope = StatementTables(input.statement)
        let holes = input.holeRanges.compactMap { hole -> HoleInfo? in
            let lower = hole.lowerBound - base
            let upper = hole.upperBound - base
            guard upper > 0, lower < original.count else { return nil }
            return HoleInfo(range: max(0, lower)..<min(original.count, upper), tokens: originalTokens)
        }
        let firstOpaqueHoleStart = holes.filter { !$0.isValuePosition }.map(\.range.lowerBound).min()
        let namesMayComeFromHoles = holes.contains { $0.mayDefineNames }
        let statementKind = firstToken.kind == .word ? firstToken.text : ""
        // Prose such as "Select users" parses as SQL; a literal found by its first word alone
        // must also have a clause only SQL has.
        if case .sqlLikeLiteral = input.origin, !originalTokens.contains(where: { token in
            ["FROM", "INTO", "SET", "VALUES", "TABLE", "WHERE", "JOIN"].contains { token.isKeyword($0) }
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

        for round in 0..<Self.maximumRounds {
            guard let error = database.prepareError(text.text) else { break }
            let tokens = SQLLexer.tokenize(text.bytes)
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
                let located = Self.locateTable(name: name, qualifier: qualifier, in: tokens)
                let originalRange = located.map { text.originalRange(forCurrent: tokens[$0].range) }
                let knownSchemaName = qualifier.map { ["main", "temp"].contains($0.lowercased()) || database.knownAttachedSchemaNames.contains($0.lowercased()) } ?? true
                let silent = input.schema.isEmpty
                    || key.hasPrefix("sqlite_")
                    || !knownSchemaName
                    || statementKind == "DROP"
                    || (originalRange.map(touchesHole) ?? !holes.isEmpty)
                    || (located.map { text.touchesEdit(tokens[$0].range) } ?? false)
                if !silent {
                    let anchorRange = originalRange ?? Self.fallbackRange(tokens: originalTokens, schema: input.schema)
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
                guard let located = Self.locateColumn(chain: chain, at: tokenAtOffset, in: tokens) else { return .findings(findings) }
                let currentWordRange = tokens[located.column].range
                let currentChainRange = tokens[located.chainStart].range.lowerBound..<currentWordRange.upperBound
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
                        let qualifierToken = tokens[located.column - 2].range
                        let candidates = scope.tables + scope.aliases
                        findings.append(messages.unknownQualifier(qualifier, column: columnName, candidates: candidates,
                                                                  anchor: sql(text.originalRange(forCurrent: qualifierToken))))
                    } else if !silent {
                        let tables = tableForMessage.map { [$0] } ?? scope.tables
                        findings.append(messages.missingColumn(name: columnName, tables: tables, anchor: sql(originalWordRange)))
                    }
                }
                let isAssignmentTarget = Self.isAssignmentTarget(tokenIndex: located.column, in: tokens)
                let replacement = isAssignmentTarget
                    ? replacementTargetColumn(for: scope.targetTable, stubbed: stubbedTables)
                    : "NULL"
                text.replace(currentChainRange, with: replacement)

            case .noColumnNamed(let table, let column):
                guard let index = Self.locateInsertColumn(column, in: tokens) else { return .findings(findings) }
                let currentRange = tokens[index].range
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
                    let current = Self.wordRange(at: index, in: tokens)
                    if text.touchesEdit(current) { return .findings(findings) }
                    range = text.originalRange(forCurrent: current)
                } else {
                    // Without an offset the error may come from our own rewriting, or from
                    // what a hole would have held.
                    guard !text.hasEdits, holes.isEmpty else { return .findings(findings) }
                    range = Self.fallbackRange(tokens: originalTokens, schema: input.schema, forValueCount: true)
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

    // MARK: - Locating words SQLite names without an offset

    /// The token naming the missing table: preferably where a table stands (after FROM, JOIN,
    /// INTO, UPDATE, TABLE or a comma), not a `name.` qualifier nor a `name(` call.
    static func locateTable(name: String, qualifier: String?, in tokens: [SQLLexer.Token]) -> Int? {
        let key = name.lowercased()
        var fallback: Int?
        for index in tokens.indices where tokens[index].identifier?.lowercased() == key {
            if index + 1 < tokens.count && tokens[index + 1].isSymbol(".") { continue }
            // `name(` is a function call, except where a table name is followed by its column
            // list: `INSERT INTO name (a, b)`, `CREATE TABLE name (…)`, `REFERENCES name (id)`.
            let introducedAsTable = index >= 1 && ["INTO", "TABLE", "REFERENCES"].contains(where: { tokens[index - 1].isKeyword($0) })
            if index + 1 < tokens.count && tokens[index + 1].isSymbol("(") && !introducedAsTable { continue }
            var previousIndex = index - 1
            if let qualifier {
                guard index >= 2, tokens[index - 1].isSymbol("."), tokens[index - 2].identifier?.lowercased() == qualifier.lowercased() else { continue }
                previousIndex = index - 3
            } else if index >= 1 && tokens[index - 1].isSymbol(".") {
                continue
            }
            if previousIndex >= 0 {
                let previous = tokens[previousIndex]
                if previous.isSymbol(",") || ["FROM", "JOIN", "INTO", "UPDATE", "TABLE", "ON", "EXISTS"].contains(where: { previous.isKeyword($0) }) {
                    return index
                }
            }
            if fallback == nil { fallback = index }
        }
        return fallback
    }

    /// The tokens of a column reference: from SQLite's offset when it gave one, otherwise the
    /// first matching chain that is not a function call.
    static func locateColumn(chain: [String], at offsetToken: Int?, in tokens: [SQLLexer.Token]) -> (chainStart: Int, column: Int)? {
        let wanted = chain.map { $0.lowercased() }
        func matches(at start: Int) -> Bool {
            var index = start
            for (position, part) in wanted.enumerated() {
                guard index < tokens.count, tokens[index].identifier?.lowercased() == part else { return false }
                if position < wanted.count - 1 {
                    guard index + 1 < tokens.count, tokens[index + 1].isSymbol(".") else { return false }
                    index += 2
                } else {
                    index += 1
                }
            }
            if index < tokens.count && (tokens[index].isSymbol("(") || tokens[index].isSymbol(".")) { return false }
            return start == 0 || !tokens[start - 1].isSymbol(".")
        }
        if let offsetToken, matches(at: offsetToken) {
            return (offsetToken, offsetToken + 2 * (wanted.count - 1))
        }
        // Prefer an assignment target (`SET x =`): SQLite reports those without an offset.
        var fallback: Int?
        for index in tokens.indices where matches(at: index) {
            let column = index + 2 * (wanted.count - 1)
            if isAssignmentTarget(tokenIndex: column, in: tokens) { return (index, column) }
            if fallback == nil { fallback = index }
        }
        return fallback.map { ($0, $0 + 2 * (wanted.count - 1)) }
    }

    /// True for `x` in `UPDATE … SET x = …`, `SET (x, y) = …` and `DO UPDATE SET x = …`.
    static func isAssignmentTarget(tokenIndex index: Int, in tokens: [SQLLexer.Token]) -> Bool {
        guard index > 0, index < tokens.count else { return false }
        let previous = tokens[index - 1]
        let next = index + 1 < tokens.count ? tokens[index + 1] : nil
        if previous.isKeyword("SET") { return true }
        guard previous.isSymbol(",") || previous.isSymbol("(") else { return false }
        // Walk back to the nearest SET, WHERE, FROM … at this level: a target list follows SET.
        let stopWords: Set<String> = ["SET", "WHERE", "FROM", "SELECT", "VALUES", "RETURNING", "ON"]
        switch SQLLexer.walkBackward(from: index - 1, in: tokens, stop: { $0.kind == .word && stopWords.contains($0.text) }) {
        case .token(let found):
            return tokens[found].text == "SET" && (next?.isSymbol("=") ?? false)
        case .enclosingOpenParenthesis(let open):
            // `SET (a, b) = …`
            return open > 0 && tokens[open - 1].isKeyword("SET")
        case .start:
            return false
        }
    }

    /// The token of `column` inside the parenthesized column list of an INSERT.
    static func locateInsertColumn(_ column: String, in tokens: [SQLLexer.Token]) -> Int? {
        let key = column.lowercased()
        guard let intoIndex = tokens.firstIndex(where: { $0.isKeyword("INTO") }) else {
            return tokens.firstIndex { $0.identifier?.lowercased() == key }
        }
        var index = intoIndex + 1
        while index < tokens.count && !tokens[index].isSymbol("(") {
            if tokens[index].isKeyword("VALUES") || tokens[index].isKeyword("SELECT") || tokens[index].isKeyword("DEFAULT") { return nil }
            index += 1
        }
        var depth = 0
        while index < tokens.count {
            let token = tokens[index]
            if token.isSymbol("(") { depth += 1 }
            if token.isSymbol(")") {
                depth -= 1
                if depth <= 0 { break }
            }
            if depth == 1 && token.identifier?.lowercased() == key { return index }
            index += 1
        }
        return nil
    }

    /// The word at a token, including a qualifier chain before it (`u.email` → `email`'s token
    /// alone is what we underline, so just the token).
    static func wordRange(at index: Int, in tokens: [SQLLexer.Token]) -> Range<Int> {
        tokens[index].range
    }

    /// Where to put an error SQLite does not locate: the first VALUES row for a value-count error
    /// (`2 values for 1 columns`), otherwise the statement's first keyword.
    static func fallbackRange(tokens: [SQLLexer.Token], schema: SchemaContext, forValueCount: Bool = false) -> Range<Int> {
        if forValueCount, let values = tokens.firstIndex(where: { $0.isKeyword("VALUES") }), values + 1 < tokens.count, tokens[values + 1].isSymbol("(") {
            var depth = 0
            for index in (values + 1)..<tokens.count {
                if tokens[index].isSymbol("(") { depth += 1 }
                if tokens[index].isSymbol(")") {
                    depth -= 1
                    if depth == 0 { return tokens[values + 1].range.lowerBound..<tokens[index].range.upperBound }
                }
            }
        }
        // A missing table behind a view: underline the view.
        if let view = tokens.first(where: { token in token.identifier.map { schema.checkedSchema.table(named: $0)?.kind == .view } ?? false }) {
            return view.range
        }
        return tokens.first?.range ?? 0..<0
    }
}

/// A spliced hole seen from the statement's tokens.
struct HoleInfo {
    var range: Range<Int>
    /// The hole stands where a value goes (`= ${x}`, `IN (${list})`, inside a string literal):
    /// whatever it holds cannot make a name elsewhere exist or vanish.
    var isValuePosition: Bool
    /// The hole stands in a result-column list, where it may define aliases that the rest of the
    /// statement refers to.
    var mayDefineNames: Bool

    private static let valueOperators: Set<String> = ["=", "==", "!=", "<>", "<", "<=", ">", ">=", "+", "-", "*", "/", "%", "||", "&", "|", "<<", ">>", "->", "->>"]
    private static let valueKeywords: Set<String> = ["LIKE", "GLOB", "IS", "BETWEEN", "AND", "OR", "NOT", "LIMIT", "OFFSET", "THEN", "ELSE", "WHEN", "MATCH", "REGEXP", "ESCAPE", "CASE"]

    init(range: Range<Int>, tokens: [SQLLexer.Token]) {
        self.range = range
        if tokens.contains(where: { $0.kind == .string && $0.range.lowerBound < range.lowerBound && range.upperBound < $0.range.upperBound }) {
            isValuePosition = true
            mayDefineNames = false
            return
        }
        let before = tokens.lastIndex { $0.range.upperBound <= range.lowerBound }
        let after = tokens.firstIndex { $0.range.lowerBound >= range.upperBound }
        let gluedBefore = before.map { tokens[$0].range.upperBound == range.lowerBound && tokens[$0].identifier != nil } ?? false
        let gluedAfter = after.map { tokens[$0].range.lowerBound == range.upperBound && (tokens[$0].identifier != nil || tokens[$0].isSymbol(".") || tokens[$0].isSymbol("(")) } ?? false
        var isValue = false
        var definesNames = false
        if let before, !gluedBefore, !gluedAfter {
            let previous = tokens[before]
            if previous.kind == .symbol && Self.valueOperators.contains(previous.text) {
                isValue = true
            } else if previous.kind == .word && Self.valueKeywords.contains(previous.text) {
                isValue = true
            } else if previous.isSymbol("(") || previous.isSymbol(",") {
                isValue = Self.enclosingListIsValueList(from: before, tokens: tokens)
            }
            if previous.isKeyword("SELECT") || previous.isKeyword("DISTINCT") || previous.isKeyword("ALL") || previous.isKeyword("AS") {
                definesNames = true
            } else if previous.isSymbol(","), Self.isInResultColumnList(from: before, tokens: tokens) {
                definesNames = true
            }
        }
        isValuePosition = isValue
        mayDefineNames = definesNames || !isValue && gluedBefore
    }

    /// For a `(` or `,` at `index`: whether the list it belongs to is `IN (…)`, `VALUES (…)` or
    /// a function call's arguments.
    private static func enclosingListIsValueList(from index: Int, tokens: [SQLLexer.Token]) -> Bool {
        // From a `(`, the walk stops on it at once: it opens the list itself.
        guard case .enclosingOpenParenthesis(let open) = SQLLexer.walkBackward(from: index, in: tokens, stop: { _ in false }),
              open > 0 else { return false }
        return isValueListOpener(tokens[open - 1])
    }

    private static func isValueListOpener(_ opener: SQLLexer.Token) -> Bool {
        opener.isKeyword("IN") || opener.isKeyword("VALUES") || opener.isSymbol(",")
            || (opener.kind == .word && !SQLTokenizer.keywords.contains(opener.text))
    }

    private static func isInResultColumnList(from index: Int, tokens: [SQLLexer.Token]) -> Bool {
        let clauses: Set<String> = ["SELECT", "FROM", "WHERE", "SET", "VALUES", "ORDER", "GROUP", "BY", "RETURNING"]
        guard case .token(let found) = SQLLexer.walkBackward(from: index, in: tokens, stop: { $0.kind == .word && clauses.contains($0.text) }) else {
            return false
        }
        return tokens[found].text == "SELECT" || tokens[found].text == "RETURNING"
    }
}
