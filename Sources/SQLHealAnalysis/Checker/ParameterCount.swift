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

    static func findings(for query: EmbeddedQuery, tokens: [SQLLexer.Token], statementCount: Int) -> [RelativeFinding] {
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
        for hole in query.holes where hole.role == .splicedText {
            if hole.isPlaceholderList { return [] }
            switch hole.value.kind {
            case .number, .boolean, .null: continue
            default:
                if holdsAName(hole, tokens: tokens) { continue }
                return []
            }
        }
        let placeholders = tokens.filter { token in
            token.kind == .parameter && !holeRanges.contains { $0.overlaps(token.range) || $0 == token.range }
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

    /// A hole that names something (`this._table`, `TABLE_NAME`, `cols.id`) standing where SQL
    /// reads a name: after `FROM`, `JOIN`, `INTO`, `UPDATE`, `TABLE`, in `USING (…)`, alone between
    /// `SELECT` and `FROM`, qualified by or qualifying a name, or glued to one (`deleted${suffix}`).
    /// It holds a name, not placeholders, so the statement's placeholders are still countable.
    static func holdsAName(_ hole: QueryHole, tokens: [SQLLexer.Token]) -> Bool {
        guard isNameExpression(hole.value.expressionText) else { return false }
        let range = hole.sqlRange
        let before = tokens.lastIndex { $0.range.upperBound <= range.lowerBound }
        let after = tokens.firstIndex { $0.range.lowerBound >= range.upperBound }
        let previous = before.map { tokens[$0] }
        let next = after.map { tokens[$0] }
        if let previous, previous.range.upperBound == range.lowerBound, previous.identifier != nil { return true }
        if let next, next.range.lowerBound == range.upperBound, next.identifier != nil { return true }
        if previous?.isSymbol(".") == true || next?.isSymbol(".") == true { return true }
        guard let previous else { return false }
        for keyword in ["FROM", "JOIN", "INTO", "UPDATE", "TABLE"] where previous.isKeyword(keyword) { return true }
        if previous.isSymbol("("), let before, before >= 1, tokens[before - 1].isKeyword("USING"),
           next?.isSymbol(")") == true || next?.isSymbol(",") == true { return true }
        if previous.isKeyword("SELECT") || previous.isKeyword("DISTINCT"), next?.isKeyword("FROM") == true { return true }
        return false
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
