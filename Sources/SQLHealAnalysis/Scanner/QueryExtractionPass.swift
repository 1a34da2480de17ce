/// SQL text under construction: bytes, their source map, the holes met so far.
struct SQLAssembly {
    var sql: [UInt8] = []
    var sourceMap = SQLSourceMap()
    var holes: [QueryHole] = []
    /// Some `.splicedText` hole that is not a placeholder list.
    var splicesUnknownText = false
    /// Some operand contributed literal text (a string, a template, a constant).
    var hasText = false
    /// Literal tokens used, so they are not reported again as SQL-like literals.
    var usedTokens: [Int] = []

    /// The SQL as a string with exactly as many UTF-8 bytes as ``sql`` (so the source map and
    /// every SQL offset stay exact): each byte of an invalid UTF-8 sequence (a Latin-1 file, junk)
    /// becomes `_`, never U+FFFD, which would take three bytes.
    var sqlText: String {
        if let valid = String(validating: sql, as: UTF8.self) { return valid }
        var repaired = sql
        var index = 0
        while index < repaired.count {
            let length = validSequenceLength(repaired, at: index)
            if length == 0 {
                repaired[index] = 0x5F
                index += 1
            } else {
                index += length
            }
        }
        return String(decoding: repaired, as: UTF8.self)
    }

    /// The length of the valid UTF-8 sequence at `index`, or 0 when the byte starts none.
    private func validSequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
        let lead = bytes[index]
        func continuation(_ offset: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
            index + offset < bytes.count && range.contains(bytes[index + offset])
        }
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: return continuation(1) ? 2 : 0
        case 0xE0: return continuation(1, 0xA0...0xBF) && continuation(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF: return continuation(1) && continuation(2) ? 3 : 0
        case 0xED: return continuation(1, 0x80...0x9F) && continuation(2) ? 3 : 0
        case 0xF0: return continuation(1, 0x90...0xBF) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF1...0xF3: return continuation(1) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF4: return continuation(1, 0x80...0x8F) && continuation(2) && continuation(3) ? 4 : 0
        default: return 0
        }
    }

    mutating func appendVerbatim(_ bytes: UnsafeBufferPointer<UInt8>, _ range: ByteRange) {
        guard !range.isEmpty else { return }
        sql.append(contentsOf: bytes[range])
        sourceMap.appendVerbatim(length: range.count, sourceStart: range.lowerBound)
    }

    mutating func appendDecoded(_ decoded: [UInt8], sourceRange: ByteRange) {
        sql.append(contentsOf: decoded)
        sourceMap.appendEscape(sqlLength: decoded.count, sourceRange: sourceRange)
    }

    mutating func appendHole(role: QueryHole.Role, sourceRange: ByteRange, value: SourceValue, isPlaceholderList: Bool) {
        let start = sql.count
        sql.append(0x3F)  // ?
        sourceMap.appendHole(sqlLength: 1, sourceRange: sourceRange)
        holes.append(QueryHole(role: role, sourceRange: sourceRange, value: value, sqlRange: start..<(start + 1), isPlaceholderList: isPlaceholderList))
        if role == .splicedText, !isPlaceholderList { splicesUnknownText = true }
    }

    /// Appends another assembly's SQL, keeping its map and holes.
    mutating func append(_ other: SQLAssembly) {
        let shift = sql.count
        sql.append(contentsOf: other.sql)
        for segment in other.sourceMap.segments {
            switch segment.kind {
            case .verbatim: sourceMap.appendVerbatim(length: segment.sqlRange.count, sourceStart: segment.sourceRange.lowerBound)
            case .escape: sourceMap.appendEscape(sqlLength: segment.sqlRange.count, sourceRange: segment.sourceRange)
            case .hole: sourceMap.appendHole(sqlLength: segment.sqlRange.count, sourceRange: segment.sourceRange)
            case .synthetic: sourceMap.appendSynthetic(sqlLength: segment.sqlRange.count, sourceOffset: segment.sourceRange.lowerBound)
            }
        }
        for var hole in other.holes {
            hole.sqlRange = (hole.sqlRange.lowerBound + shift)..<(hole.sqlRange.upperBound + shift)
            holes.append(hole)
        }
        splicesUnknownText = splicesUnknownText || other.splicesUnknownText
        hasText = hasText || other.hasText
        usedTokens.append(contentsOf: other.usedTokens)
    }
}

/// A `const NAME = …` declaration, with the members of an object literal initializer.
struct ConstantDeclaration {
    /// Token indices of the scope (the enclosing `{ … }`, or the whole file).
    var scope: Range<Int>
    /// Token indices of the initializer, `as const` removed.
    var initializer: Range<Int>
    /// `a.b` → token indices of that member's value, for object literal initializers.
    var members: [String: Range<Int>]
}

/// How deep constants may refer to constants, and templates nest in holes, during evaluation.
private let maximumEvaluationDepth = 12
/// ``SourceValue/expressionText`` keeps at most this many bytes (the range stays exact), so
/// thousands of nested holes do not copy their text thousands of times.
let maximumExpressionTextLength = 4_096

struct QueryExtractionPass {
    let bytes: UnsafeBufferPointer<UInt8>
    let tokens: [JavaScriptToken]
    let comments: [ByteRange]
    let configuration: QueryExtractionConfiguration
    /// The configured names plus those of the client libraries the file imports.
    var queryFunctionNames: [[UInt8]]
    var tagNames: [[UInt8]]
    var used: [Bool]
    var constants: [String: [ConstantDeclaration]] = [:]
    var queries: [EmbeddedQuery] = []
    /// The query index for the `)` token of its call, to attach a chained call's values.
    var queryByCallCloseToken: [Int: Int] = [:]
    /// `const stmt = db.prepare('…')`: the statement's name → its scope and query, so a later
    /// `stmt.get(x)` gives the values it binds.
    var preparedStatements: [String: [(scope: Range<Int>, query: Int)]] = [:]
    /// How many `stmt.get(…)`-style uses each prepared query has had.
    var preparedStatementUses: [Int: Int] = [:]
    /// Constants being evaluated, to stop `const A = B; const B = A`.
    var constantsInProgress: Set<String> = []
    /// How many more constant references may be followed in this document. Constants that
    /// refer to constants twice each (`const B = A + A; const C = B + B; …`) would otherwise cost
    /// exponential time; past the budget a reference is a hole, and scanning stays linear.
    var constantResolutionBudget = 50_000

    init(bytes: UnsafeBufferPointer<UInt8>, scan: JavaScriptScanResult, configuration: QueryExtractionConfiguration) {
        self.bytes = bytes
        self.tokens = scan.tokens
        self.comments = scan.comments
        self.configuration = configuration
        self.queryFunctionNames = configuration.queryFunctionNames.map { Array($0.utf8) }
        self.tagNames = configuration.sqlTagNames.map { Array($0.utf8) }
        self.used = Array(repeating: false, count: scan.tokens.count)
    }

    mutating func run() -> [EmbeddedQuery] {
        collectConstants()
        let connections = readConnections()
        findQueryCallsAndTaggedTemplates()
        findSQLLikeLiterals()
        applySuppressions()
        assignConnections(connections)
        queries.sort { $0.sourceRange.lowerBound < $1.sourceRange.lowerBound }
        return queries
    }

    // MARK: - Token helpers

    func text(_ range: ByteRange) -> String {
        let lower = max(0, min(range.lowerBound, bytes.count))
        let upper = max(lower, min(range.upperBound, bytes.count))
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[lower..<upper]), as: UTF8.self)
    }

    func text(ofToken index: Int) -> String { text(tokens[index].range) }

    /// Source range of the tokens `range` (empty range at the first token when empty).
    func sourceRange(ofTokens range: Range<Int>) -> ByteRange {
        guard !range.isEmpty, range.lowerBound < tokens.count else {
            let offset = range.lowerBound < tokens.count ? tokens[range.lowerBound].start : bytes.count
            return offset..<offset
        }
        return tokens[range.lowerBound].start..<tokens[min(range.upperBound, tokens.count) - 1].end
    }

    func isPunctuator(_ index: Int, _ wanted: StaticString) -> Bool {
        guard index >= 0, index < tokens.count, tokens[index].kind == .punctuator else { return false }
        return tokenText(index, equals: wanted)
    }

    func isIdentifier(_ index: Int, _ wanted: StaticString) -> Bool {
        guard index >= 0, index < tokens.count, tokens[index].kind == .identifier else { return false }
        return tokenText(index, equals: wanted)
    }

    func tokenText(_ index: Int, equals wanted: StaticString) -> Bool {
        let token = tokens[index]
        guard token.length == wanted.utf8CodeUnitCount, token.end <= bytes.count else { return false }
        let pointer = wanted.utf8Start
        for offset in 0..<token.length where bytes[token.start + offset] != pointer[offset] { return false }
        return true
    }

    func tokenText(_ index: Int, equalsAnyOf names: [[UInt8]]) -> Bool {
        let token = tokens[index]
        guard token.end <= bytes.count else { return false }
        outer: for name in names where name.count == token.length {
            for offset in 0..<name.count where bytes[token.start + offset] != name[offset] { continue outer }
            return true
        }
        return false
    }

    func isMemberDot(_ index: Int) -> Bool { isPunctuator(index, ".") || isPunctuator(index, "?.") }

    func isOpener(_ index: Int) -> Bool {
        guard index >= 0, index < tokens.count, tokens[index].kind == .punctuator, tokens[index].length == 1 else { return false }
        let byte = bytes[tokens[index].start]
        return (byte == 0x28 || byte == 0x5B || byte == 0x7B) && tokens[index].link > index
    }

    func isCloser(_ index: Int) -> Bool {
        guard index >= 0, index < tokens.count, tokens[index].kind == .punctuator, tokens[index].length == 1 else { return false }
        let byte = bytes[tokens[index].start]
        return byte == 0x29 || byte == 0x5D || byte == 0x7D
    }

    /// The index after the token group starting at `index`: a bracketed group, a whole template
    /// literal, or one token.
    func skipGroup(_ index: Int) -> Int {
        guard index < tokens.count else { return index + 1 }
        if isOpener(index) { return tokens[index].link + 1 }
        if tokens[index].kind == .templateHead { return templateEnd(index) + 1 }
        return index + 1
    }

    /// The index of the last part (tail) of the template literal starting at `head`.
    func templateEnd(_ head: Int) -> Int {
        var part = head
        while tokens[part].kind == .templateHead || tokens[part].kind == .templateMiddle {
            let next = tokens[part].link
            guard next > part, next < tokens.count else { return part }
            part = next
        }
        return part
    }

    /// Splits `range` at top-level commas.
    func splitArguments(_ range: Range<Int>) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = range.lowerBound
        var index = range.lowerBound
        while index < range.upperBound {
            if isPunctuator(index, ",") {
                result.append(start..<index)
                start = index + 1
                index += 1
                continue
            }
            index = skipGroup(index)
        }
        if start < range.upperBound { result.append(start..<range.upperBound) }
        return result
    }

    /// A token that ends a value (so a following template is tagged and a newline may end a statement).
    func endsValue(_ index: Int) -> Bool {
        guard index >= 0, index < tokens.count else { return false }
        switch tokens[index].kind {
        case .identifier:
            if index >= 1, isMemberDot(index - 1) { return true }
            for keyword: StaticString in ["return", "typeof", "case", "yield", "await", "throw", "new", "delete", "void", "in", "of", "instanceof", "else", "do", "export", "default", "extends"] where tokenText(index, equals: keyword) {
                return false
            }
            return true
        case .number, .string, .template, .templateTail, .regularExpression, .privateName, .jsxClosingTag: return true
        case .punctuator:
            return isPunctuator(index, ")") || isPunctuator(index, "]") || isPunctuator(index, "}") || isPunctuator(index, ">")
        default: return false
        }
    }

    // MARK: - Constants

    mutating func collectConstants() {
        var braceStack: [Int] = []
        var index = 0
        let count = tokens.count
        while index < count {
            let token = tokens[index]
            if token.kind == .punctuator, token.length == 1 {
                let byte = bytes[token.start]
                if byte == 0x7B, token.link > index { braceStack.append(index) }
                if byte == 0x7D, token.link >= 0, token.link < index {
                    while let top = braceStack.last, top > token.link { braceStack.removeLast() }
                    if braceStack.last == token.link { braceStack.removeLast() }
                }
            } else if token.kind == .identifier, isIdentifier(index, "const"), !(index >= 1 && isMemberDot(index - 1)) {
                let scope: Range<Int>
                if let open = braceStack.last { scope = open..<(tokens[open].link + 1) } else { scope = 0..<count }
                parseConstantDeclarators(after: index, scope: scope)
            }
            index += 1
        }
    }

    mutating func parseConstantDeclarators(after constIndex: Int, scope: Range<Int>) {
        var index = constIndex + 1
        var declarators = 0
        while index < tokens.count, declarators < 10_000 {
            declarators += 1
            guard tokens[index].kind == .identifier else { return }  // destructuring, `const enum`
            let nameIndex = index
            index += 1
            if isPunctuator(index, ":") {  // TS type annotation: up to `=`
                var steps = 0
                while index < tokens.count, !isPunctuator(index, "="), !isPunctuator(index, ";"), steps < 256 {
                    index = skipGroup(index)
                    steps += 1
                }
            }
            guard isPunctuator(index, "=") else { return }
            let initializerStart = index + 1
            let initializerEnd = declaratorEnd(from: initializerStart)
            guard initializerEnd > initializerStart else { return }
            var initializer = initializerStart..<initializerEnd
            if initializer.count >= 3, isIdentifier(initializer.upperBound - 2, "as") || isIdentifier(initializer.upperBound - 2, "satisfies") {
                initializer = initializer.lowerBound..<(initializer.upperBound - 2)
            }
            var declaration = ConstantDeclaration(scope: scope, initializer: initializer, members: [:])
            if isOpener(initializer.lowerBound), tokens[initializer.lowerBound].link == initializer.upperBound - 1, bytes[tokens[initializer.lowerBound].start] == 0x7B {
                declaration.members = objectMembers(of: initializer.lowerBound)
            }
            constants[text(ofToken: nameIndex), default: []].append(declaration)
            index = initializerEnd
            guard isPunctuator(index, ",") else { return }
            index += 1
        }
    }

    /// The end of a declarator's initializer: a top-level `,` or `;`, the enclosing closer, or a
    /// line break where automatic semicolon insertion ends the statement.
    func declaratorEnd(from start: Int) -> Int {
        var index = start
        while index < tokens.count {
            if index > start, tokens[index].flags.contains(.precededByLineBreak), endsValue(index - 1) {
                switch tokens[index].kind {
                case .identifier, .string, .number, .template, .templateHead, .privateName: return index
                default: break
                }
            }
            if isPunctuator(index, ",") || isPunctuator(index, ";") || isCloser(index) { return index }
            index = skipGroup(index)
        }
        return min(index, tokens.count)
    }

    /// `key: value` members of the object literal opening at `open`, nested objects as `a.b`.
    func objectMembers(of open: Int) -> [String: Range<Int>] {
        var members: [String: Range<Int>] = [:]
        var work: [(open: Int, prefix: String, depth: Int)] = [(open, "", 0)]
        while let item = work.popLast() {
            let close = tokens[item.open].link
            for property in splitArguments((item.open + 1)..<close) where property.count >= 3 {
                let keyIndex = property.lowerBound
                guard isPunctuator(keyIndex + 1, ":") else { continue }
                let key: String
                switch tokens[keyIndex].kind {
                case .identifier, .number: key = text(ofToken: keyIndex)
                case .string: key = text((tokens[keyIndex].start + 1)..<max(tokens[keyIndex].start + 1, tokens[keyIndex].end - 1))
                default: continue
                }
                var value = (keyIndex + 2)..<property.upperBound
                if value.count >= 3, isIdentifier(value.upperBound - 2, "as") { value = value.lowerBound..<(value.upperBound - 2) }
                let path = item.prefix.isEmpty ? key : item.prefix + "." + key
                members[path] = value
                if item.depth < 8, isOpener(value.lowerBound), tokens[value.lowerBound].link == value.upperBound - 1, bytes[tokens[value.lowerBound].start] == 0x7B {
                    work.append((value.lowerBound, path, item.depth + 1))
                }
            }
        }
        return members
    }

    /// The innermost `const` named `name` whose scope holds the token `use`.
    func constant(named name: String, at use: Int) -> ConstantDeclaration? {
        guard let candidates = constants[name] else { return nil }
        var best: ConstantDeclaration?
        for candidate in candidates where candidate.scope.contains(use) {
            if let current = best, current.scope.lowerBound >= candidate.scope.lowerBound { continue }
            best = candidate
        }
        return best
    }

    /// The tokens of the value a name or member path (`Q`, `Q.byId`, `Q.users.byId`) refers to.
    mutating func constantValue(for range: Range<Int>) -> (tokens: Range<Int>, name: String)? {
        guard !range.isEmpty, tokens[range.lowerBound].kind == .identifier else { return nil }
        var path: [String] = []
        var index = range.lowerBound + 1
        while index + 1 < range.upperBound, isPunctuator(index, "."), tokens[index + 1].kind == .identifier {
            path.append(text(ofToken: index + 1))
            index += 2
        }
        guard index == range.upperBound else { return nil }
        let name = text(ofToken: range.lowerBound)
        guard let declaration = constant(named: name, at: range.lowerBound) else { return nil }
        if path.isEmpty { return (declaration.initializer, name) }
        let memberPath = path.joined(separator: ".")
        guard let member = declaration.members[memberPath] else { return nil }
        return (member, name + "." + memberPath)
    }

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
        let isList = role == .splicedText && isPlaceholderList(range)
        assembly.appendHole(role: role, sourceRange: sourceRange(ofTokens: range), value: classify(range), isPlaceholderList: isList)
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
        if depth < maximumEvaluationDepth, isConstantText(expression) {
            var inner = SQLAssembly()
            appendConcatenation(expression, role: role, depth: depth + 1, to: &inner)
            if inner.hasText, inner.holes.isEmpty {
                assembly.append(inner)
                return
            }
        }
        assembly.appendHole(role: role, sourceRange: holeSource, value: classify(expression), isPlaceholderList: isPlaceholderList(expression))
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
        return elements.isEmpty ? nil : (elements, separator)
    }

    /// Whether a configured tagged template appears in the tokens (looking at a bounded number).
    func containsSQLTaggedTemplate(_ range: Range<Int>) -> Bool {
        for index in range.prefix(4_096) where tokens[index].kind == .template || tokens[index].kind == .templateHead {
            if sqlTag(before: index) != nil { return true }
        }
        return false
    }

    /// Names of SQL-library helpers whose result is spliced as SQL text inside a tagged template.
    private static let rawTextHelperNames: Set<String> = ["raw", "unsafe", "identifier", "ident", "join", "literal", "empty", "id"]

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

    // MARK: - Values

    /// What the code says about the value of the expression `range`.
    mutating func classify(_ range: Range<Int>) -> SourceValue {
        let source = sourceRange(ofTokens: range)
        // Tokens never start or end with whitespace, so the text needs no trimming.
        let expressionText = text(source.lowerBound..<min(source.upperBound, source.lowerBound + maximumExpressionTextLength))
        var value = SourceValue(expressionRange: source, expressionText: expressionText, kind: .unknown)
        guard !range.isEmpty else { return value }
        var inner = range
        while inner.count >= 2, isPunctuator(inner.lowerBound, "("), tokens[inner.lowerBound].link == inner.upperBound - 1 {
            inner = (inner.lowerBound + 1)..<(inner.upperBound - 1)
        }
        guard !inner.isEmpty else { return value }
        let first = inner.lowerBound
        let last = inner.upperBound - 1
        let firstKind = tokens[first].kind
        if inner.count == 1 {
            switch firstKind {
            case .number: value.kind = .number
            case .string, .template: value.kind = .string
            case .identifier:
                if isIdentifier(first, "true") || isIdentifier(first, "false") { value.kind = .boolean }
                else if isIdentifier(first, "null") || isIdentifier(first, "undefined") { value.kind = .null }
                else if let resolved = constantValue(for: inner), resolved.tokens.count == 1 {
                    switch tokens[resolved.tokens.lowerBound].kind {
                    case .number: value.kind = .number
                    case .string, .template: value.kind = .string
                    default: break
                    }
                }
            default: break
            }
            return value
        }
        if firstKind == .templateHead, templateEnd(first) == last {
            value.kind = .string
            return value
        }
        if isPunctuator(first, "-"), inner.count == 2, tokens[last].kind == .number {
            value.kind = .number
            return value
        }
        if isPunctuator(first, "+") {
            value.kind = .number
            value.conversion = ValueConversion(name: "unary +", expressionRange: sourceRange(ofTokens: inner), operandRange: sourceRange(ofTokens: (first + 1)..<inner.upperBound))
            return value
        }
        if isPunctuator(first, "!") {
            value.kind = .boolean
            return value
        }
        // `x.length`
        if inner.count >= 3, isIdentifier(last, "length"), isMemberDot(last - 1) {
            value.kind = .number
            return value
        }
        // Calls: `callee(args)` with a dotted callee, or `receiver.method()`.
        guard isPunctuator(last, ")"), tokens[last].link > first else { return value }
        let open = tokens[last].link
        let arguments = (open + 1)..<last
        let firstArgument = splitArguments(arguments).first ?? arguments
        // A plain dotted callee: `parseInt`, `Number.parseFloat`, `Math.round`, `JSON.stringify`.
        var calleeNames: [String] = []
        var index = first
        var isDottedName = true
        while index < open {
            if tokens[index].kind == .identifier, calleeNames.count == (index - first) / 2 { calleeNames.append(text(ofToken: index)) }
            else if !(isPunctuator(index, ".") && (index - first) % 2 == 1) { isDottedName = false; break }
            index += 1
        }
        let expression = sourceRange(ofTokens: inner)
        let operand = sourceRange(ofTokens: firstArgument)
        if isDottedName, !calleeNames.isEmpty {
            let callee = calleeNames.joined(separator: ".")
            switch callee {
            case "parseInt", "parseFloat", "Number", "Number.parseInt", "Number.parseFloat", "BigInt":
                value.kind = .number
                value.conversion = ValueConversion(name: callee, expressionRange: expression, operandRange: operand)
                return value
            case "String":
                value.kind = .string
                value.conversion = ValueConversion(name: callee, expressionRange: expression, operandRange: operand)
                return value
            case "JSON.stringify":
                value.kind = .json
                value.conversion = ValueConversion(name: callee, expressionRange: expression, operandRange: operand)
                return value
            case "Boolean":
                value.kind = .boolean
                return value
            case "Date.now":
                value.kind = .number
                return value
            default:
                if calleeNames.count == 2, calleeNames[0] == "Math" {
                    value.kind = .number
                    value.conversion = ValueConversion(name: callee, expressionRange: expression, operandRange: operand)
                    return value
                }
            }
        }
        // `receiver.toString()`, `n.toFixed(2)`, `date.toISOString()`.
        if open >= first + 3, tokens[open - 1].kind == .identifier, isMemberDot(open - 2) {
            let method = text(ofToken: open - 1)
            let receiver = sourceRange(ofTokens: first..<(open - 2))
            switch method {
            case "toString", "toFixed", "toISOString", "toPrecision", "toLocaleString":
                value.kind = .string
                value.conversion = ValueConversion(name: method, expressionRange: expression, operandRange: receiver)
            case "getTime", "valueOf":
                value.kind = .number
            default:
                break
            }
        }
        return value
    }

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
        // `sql<Row>`…``: skip TS type arguments.
        if isPunctuator(end, ">") {
            var depth = 0
            var index = end
            var steps = 0
            while index >= 0, steps < 64 {
                if isPunctuator(index, ">") { depth += 1 } else if isPunctuator(index, ">>") { depth += 2 } else if isPunctuator(index, "<") {
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

    mutating func findQueryCallsAndTaggedTemplates() {
        var index = 0
        while index < tokens.count {
            let kind = tokens[index].kind
            if kind == .identifier, tokenText(index, equalsAnyOf: queryFunctionNames) {
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
            if nameIndex >= 1, tokens[nameIndex - 1].kind == .identifier { return }
            if isPunctuator(close + 1, "{") { return }
        }
        // A chained call: `db.prepare('…').get(x)` gives the values of the query before it.
        if hasReceiver, nameIndex >= 2, isPunctuator(nameIndex - 2, ")"), let queryIndex = queryByCallCloseToken[nameIndex - 2] {
            queries[queryIndex].boundValues = boundValues(arguments: splitArguments((open + 1)..<close), closeIndex: close, isPrepareWithoutChain: false)
            if let callRange = queries[queryIndex].callRange { queries[queryIndex].callRange = callRange.lowerBound..<tokens[close].end }
            queries[queryIndex].callClosingParenthesisOffset = tokens[close].start
            queryByCallCloseToken[close] = queryIndex
            return
        }
        // A use of a prepared statement held in a const: `stmt.get(x)`.
        if hasReceiver, nameIndex >= 2, tokens[nameIndex - 2].kind == .identifier, !(nameIndex >= 3 && isMemberDot(nameIndex - 3)),
           let entries = preparedStatements[text(ofToken: nameIndex - 2)],
           let entry = entries.filter({ $0.scope.contains(nameIndex) }).max(by: { $0.scope.lowerBound < $1.scope.lowerBound }) {
            let uses = preparedStatementUses[entry.query, default: 0] + 1
            preparedStatementUses[entry.query] = uses
            if uses == 1 {
                queries[entry.query].boundValues = boundValues(arguments: splitArguments((open + 1)..<close), closeIndex: close, isPrepareWithoutChain: false)
                queries[entry.query].callClosingParenthesisOffset = tokens[close].start
            } else if let offset = queries[entry.query].callRange?.upperBound {
                // Several runs of one statement bind different values: their count is not one thing.
                queries[entry.query].boundValues = .unknown(argumentRange: (offset - 1)..<(offset - 1))
                queries[entry.query].callClosingParenthesisOffset = offset - 1
            }
            return
        }
        let arguments = splitArguments((open + 1)..<close)
        guard let sqlArgument = arguments.first, !sqlArgument.isEmpty else { return }
        let callee = calleeStart(nameIndex: nameIndex)
        let receiver = hasReceiver ? receiverText(callee.start..<(nameIndex - 1)) : nil
        let functionName = text(ofToken: nameIndex)
        let callRange = tokens[callee.start].start..<tokens[close].end
        let isPrepare = functionName == "prepare"

        var assembly = SQLAssembly()
        var origin = QueryOrigin.queryCall(functionName: functionName)
        var holesAreBound = false
        if let tagged = taggedTemplate(spanning: sqlArgument) {
            appendTemplate(head: tagged.template, role: .boundParameter, depth: 0, to: &assembly)
            origin = .taggedTemplate(tag: tagged.tag)
            holesAreBound = true
        } else {
            appendConcatenation(sqlArgument, role: .splicedText, depth: 0, to: &assembly)
        }
        let argumentSource = sourceRange(ofTokens: sqlArgument)
        if !assembly.hasText {
            // The SQL comes from somewhere the file does not show.
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
        let values = boundValues(arguments: Array(arguments.dropFirst()), closeIndex: close, isPrepareWithoutChain: isPrepare)
        if isPrepare, arguments.count == 1, let name = constantName(initializedBy: callee.start..<(close + 1)) {
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
    }

    /// The `const` whose whole initializer is the tokens `initializer`, with its scope.
    func constantName(initializedBy initializer: Range<Int>) -> (name: String, scope: Range<Int>)? {
        let equals = initializer.lowerBound - 1
        guard equals >= 1, isPunctuator(equals, "="), tokens[equals - 1].kind == .identifier else { return nil }
        let name = text(ofToken: equals - 1)
        guard let declaration = constants[name]?.first(where: { $0.initializer == initializer }) else { return nil }
        return (name, declaration.scope)
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

    // MARK: - SQL-like literals

    mutating func findSQLLikeLiterals() {
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            guard token.kind == .string || token.kind == .template || token.kind == .templateHead, !used[index],
                  !token.flags.contains(.jsxAttributeString), !token.flags.contains(.unterminated) else {
                index += 1
                continue
            }
            let isTemplate = token.kind != .string
            // Mid-chain (`x + 'SELECT'`), a member name, or a template tagged with some other tag (`gql`…``).
            if index >= 1, isPunctuator(index - 1, "+") || isMemberDot(index - 1) || (isTemplate && endsValue(index - 1)) {
                index = skipGroup(index)
                continue
            }
            guard mayStartStatement(literal: index) else {
                index += 1
                continue
            }
            let end = concatenationEnd(from: index)
            var assembly = SQLAssembly()
            appendConcatenation(index..<end, role: .splicedText, depth: 0, to: &assembly)
            if assembly.hasText, SQLShape.looksLikeStatement(assembly.sql, strictness: .anywhere) {
                markUsed(assembly.usedTokens)
                queries.append(EmbeddedQuery(
                    sql: assembly.sqlText,
                    sourceMap: assembly.sourceMap,
                    origin: .sqlLikeLiteral,
                    sourceRange: sourceRange(ofTokens: index..<end),
                    holes: assembly.holes,
                    boundValues: .none,
                    dynamism: assembly.splicesUnknownText ? .splicedUnknownText : .fullyStatic
                ))
            }
            index += 1
        }
    }

    private static let statementKeywordBytes: [[UInt8]] = SQLShape.statementKeywords.map { Array($0.utf8) }

    /// A cheap test on the literal's raw bytes, before any decoding: does its first word look
    /// like a statement keyword (any case)? Most literals are not SQL; this keeps them cheap.
    func mayStartStatement(literal index: Int) -> Bool {
        let token = tokens[index]
        var cursor = token.start + 1
        let limit = min(token.end, bytes.count)
        while cursor < limit {
            let byte = bytes[cursor]
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                cursor += 1
            } else if byte == 0x5C, cursor + 1 < limit, [0x6E, 0x74, 0x72, 0x0A, 0x0D].contains(bytes[cursor + 1]) {
                cursor += 2
            } else {
                break
            }
        }
        guard cursor < limit else { return false }
        let first = bytes[cursor]
        if first == 0x28 || first == 0x2D || first == 0x2F { return true }  // `(`, `--`, `/*`: let the full test decide
        var word: [UInt8] = []
        while cursor < limit, word.count <= 10 {
            let byte = bytes[cursor]
            if byte >= 0x61 && byte <= 0x7A { word.append(byte - 0x20) } else if byte >= 0x41 && byte <= 0x5A { word.append(byte) } else { break }
            cursor += 1
        }
        guard word.count >= 3, word.count <= 9 else { return false }
        return Self.statementKeywordBytes.contains(word)
    }

    /// The end of `operand (+ operand)*` starting at a literal.
    func concatenationEnd(from start: Int) -> Int {
        var index = operandEnd(from: start)
        var steps = 0
        while index < tokens.count, isPunctuator(index, "+"), steps < 10_000 {
            let next = operandEnd(from: index + 1)
            guard next > index + 1 else { break }
            index = next
            steps += 1
        }
        return index
    }

    /// The end of one operand: prefix operators, a primary expression, then member accesses,
    /// calls and index accesses.
    func operandEnd(from start: Int) -> Int {
        var index = start
        while index < tokens.count, tokens[index].kind == .punctuator, ["+", "-", "!", "~"].contains(where: { isPunctuator(index, $0) }) { index += 1 }
        guard index < tokens.count else { return index }
        switch tokens[index].kind {
        case .identifier, .string, .template, .templateHead, .number, .regularExpression, .privateName: break
        case .punctuator where isOpener(index): break
        default: return index
        }
        index = skipGroup(index)
        while index < tokens.count {
            if isMemberDot(index), index + 1 < tokens.count, tokens[index + 1].kind == .identifier || tokens[index + 1].kind == .privateName {
                index += 2
            } else if (isPunctuator(index, "(") || isPunctuator(index, "[")), isOpener(index), !tokens[index].flags.contains(.precededByLineBreak) {
                index = skipGroup(index)
            } else {
                break
            }
        }
        return index
    }

    // MARK: - Suppression

    mutating func applySuppressions() {
        guard !queries.isEmpty else { return }
        for comment in comments {
            guard let marker = firstOccurrence(of: Array("sqlheal-ignore".utf8), in: comment) else { continue }
            let codes = suppressionCodes(from: marker + 14, to: comment.upperBound)
            let commentLineEnd = lineEnd(from: comment.upperBound)
            let nextLineStart = lineBreakEnd(at: commentLineEnd)
            let nextLineEnd = lineEnd(from: nextLineStart)
            for index in queries.indices {
                let anchors = [queries[index].callRange?.lowerBound, queries[index].sourceRange.lowerBound].compactMap { $0 }
                let covered = anchors.contains { anchor in
                    (anchor >= nextLineStart && anchor <= nextLineEnd && nextLineStart > commentLineEnd) || (anchor >= comment.upperBound && anchor < commentLineEnd)
                }
                guard covered else { continue }
                var suppression = queries[index].suppression ?? QuerySuppression(codes: codes)
                if queries[index].suppression != nil { suppression.codes = codes.isEmpty || suppression.codes.isEmpty ? [] : suppression.codes.union(codes) }
                queries[index].suppression = suppression
            }
        }
    }

    func firstOccurrence(of needle: [UInt8], in range: ByteRange) -> Int? {
        guard range.count >= needle.count else { return nil }
        var index = range.lowerBound
        while index + needle.count <= range.upperBound {
            if bytes[index] == needle[0] {
                var matches = true
                for offset in 1..<needle.count where bytes[index + offset] != needle[offset] { matches = false; break }
                if matches { return index }
            }
            index += 1
        }
        return nil
    }

    /// The finding codes after the marker: words made of lower-case letters, digits and dashes
    /// that contain a dash (`missing-column`), until the first word that is not one.
    func suppressionCodes(from start: Int, to end: Int) -> Set<String> {
        var codes: Set<String> = []
        var index = start
        while index < end {
            let byte = bytes[index]
            if byte == 0x20 || byte == 0x09 || byte == 0x2C { index += 1; continue }
            var wordEnd = index
            while wordEnd < end, (bytes[wordEnd] >= 0x61 && bytes[wordEnd] <= 0x7A) || isDecimalDigit(bytes[wordEnd]) || bytes[wordEnd] == 0x2D { wordEnd += 1 }
            let word = text(index..<wordEnd)
            guard wordEnd > index, word.contains("-"), !word.hasPrefix("-"), !word.hasSuffix("-") else { break }
            codes.insert(word)
            index = wordEnd
        }
        return codes
    }

    func lineEnd(from index: Int) -> Int {
        var index = index
        while index < bytes.count, bytes[index] != 0x0A, bytes[index] != 0x0D { index += 1 }
        return index
    }

    func lineBreakEnd(at index: Int) -> Int {
        guard index < bytes.count else { return index }
        if bytes[index] == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A { return index + 2 }
        return index + 1
    }
}
