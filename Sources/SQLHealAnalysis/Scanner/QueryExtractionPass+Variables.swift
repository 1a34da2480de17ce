// SQL built in variables, for QueryExtractionPass: `let sql = '…'; if (x) sql += '…'; db.all(sql, params)`
// with `params.push(v)` alongside. Each path from the declarations to the call is one variant.

/// Past this many paths to a call, only what every path adds is checked.
private let maximumVariants = 8


/// One change to a variable between its declaration and the query call.
struct VariableEdit {
    enum Kind {
        /// `x = expr` (or the declaration's initializer): the value starts again.
        case assign
        /// `x += expr`, `x = x + expr`, `x = x.concat(a, b)`, `x.push(a, b)`: pieces added at the end.
        case append
    }

    var variable: Int  // 0: the SQL variable, 1: the values variable
    var kind: Kind
    /// Each piece's tokens (one per `concat`/`push` argument; one otherwise).
    var pieces: [Range<Int>]
    /// The whole edit's tokens, for an unknown piece's hole.
    var site: Range<Int>
    /// Every branch of an `if` chain that guards it, outermost first (none: every path runs it):
    /// an edit in an `if` nested inside another's `else` runs on the paths that take both.
    var enclosingBranches: [(chain: Int, branch: Int)] = []
    /// Inside a loop or a callback: when or how often it runs is not known.
    var isUncertain = false

    /// Whether a path choosing `chosen` (a branch, or none, per `if` chain) runs it.
    func isIncluded(in chosen: [Int: Int?]) -> Bool {
        enclosingBranches.allSatisfy { chosen[$0.chain] == .some($0.branch) }
    }
}

/// What the SQL variable holds: text (`sql += …`), or pieces of SQL in an array the call joins
/// (`parts.push('WHERE …'); db.all(parts.join(' '))`).
enum SQLVariableShape {
    case text
    /// The separator's bytes, and its string token (`nil`: `join()`'s default `,`).
    case pieces(separator: [UInt8], token: Int?)
}

/// The statement (SQL and values) a call runs, one per path.
struct VariablePath {
    var sql: SQLAssembly
    /// Not every path's statement is checked: this is what every path adds (pieces some add
    /// left out), or the path taking every `if`. Its names are judged; its syntax and values'
    /// count are not claimed for the call.
    var isPartial = false
    /// One of the paths that run the other branches of `else` chains (``QueryDynamism/oneOfManyPaths``).
    var isOneOfManyPaths = false
    /// The values pushed on this path, or `nil` when their count is not known.
    var values: [Range<Int>]?
    /// The SQL joins pieces built along other paths than the values' (`parts.join(' AND ')`
    /// inside a piece): how many values the statement binds is not known.
    var bindsUnknownValueCount = false
}

extension QueryExtractionPass {
    // MARK: - Variables

    /// The declaration `let|var|const name = …` nearest before `use` whose block holds `use`:
    /// the name's token and the initializer.
    func variableDeclaration(named name: String, before use: Int) -> (nameIndex: Int, initializer: Range<Int>)? {
        var index = use - 1
        // A declaration further back than a long function body is not this use's: stop there (keeps every
        // query of a big file from scanning the whole file).
        let lowest = max(0, use - 4_000)
        while index > lowest {
            defer { index -= 1 }
            guard tokens[index].kind == .identifier, isIdentifier(index - 1, "let") || isIdentifier(index - 1, "var") || isIdentifier(index - 1, "const"),
                  text(ofToken: index) == name else { continue }
            var equals = index + 1
            if isPunctuator(equals, ":") {  // TS annotation
                var steps = 0
                while equals < use, !isPunctuator(equals, "="), !isPunctuator(equals, ";"), steps < 64 { equals = skipGroup(equals); steps += 1 }
            }
            guard isPunctuator(equals, "=") else { return nil }
            let end = declaratorEnd(from: equals + 1)
            guard end > equals + 1, end <= use else { return nil }
            if let block = enclosingBlock(of: index), !block.contains(use) { return nil }
            return (index, (equals + 1)..<end)
        }
        return nil
    }

    /// The `{ … }` (as token indices, braces included) that most closely holds `index`.
    func enclosingBlock(of index: Int) -> Range<Int>? {
        var cursor = index - 1
        var steps = 0
        while cursor >= 0, steps < 100_000 {
            steps += 1
            if isCloser(cursor), tokens[cursor].link >= 0, tokens[cursor].link < cursor {
                cursor = tokens[cursor].link - 1
                continue
            }
            if isPunctuator(cursor, "{"), tokens[cursor].link > index { return cursor..<(tokens[cursor].link + 1) }
            cursor -= 1
        }
        return nil
    }

    /// The paths by which the SQL variable `sqlName` (and the values variable, if any) reach
    /// the call at `use`; `nil` when the file does not show how they are built.
    mutating func variablePaths(sqlName: String, valuesName: String?, use: Int, shape: SQLVariableShape = .text) -> [VariablePath]? {
        guard let sqlDeclaration = variableDeclaration(named: sqlName, before: use) else { return nil }
        if case .pieces = shape, arrayElements(sqlDeclaration.initializer) == nil { return nil }
        var declarations = [sqlDeclaration]
        if let valuesName, let valuesDeclaration = variableDeclaration(named: valuesName, before: use) { declarations.append(valuesDeclaration) }
        let regionStart = declarations.map(\.nameIndex).min()!
        var branches = ifBranches(in: regionStart..<use)
        let uncertainBodies = loopAndFunctionBodies(in: regionStart..<use)

        var edits: [VariableEdit] = []
        for (variable, declaration) in declarations.enumerated() {
            let pieces = variable == 0 && shape.isPieces ? arrayElements(declaration.initializer) ?? [] : [declaration.initializer]
            edits.append(VariableEdit(variable: variable, kind: .assign, pieces: pieces, site: declaration.initializer))
        }
        let names = declarations.map { text(ofToken: $0.nameIndex) }
        var index = regionStart
        while index < use {
            defer { index += 1 }
            guard tokens[index].kind == .identifier, !(index >= 1 && isMemberDot(index - 1)), let variable = names.firstIndex(of: text(ofToken: index)),
                  !declarations.contains(where: { $0.nameIndex == index }) else { continue }
            guard var edit = variableEdit(variable: variable, at: index, name: names[variable], holdsPieces: variable == 0 && shape.isPieces) else {
                // Passed to a call that may change it in place, a spread, an index: unknown.
                if isMutatingUse(at: index) { return nil }
                continue
            }
            let containing = branches.filter { $0.body.contains(index) && !$0.body.contains(use) }
                .sorted { $0.body.lowerBound < $1.body.lowerBound }
            edit.enclosingBranches = containing.map { ($0.chain, $0.branch) }
            if uncertainBodies.contains(where: { $0.contains(index) && !$0.contains(use) }) { edit.isUncertain = true }
            // `sql += desc ? ' DESC' : ''`, `parts.push(a ? 'X' : 'Y')`: a two-branch choice of its own.
            if edit.kind == .append, edit.pieces.count == 1, let ternary = constantTernary(edit.pieces[0]) {
                var whenTrue = edit
                var whenFalse = edit
                whenTrue.pieces = [ternary.whenTrue]
                whenFalse.pieces = [ternary.whenFalse]
                if edit.enclosingBranches.isEmpty && !edit.isUncertain {
                    whenTrue.enclosingBranches = [(ternary.question, 0)]
                    whenFalse.enclosingBranches = [(ternary.question, 1)]
                    branches.append((body: edit.site, chain: ternary.question, branch: 0, branchCount: 2, hasElse: true))
                } else {
                    whenTrue.isUncertain = true
                    whenFalse.isUncertain = true
                }
                edits += [whenTrue, whenFalse]
                index = edit.site.upperBound - 1
                continue
            }
            edits.append(edit)
            index = edit.site.upperBound - 1
        }
        edits.sort { $0.site.lowerBound < $1.site.lowerBound }

        // The choices: per `if` chain, one of its branches that edit something, or none.
        var chains: [Int: (branches: Set<Int>, count: Int, hasElse: Bool)] = [:]
        for edit in edits where !edit.isUncertain {
            for branch in edit.enclosingBranches {
                guard let info = branches.first(where: { $0.chain == branch.chain }) else { continue }
                chains[branch.chain, default: ([], info.branchCount, info.hasElse)].branches.insert(branch.branch)
            }
        }
        var options: [(chain: Int, choices: [Int?])] = []
        var variantCount = 1
        for (chain, info) in chains.sorted(by: { $0.key < $1.key }) {
            var choices: [Int?] = info.branches.sorted()
            if !info.hasElse || info.branches.count < info.count { choices.append(nil) }
            options.append((chain, choices))
            variantCount = min(variantCount * choices.count, maximumVariants + 1)
        }
        let hasUncertain = edits.contains { $0.isUncertain }
        var selections: [[Int: Int?]] = []
        let coveringSelections = variantCount > maximumVariants && !hasUncertain ? coveringSelections(options: options, edits: edits) : []
        if variantCount <= maximumVariants && !hasUncertain {
            var selection = [Int: Int?]()
            func enumerate(_ position: Int) -> [[Int: Int?]] {
                guard position < options.count else { return [selection] }
                var result: [[Int: Int?]] = []
                for choice in options[position].choices {
                    selection[options[position].chain] = .some(choice)
                    result += enumerate(position + 1)
                }
                return result
            }
            selections = enumerate(0)
        }

        // A choice nested inside a piece (`sql += ' WHERE ' + (a ? 'x' : 'y')`,
        // `` sql += ` ORDER BY ${desc ? 'DESC' : 'ASC'}` ``, `sql += parts.join(' AND ')`) multiplies
        // the paths, as it does for SQL written in the call itself. A variable met while another's
        // pieces are evaluated keeps the outer choices.
        let outerChoices = variantChoices
        let outerChoicePointsMet = choicePointsMet
        defer {
            variantChoices = outerChoices
            choicePointsMet = outerChoicePointsMet
        }
        var choiceSets: [[Int: Int]] = [[:]]
        var paths: [VariablePath] = []
        var bindsUnknownValueCount = false
        var choiceSetIndex = 0
        while choiceSetIndex < choiceSets.count {
            variantChoices = choiceSets[choiceSetIndex]
            choicePointsMet = []
            if selections.isEmpty {
                // Many paths: what every path adds, and an unknown hole for each thing some path adds.
                guard let certain = certainPath(edits: edits, hasValues: declarations.count > 1, shape: shape) else { return nil }
                paths.append(certain)
                for (number, chosen) in coveringSelections.enumerated() {
                    guard var covering = path(of: edits.filter { $0.isIncluded(in: chosen) }, hasValues: false, shape: shape) else { return nil }
                    if number == 0 { covering.isPartial = true } else { covering.isOneOfManyPaths = true }
                    paths.append(covering)
                }
            }
            for chosen in selections {
                guard let path = path(of: edits.filter { $0.isIncluded(in: chosen) }, hasValues: declarations.count > 1, shape: shape) else { return nil }
                paths.append(path)
            }
            if choiceSetIndex == 0 {
                bindsUnknownValueCount = choicePointsMet.contains(where: \.placeholderCountVaries)
                choiceSets += VariantChoicePoint.otherCombinations(of: choicePointsMet, limit: 4 * maximumVariants / max(paths.count, 1))
            }
            choiceSetIndex += 1
        }
        if bindsUnknownValueCount {
            for index in paths.indices {
                paths[index].values = nil
                paths[index].bindsUnknownValueCount = true
            }
        }
        return paths
    }

    /// Too many paths to check each, none through a loop: a few real paths that between them
    /// run every branch that edits the SQL, each taking as many other edits as it can (every
    /// `if` taken, the first branch of a chain), so that a clause added under one condition meets
    /// the JOIN added under another, as it does when the code runs. First the path taking every
    /// chain's first branch, then for each other branch that path with that branch, and the
    /// branches that enclose it, taken instead.
    private func coveringSelections(options: [(chain: Int, choices: [Int?])], edits: [VariableEdit]) -> [[Int: Int?]] {
        var fullest: [Int: Int?] = [:]
        for option in options { fullest[option.chain] = .some(option.choices[0]) }
        var selections = [fullest]
        for option in options {
            for case let branch? in option.choices.dropFirst() {
                guard selections.count < 2 * maximumVariants else { return selections }
                var selection = fullest
                let guardedEdit = edits.first { edit in edit.enclosingBranches.contains { $0.chain == option.chain && $0.branch == branch } }
                for enclosing in guardedEdit?.enclosingBranches ?? [] { selection[enclosing.chain] = .some(enclosing.branch) }
                selection[option.chain] = .some(branch)
                if !selections.contains(selection) { selections.append(selection) }
            }
        }
        return selections
    }

    /// The SQL and values one path builds from its edits, in order.
    private mutating func path(of edits: [VariableEdit], hasValues: Bool, shape: SQLVariableShape) -> VariablePath? {
        var sqlPieces: [Range<Int>] = []
        var values: [Range<Int>]? = hasValues ? [] : nil
        for edit in edits {
            if edit.variable == 0 {
                if edit.kind == .assign { sqlPieces = [] }
                sqlPieces += edit.pieces
            } else {
                if edit.kind == .assign {
                    values = arrayElements(edit.pieces[0])
                } else if values != nil {
                    if edit.pieces.contains(where: { isPunctuator($0.lowerBound, "...") }) { values = nil } else { values! += edit.pieces }
                }
            }
        }
        var sql = SQLAssembly()
        for piece in sqlPieces { appendPiece(piece, shape: shape, to: &sql) }
        return VariablePath(sql: sql, values: values)
    }

    /// Many paths: edits every path runs, and an unknown hole for each append only some do.
    private mutating func certainPath(edits: [VariableEdit], hasValues: Bool, shape: SQLVariableShape) -> VariablePath? {
        var sql = SQLAssembly()
        var values: [Range<Int>]? = hasValues ? [] : nil
        for edit in edits {
            let certain = edit.enclosingBranches.isEmpty && !edit.isUncertain
            if edit.variable == 0 {
                if edit.kind == .assign {
                    guard certain else { return nil }
                    sql = SQLAssembly()
                }
                if certain {
                    for piece in edit.pieces { appendPiece(piece, shape: shape, to: &sql) }
                }
            } else if !certain || edit.pieces.contains(where: { isPunctuator($0.lowerBound, "...") }) {
                values = nil
            } else if edit.kind == .assign {
                values = arrayElements(edit.pieces[0])
            } else if values != nil {
                values! += edit.pieces
            }
        }
        return VariablePath(sql: sql, isPartial: edits.contains { $0.variable == 0 && (!$0.enclosingBranches.isEmpty || $0.isUncertain) }, values: values)
    }

    /// Appends one piece of the SQL variable: after the first, an array's pieces are joined by its separator.
    private mutating func appendPiece(_ piece: Range<Int>, shape: SQLVariableShape, to sql: inout SQLAssembly) {
        if case .pieces(let separator, let token) = shape, !sql.sql.isEmpty {
            if let token, tokens[token].kind == .string, tokens[token].length >= 2 {
                appendContent(ofToken: token, to: &sql)
            } else {
                sql.sql += separator
                sql.sourceMap.appendSynthetic(sqlLength: separator.count, sourceOffset: tokens[piece.lowerBound].start)
            }
        }
        appendConcatenation(piece, role: .splicedText, depth: 0, to: &sql)
    }

    /// The elements of an array literal (`[a, b]`), or `nil` for anything else.
    private func arrayElements(_ range: Range<Int>) -> [Range<Int>]? {
        guard range.count >= 2, isPunctuator(range.lowerBound, "["), tokens[range.lowerBound].link == range.upperBound - 1 else { return nil }
        let elements = splitArguments((range.lowerBound + 1)..<(range.upperBound - 1)).filter { !$0.isEmpty }
        return elements.contains(where: { isPunctuator($0.lowerBound, "...") }) ? nil : elements
    }

    /// The edit written at the variable's name at `index`, if it is one.
    private func variableEdit(variable: Int, at index: Int, name: String, holdsPieces: Bool) -> VariableEdit? {
        if holdsPieces {
            // An array of SQL pieces: `parts.push(a, b)` adds, `parts = [a, b]` starts again.
            if isPunctuator(index + 1, "."), isIdentifier(index + 2, "push"), isPunctuator(index + 3, "("), tokens[index + 3].link > index + 3 {
                let close = tokens[index + 3].link
                let pieces = splitArguments((index + 4)..<close).filter { !$0.isEmpty }
                guard !pieces.contains(where: { isPunctuator($0.lowerBound, "...") }) else { return nil }
                return VariableEdit(variable: variable, kind: .append, pieces: pieces, site: index..<(close + 1))
            }
            if isPunctuator(index + 1, "="), let elements = arrayElements((index + 2)..<declaratorEnd(from: index + 2)) {
                return VariableEdit(variable: variable, kind: .assign, pieces: elements, site: index..<declaratorEnd(from: index + 2))
            }
            return nil
        }
        if isPunctuator(index + 1, "+=") {
            let end = declaratorEnd(from: index + 2)
            guard end > index + 2 else { return nil }
            return VariableEdit(variable: variable, kind: .append, pieces: [(index + 2)..<end], site: index..<end)
        }
        if isPunctuator(index + 1, "=") {
            let start = index + 2
            let end = declaratorEnd(from: start)
            guard end > start else { return nil }
            // `x = x + a + b`
            if tokens[start].kind == .identifier, text(ofToken: start) == name, isPunctuator(start + 1, "+"), start + 2 < end {
                return VariableEdit(variable: variable, kind: .append, pieces: [(start + 2)..<end], site: index..<end)
            }
            // `x = x.concat(a, b)`
            if tokens[start].kind == .identifier, text(ofToken: start) == name, isPunctuator(start + 1, "."), isIdentifier(start + 2, "concat"),
               isPunctuator(start + 3, "("), tokens[start + 3].link == end - 1 {
                let pieces = splitArguments((start + 4)..<(end - 1)).filter { !$0.isEmpty }
                return VariableEdit(variable: variable, kind: .append, pieces: variable == 1 ? pieces.flatMap { arrayElements($0) ?? [$0] } : pieces, site: index..<end)
            }
            return VariableEdit(variable: variable, kind: .assign, pieces: [start..<end], site: index..<end)
        }
        // `params.push(a, b)`
        if variable == 1, isPunctuator(index + 1, "."), isIdentifier(index + 2, "push"), isPunctuator(index + 3, "("), tokens[index + 3].link > index + 3 {
            let close = tokens[index + 3].link
            return VariableEdit(variable: variable, kind: .append, pieces: splitArguments((index + 4)..<close).filter { !$0.isEmpty }, site: index..<(close + 1))
        }
        return nil
    }

    /// A use that may change the variable without showing how: `x.unshift(…)`, `x.splice(…)`,
    /// `x[i] = …`, `x.length = 0`, `x++`.
    private func isMutatingUse(at index: Int) -> Bool {
        for op: StaticString in ["=", "+="] where isPunctuator(index + 1, op) { return true }
        if isPunctuator(index + 1, "."), index + 2 < tokens.count {
            for method: StaticString in ["unshift", "splice", "pop", "shift", "reverse", "sort", "fill"] where isIdentifier(index + 2, method) { return true }
            if isIdentifier(index + 2, "length"), isPunctuator(index + 3, "=") { return true }
        }
        if isPunctuator(index + 1, "["), tokens[index + 1].link > index + 1, isPunctuator(tokens[index + 1].link + 1, "=") { return true }
        for op: StaticString in ["-=", "*=", "||=", "??=", "&&=", "++", "--"] where isPunctuator(index + 1, op) { return true }
        return false
    }

    /// `parts.join(' ')`, `parts.join()`: the SQL is an array variable's pieces joined.
    func joinedPieces(_ range: Range<Int>) -> SQLVariableShape? {
        guard range.count == 5 || range.count == 6, tokens[range.lowerBound].kind == .identifier, isPunctuator(range.lowerBound + 1, "."),
              isIdentifier(range.lowerBound + 2, "join"), isPunctuator(range.lowerBound + 3, "("), tokens[range.lowerBound + 3].link == range.upperBound - 1 else { return nil }
        if range.count == 5 { return .pieces(separator: [0x2C], token: nil) }
        guard let separator = stringValue(ofToken: range.lowerBound + 4) else { return nil }
        return .pieces(separator: Array(separator.utf8), token: range.lowerBound + 4)
    }

    /// Whether `expression` is the whole condition of an `if` in the function before `use`.
    private func isBranchCondition(_ expression: String, before use: Int) -> Bool {
        let start = (enclosingBlock(of: use)?.lowerBound ?? 0)
        for index in start..<use where isIdentifier(index, "if") && isPunctuator(index + 1, "(") && tokens[index + 1].link > index + 1 {
            let condition = sourceRange(ofTokens: (index + 2)..<tokens[index + 1].link)
            if text(condition) == expression { return true }
        }
        return false
    }

    /// Every branch body of every `if` chain starting in `region`: its tokens, its chain (the
    /// first `if`'s token), its position in the chain, how many branches the chain has and
    /// whether it ends with a plain `else`.
    private func ifBranches(in region: Range<Int>) -> [(body: Range<Int>, chain: Int, branch: Int, branchCount: Int, hasElse: Bool)] {
        var result: [(Range<Int>, Int, Int, Int, Bool)] = []
        for start in region where isIdentifier(start, "if") && !isIdentifier(start - 1, "else") && isPunctuator(start + 1, "(") {
            var bodies: [Range<Int>] = []
            var hasElse = false
            var keyword = start
            var steps = 0
            while steps < 256 {
                steps += 1
                guard isPunctuator(keyword + 1, "("), tokens[keyword + 1].link > keyword + 1 else { break }
                let body = statementBody(at: tokens[keyword + 1].link + 1)
                bodies.append(body)
                guard isIdentifier(body.upperBound, "else") else { break }
                if isIdentifier(body.upperBound + 1, "if") {
                    keyword = body.upperBound + 1
                } else {
                    bodies.append(statementBody(at: body.upperBound + 1))
                    hasElse = true
                    break
                }
            }
            for (position, body) in bodies.enumerated() { result.append((body, start, position, bodies.count, hasElse)) }
        }
        return result
    }

    /// The tokens of the statement starting at `start`: a `{ … }` block, or one statement.
    private func statementBody(at start: Int) -> Range<Int> {
        guard start < tokens.count else { return start..<start }
        if isPunctuator(start, "{"), tokens[start].link > start { return start..<(tokens[start].link + 1) }
        var end = declaratorEnd(from: start)
        while isPunctuator(end, ",") { end = declaratorEnd(from: end + 1) }
        return start..<(isPunctuator(end, ";") ? end + 1 : end)
    }

    /// Bodies run any number of times or later: loops, `switch`, callbacks and functions.
    private func loopAndFunctionBodies(in region: Range<Int>) -> [Range<Int>] {
        var bodies: [Range<Int>] = []
        for index in region {
            if isIdentifier(index, "for") || isIdentifier(index, "while") || isIdentifier(index, "switch") {
                guard isPunctuator(index + 1, "("), tokens[index + 1].link > index + 1 else { continue }
                bodies.append(statementBody(at: tokens[index + 1].link + 1))
            } else if isIdentifier(index, "do") {
                bodies.append(statementBody(at: index + 1))
            } else if isPunctuator(index, "=>") || isIdentifier(index, "function") {
                var open = index + 1
                if isIdentifier(index, "function") {
                    while open < region.upperBound, !isPunctuator(open, "{") { open = skipGroup(open) }
                }
                bodies.append(statementBody(at: open))
            }
        }
        return bodies
    }

    /// `db.all(sql, params)` where both are built in variables: one query per path (the checker
    /// reports a defect of the shared source text once). Returns false when the file does not show
    /// how `sql` is built.
    mutating func appendVariableQueries(sqlArgument: Range<Int>, arguments: [Range<Int>], origin: QueryOrigin, callRange: ByteRange, close: Int, receiver: String?) -> Bool {
        let valuesArgument = arguments.count == 2 && arguments[1].count == 1 && tokens[arguments[1].lowerBound].kind == .identifier ? arguments[1] : nil
        var shape = SQLVariableShape.text
        if sqlArgument.count > 1 {
            guard let joined = joinedPieces(sqlArgument) else { return false }
            shape = joined
        }
        guard let paths = variablePaths(sqlName: text(ofToken: sqlArgument.lowerBound), valuesName: valuesArgument.map { text(ofToken: $0.lowerBound) }, use: sqlArgument.lowerBound, shape: shape),
              !paths.isEmpty, paths.allSatisfy({ $0.sql.hasText }) else { return false }
        guard paths.contains(where: { SQLShape.looksLikeStatement($0.sql.sql, strictness: .queryPosition) || startsWithHoleBeforeClauses($0.sql) }) else { return true }
        var fallbackValues = boundValues(arguments: Array(arguments.dropFirst()), closeIndex: close, isPrepareWithoutChain: false)
        // `if (this.libraryID) sql += ' AND libraryID=?'; query(sql, this.libraryID)`: the value is
        // the condition of the clause that uses it, so it is there exactly when the clause is
        // (a wrapper drops an `undefined`): how many values each path binds is not known.
        if paths.count > 1, case .positional(let values, let range, false) = fallbackValues, values.count == 1,
           isBranchCondition(values[0].expressionText, before: sqlArgument.lowerBound) {
            fallbackValues = .unknown(argumentRange: range)
        }
        for path in paths {
            markUsed(path.sql.usedTokens)
            var values = fallbackValues
            if path.bindsUnknownValueCount, case .positional(_, let range, _) = values {
                values = .unknown(argumentRange: range)
            }
            if let valuesArgument, let pushed = path.values {
                values = .positional(pushed.map { classify($0) }, argumentRange: sourceRange(ofTokens: valuesArgument), isArrayLiteral: false)
            }
            queryByCallCloseToken[close] = queries.count
            queries.append(EmbeddedQuery(
                sql: path.sql.sqlText,
                sourceMap: path.sql.sourceMap,
                origin: origin,
                sourceRange: sourceRange(ofTokens: sqlArgument),
                callRange: callRange,
                callClosingParenthesisOffset: tokens[close].start,
                holes: path.sql.holes,
                boundValues: values,
                dynamism: path.isOneOfManyPaths ? .oneOfManyPaths : path.isPartial ? .partial : path.sql.splicesUnknownText ? .splicedUnknownText : .fullyStatic,
                receiver: receiver
            ))
        }
        return true
    }
}

extension SQLVariableShape {
    var isPieces: Bool {
        if case .pieces = self { return true }
        return false
    }
}
