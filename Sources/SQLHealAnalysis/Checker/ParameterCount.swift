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
            default: return []
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
        case .positional(let values, _, _):
            guard values.count != largest else { return [] }
            if largest == 0 && values.isEmpty { return [] }
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

    private static func placeholderPhrase(_ count: Int) -> String {
        count == 1 ? "1 placeholder" : "\(count) placeholders"
    }

    private static func valuePhrase(_ count: Int) -> String {
        count == 1 ? "1 value is" : "\(count) values are"
    }
}
