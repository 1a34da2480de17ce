// Query calls and tagged templates of QueryExtractionPass, with their bound values.

extension QueryExtractionPass {
    // MARK: - Query calls and tagged templates

    /// A configured tagged template spanning exactly `range`: the tag's name and the template's first token.
    func taggedTemplate(spanning range: Range<Int>) -> (tag: String, template: Int)? {
        guard range.count >= 2 else { return nil }
        var templateIndex = range.upperBound - 1
        if tokens[templateIndex].kind == .templateTail {
            // Find the head whose chain ends here.
            var candidate = range.lowerBound
            while candidate < templateIndex, tokens[candidate].kind != .templateHead || templateEnd(candidate) != templateIndex { candidate += 1 }
            guard candidate < templateIndex else { return nil }
            templateIndex = candidate
        }
        guard tokens[templateIndex].kind == .template || tokens[templateIndex].kind == .templateHead else { return nil }
        guard let tag = sqlTag(before: templateIndex), tag.start == range.lowerBound else { return nil }
        return (tag.name, templateIndex)
    }

    /// The configured tag written right before the template token `template`, if any: its name
    /// as written (`sql`, `sql.unsafe`) and its first token.
    func sqlTag(before template: Int) -> (name: String, start: Int)? {
        var end = template - 1
        guard end >= 0 else { return nil }
        // `sql<Row>`…``, `sql<A<B>>`…``: skip TS type arguments.
        if isPunctuator(end, ">") || isPunctuator(end, ">>") || isPunctuator(end, ">>>") {
            var depth = 0
            var index = end
            var steps = 0
            while index >= 0, steps < 64 {
                if isPunctuator(index, ">") { depth += 1 } else if isPunctuator(index, ">>") { depth += 2 } else if isPunctuator(index, ">>>") { depth += 3 } else if isPunctuator(index, "<") {
                    depth -= 1
                    if depth == 0 { break }
                }
                index -= 1
                steps += 1
            }
            guard depth == 0, index >= 1 else { return nil }
            end = index - 1
        }
        guard tokens[end].kind == .identifier else { return nil }
        var start = end
        var steps = 0
        while start >= 2, isPunctuator(start - 1, "."), tokens[start - 2].kind == .identifier, steps < 16 {
            start -= 2
            steps += 1
        }
        guard tokenText(start, equalsAnyOf: tagNames) || tokenText(end, equalsAnyOf: tagNames) else { return nil }
        return (text(tokens[start].start..<tokens[end].end), start)
    }

    /// Calls of wrappers this file defines, found after its query calls named them; wrappers of
    /// those wrappers in turn (a few rounds).
    mutating func findCallsOfLocalWrappers() {
        for _ in 0..<3 {
            let newNames = summary.wrappers.keys.map { Array($0.utf8) }.filter { !queryFunctionNames.contains($0) }
            guard !newNames.isEmpty else { return }
            for name in newNames { queryFunctionNames.insert(name) }
            for index in 0..<tokens.count where tokens[index].kind == .identifier && tokenText(index, equalsAnyOf: newNames) {
                handlePossibleQueryCall(nameIndex: index)
            }
        }
    }

    mutating func findQueryCallsAndTaggedTemplates() {
        var index = 0
        while index < tokens.count {
            let kind = tokens[index].kind
            if kind == .identifier, tokenText(index, isIn: queryFunctionNames) {
                handlePossibleQueryCall(nameIndex: index)
            } else if kind == .identifier, isIdentifier(index, "raw"), index >= 2, isMemberDot(index - 1), isPunctuator(index - 2, ")"), queryByCallCloseToken[index - 2] != nil {
                // `.raw()` chained on a query: D1 runs the statement with it, better-sqlite3 only
                // sets a mode (``runsWithNoValues(_:methodIndex:close:receiver:)``).
                handlePossibleQueryCall(nameIndex: index)
            } else if (kind == .template || kind == .templateHead), !used[index], let tag = sqlTag(before: index) {
                handleTaggedTemplate(templateIndex: index, tag: tag)
            }
            index += 1
        }
    }

    mutating func handleTaggedTemplate(templateIndex: Int, tag: (name: String, start: Int)) {
        var assembly = SQLAssembly()
        appendTemplate(head: templateIndex, role: .boundParameter, depth: 0, to: &assembly)
        let end = tokens[templateIndex].kind == .templateHead ? templateEnd(templateIndex) : templateIndex
        markUsed(assembly.usedTokens)
        guard SQLShape.looksLikeStatement(assembly.sql, strictness: .queryPosition) else { return }  // a fragment
        queries.append(EmbeddedQuery(
            sql: assembly.sqlText,
            sourceMap: assembly.sourceMap,
            origin: .taggedTemplate(tag: tag.name),
            sourceRange: tokens[tag.start].start..<tokens[end].end,
            holes: assembly.holes,
            boundValues: .none,
            dynamism: assembly.splicesUnknownText ? .splicedUnknownText : .fullyStatic,
            receiver: tag.name
        ))
    }

    mutating func markUsed(_ indices: [Int]) {
        for index in indices where index >= 0 && index < used.count { used[index] = true }
    }

    /// The first token of the callee expression ending with the name at `nameIndex`
    /// (`this.db.all` → `this`), and the receiver's last name (`db`).
    func calleeStart(nameIndex: Int) -> (start: Int, receiverName: String?) {
        var start = nameIndex
        var receiverName: String?
        var steps = 0
        while start >= 2, isMemberDot(start - 1), steps < 64 {
            steps += 1
            let previous = start - 2
            let kind = tokens[previous].kind
            if kind == .identifier || kind == .privateName {
                if receiverName == nil { receiverName = text(ofToken: previous) }
                start = previous
            } else if isCloser(previous), tokens[previous].link >= 0, tokens[previous].link < previous {
                start = tokens[previous].link
                if start >= 1, tokens[start - 1].kind == .identifier, isPunctuator(previous, ")") {
                    if receiverName == nil { receiverName = "" }
                    start -= 1
                }
            } else {
                break
            }
        }
        return (start, receiverName)
    }

    /// Query function names that are also everyday methods of maps, caches, iterators and regular
    /// expressions: a function calling one makes a wrapper only on a receiver holding a database.
    static let everydayMethodNames: Set<String> = ["get", "all", "run", "exec", "each", "first", "pluck", "iterate", "values", "raw", "query"]

    /// Names of receivers that hold a database, statement or transaction.
    /// (Narrow on purpose: `cache.get(key)`, `httpClient.get(url)`, `re.exec(s)` are not queries.)
    static func looksLikeDatabase(_ name: String) -> Bool {
        let lower = name.lowercased()
        if ["db", "database", "sqlite", "sqlite3", "stmt", "statement", "tx", "trx", "transaction", "conn", "connection", "pool", "knex"].contains(lower) {
            return true
        }
        if lower.hasSuffix("db") || lower.hasSuffix("database") || lower.hasSuffix("stmt") || lower.hasSuffix("statement") { return true }
        // `dbConn`, `db_main`: a `db` prefix followed by a new word.
        let characters = Array(name)
        return characters.count > 2 && lower.hasPrefix("db") && (characters[2].isUppercase || characters[2] == "_")
    }

    mutating func handlePossibleQueryCall(nameIndex: Int) {
        var open = nameIndex + 1
        if isPunctuator(open, "?.") { open += 1 }
        if isPunctuator(open, "<") {  // TS type arguments: db.get<User>(…)
            var depth = 0
            var index = open
            var steps = 0
            while index < tokens.count, steps < 64 {
                if isPunctuator(index, "<") { depth += 1 } else if isPunctuator(index, ">") { depth -= 1 } else if isPunctuator(index, ">>") { depth -= 2 }
                else if isPunctuator(index, ";") || isPunctuator(index, "{") && tokens[index].flags.contains(.closesBlock) { return }
                index = skipGroup(index)
                steps += 1
                if depth <= 0 { break }
            }
            guard depth == 0 else { return }
            open = index
        }
        guard isPunctuator(open, "("), tokens[open].link > open else { return }
        let close = tokens[open].link
        let hasReceiver = nameIndex >= 1 && isMemberDot(nameIndex - 1)
        if !hasReceiver {
            // Declarations, not calls: `function query(…) {`, `async get(…) {`, `get(id: string): T;`.
            // (`await query(…)`, `return query(…)` are calls.)
            if nameIndex >= 1, tokens[nameIndex - 1].kind == .identifier, !Self.precedesAnExpression(nameIndex - 1, in: self) { return }
            if isPunctuator(close + 1, "{") { return }
        }
        // A chained call: `db.prepare('…').get(x)` gives the values of the query before it.
        if hasReceiver, nameIndex >= 2, isPunctuator(nameIndex - 2, ")"), let queryIndex = queryByCallCloseToken[nameIndex - 2] {
            let values = chainedCallValues(query: queryIndex, nameIndex: nameIndex, open: open, close: close)
            for index in [queryIndex] + queryVariants[queryIndex, default: []] {
                queries[index].boundValues = values
                if let callRange = queries[index].callRange { queries[index].callRange = callRange.lowerBound..<tokens[close].end }
                queries[index].callClosingParenthesisOffset = tokens[close].start
            }
            queryByCallCloseToken[close] = queryIndex
            return
        }
        // A use of a prepared statement held in a const or a field: `stmt.get(x)`, `this.byId.get(x)`.
        if hasReceiver, let statementName = heldStatementName(receiverOf: nameIndex),
           let entries = preparedStatements[statementName],
           let entry = entries.filter({ $0.scope.contains(nameIndex) }).max(by: { $0.scope.lowerBound < $1.scope.lowerBound }) {
            runHeldStatement(entry.query, named: statementName, scope: entry.scope, nameIndex: nameIndex, open: open, close: close)
            return
        }
        let rawArguments = splitArguments((open + 1)..<close)
        if let statements = batchStatements(functionName: text(ofToken: nameIndex), arguments: rawArguments) {
            for statement in statements {
                recordQueryCall(arguments: libraryCallArguments([statement]), nameIndex: nameIndex, close: close, hasReceiver: hasReceiver, calledWrapper: nil)
            }
            return
        }
        var arguments = libraryCallArguments(rawArguments)
        let calledWrapper = wrapper(named: text(ofToken: nameIndex))
        if let calledWrapper {
            guard let reordered = wrapperCallArguments(arguments, wrapper: calledWrapper) else { return }
            arguments = reordered
        }
        recordQueryCall(arguments: arguments, nameIndex: nameIndex, close: close, hasReceiver: hasReceiver, calledWrapper: calledWrapper)
    }

    /// A query call's SQL and values (`arguments`, SQL first) become an ``EmbeddedQuery``, or,
    /// where the SQL comes from a parameter, make the function around a wrapper.
    private mutating func recordQueryCall(arguments: [Range<Int>], nameIndex: Int, close: Int, hasReceiver: Bool, calledWrapper: QueryWrapper?) {
        guard let sqlArgument = arguments.first, !sqlArgument.isEmpty else { return }
        let firstNewQuery = queries.count
        defer {
            // A wrapper that rewrites its SQL: what it runs is checked where that is known
            // (``SQLRewrite``); where it is not, only names are judged.
            switch calledWrapper?.rewrite {
            case .unknown?:
                for index in firstNewQuery..<queries.count where queries[index].dynamism != .unresolved {
                    queries[index].dynamismBeforeRewrite = queries[index].dynamism
                    queries[index].dynamism = .partial
                }
            case .affixes(let prefix, let suffix)?:
                for index in firstNewQuery..<queries.count { queries[index].surround(prefix: prefix, suffix: suffix) }
            case .placeholders?, .none?, nil:
                break
            }
            if let connection = calledWrapper?.connection {
                for index in firstNewQuery..<queries.count { queries[index].wrapperConnection = connection }
            }
            // A wrapper that runs its statement with the values it is given, called with none,
            // runs it with zero values. (Only none: `null` or `false` may be a value to it, as
            // Zotero's `queryAsync(sql, null)` binds one NULL.)
            let givesNoValues = arguments.count == 1 || arguments.count == 2 && arguments[1].count == 1 && isIdentifier(arguments[1].lowerBound, "undefined")
            if calledWrapper?.bindsNoValues == true || calledWrapper?.bindsNothingWithoutValues == true && givesNoValues {
                for index in firstNewQuery..<queries.count {
                    guard case .none = queries[index].boundValues, case .queryCall = queries[index].origin else { continue }
                    queries[index].boundValues = .positional([], argumentRange: tokens[close].start..<tokens[close].start, isArrayLiteral: false)
                }
            }
        }
        let callee = calleeStart(nameIndex: nameIndex)
        let receiver = hasReceiver && callee.start < nameIndex - 1 ? receiverText(callee.start..<(nameIndex - 1)) : nil
        let functionName = text(ofToken: nameIndex)
        let callRange = tokens[callee.start].start..<tokens[close].end
        let isPrepare = preparingFunctionNames.contains(functionName)

        var assembly = SQLAssembly()
        var origin = QueryOrigin.queryCall(functionName: functionName)
        var holesAreBound = false
        var choicePoints: [VariantChoicePoint] = []
        if let tagged = taggedTemplate(spanning: sqlArgument) {
            appendTemplate(head: tagged.template, role: .boundParameter, depth: 0, to: &assembly)
            origin = .taggedTemplate(tag: tagged.tag)
            holesAreBound = true
        } else if joinedPieces(sqlArgument) == nil {  // `db.all(parts.join(' '), params)`: SQL in a variable
            variantChoices = [:]
            choicePointsMet = []
            appendConcatenation(sqlArgument, role: .splicedText, depth: 0, to: &assembly)
            choicePoints = choicePointsMet
            variantChoices = nil
        }
        let argumentSource = sourceRange(ofTokens: sqlArgument)
        if !assembly.hasText, !holesAreBound, sqlArgument.count == 1 && tokens[sqlArgument.lowerBound].kind == .identifier || joinedPieces(sqlArgument) != nil,
           appendVariableQueries(sqlArgument: sqlArgument, arguments: arguments, origin: origin, callRange: callRange, close: close, receiver: receiver) {
            return
        }
        if !assembly.hasText {
            // The SQL comes from somewhere the file does not show: a parameter makes the function around a wrapper.
            // Not through a name every collection has (`this.get(key)`, `re.exec(s)`) on a receiver
            // that holds no database: that function runs no SQL.
            if calledWrapper != nil || !Self.everydayMethodNames.contains(functionName) || callee.receiverName.map(Self.looksLikeDatabase) == true
                || receiver.map({ isDurableObjectSQL($0, before: tokens[nameIndex].start) }) == true {
                recordWrapper(sqlArgument: sqlArgument, valuesArgument: arguments.dropFirst().first, call: nameIndex, calling: calledWrapper)
            }
            guard hasReceiver, let receiver = callee.receiverName, Self.looksLikeDatabase(receiver) else { return }
            let values = boundValues(arguments: Array(arguments.dropFirst()), closeIndex: close, isPrepareWithoutChain: isPrepare)
            queryByCallCloseToken[close] = queries.count
            queries.append(EmbeddedQuery(
                sql: "", sourceMap: SQLSourceMap(), origin: origin, sourceRange: argumentSource,
                callRange: callRange, callClosingParenthesisOffset: tokens[close].start,
                holes: [], boundValues: values, dynamism: .unresolved, receiver: receiver
            ))
            return
        }
        guard SQLShape.looksLikeStatement(assembly.sql, strictness: .queryPosition) || startsWithHoleBeforeClauses(assembly) else { return }
        markUsed(assembly.usedTokens)
        var values = boundValues(arguments: Array(arguments.dropFirst()), closeIndex: close, isPrepareWithoutChain: isPrepare)
        if choicePoints.contains(where: \.placeholderCountVaries), case .positional(_, let range, _) = values {
            values = .unknown(argumentRange: range)
        }
        // A Durable Object's `sql.exec(query, ...bindings)` with no bindings binds none (on
        // `ctx.storage.sql`, or a name holding it).
        if functionName == "exec", arguments.count == 1, case .none = values, let receiver, isDurableObjectSQL(receiver, before: tokens[nameIndex].start) {
            values = .positional([], argumentRange: tokens[close].start..<tokens[close].start, isArrayLiteral: false)
        }
        if isPrepare, arguments.count == 1,
           let name = constantName(initializedBy: callee.start..<(close + 1)) ?? fieldName(initializedBy: callee.start..<(close + 1))
            ?? unchangedVariableName(initializedBy: callee.start..<(close + 1)) {
            preparedStatements[name.name, default: []].append((name.scope, queries.count))
        }
        queryByCallCloseToken[close] = queries.count
        queries.append(EmbeddedQuery(
            sql: assembly.sqlText,
            sourceMap: assembly.sourceMap,
            origin: origin,
            sourceRange: argumentSource,
            callRange: callRange,
            callClosingParenthesisOffset: tokens[close].start,
            holes: assembly.holes,
            boundValues: holesAreBound && arguments.count == 1 ? .none : values,
            dynamism: assembly.splicesUnknownText ? .splicedUnknownText : .fullyStatic,
            receiver: receiver
        ))
        appendChoiceVariants(of: queries.count - 1, sqlArgument: sqlArgument, choicePoints: choicePoints)
    }

    /// Each other combination of the choice points the SQL met (`ORDER BY x ${desc ? 'DESC' : 'ASC'}`,
    /// a `const` chosen by one, an array of pieces built in branches) is a statement of its own,
    /// checked like the first (a defect of shared text is reported once); past eight variants,
    /// only the first is checked.
    private mutating func appendChoiceVariants(of first: Int, sqlArgument: Range<Int>, choicePoints: [VariantChoicePoint]) {
        for choices in VariantChoicePoint.otherCombinations(of: choicePoints, limit: maximumChoiceVariants) {
            variantChoices = choices
            var variant = SQLAssembly()
            appendConcatenation(sqlArgument, role: .splicedText, depth: 0, to: &variant)
            variantChoices = nil
            markUsed(variant.usedTokens)
            var query = queries[first]
            query.sql = variant.sqlText
            query.sourceMap = variant.sourceMap
            query.holes = variant.holes
            query.dynamism = variant.splicesUnknownText ? .splicedUnknownText : .fullyStatic
            queryVariants[first, default: []].append(queries.count)
            queries.append(query)
        }
    }

    /// Keywords after which a name starts an expression, not a declaration.
    static func precedesAnExpression(_ index: Int, in pass: QueryExtractionPass) -> Bool {
        pass.isIdentifier(index, "await") || pass.isIdentifier(index, "return") || pass.isIdentifier(index, "yield")
            || pass.isIdentifier(index, "void") || pass.isIdentifier(index, "typeof") || pass.isIdentifier(index, "case")
    }

    /// The `const` whose whole initializer is the tokens `initializer`, with its scope.
    func constantName(initializedBy initializer: Range<Int>) -> (name: String, scope: Range<Int>)? {
        var start = initializer.lowerBound
        if start >= 1, isIdentifier(start - 1, "await") { start -= 1 }  // `const stmt = await db.prepareAsync(…)`
        let equals = start - 1
        guard equals >= 1, isPunctuator(equals, "="), tokens[equals - 1].kind == .identifier else { return nil }
        let name = text(ofToken: equals - 1)
        guard let declaration = constants[name]?.first(where: { $0.initializer == start..<initializer.upperBound }) else { return nil }
        return (name, declaration.scope)
    }

    /// `this.byId = db.prepare(…)` in a class: the statement is held in the field `this.byId`
    /// (named so), for the class's methods.
    /// A class field declared with it (`private readonly byId: Statement = this.db.prepare(…)`,
    /// `byId = db.prepare(…)` in the class body) is held the same way.
    func fieldName(initializedBy initializer: Range<Int>) -> (name: String, scope: Range<Int>)? {
        var start = initializer.lowerBound
        if start >= 1, isIdentifier(start - 1, "await") { start -= 1 }
        let equals = start - 1
        guard equals >= 3, isPunctuator(equals, "=") else { return nil }
        if tokens[equals - 1].kind == .identifier, isMemberDot(equals - 2), isIdentifier(equals - 3, "this"), !(equals >= 4 && isMemberDot(equals - 4)),
           let body = enclosingClassBody(of: equals) {
            return ("this." + text(ofToken: equals - 1), body)
        }
        guard let holder = assignmentHolder(before: start), let body = enclosingClassBody(of: equals), enclosingBlock(of: equals) == body else { return nil }
        let field = holder.hasPrefix("this.") ? String(holder.dropFirst(5)) : holder
        guard !field.contains(".") else { return nil }
        return ("this." + field, body)
    }

    /// `let stmt = db.prepare(…)` (or `var`) never assigned again in its block: held like a `const`.
    func unchangedVariableName(initializedBy initializer: Range<Int>) -> (name: String, scope: Range<Int>)? {
        var start = initializer.lowerBound
        if start >= 1, isIdentifier(start - 1, "await") { start -= 1 }
        let equals = start - 1
        guard equals >= 2, isPunctuator(equals, "="), tokens[equals - 1].kind == .identifier,
              isIdentifier(equals - 2, "let") || isIdentifier(equals - 2, "var") else { return nil }
        let name = text(ofToken: equals - 1)
        let scope = enclosingBlock(of: equals) ?? 0..<tokens.count
        for index in scope where index != equals - 1 && tokens[index].kind == .identifier && text(ofToken: index) == name {
            if index >= 1, isMemberDot(index - 1) { continue }
            for op: StaticString in ["=", "+=", "??=", "||=", "&&="] where isPunctuator(index + 1, op) { return nil }
        }
        return (name, scope)
    }

    /// The body of the class declaration or expression around `index`.
    func enclosingClassBody(of index: Int) -> Range<Int>? {
        var block = enclosingBlock(of: index)
        var steps = 0
        while let current = block, steps < 64 {
            steps += 1
            // `class Name {`, `class Name extends Base {`, `class {`: the `class` keyword a few tokens before.
            var cursor = current.lowerBound - 1
            var looked = 0
            while cursor >= 0, looked < 8, !isPunctuator(cursor, "{"), !isPunctuator(cursor, "}"), !isPunctuator(cursor, ";") {
                if isIdentifier(cursor, "class") { return current }
                cursor -= 1
                looked += 1
            }
            block = enclosingBlock(of: current.lowerBound)
        }
        return nil
    }

    /// The name a held statement is known by at a method call on it: `stmt` in `stmt.get(x)`,
    /// `this.byId` in `this.byId.get(x)`; `nil` for any other receiver.
    func heldStatementName(receiverOf nameIndex: Int) -> String? {
        guard nameIndex >= 2, tokens[nameIndex - 2].kind == .identifier else { return nil }
        if !(nameIndex >= 3 && isMemberDot(nameIndex - 3)) { return text(ofToken: nameIndex - 2) }
        guard nameIndex >= 4, isIdentifier(nameIndex - 4, "this"), !(nameIndex >= 5 && isMemberDot(nameIndex - 5)) else { return nil }
        return "this." + text(ofToken: nameIndex - 2)
    }

    /// `db.all(`${base} WHERE id = ?`)`: SQL whose statement keyword is in an unknown hole.
    func startsWithHoleBeforeClauses(_ assembly: SQLAssembly) -> Bool {
        guard let firstHole = assembly.holes.first, firstHole.sqlRange.lowerBound == assembly.sql.prefix(while: { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }).count else { return false }
        let words = SQLShape.words(in: assembly.sql, limit: 32)
        return words.contains { word in
            ["WHERE", "FROM", "SET", "VALUES", "JOIN", "ORDER", "GROUP", "LIMIT"].contains(String(decoding: word.text, as: UTF8.self))
        }
    }

    /// The values bound by the arguments after the SQL (or all arguments of a chained call).
    mutating func boundValues(arguments: [Range<Int>], closeIndex: Int, isPrepareWithoutChain: Bool) -> BoundValues {
        var arguments = arguments.filter { !$0.isEmpty }
        // A trailing callback is not a value.
        if let last = arguments.last, isFunctionExpression(last) { arguments.removeLast() }
        // An options object after the values (`queryAsync(sql, params, { noCache: true })`) binds nothing.
        if arguments.count >= 2, let last = arguments.last, isPunctuator(last.lowerBound, "{"), tokens[last.lowerBound].link == last.upperBound - 1 {
            arguments.removeLast()
        }
        // `false`, `null` or `undefined` where the values go: no values.
        if arguments.count == 1, arguments[0].count == 1,
           isIdentifier(arguments[0].lowerBound, "false") || isIdentifier(arguments[0].lowerBound, "null") || isIdentifier(arguments[0].lowerBound, "undefined") {
            arguments.removeAll()
        }
        let closeOffset = tokens[closeIndex].start
        guard let first = arguments.first else {
            return isPrepareWithoutChain ? .unknown(argumentRange: closeOffset..<closeOffset) : .none
        }
        let allRange = sourceRange(ofTokens: first.lowerBound..<arguments[arguments.count - 1].upperBound)
        if arguments.contains(where: { isPunctuator($0.lowerBound, "...") }) { return .unknown(argumentRange: allRange) }
        if arguments.count == 1 || isOpener(first.lowerBound) && tokens[first.lowerBound].link == first.upperBound - 1 {
            let argument = first
            let open = argument.lowerBound
            if isOpener(open), tokens[open].link == argument.upperBound - 1 {
                let opener = bytes[tokens[open].start]
                let elements = splitArguments((open + 1)..<(argument.upperBound - 1)).filter { !$0.isEmpty }
                if opener == 0x5B {
                    if elements.contains(where: { isPunctuator($0.lowerBound, "...") }) { return .unknown(argumentRange: sourceRange(ofTokens: argument)) }
                    return .positional(elements.map { classify($0) }, argumentRange: sourceRange(ofTokens: argument), isArrayLiteral: true)
                }
                if opener == 0x7B {
                    var named: [String: SourceValue] = [:]
                    for property in elements {
                        let keyIndex = property.lowerBound
                        let key: String
                        switch tokens[keyIndex].kind {
                        case .identifier, .number: key = text(ofToken: keyIndex)
                        case .string: key = text((tokens[keyIndex].start + 1)..<max(tokens[keyIndex].start + 1, tokens[keyIndex].end - 1))
                        default: return .unknown(argumentRange: sourceRange(ofTokens: argument))  // spread, computed key
                        }
                        if property.count == 1 {
                            named[key] = classify(property)  // shorthand `{ id }`
                        } else if isPunctuator(keyIndex + 1, ":"), property.count >= 3 {
                            named[key] = classify((keyIndex + 2)..<property.upperBound)
                        } else {
                            return .unknown(argumentRange: sourceRange(ofTokens: argument))  // a method
                        }
                    }
                    return .named(named, argumentRange: sourceRange(ofTokens: argument))
                }
            }
            if arguments.count == 1 {
                let value = classify(argument)
                // A lone variable may hold an array of values, or an object for named parameters
                // (`insert.run(user)`): only a name that reads as one value (`id`, `email`,
                // `user.id`) counts as one; `params`, `ids`, `row`, a call of unknown result do not.
                if value.kind == .unknown, !namesOneValue(argument) { return .unknown(argumentRange: allRange) }
                return .positional([value], argumentRange: allRange, isArrayLiteral: false)
            }
        }
        return .positional(arguments.map { classify($0) }, argumentRange: allRange, isArrayLiteral: false)
    }

    /// Names that hold several values or a record, by the way code names them.
    private static let collectionNames: Set<String> = [
        "params", "parameters", "args", "arguments", "values", "bindings", "binds", "data", "row", "record", "entry",
        "input", "payload", "body", "options", "opts", "obj", "object", "fields", "attrs", "attributes", "props",
        "user", "item", "entity", "model", "doc", "document", "query", "filter", "where", "list", "array", "tuple",
    ]
    private static let collectionSuffixes = ["Params", "Parameters", "Args", "Values", "Bindings", "Data", "Row", "Record",
                                             "Input", "Payload", "Options", "Opts", "Obj", "Object", "Fields", "Props", "List", "Array"]

    /// Whether `range` is a name or member access (`id`, `req.params.id`) whose last name reads
    /// as one scalar value, not a collection (`ids`, `params`) or a record (`row`, `user`).
    func namesOneValue(_ range: Range<Int>) -> Bool {
        var index = range.lowerBound
        while index < range.upperBound {
            let expectsName = (index - range.lowerBound) % 2 == 0
            if expectsName ? !(tokens[index].kind == .identifier || tokens[index].kind == .privateName) : !isMemberDot(index) { return false }
            index += 1
        }
        guard (range.count % 2) == 1 else { return false }
        let name = text(ofToken: range.upperBound - 1).drop(while: { $0 == "#" }).description
        if Self.collectionNames.contains(name.lowercased()) { return false }
        if Self.collectionSuffixes.contains(where: { name.hasSuffix($0) }) { return false }
        // A plural (`ids`, `userIds`, `rows`), but not `status`, `address`, `alias`-like singulars.
        if name.hasSuffix("s"), !name.hasSuffix("ss"), !name.hasSuffix("us"), !name.hasSuffix("is"), name.count > 2 { return false }
        return true
    }

    func isFunctionExpression(_ range: Range<Int>) -> Bool {
        if isIdentifier(range.lowerBound, "function") || isIdentifier(range.lowerBound, "async") { return true }
        var index = range.lowerBound
        while index < range.upperBound {
            if isPunctuator(index, "=>") { return true }
            index = skipGroup(index)
        }
        if range.count == 1, tokens[range.lowerBound].kind == .identifier {
            let name = text(ofToken: range.lowerBound)
            return ["callback", "cb", "done", "next", "resolve", "handler"].contains(name)
        }
        return false
    }
}
