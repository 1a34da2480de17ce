/// `param-count`: the values a call binds against the placeholders its statement has.
///
/// Placeholders are counted the way SQLite numbers them: `?` takes the next number after the
/// largest so far, `?NNN` is number NNN, each distinct `:name`/`@name`/`$name` takes the next
/// number. Holes are never placeholders (a spliced hole is SQL text, a tagged template's hole is
/// bound by the library). Stays silent whenever the count cannot be known: a spliced hole that
/// may hold `?` (`IN (${ids.map(() => '?')})`), values the scanner could not count, a
/// `prepare(sql)` whose values come later, a script of several statements.
enum ParameterCount {
    /// Query functions that run their statement at once, with the values given in the call.
    /// (Those of the client libraries a file imports too: `getAllAsync`, `$queryRawUnsafe`, …)
    static let executingFunctionNames: Set<String> = Set(["all", "get", "run", "query", "execute", "each", "iterate", "pluck", "first"])
        .union(ClientLibrary.catalogue.flatMap(\.executingFunctions))
    /// Methods of a prepared statement that only set how it returns rows and return the statement
    /// itself (better-sqlite3, `node:sqlite`): they neither run it nor take values.
    static let statementModeMethods: Set<String> = ["pluck", "expand", "safeIntegers", "setReadBigInts", "setAllowBareNamedParameters"]

    static func findings(for query: EmbeddedQuery, tree: SQLSyntaxTree, statementCount: Int) -> [RelativeFinding] {
        guard statementCount == 1 else { return [] }
        // A tagged template binds its `${…}` holes; a placeholder written in its text gets nothing.
        var isTagged = false
        let functionName: String
        switch query.origin {
        case .queryCall(let name): functionName = name
        case .taggedTemplate:
            guard case .none = query.boundValues else { return [] }
            isTagged = true
            functionName = ""
        case .sqlLikeLiteral: return []
        }
        guard query.dynamism != .unresolved else { return [] }
        let holeRanges = query.holes.map(\.sqlRange)
        let sites = tree.statements.map { StatementSites($0) }
        for hole in query.holes where hole.role == .splicedText {
            if hole.isPlaceholderList { return [] }
            switch hole.value.kind {
            case .number, .boolean, .null: continue
            default:
                if holdsAName(hole, sites: sites) { continue }
                return []
            }
        }
        let placeholders = placeholders(in: tree, sites: sites).filter { placeholder in
            !holeRanges.contains { $0.overlaps(placeholder.range) || $0 == placeholder.range }
        }
        var largest = 0
        var numberByName: [String: Int] = [:]
        var namedOnly = !placeholders.isEmpty
        for placeholder in placeholders {
            let text = placeholder.text
            if text == "?" {
                largest += 1
                namedOnly = false
            } else if text.hasPrefix("?") {
                namedOnly = false
                if let number = Int(text.dropFirst()), number > largest { largest = min(number, 32_766) }
            } else if numberByName[text] == nil {
                largest += 1
                numberByName[text] = largest
            }
        }

        switch query.boundValues {
        case .unknown:
            return []
        case .none:
            guard largest > 0, isTagged || executingFunctionNames.contains(functionName), let first = placeholders.first else { return [] }
            if isTagged {
                return [RelativeFinding(
                    code: .parameterCount, severity: .error, anchor: .sql(first.range),
                    message: "`\(first.text)` is written in a tagged template, which binds only its `${…}` holes: no value is bound to it."
                )]
            }
            return [RelativeFinding(
                code: .parameterCount, severity: .error, anchor: .sql(first.range),
                message: "The statement has \(placeholderPhrase(largest)) but no value is bound."
            )]
        case .positional(let values, let argumentRange, _):
            guard values.count != largest else { return [] }
            if largest == 0 && values.isEmpty { return [] }
            // `.run()`: no argument to underline, so the first placeholder left without a value.
            if values.isEmpty, argumentRange.isEmpty, let first = placeholders.first {
                return [RelativeFinding(
                    code: .parameterCount, severity: .error, anchor: .sql(first.range),
                    message: "The statement has \(placeholderPhrase(largest)) but no value is bound."
                )]
            }
            return [RelativeFinding(
                code: .parameterCount, severity: .error, anchor: .boundArguments,
                message: "The statement has \(placeholderPhrase(largest)) but \(valuePhrase(values.count)) bound."
            )]
        case .named(let values, _):
            guard namedOnly else { return [] }
            var findings: [RelativeFinding] = []
            var reported: Set<String> = []
            for placeholder in placeholders {
                let text = placeholder.text
                let name = String(text.dropFirst())
                guard values[name] == nil, values[text] == nil, !reported.contains(text) else { continue }
                reported.insert(text)
                findings.append(RelativeFinding(
                    code: .parameterCount, severity: .error, anchor: .sql(placeholder.range),
                    message: "No value is bound for `\(text)`: the object passed has no key `\(name)`."
                ))
            }
            return findings
        }
    }

    /// The statement's placeholders in the order SQLite numbers them (as written), each as
    /// its token: the tree's placeholder expressions (a parenthesized one's node holds its
    /// parentheses). A statement the tree keeps as a range only (`VACUUM INTO ?`) gives the
    /// parameter tokens inside it.
    static func placeholders(in tree: SQLSyntaxTree, sites: [StatementSites]) -> [(text: String, range: ByteRange)] {
        let tokens = tree.sql.significantTokens.filter { $0.kind == .parameter }
        var found: [(text: String, range: ByteRange)] = []
        for (statement, sites) in zip(tree.statements, sites) {
            if case .other = statement.kind {
                for token in tokens where statement.range.contains(token.range.lowerBound) {
                    found.append((tree.sql.text(of: token), token.range))
                }
                continue
            }
            for placeholder in sites.placeholders {
                guard let token = tokens.first(where: { placeholder.range.contains($0.range.lowerBound) }) else { continue }
                found.append((placeholder.text, token.range))
            }
        }
        return found.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// A hole that names something (`this._table`, `TABLE_NAME`, `cols.id`) standing where the
    /// SQL model reads a name: a table (`FROM ${t}`), a column or its qualifier (`${t}.id`), a
    /// `USING (…)` or INSERT column, a `SET` target, an alias, a name glued to it
    /// (`deleted${suffix}`), or the only result column before `FROM`. It holds a name, not
    /// placeholders, so the statement's placeholders are still countable.
    static func holdsAName(_ hole: QueryHole, sites: [StatementSites]) -> Bool {
        guard isNameExpression(hole.value.expressionText) else { return false }
        let range = hole.sqlRange
        func holds(_ outer: ByteRange) -> Bool { outer.lowerBound <= range.lowerBound && range.upperBound <= outer.upperBound }
        return sites.contains { sites in
            sites.placeholderNames.contains { holds($0.range) }
                || sites.placeholders.contains { holds($0.range) && $0.context == .resultColumn(isSoleBeforeFrom: true) }
        }
    }

    /// `name`, `this.name`, `a.b.c`, `this.#name`: an expression that reads a value, computes nothing.
    private static func isNameExpression(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard !parts.isEmpty else { return false }
        return parts.allSatisfy { part in
            var name = Substring(part)
            if name.hasSuffix("?") { name = name.dropLast() }
            if name.hasPrefix("#") { name = name.dropFirst() }
            guard let first = name.first, first.isLetter || first == "_" || first == "$" else { return false }
            return name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "$" }
        }
    }

    private static func placeholderPhrase(_ count: Int) -> String {
        count == 1 ? "1 placeholder" : "\(count) placeholders"
    }

    private static func valuePhrase(_ count: Int) -> String {
        count == 1 ? "1 value is" : "\(count) values are"
    }
}
