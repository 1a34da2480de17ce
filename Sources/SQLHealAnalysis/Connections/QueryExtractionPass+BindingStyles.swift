// MARK: - The client libraries' ways of passing SQL and binding values

extension QueryExtractionPass {
    /// The values a call chained on a query binds: `.bind(a, b)` (D1, better-sqlite3) gives them
    /// and later calls of the chain run the statement as bound (`.bind(x).all()`); D1's
    /// `.first('column')` and `.raw({ columnNames })` take options, not values; any other chained
    /// call (`.get(x)`, `.all({ $id })`) gives its arguments.
    mutating func chainedCallValues(query: Int, nameIndex: Int, open: Int, close: Int) -> BoundValues {
        let arguments = splitArguments((open + 1)..<close)
        if isIdentifier(nameIndex, "bind") {
            queriesBoundByBindCall.insert(query)
            return boundValues(arguments: arguments, closeIndex: close, isPrepareWithoutChain: false)
        }
        if queriesBoundByBindCall.contains(query) { return queries[query].boundValues }
        let values = isIdentifier(nameIndex, "first") || isIdentifier(nameIndex, "raw")
            ? boundValues(arguments: [], closeIndex: close, isPrepareWithoutChain: false)
            : boundValues(arguments: arguments, closeIndex: close, isPrepareWithoutChain: false)
        return runsWithNoValues(values, methodIndex: nameIndex, close: close)
    }

    /// A statement method that runs the statement (`.run()`, `.all()`, D1's `.first()`) called
    /// with nothing binds zero values: better-sqlite3, `node:sqlite`, bun and D1 reject a
    /// statement with placeholders run that way, `sqlite3` binds NULLs. So it is a count of zero,
    /// not "no values argument" (which, after `prepare(sql)`, means values may come later).
    /// A method that only sets a mode (`.pluck()`, `.raw()` on better-sqlite3) is followed by the
    /// call that runs, whose values replace these.
    func runsWithNoValues(_ values: BoundValues, methodIndex: Int, close: Int) -> BoundValues {
        guard case .none = values, ParameterCount.executingFunctionNames.contains(text(ofToken: methodIndex)) else { return values }
        let offset = tokens[close].start
        return .positional([], argumentRange: offset..<offset, isArrayLiteral: false)
    }

    /// The call's arguments as SQL then values, for the libraries that pass them otherwise:
    /// `execute({ sql, args })` (`@libsql/client`) → `sql, args`; `query(sql, { replacements })`
    /// or `{ bind }` (Sequelize) → `sql, replacements`. Other calls are unchanged.
    func libraryCallArguments(_ arguments: [Range<Int>]) -> [Range<Int>] {
        guard let first = arguments.first, !first.isEmpty else { return arguments }
        if let members = objectLiteralMembers(first), let sql = members["sql"] {
            return [sql] + (members["args"].map { [$0] } ?? [])
        }
        if arguments.count == 2, let members = objectLiteralMembers(arguments[1]) {
            if let replacements = members["replacements"] { return [first, replacements] }
            if let bind = members["bind"] { return [first, bind] }
            // Options without values (`{ type: QueryTypes.SELECT }`) bind nothing.
            if members["type"] != nil || members["raw"] != nil || members["plain"] != nil { return [first] }
        }
        return arguments
    }

    /// The statements of `batch([sql, { sql, args }, …])` (`@libsql/client`): each element that
    /// is SQL text or a `{ sql, args }` object, or `nil` when the call is no such batch. Other
    /// elements (D1's `batch([db.prepare(…).bind(…)])`) are queries of their own already.
    func batchStatements(functionName: String, arguments: [Range<Int>]) -> [Range<Int>]? {
        guard functionName == "batch", let first = arguments.first, first.count >= 2, isPunctuator(first.lowerBound, "["), tokens[first.lowerBound].link == first.upperBound - 1 else { return nil }
        return splitArguments((first.lowerBound + 1)..<(first.upperBound - 1)).filter { element in
            guard !element.isEmpty else { return false }
            if objectLiteralMembers(element)?["sql"] != nil { return true }
            return [.string, .template, .templateHead].contains(tokens[element.lowerBound].kind)
        }
    }

    /// The `key: value` members of the object literal spanning exactly `range`, if it is one.
    func objectLiteralMembers(_ range: Range<Int>) -> [String: Range<Int>]? {
        guard range.count >= 2, isPunctuator(range.lowerBound, "{"), isOpener(range.lowerBound), tokens[range.lowerBound].link == range.upperBound - 1 else { return nil }
        var members = objectMembers(of: range.lowerBound)
        // Shorthand `{ sql, args }`: the names themselves.
        for property in splitArguments((range.lowerBound + 1)..<(range.upperBound - 1)) where property.count == 1 && tokens[property.lowerBound].kind == .identifier {
            members[text(ofToken: property.lowerBound)] = property
        }
        return members
    }

    /// knex's `??` (an identifier binding) and `:name:` (a named identifier) stand for names the
    /// library splices into the text: they become spliced holes, so the names they stand for are
    /// never taken for columns nor counted as values SQLite binds.
    mutating func markKnexIdentifierBindings() {
        for index in queries.indices {
            guard case .queryCall(let functionName) = queries[index].origin, functionName == "raw" else { continue }
            var sql = Array(queries[index].sql.utf8)
            var newHoles: [QueryHole] = []
            for token in SQLTokenizer.tokenize(sql) {
                let range = token.range
                if token.kind == .parameter, range.count == 1, sql[range.lowerBound] == 0x3F, range.upperBound < sql.count, sql[range.upperBound] == 0x3F {
                    // `??`: SQLite reads two `?`; keep the first as the hole, blank the second.
                    sql[range.upperBound] = 0x20
                    newHoles.append(identifierHole(query: index, sqlRange: range.lowerBound..<(range.lowerBound + 2)))
                } else if token.kind == .parameter, sql[range.lowerBound] == 0x3A, range.upperBound < sql.count, sql[range.upperBound] == 0x3A {
                    // `:name:` → `?` and blanks over `name:`.
                    sql[range.lowerBound] = 0x3F
                    for offset in (range.lowerBound + 1)...range.upperBound { sql[offset] = 0x20 }
                    newHoles.append(identifierHole(query: index, sqlRange: range.lowerBound..<(range.upperBound + 1)))
                }
            }
            guard !newHoles.isEmpty else { continue }
            queries[index].sql = String(decoding: sql, as: UTF8.self)
            queries[index].holes = (queries[index].holes + newHoles).sorted { $0.sqlRange.lowerBound < $1.sqlRange.lowerBound }
            queries[index].dynamism = .splicedUnknownText
        }
    }

    private func identifierHole(query: Int, sqlRange: ByteRange) -> QueryHole {
        let source = queries[query].sourceMap.sourceRange(forSQLRange: sqlRange)
        let value = SourceValue(expressionRange: source, expressionText: text(source), kind: .unknown)
        return QueryHole(role: .splicedText, sourceRange: source, value: value, sqlRange: sqlRange.lowerBound..<(sqlRange.lowerBound + 1))
    }
}
