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
        return runsWithNoValues(values, methodIndex: nameIndex, close: close, receiver: queries[query].receiver)
    }

    /// A statement method that runs the statement (`.run()`, `.all()`, D1's `.first()`) called
    /// with nothing binds zero values: better-sqlite3, `node:sqlite`, bun and D1 reject a
    /// statement with placeholders run that way, `sqlite3` binds NULLs. So it is a count of zero,
    /// not "no values argument" (which, after `prepare(sql)`, means values may come later).
    /// A method that only sets a mode (`.pluck()`, `.raw()` on better-sqlite3) is followed by the
    /// call that runs, whose values replace these; on D1 (`receiver` `env.DB`) `.raw()` runs.
    func runsWithNoValues(_ values: BoundValues, methodIndex: Int, close: Int, receiver: String?) -> BoundValues {
        let method = text(ofToken: methodIndex)
        let runs = Self.statementRunningMethods.contains(method) || method == "raw" && receiver.map(ConnectionResolver.isCloudflareSQLite) == true
        guard case .none = values, runs else { return values }
        let offset = tokens[close].start
        return .positional([], argumentRange: offset..<offset, isArrayLiteral: false)
    }

    /// Methods of a prepared statement that run it (bun's `.values()` too), without those that
    /// only set a mode and return the statement (better-sqlite3's `.pluck()`, `.raw()`, `.expand()`):
    /// `const ids = db.prepare(sql).pluck(); ids.all(x)` is bound later.
    static let statementRunningMethods: Set<String> = ParameterCount.executingFunctionNames.union(["values"])
        .subtracting(ParameterCount.statementModeMethods).subtracting(["raw", "columns"])

    /// A method called on a statement held in `name` (`stmt.get(x)`, `this.byId.run(a, b)`,
    /// `await statement.executeAsync({ $id })`). Each run binds its own values: the first gives
    /// the query's, each later one a copy of the query checked with that run's values (a defect
    /// of the SQL itself is still reported once). A `.bind(…)` anywhere on it binds it for every
    /// later run, so then only the first use counts and the rest are unknown. Methods that
    /// neither run nor bind (`.pluck()`, `finalizeAsync()`) are not runs.
    mutating func runHeldStatement(_ query: Int, named name: String, scope: Range<Int>, nameIndex: Int, open: Int, close: Int) {
        let method = text(ofToken: nameIndex)
        let isRun = Self.statementRunningMethods.contains(method) || method == "raw" && queries[query].receiver.map(ConnectionResolver.isD1Binding) == true
        guard isRun || method == "bind" else { return }
        let uses = preparedStatementUses[query, default: 0] + 1
        preparedStatementUses[query] = uses
        let values = boundValues(arguments: splitArguments((open + 1)..<close), closeIndex: close, isPrepareWithoutChain: false)
        let runValues = heldStatementMayBeBoundElsewhere(named: name, scope: scope)
            ? values : runsWithNoValues(values, methodIndex: nameIndex, close: close, receiver: queries[query].receiver)
        if uses == 1 {
            queries[query].boundValues = runValues
            queries[query].callClosingParenthesisOffset = tokens[close].start
        } else if heldStatementIsBound(named: name, scope: scope) {
            // (Decided on the whole scope, so no run was copied before.)
            guard let offset = queries[query].callRange?.upperBound else { return }
            queries[query].boundValues = .unknown(argumentRange: (offset - 1)..<(offset - 1))
            queries[query].callClosingParenthesisOffset = offset - 1
        } else {
            for variant in [query] + queryVariants[query, default: []] {
                var run = queries[variant]
                run.boundValues = runValues
                run.callClosingParenthesisOffset = tokens[close].start
                queries.append(run)
            }
        }
    }

    /// Whether the statement held in `name` is given values by a `.bind(…)` of its own
    /// (`stmt.bind(x)`, `this.byId.bind(x)`): they stay bound for the runs after it.
    private func heldStatementIsBound(named name: String, scope: Range<Int>) -> Bool {
        let field = name.hasPrefix("this.") ? String(name.dropFirst(5)) : name
        let fieldBytes = Array(field.utf8)
        for index in scope where tokens[index].kind == .identifier && tokens[index].length == fieldBytes.count && tokenText(index, equalsAnyOf: [fieldBytes]) {
            guard isMemberDot(index + 1), isIdentifier(index + 2, "bind") else { continue }
            let isThisField = index >= 2 && isMemberDot(index - 1) && isIdentifier(index - 2, "this")
            if name.hasPrefix("this.") ? isThisField : !(index >= 1 && isMemberDot(index - 1)) { return true }
        }
        return false
    }

    /// Whether a statement held in `name` (`const stmt = db.prepare(…)`, declared in `scope`) may
    /// get its values where the file does not show it: it is exported (another module may
    /// `.bind(…)` it), or the name is used other than as the receiver of a method call (passed to
    /// a function, stored in an object or array, returned, reassigned). Then a later `stmt.run()`
    /// with nothing is not known to bind zero values.
    func heldStatementMayBeBoundElsewhere(named name: String, scope: Range<Int>) -> Bool {
        if name.hasPrefix("this.") { return fieldStatementMayBeBoundElsewhere(named: String(name.dropFirst(5))) }
        let nameBytes = Array(name.utf8)
        var declared = false
        for index in scope where tokens[index].kind == .identifier && tokens[index].length == nameBytes.count && tokenText(index, equalsAnyOf: [nameBytes]) {
            if index >= 1, isMemberDot(index - 1) { continue }  // `other.stmt`: another name
            if isMemberDot(index + 1) { continue }  // `stmt.run(…)`: counted by the uses
            if !declared, index >= 1, isIdentifier(index - 1, "const") || isIdentifier(index - 1, "let") || isIdentifier(index - 1, "var") {
                declared = true
                if index >= 2, isIdentifier(index - 2, "export") { return true }
                continue
            }
            // `{ stmt: 1 }`: a key, not the statement.
            if isPunctuator(index + 1, ":"), index >= 1, isPunctuator(index - 1, "{") || isPunctuator(index - 1, ",") { continue }
            return true
        }
        return false
    }

    /// A statement held in a field (`this.byId`): anything but `this.byId.method(…)` calls and
    /// its one assignment, anywhere in the file, may bind it (`repo.byId.bind(x)`, passing
    /// `this.byId` on): then a run with nothing is not known to bind zero values.
    private func fieldStatementMayBeBoundElsewhere(named field: String) -> Bool {
        let fieldBytes = Array(field.utf8)
        var assignments = 0
        for index in tokens.indices where tokens[index].kind == .identifier && tokens[index].length == fieldBytes.count && tokenText(index, equalsAnyOf: [fieldBytes]) {
            guard index >= 1, isMemberDot(index - 1) else { continue }  // a local of the same name
            guard index >= 2, isIdentifier(index - 2, "this"), !(index >= 3 && isMemberDot(index - 3)) else { return true }
            if isPunctuator(index + 1, "=") {
                assignments += 1
                if assignments > 1 { return true }
                continue
            }
            guard isMemberDot(index + 1), index + 2 < tokens.count, tokens[index + 2].kind == .identifier, isPunctuator(index + 3, "(") else { return true }
            if isIdentifier(index + 2, "bind") { return true }
        }
        return false
    }

    // MARK: Wrappers called without values

    /// The values expression a wrapper's query call runs its statement with: the values argument
    /// of a call that runs at once (`db.all(sql, params)`), or of a wrapper that binds nothing
    /// without values, or the arguments of the running method chained on a prepare
    /// (`db.prepare(sql).all(params)`). `nil` when the statement is not run in sight or its values
    /// are not a parameter as is: one name, its spread, or `params ?? []`.
    func valuesPassedToRun(call: Int, valuesArgument: Range<Int>?, calling called: QueryWrapper?) -> (parameter: Int, isSpread: Bool)? {
        let name = text(ofToken: call)
        if called != nil || runsAtOnce(call: call) {
            guard called?.bindsNothingWithoutValues ?? true, let valuesArgument else { return nil }
            return parameterPassedAsValues(valuesArgument)
        }
        guard preparingFunctionNames.contains(name) else { return nil }
        var open = call + 1
        if isPunctuator(open, "?.") { open += 1 }
        guard isPunctuator(open, "("), tokens[open].link > open else { return nil }
        var method = tokens[open].link + 2
        guard isMemberDot(method - 1), method + 1 < tokens.count, tokens[method].kind == .identifier, isPunctuator(method + 1, "("), tokens[method + 1].link > method + 1 else { return nil }
        // `db.prepare(sql).bind(...params).all()` (D1): the values are the bind's, when a run follows it.
        let valuesCall = method
        if isIdentifier(method, "bind") {
            method = tokens[method + 1].link + 2
            guard isMemberDot(method - 1), method + 1 < tokens.count, tokens[method].kind == .identifier, isPunctuator(method + 1, "(") else { return nil }
        }
        guard Self.statementRunningMethods.contains(text(ofToken: method)) || isIdentifier(method, "raw") else { return nil }
        let arguments = splitArguments((valuesCall + 2)..<tokens[valuesCall + 1].link).filter { !$0.isEmpty }
        guard arguments.count == 1 else { return nil }
        return parameterPassedAsValues(arguments[0])
    }

    /// Whether a wrapper's query call runs its statement with no values at all: a call that runs
    /// at once given only the SQL (`db.all(sql)`, `db.all(sql, callback)`), a wrapper that binds
    /// none called that way, or a prepare whose chained running method gets nothing
    /// (`db.prepare(sql).get()`). A `.bind(…)` in the chain, or any values argument, is not.
    func runsStatementWithoutValues(call: Int, valuesArgument: Range<Int>?, calling called: QueryWrapper?) -> Bool {
        let name = text(ofToken: call)
        let givesNoValues = valuesArgument.map { $0.isEmpty || isFunctionExpression($0) } ?? true
        if let called { return called.bindsNoValues || called.bindsNothingWithoutValues && givesNoValues }
        if name == "exec" { return givesNoValues && runsAtOnce(call: call) }
        guard preparingFunctionNames.contains(name) else {
            return ParameterCount.executingFunctionNames.contains(name) && givesNoValues && !continuesChain(afterCallNamed: call)
        }
        var open = call + 1
        if isPunctuator(open, "?.") { open += 1 }
        guard isPunctuator(open, "("), tokens[open].link > open else { return false }
        let method = tokens[open].link + 2
        guard isMemberDot(method - 1), method + 1 < tokens.count, tokens[method].kind == .identifier,
              Self.statementRunningMethods.contains(text(ofToken: method)), isPunctuator(method + 1, "("), tokens[method + 1].link > method + 1 else { return false }
        return splitArguments((method + 2)..<tokens[method + 1].link).allSatisfy(\.isEmpty)
    }

    /// A query call that runs its statement at once with the values it is given: a library's
    /// running function (`db.all(sql, …)`, `getAllAsync`), or a Durable Object's `sql.exec(sql, ...bindings)`.
    private func runsAtOnce(call: Int) -> Bool {
        let name = text(ofToken: call)
        if ParameterCount.executingFunctionNames.contains(name) { return true }
        guard name == "exec", call >= 2, isMemberDot(call - 1) else { return false }
        let callee = calleeStart(nameIndex: call)
        guard callee.start < call - 1, let receiver = receiverText(callee.start..<(call - 1)) else { return false }
        return isDurableObjectSQL(receiver, before: tokens[call].start)
    }

    /// `db.query(sql).then(…)`, `db.all(sql).map(…)`: fine; but `db.query(sql).bind(x)` or
    /// `.values(x)` may give values after all: a call chained on the run that takes arguments.
    private func continuesChain(afterCallNamed call: Int) -> Bool {
        var open = call + 1
        if isPunctuator(open, "?.") { open += 1 }
        guard isPunctuator(open, "("), tokens[open].link > open else { return false }
        let method = tokens[open].link + 2
        guard isMemberDot(method - 1), method < tokens.count, tokens[method].kind == .identifier else { return false }
        return ["bind", "values", "all", "get", "run", "first", "execute"].contains(text(ofToken: method))
    }

    /// `params`, `...params`, `params ?? []`, `params || {}`: the token of the name, and whether it is spread.
    private func parameterPassedAsValues(_ expression: Range<Int>) -> (parameter: Int, isSpread: Bool)? {
        let first = expression.lowerBound
        if expression.count == 1, tokens[first].kind == .identifier { return (first, false) }
        if expression.count == 2, isPunctuator(first, "..."), tokens[first + 1].kind == .identifier { return (first + 1, true) }
        if expression.count == 4, tokens[first].kind == .identifier, isPunctuator(first + 1, "??") || isPunctuator(first + 1, "||"),
           isEmptyArrayOrObject((first + 2)..<expression.upperBound) { return (first, false) }
        return nil
    }

    /// Whether a wrapper whose statement runs with the values at `passed` binds none when its
    /// caller gives none: the values are the wrapper's own parameter (a rest parameter right
    /// after the SQL when spread), with no default or an empty one (`= []`), never assigned in
    /// the body but to emptiness (`params = params || []`, `params ??= {}`). A wrapper that may
    /// fill values itself (`params = params || [userId]`, `[sql, params] = expand(sql, params)`,
    /// a default computed by a call) does not, unless the helper that gives the values back
    /// throws on a statement with a placeholder when it has none (Zotero's
    /// `[sql, params] = this.parseQueryAndParams(sql, params)`, which throws "Parameters not
    /// provided for query containing placeholders"). The parameter's position, or `nil`.
    mutating func bindsNoValuesWhenNoneGiven(_ passed: (parameter: Int, isSpread: Bool), scope: FunctionScope, sqlPosition: Int) -> Int? {
        let name = text(ofToken: passed.parameter)
        guard let position = scope.parameters.firstIndex(of: name), position != sqlPosition, position < scope.parameterRanges.count else { return nil }
        let declared = scope.parameterRanges[position]
        let isRest = isPunctuator(declared.lowerBound, "...")
        guard isRest == passed.isSpread else { return nil }
        if isRest {
            guard position == sqlPosition + 1 else { return nil }
        } else {
            var index = declared.lowerBound
            while index < declared.upperBound, !isPunctuator(index, "=") { index = skipGroup(index) }
            if index < declared.upperBound, !isEmptyArrayOrObject((index + 1)..<declared.upperBound) { return nil }
        }
        var index = scope.body.lowerBound
        while index < scope.body.upperBound {
            defer { index += 1 }
            guard tokens[index].kind == .identifier, !(index >= 1 && isMemberDot(index - 1)), text(ofToken: index) == name else { continue }
            if isPunctuator(index + 1, "=") || isPunctuator(index + 1, "??=") || isPunctuator(index + 1, "||=") {
                let value = (index + 2)..<declaratorEnd(from: index + 2)
                if isEmptyArrayOrObject(value) { continue }
                if isPunctuator(index + 1, "="), value.count == 4, isNamed(value.lowerBound, name),
                   isPunctuator(value.lowerBound + 1, "??") || isPunctuator(value.lowerBound + 1, "||"),
                   isEmptyArrayOrObject((value.lowerBound + 2)..<value.upperBound) { continue }
                return nil
            }
            if index + 1 < tokens.count, tokens[index + 1].kind == .punctuator, ["+=", "&&="].contains(text(ofToken: index + 1)) { return nil }
            // A wrapper that tests whether it was given values (`if (!params) return cache.get(sql)`,
            // `return params ? … : …`) may do something else without them; only emptying them
            // (`if (!params) params = [];`) is known.
            if let condition = enclosingIfCondition(of: index), !conditionOnlyEmpties(condition, name: name) { return nil }
            if index >= 1, isIdentifier(index - 1, "return") || isPunctuator(index - 1, "!") && isIdentifier(index - 2, "return") { return nil }
            if let group = destructuringGroup(around: index, within: scope.body), isPunctuator(tokens[group].link + 1, "=") {
                let start = tokens[group].link + 2
                let sqlName = scope.parameters[sqlPosition]
                guard rejectsPlaceholdersWithoutValues(call: start..<declaratorEnd(from: start), sqlName: sqlName, valuesName: name) else { return nil }
            }
        }
        return position
    }

    /// Whether `call` (`[sql, params] = this.parse(sql, params)`'s right side, `await` allowed)
    /// calls a function of this file, given the SQL and the values, that throws when the SQL
    /// holds a placeholder: a `throw` whose `if` tests the SQL positively for one
    /// (`else if (/\?/g.test(sql)) throw …`, `sql.includes('?')`, `sql.match(/\?/)`), as a
    /// wrapper validating placeholders against values does. Then no values given means an
    /// error, whatever else the helper does with them.
    private mutating func rejectsPlaceholdersWithoutValues(call expression: Range<Int>, sqlName: String, valuesName: String) -> Bool {
        var expression = expression
        if isIdentifier(expression.lowerBound, "await") { expression = (expression.lowerBound + 1)..<expression.upperBound }
        guard let call = callParts(expression),
              let sqlArgument = call.arguments.firstIndex(where: { $0.count == 1 && isNamed($0.lowerBound, sqlName) }),
              call.arguments.contains(where: { $0.count == 1 && isNamed($0.lowerBound, valuesName) }),
              let helper = localFunction(named: call.name), sqlArgument < helper.parameters.count else { return false }
        let helperSQL = helper.parameters[sqlArgument]
        for index in helper.body where isIdentifier(index, "throw") {
            guard let condition = ifCondition(guarding: index) else { continue }
            if testsForPlaceholder(condition, sqlName: helperSQL, function: helper.body) { return true }
        }
        return false
    }

    /// The condition of the `if` whose statement the token at `index` starts: `if (c) throw`,
    /// `if (c) { throw`, `else if (c) { throw`.
    private func ifCondition(guarding index: Int) -> Range<Int>? {
        var close = index - 1
        if isPunctuator(close, "{") { close -= 1 }
        guard isPunctuator(close, ")"), tokens[close].link >= 1, tokens[close].link < close, isIdentifier(tokens[close].link - 1, "if") else { return nil }
        return (tokens[close].link + 1)..<close
    }

    /// A call in `condition`, not negated, that is true when `sqlName` holds a placeholder:
    /// `pattern.test(sql)`, `pattern.exec(sql)`, `sql.match(pattern)`, `sql.includes('?')`.
    private mutating func testsForPlaceholder(_ condition: Range<Int>, sqlName: String, function body: Range<Int>) -> Bool {
        for open in condition where isPunctuator(open, "(") && tokens[open].link > open && tokens[open].link < condition.upperBound && open >= 2 && isMemberDot(open - 2) {
            let method = text(ofToken: open - 1)
            let arguments = splitArguments((open + 1)..<tokens[open].link).filter { !$0.isEmpty }
            guard arguments.count == 1 else { continue }
            var receiverStart = open - 3
            if receiverStart >= 0, isCloser(receiverStart), tokens[receiverStart].link >= 0, tokens[receiverStart].link < receiverStart { receiverStart = tokens[receiverStart].link }
            guard receiverStart >= condition.lowerBound, !isPunctuator(receiverStart - 1, "!") else { continue }
            let receiver = receiverStart..<(open - 2)
            var visited: Set<String> = []
            switch method {
            case "test", "exec":
                if arguments[0].count == 1, isNamed(arguments[0].lowerBound, sqlName), isPlaceholderPattern(receiver, function: body, visited: &visited) { return true }
            case "match", "includes":
                if receiver.count == 1, isNamed(receiver.lowerBound, sqlName), isPlaceholderPattern(arguments[0], function: body, visited: &visited) { return true }
            default:
                continue
            }
        }
        return false
    }

    /// The condition of the `if` or `while` whose parentheses hold the token at `index`.
    private func enclosingIfCondition(of index: Int) -> Range<Int>? {
        var cursor = index - 1
        var steps = 0
        while cursor >= 1, steps < 64 {
            steps += 1
            if isPunctuator(cursor, ";") || isPunctuator(cursor, "{") || isPunctuator(cursor, "}") { return nil }
            if isPunctuator(cursor, "("), tokens[cursor].link > index {
                if isIdentifier(cursor - 1, "if") || isIdentifier(cursor - 1, "while") { return (cursor + 1)..<tokens[cursor].link }
            } else if isCloser(cursor), tokens[cursor].link >= 0, tokens[cursor].link < cursor {
                cursor = tokens[cursor].link
            }
            cursor -= 1
        }
        return nil
    }

    /// `if (!params) params = [];` or `if (!params) { params = {}; }`: the test only empties the values.
    private func conditionOnlyEmpties(_ condition: Range<Int>, name: String) -> Bool {
        var statement = condition.upperBound + 1
        var end = declaratorEnd(from: statement)
        if isPunctuator(statement, "{") {
            let close = tokens[statement].link
            statement += 1
            end = declaratorEnd(from: statement)
            guard end == close || isPunctuator(end, ";") && end + 1 == close else { return false }
        }
        guard isNamed(statement, name), isPunctuator(statement + 1, "=") else { return false }
        return isEmptyArrayOrObject((statement + 2)..<end)
    }

    /// `[]` or `{}`.
    private func isEmptyArrayOrObject(_ range: Range<Int>) -> Bool {
        range.count == 2 && (isPunctuator(range.lowerBound, "[") || isPunctuator(range.lowerBound, "{")) && tokens[range.lowerBound].link == range.lowerBound + 1
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
        guard batchFunctionNames.contains(functionName), let first = arguments.first, first.count >= 2, isPunctuator(first.lowerBound, "["), tokens[first.lowerBound].link == first.upperBound - 1 else { return nil }
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
