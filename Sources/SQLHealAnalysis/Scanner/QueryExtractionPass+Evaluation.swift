// Evaluation of QueryExtractionPass: literal content, concatenation, templates and holes → SQLAssembly.

/// How deep constants may refer to constants, and templates nest in holes, during evaluation.
private let maximumEvaluationDepth = 12

extension QueryExtractionPass {
    // MARK: - Literal content

    /// Appends the content of a string token or of one template part, escapes decoded.
    func appendContent(ofToken index: Int, to assembly: inout SQLAssembly) {
        let token = tokens[index]
        let unterminated = token.flags.contains(.unterminated)
        var lower = token.start + 1
        var upper = token.end
        switch token.kind {
        case .string, .template, .templateTail:
            if !unterminated { upper -= 1 }
        case .templateHead, .templateMiddle:
            upper -= 2
        default:
            return
        }
        lower = min(lower, bytes.count)
        upper = max(lower, min(upper, bytes.count))
        if token.flags.contains(.jsxAttributeString) {
            assembly.appendVerbatim(bytes, lower..<upper)
            return
        }
        var runStart = lower
        var cursor = lower
        while cursor < upper {
            if bytes[cursor] != 0x5C { cursor += 1; continue }
            assembly.appendVerbatim(bytes, runStart..<cursor)
            let (decoded, end) = EscapeDecoder.decode(bytes, at: cursor, limit: upper)
            assembly.appendDecoded(decoded, sourceRange: cursor..<end)
            cursor = end
            runStart = end
        }
        assembly.appendVerbatim(bytes, runStart..<upper)
    }

    // MARK: - Evaluation

    /// Appends the SQL built by the expression `range`: `+`-separated operands, each a literal,
    /// a template, a constant, or a hole.
    mutating func appendConcatenation(_ range: Range<Int>, role: QueryHole.Role, depth: Int, to assembly: inout SQLAssembly) {
        var operandStart = range.lowerBound
        var index = range.lowerBound
        while index < range.upperBound {
            if index > operandStart, isPunctuator(index, "+") {
                appendOperand(operandStart..<index, role: role, depth: depth, to: &assembly)
                operandStart = index + 1
                index += 1
                continue
            }
            index = skipGroup(index)
        }
        if operandStart < range.upperBound { appendOperand(operandStart..<range.upperBound, role: role, depth: depth, to: &assembly) }
    }

    mutating func appendOperand(_ range: Range<Int>, role: QueryHole.Role, depth: Int, to assembly: inout SQLAssembly) {
        var range = range
        // `` `…`.trim() `` and friends change only whitespace.
        if range.count >= 5, isPunctuator(range.upperBound - 4, "."), isPunctuator(range.upperBound - 2, "("), isPunctuator(range.upperBound - 1, ")"),
           isIdentifier(range.upperBound - 3, "trim") || isIdentifier(range.upperBound - 3, "trimStart") || isIdentifier(range.upperBound - 3, "trimEnd") {
            range = range.lowerBound..<(range.upperBound - 4)
        }
        let first = range.lowerBound
        if range.count >= 2, isPunctuator(first, "("), tokens[first].link == range.upperBound - 1, depth < maximumEvaluationDepth {
            appendConcatenation((first + 1)..<(range.upperBound - 1), role: role, depth: depth + 1, to: &assembly)
            return
        }
        let kind = tokens[first].kind
        if range.count == 1, kind == .string || kind == .template {
            appendContent(ofToken: first, to: &assembly)
            assembly.usedTokens.append(first)
            assembly.hasText = true
            return
        }
        if kind == .templateHead, templateEnd(first) == range.upperBound - 1 {
            appendTemplate(head: first, role: role, depth: depth, to: &assembly)
            return
        }
        if depth < maximumEvaluationDepth, variantChoices != nil, let ternary = constantTernary(range) {
            appendChosenBranch(of: ternary, role: role, depth: depth, to: &assembly)
            return
        }
        if let joined = constantArrayJoin(range) {
            for (position, element) in joined.elements.enumerated() {
                if position > 0 {
                    if let separator = joined.separator { appendContent(ofToken: separator, to: &assembly) } else {
                        assembly.sql.append(0x2C)  // join()'s default separator, written by nobody
                        assembly.sourceMap.appendSynthetic(sqlLength: 1, sourceOffset: tokens[range.upperBound - 1].start)
                    }
                }
                appendContent(ofToken: element, to: &assembly)
            }
            assembly.hasText = true
            return
        }
        if depth < maximumEvaluationDepth, variantChoices != nil, let shape = joinedPieces(range), appendChosenJoinedPieces(range, shape: shape, to: &assembly) {
            return
        }
        if range.count == 1, kind == .number {
            assembly.appendVerbatim(bytes, tokens[first].range)
            assembly.hasText = true
            return
        }
        if kind == .identifier, depth < maximumEvaluationDepth, constantResolutionBudget > 0, let resolved = constantValue(for: range), !constantsInProgress.contains(resolved.name) {
            constantResolutionBudget -= 1
            constantsInProgress.insert(resolved.name)
            defer { constantsInProgress.remove(resolved.name) }
            if isPlaceholderList(resolved.tokens) {
                assembly.appendHole(role: role, sourceRange: sourceRange(ofTokens: range), value: classify(range), isPlaceholderList: true)
                return
            }
            var inner = SQLAssembly()
            appendConcatenation(resolved.tokens, role: role, depth: depth + 1, to: &inner)
            if inner.hasText {
                assembly.append(inner)
                return
            }
        }
        if kind == .identifier, let constantText = externalText(for: range) {
            assembly.appendConstant(constantText, sourceRange: sourceRange(ofTokens: range))
            assembly.hasText = true
            return
        }
        let isList = role == .splicedText && isPlaceholderList(range)
        assembly.appendHole(role: role, sourceRange: sourceRange(ofTokens: range), value: classify(range), isPlaceholderList: isList,
                            holdsSQLOrConstant: role == .splicedText && !isList && holdsSQLOrConstant(range))
    }

    /// Appends a template literal from its head: quasis as text, holes by role.
    mutating func appendTemplate(head: Int, role: QueryHole.Role, depth: Int, to assembly: inout SQLAssembly) {
        var part = head
        assembly.hasText = true
        while true {
            appendContent(ofToken: part, to: &assembly)
            assembly.usedTokens.append(part)
            let kind = tokens[part].kind
            guard kind == .templateHead || kind == .templateMiddle else { return }
            let next = tokens[part].link
            guard next > part, next < tokens.count else { return }
            let holeSource = (tokens[part].end - 2)..<(tokens[next].start + 1)
            appendHole(expression: (part + 1)..<next, sourceRange: holeSource, role: role, depth: depth, to: &assembly)
            part = next
        }
    }

    /// A `${ … }` hole: a bound parameter in a tagged template (or an inlined SQL fragment), a
    /// constant's text, a placeholder list, or unknown spliced text.
    mutating func appendHole(expression: Range<Int>, sourceRange holeSource: ByteRange, role: QueryHole.Role, depth: Int, to assembly: inout SQLAssembly) {
        let emptyValue = SourceValue(expressionRange: holeSource, expressionText: "", kind: .unknown)
        guard !expression.isEmpty else {
            assembly.appendHole(role: role, sourceRange: holeSource, value: emptyValue, isPlaceholderList: false)
            return
        }
        if role == .boundParameter {
            if depth < maximumEvaluationDepth, let tagged = taggedTemplate(spanning: expression) {
                appendTemplate(head: tagged.template, role: .boundParameter, depth: depth + 1, to: &assembly)
                return
            }
            // A fragment held in a const (`const frag = sql`AND …``) is inlined; a const that
            // chooses between fragments (`cond ? sql`…` : sql```) is SQL text nobody knows.
            if depth < maximumEvaluationDepth, tokens[expression.lowerBound].kind == .identifier, constantResolutionBudget > 0,
               let resolved = constantValue(for: expression), !constantsInProgress.contains(resolved.name) {
                if let tagged = taggedTemplate(spanning: resolved.tokens) {
                    constantResolutionBudget -= 1
                    constantsInProgress.insert(resolved.name)
                    defer { constantsInProgress.remove(resolved.name) }
                    appendTemplate(head: tagged.template, role: .boundParameter, depth: depth + 1, to: &assembly)
                    return
                }
                if containsSQLTaggedTemplate(resolved.tokens) {
                    assembly.appendHole(role: .splicedText, sourceRange: holeSource, value: classify(expression), isPlaceholderList: false)
                    return
                }
            }
            // `raw(table)`, `sql.unsafe(text)`, `sql(columns)`, `Prisma.join(list)`: text, not a value.
            if callsRawTextHelper(expression) {
                assembly.appendHole(role: .splicedText, sourceRange: holeSource, value: classify(expression), isPlaceholderList: false)
                return
            }
            assembly.appendHole(role: role, sourceRange: holeSource, value: classify(expression), isPlaceholderList: false)
            return
        }
        if depth < maximumEvaluationDepth, variantChoices != nil, let ternary = constantTernary(expression) {
            appendChosenBranch(of: ternary, role: role, depth: depth, to: &assembly)
            return
        }
        if depth < maximumEvaluationDepth, variantChoices != nil, let shape = joinedPieces(expression), appendChosenJoinedPieces(expression, shape: shape, to: &assembly) {
            return
        }
        if depth < maximumEvaluationDepth, isConstantText(expression) {
            var inner = SQLAssembly()
            appendConcatenation(expression, role: role, depth: depth + 1, to: &inner)
            if inner.hasText, inner.holes.isEmpty {
                assembly.append(inner)
                return
            }
        }
        let isList = isPlaceholderList(expression)
        assembly.appendHole(role: role, sourceRange: holeSource, value: classify(expression), isPlaceholderList: isList,
                            holdsSQLOrConstant: !isList && holdsSQLOrConstant(expression))
    }

    /// `cond ? A : B` spanning `range` whose two branches are constant text: its `?` token and the branches.
    mutating func constantTernary(_ range: Range<Int>) -> (question: Int, whenTrue: Range<Int>, whenFalse: Range<Int>)? {
        guard range.count >= 5, range.count <= 256 else { return nil }
        var question: Int?
        var colon: Int?
        var index = range.lowerBound
        while index < range.upperBound {
            if isPunctuator(index, "?") {
                guard question == nil else { return nil }  // nested: not read
                question = index
            } else if isPunctuator(index, ":"), question != nil {
                guard colon == nil else { return nil }
                colon = index
            } else if isPunctuator(index, "+") || isPunctuator(index, ",") || isPunctuator(index, "=>") {
                if question == nil || colon != nil && (isPunctuator(index, ",") || isPunctuator(index, "=>")) { return nil }
            }
            index = skipGroup(index)
        }
        guard let question, let colon, question > range.lowerBound, colon > question + 1, colon + 1 < range.upperBound else { return nil }
        let whenTrue = (question + 1)..<colon
        let whenFalse = (colon + 1)..<range.upperBound
        guard isConstantText(whenTrue), isConstantText(whenFalse) else { return nil }
        return (question, whenTrue, whenFalse)
    }

    /// Appends the branch of `ternary` that ``variantChoices`` picks, and notes the ternary.
    mutating func appendChosenBranch(of ternary: (question: Int, whenTrue: Range<Int>, whenFalse: Range<Int>), role: QueryHole.Role, depth: Int, to assembly: inout SQLAssembly) {
        if !choicePointsMet.contains(where: { $0.key == ternary.question }) {
            choicePointsMet.append(VariantChoicePoint(key: ternary.question, alternatives: 2))
        }
        let branch = (variantChoices?[ternary.question] ?? 0) == 0 ? ternary.whenTrue : ternary.whenFalse
        appendConcatenation(branch, role: role, depth: depth + 1, to: &assembly)
        assembly.hasText = true
    }

    /// `COLUMNS.join(', ')` where `const COLUMNS = ['id', 'name']`: the string elements' tokens
    /// and the separator's token (`nil`: the default `,`).
    func constantArrayJoin(_ range: Range<Int>) -> (elements: [Int], separator: Int?)? {
        let count = range.count
        guard count == 5 || count == 6, tokens[range.lowerBound].kind == .identifier, isPunctuator(range.lowerBound + 1, "."),
              isIdentifier(range.lowerBound + 2, "join"), isPunctuator(range.lowerBound + 3, "("), isPunctuator(range.upperBound - 1, ")") else { return nil }
        var separator: Int?
        if count == 6 {
            guard tokens[range.lowerBound + 4].kind == .string else { return nil }
            separator = range.lowerBound + 4
        }
        guard let declaration = constant(named: text(ofToken: range.lowerBound), at: range.lowerBound) else { return nil }
        let initializer = declaration.initializer
        guard initializer.count >= 2, isPunctuator(initializer.lowerBound, "["), tokens[initializer.lowerBound].link == initializer.upperBound - 1 else { return nil }
        var elements: [Int] = []
        for element in splitArguments((initializer.lowerBound + 1)..<(initializer.upperBound - 1)) where !element.isEmpty {
            guard element.count == 1, tokens[element.lowerBound].kind == .string || tokens[element.lowerBound].kind == .template else { return nil }
            elements.append(element.lowerBound)
        }
        // A `const` array the code pushes onto is SQL built in a variable (``joinedPieces(_:)``).
        let name = text(ofToken: range.lowerBound)
        for index in declaration.scope where index + 2 < tokens.count && isPunctuator(index + 1, ".") && tokens[index].kind == .identifier
            && (isIdentifier(index + 2, "push") || isIdentifier(index + 2, "unshift") || isIdentifier(index + 2, "splice")) && text(ofToken: index) == name {
            return nil
        }
        return elements.isEmpty ? nil : (elements, separator)
    }

    /// `' WHERE ' + parts.join(' AND ')` where the function builds `parts` (``variablePaths``):
    /// the path ``variantChoices`` picks, a choice point when there are several. False when the
    /// function does not show how the array is built, or only partly.
    mutating func appendChosenJoinedPieces(_ range: Range<Int>, shape: SQLVariableShape, to assembly: inout SQLAssembly) -> Bool {
        let key = range.lowerBound
        let guardName = "pieces:" + text(ofToken: key)
        guard !constantsInProgress.contains(guardName) else { return false }
        constantsInProgress.insert(guardName)
        defer { constantsInProgress.remove(guardName) }
        guard let paths = variablePaths(sqlName: text(ofToken: key), valuesName: nil, use: key, shape: shape), !paths.isEmpty,
              paths.allSatisfy({ $0.sql.hasText && !$0.isPartial }) else { return false }
        if paths.count > 1, !choicePointsMet.contains(where: { $0.key == key }) {
            let placeholderCounts = Set(paths.map { path in SQLTokenizer.tokenize(path.sql.sql).count { $0.kind == .parameter } })
            choicePointsMet.append(VariantChoicePoint(key: key, alternatives: paths.count, placeholderCountVaries: placeholderCounts.count > 1))
        }
        assembly.append(paths[min(variantChoices?[key] ?? 0, paths.count - 1)].sql)
        assembly.hasText = true
        return true
    }

    /// Whether a configured tagged template appears in the tokens (looking at a bounded number).
    func containsSQLTaggedTemplate(_ range: Range<Int>) -> Bool {
        for index in range.prefix(4_096) where tokens[index].kind == .template || tokens[index].kind == .templateHead {
            if sqlTag(before: index) != nil { return true }
        }
        return false
    }

    /// Names of SQL-library helpers whose result is spliced as SQL text inside a tagged template.
    private static let rawTextHelperNames: Set<String> = ["raw", "unsafe", "identifier", "ident", "join", "literal", "empty", "id", "ref", "table", "lit"]

    /// `raw(x)`, `sql.raw(x)`, `Prisma.join(list)`, `sql(columns)` (a configured tag called as a
    /// function builds identifiers or lists in postgres.js): the whole expression is that call.
    func callsRawTextHelper(_ range: Range<Int>) -> Bool {
        guard range.count >= 3, isPunctuator(range.upperBound - 1, ")") else { return false }
        let open = tokens[range.upperBound - 1].link
        guard open > range.lowerBound, open < range.upperBound else { return false }
        var index = range.lowerBound
        while index < open {
            let expectsName = (index - range.lowerBound) % 2 == 0
            if expectsName ? tokens[index].kind != .identifier : !isMemberDot(index) { return false }
            index += 1
        }
        guard (open - range.lowerBound) % 2 == 1 else { return false }
        if open - range.lowerBound == 1, tokenText(range.lowerBound, equalsAnyOf: tagNames) { return true }
        return Self.rawTextHelperNames.contains(text(ofToken: open - 1))
    }

    /// Whether every operand of the expression is a literal or a constant (so its text is known).
    mutating func isConstantText(_ range: Range<Int>) -> Bool {
        var operandStart = range.lowerBound
        var index = range.lowerBound
        var operands: [Range<Int>] = []
        while index < range.upperBound {
            if index > operandStart, isPunctuator(index, "+") {
                operands.append(operandStart..<index)
                operandStart = index + 1
            }
            index = skipGroup(index)
        }
        if operandStart < range.upperBound { operands.append(operandStart..<range.upperBound) }
        for operand in operands {
            let kind = tokens[operand.lowerBound].kind
            if operand.count == 1, kind == .string || kind == .number || kind == .template { continue }
            if kind == .templateHead, templateEnd(operand.lowerBound) == operand.upperBound - 1 { continue }
            if kind == .identifier, constantResolutionBudget > 0, let resolved = constantValue(for: operand), !isPlaceholderList(resolved.tokens) { continue }
            if constantArrayJoin(operand) != nil { continue }
            if kind == .identifier, externalText(for: operand) != nil { continue }
            return false
        }
        return !operands.isEmpty
    }

    /// `ids.map(() => '?').join(',')`, `'?,'.repeat(n).slice(0, -1)`, `Array(n).fill('?').join()`,
    /// or a constant holding one of those.
    mutating func isPlaceholderList(_ range: Range<Int>) -> Bool {
        // Placeholder-list expressions are short; a long one is something else (and scanning
        // every nested hole in full would make deep nesting quadratic).
        guard !range.isEmpty, range.count <= 48 else { return false }
        if range.count <= 3, tokens[range.lowerBound].kind == .identifier, constantResolutionBudget > 0, let resolved = constantValue(for: range), resolved.tokens != range {
            if constantsInProgress.contains("list:" + resolved.name) { return false }
            constantResolutionBudget -= 1
            constantsInProgress.insert("list:" + resolved.name)
            defer { constantsInProgress.remove("list:" + resolved.name) }
            return isPlaceholderList(resolved.tokens)
        }
        if joinsPushedPlaceholders(range) { return true }
        var sawQuestionMarkString = false
        var sawListMethod = false
        for index in range where index < tokens.count {
            let token = tokens[index]
            if token.kind == .string || token.kind == .template {
                let content = token.length >= 2 ? bytes[(token.start + 1)..<(token.end - 1)] : bytes[token.start..<token.start]
                if content.contains(0x3F), content.allSatisfy({ $0 == 0x3F || $0 == 0x2C || $0 == 0x20 }) { sawQuestionMarkString = true }
            } else if token.kind == .identifier, isIdentifier(index, "join") || isIdentifier(index, "repeat") || isIdentifier(index, "fill") {
                sawListMethod = true
            }
        }
        return sawQuestionMarkString && sawListMethod
    }

    /// `marks.join()` where `marks` starts as an array of `'?'` strings (often empty) and the
    /// code only pushes `'?'` onto it (`for (…) { values.push(v); marks.push('?'); }`).
    private func joinsPushedPlaceholders(_ range: Range<Int>) -> Bool {
        let name = range.lowerBound
        guard range.count >= 5, tokens[name].kind == .identifier, !(name >= 1 && isMemberDot(name - 1)),
              isPunctuator(name + 1, "."), isIdentifier(name + 2, "join") else { return false }
        func isQuestionMark(_ element: Range<Int>) -> Bool {
            guard element.count == 1, tokens[element.lowerBound].kind == .string, tokens[element.lowerBound].length == 3 else { return false }
            return bytes[tokens[element.lowerBound].start + 1] == 0x3F
        }
        let spelling = text(ofToken: name)
        var pushesPlaceholder = false
        var index = name - 1
        let lowest = max(0, name - 4_000)
        while index > lowest {
            defer { index -= 1 }
            guard tokens[index].kind == .identifier, text(ofToken: index) == spelling, !(index >= 1 && isMemberDot(index - 1)) else { continue }
            if isPunctuator(index + 1, "."), isIdentifier(index + 2, "push"), isPunctuator(index + 3, "("), tokens[index + 3].link > index + 3 {
                let arguments = splitArguments((index + 4)..<tokens[index + 3].link)
                guard !arguments.isEmpty, arguments.allSatisfy(isQuestionMark) else { return false }
                pushesPlaceholder = true
                continue
            }
            if isPunctuator(index + 1, "."), isIdentifier(index + 2, "length") || isIdentifier(index + 2, "join") { continue }
            // The declaration: `var marks = []`, `var fields = [], marks = ['?']`.
            guard isPunctuator(index + 1, "="), isPunctuator(index + 2, "["), tokens[index + 2].link > index + 2,
                  isIdentifier(index - 1, "var") || isIdentifier(index - 1, "let") || isIdentifier(index - 1, "const") || isPunctuator(index - 1, ",")
            else { return false }
            let elements = splitArguments((index + 3)..<tokens[index + 2].link).filter { !$0.isEmpty }
            return elements.allSatisfy(isQuestionMark) && (pushesPlaceholder || !elements.isEmpty)
        }
        return false
    }

    // MARK: - SQL text and constants in holes

    /// SQL keywords a fragment of SQL text starts with.
    private static let fragmentKeywords: Set<String> = [
        "SELECT", "WHERE", "AND", "OR", "ORDER", "GROUP", "HAVING", "JOIN", "LEFT", "INNER", "CROSS", "LIMIT", "OFFSET",
        "SET", "FROM", "UNION", "WITH", "INSERT", "UPDATE", "DELETE", "VALUES", "ON", "NOT", "CASE", "DISTINCT",
    ]

    /// Whether a spliced hole holds SQL text or a constant the code computes rather than a value:
    /// a variable whose declaration (or an addition to it) is SQL text, or arithmetic whose
    /// operands are all numbers or constants.
    mutating func holdsSQLOrConstant(_ range: Range<Int>) -> Bool {
        guard !range.isEmpty, range.count <= 64 else { return false }
        if range.count == 1, tokens[range.lowerBound].kind == .identifier {
            let name = text(ofToken: range.lowerBound)
            guard let declaration = variableDeclaration(named: name, before: range.lowerBound) else { return false }
            var pieces = [declaration.initializer]
            var index = declaration.initializer.upperBound
            while index < range.lowerBound, pieces.count < 64 {
                if tokens[index].kind == .identifier, text(ofToken: index) == name, isPunctuator(index + 1, "+=") || isPunctuator(index + 1, "=") {
                    let end = declaratorEnd(from: index + 2)
                    if end > index + 2 { pieces.append((index + 2)..<end) }
                }
                index += 1
            }
            return pieces.contains { piece in
                piece.contains { startsWithSQLKeyword(token: $0) } || buildsPlaceholderList(piece)
            }
        }
        return isConstantArithmetic(range)
    }

    /// `keys.map(k => `$${k}`).join(', ')`, `ids.map(() => '?').join()`: a list of placeholders
    /// (positional or named) joined into SQL text.
    private func buildsPlaceholderList(_ range: Range<Int>) -> Bool {
        guard range.count <= 48, range.contains(where: { isIdentifier($0, "join") }) else { return false }
        return range.contains { index in
            guard [.string, .template, .templateHead].contains(tokens[index].kind), tokens[index].length >= 2 else { return false }
            let first = bytes[tokens[index].start + 1]
            return first == 0x3F || first == 0x24 || first == 0x3A || first == 0x40  // ? $ : @
        }
    }

    /// A string or template part whose text starts with a SQL clause keyword (`' AND x = ?'`).
    private func startsWithSQLKeyword(token index: Int) -> Bool {
        switch tokens[index].kind {
        case .string, .template, .templateHead: break
        default: return false
        }
        var content = SQLAssembly()
        appendContent(ofToken: index, to: &content)
        let first = SQLShape.firstWord(of: content.sql)
        return first == first.uppercased() && Self.fragmentKeywords.contains(first)
    }

    /// `PAGE_SIZE * 2`, `(MAX - 1) / 2`, `limit * 2` with `const limit = 50`: numbers, constants
    /// and arithmetic only.
    private mutating func isConstantArithmetic(_ range: Range<Int>) -> Bool {
        var index = range.lowerBound
        var sawOperator = false
        while index < range.upperBound {
            let token = tokens[index]
            if token.kind == .number { index += 1; continue }
            if token.kind == .punctuator {
                var isArithmetic = false
                for op: StaticString in ["+", "-", "*", "/", "%", "(", ")", "**"] where isPunctuator(index, op) { isArithmetic = true }
                guard isArithmetic else { return false }
                if !isPunctuator(index, "(") && !isPunctuator(index, ")") { sawOperator = true }
                index += 1
                continue
            }
            guard token.kind == .identifier else { return false }
            var end = index + 1
            while end + 1 < range.upperBound, isPunctuator(end, "."), tokens[end + 1].kind == .identifier { end += 2 }
            let name = index..<end
            let last = text(ofToken: end - 1)
            let isUpperCaseConstant = last.count >= 2 && last.allSatisfy { ($0.isASCII && $0.isUppercase) || $0.isNumber || $0 == "_" }
            var isNumberConstant = false
            if let resolved = constantValue(for: name), resolved.tokens.count == 1, tokens[resolved.tokens.lowerBound].kind == .number { isNumberConstant = true }
            if case .number? = externalValue(for: name) { isNumberConstant = true }
            guard isUpperCaseConstant || isNumberConstant else { return false }
            index = end
        }
        return sawOperator
    }
}
