// How a wrapper changes the SQL it is given before running it, for QueryExtractionPass. What the
// change is decides what the wrapper's callers are held to.

/// What a query wrapper does to its SQL between its caller and the database.
public enum SQLRewrite: Sendable, Hashable {
    /// Runs the SQL as given.
    case none
    /// Changes only text that a pattern made of placeholder tokens located: `sql.replace(/\?/g, …)`,
    /// or a splice of the SQL at a match of such a pattern (a null value's `= ?` written as
    /// ` IS NULL`). The statement's syntax, names and one value per placeholder stay the caller's:
    /// callers are checked as if the wrapper ran the SQL unchanged.
    case placeholders
    /// Adds constant SQL around it on every run (`sql = 'EXPLAIN ' + sql`, `sql += ' LIMIT 1'`):
    /// callers are checked on their SQL with these pieces added.
    case affixes(prefix: String, suffix: String)
    /// Anything else: callers' names are checked, not their syntax or their values' count.
    case unknown

    /// The rewrite of running `self`, then `next`.
    func followed(by next: SQLRewrite) -> SQLRewrite {
        switch (self, next) {
        case (.none, _): return next
        case (_, .none): return self
        case (.placeholders, .placeholders): return .placeholders
        case (.placeholders, .affixes), (.affixes, .placeholders):
            // Placeholders edited inside text that stays a statement: what counts is the affix.
            if case .affixes = self { return self }
            return next
        case (.affixes(let prefix, let suffix), .affixes(let nextPrefix, let nextSuffix)):
            return .affixes(prefix: nextPrefix + prefix, suffix: suffix + nextSuffix)
        default: return .unknown
        }
    }

    /// The looser of two definitions under one name.
    func joined(with other: SQLRewrite) -> SQLRewrite {
        if self == other { return self }
        switch (self, other) {
        case (.none, .placeholders), (.placeholders, .none): return .placeholders
        default: return .unknown
        }
    }
}

extension QueryExtractionPass {
    // MARK: - Rewrites

    /// What the code in `region` (a wrapper's body up to its query call) does to the variable
    /// `name` before the call: each assignment to it is read, and the pieces are joined.
    /// `function` is the function whose body `region` is; an affix added only on some paths is
    /// not known to be added (`.unknown`).
    mutating func rewrite(of name: String, in region: Range<Int>, function body: Range<Int>, depth: Int = 0) -> SQLRewrite {
        var result = SQLRewrite.none
        var index = region.lowerBound
        while index < region.upperBound {
            defer { index += 1 }
            guard tokens[index].kind == .identifier, !(index >= 1 && isMemberDot(index - 1)), text(ofToken: index) == name else { continue }
            let step: SQLRewrite
            if isPunctuator(index + 1, "+=") {
                let end = declaratorEnd(from: index + 2)
                step = constantText((index + 2)..<end).map { SQLRewrite.affixes(prefix: "", suffix: $0) } ?? .unknown
            } else if isPunctuator(index + 1, "=") {
                let end = declaratorEnd(from: index + 2)
                step = rewrite(assigning: (index + 2)..<end, to: name, destructuredAt: nil, function: body, depth: depth)
            } else if let group = destructuringGroup(around: index, within: region), isPunctuator(tokens[group].link + 1, "=") {
                let position = splitArguments((group + 1)..<tokens[group].link).firstIndex { $0 == index..<(index + 1) }
                let start = tokens[group].link + 2
                step = rewrite(assigning: start..<declaratorEnd(from: start), to: name, destructuredAt: position, function: body, depth: depth)
            } else {
                continue
            }
            if case .affixes = step, enclosingBlock(of: index) != body || isConditionalStatement(startingAt: index) {
                return .unknown  // added on some paths only
            }
            result = result.followed(by: step)
            if result == .unknown { return .unknown }
        }
        return result
    }

    /// What `name = <expression>` (or `[…, name, …] = <expression>`, `name` at `position`) does to `name`.
    private mutating func rewrite(assigning expression: Range<Int>, to name: String, destructuredAt position: Int?, function body: Range<Int>, depth: Int) -> SQLRewrite {
        guard !expression.isEmpty else { return .unknown }
        var expression = expression
        if isIdentifier(expression.lowerBound, "await") { expression = (expression.lowerBound + 1)..<expression.upperBound }
        let operands = plusOperands(expression)
        if position == nil, operands.count >= 2 {
            return rewrite(concatenating: operands, to: name, function: body)
        }
        // Methods of the SQL itself: `sql.replace(/\?/g, …).trim()`.
        if position == nil, let chain = rewrite(ofMethodChain: expression, on: name, function: body) { return chain }
        guard let call = callParts(expression) else { return .unknown }
        // A call of a function that gives back a rewritten SQL: `[sql, params] = this.parse(sql, params)`.
        guard depth < 3, let argument = call.arguments.firstIndex(where: { $0.count == 1 && isNamed($0.lowerBound, name) }),
              let function = localFunction(named: call.name), argument < function.parameters.count else { return .unknown }
        let parameter = function.parameters[argument]
        guard returns(parameter, at: position, in: function.body) else { return .unknown }
        return rewrite(of: parameter, in: function.body, function: function.body, depth: depth + 1)
    }

    /// `name = name + ' LIMIT 1'`, `name = 'EXPLAIN ' + name`, or a splice of `name` at a placeholder match.
    private mutating func rewrite(concatenating operands: [Range<Int>], to name: String, function body: Range<Int>) -> SQLRewrite {
        let nameOperands = operands.indices.filter { operands[$0].count == 1 && isNamed(operands[$0].lowerBound, name) }
        if nameOperands.count == 1, let at = nameOperands.first {
            var prefix = ""
            var suffix = ""
            for (offset, operand) in operands.enumerated() where offset != at {
                guard let piece = constantText(operand) else { return .unknown }
                if offset < at { prefix += piece } else { suffix += piece }
            }
            return .affixes(prefix: prefix, suffix: suffix)
        }
        // `sql.substring(0, m.index) + repl + sql.substr(m.index + m[0].length)`.
        var slices = 0
        for operand in operands {
            guard let call = callParts(operand), call.receiver.count == 1, isNamed(call.receiver.lowerBound, name),
                  ["substring", "substr", "slice"].contains(call.name) else { continue }
            var anchored = false
            var visited: Set<String> = []
            for argument in call.arguments {
                guard locatesPlaceholder(argument, in: name, function: body, anchored: &anchored, visited: &visited, depth: 0) else { return .unknown }
            }
            guard anchored else { return .unknown }
            slices += 1
        }
        return slices > 0 ? .placeholders : .unknown
    }

    /// `name.m1(…).m2(…)`: the string methods in order; `nil` when `expression` is not such a chain.
    private mutating func rewrite(ofMethodChain expression: Range<Int>, on name: String, function body: Range<Int>) -> SQLRewrite? {
        if expression.count == 1, isNamed(expression.lowerBound, name) { return SQLRewrite.none }
        guard let call = callParts(expression), !call.receiver.isEmpty,
              let before = rewrite(ofMethodChain: call.receiver, on: name, function: body) else { return nil }
        return before.followed(by: rewrite(byStringMethod: call.name, arguments: call.arguments, function: body))
    }

    /// Whether the statement at `index` runs only on some paths though it stands in the function's
    /// body: `if (x) sql += …`, `else sql += …`, `x && (sql += …)`.
    private func isConditionalStatement(startingAt index: Int) -> Bool {
        let previous = index - 1
        guard previous >= 0 else { return false }
        if isIdentifier(previous, "else") { return true }
        if isPunctuator(previous, ")"), tokens[previous].link >= 1 {
            let keyword = tokens[previous].link - 1
            return isIdentifier(keyword, "if") || isIdentifier(keyword, "while") || isIdentifier(keyword, "for")
        }
        return !(isPunctuator(previous, ";") || isPunctuator(previous, "{") || isPunctuator(previous, "}") || tokens[index].flags.contains(.precededByLineBreak))
    }

    private mutating func rewrite(byStringMethod method: String, arguments: [Range<Int>], function body: Range<Int>) -> SQLRewrite {
        switch method {
        case "trim", "trimStart", "trimEnd", "toString", "valueOf":
            return .none
        case "replace", "replaceAll":
            guard let pattern = arguments.first else { return .unknown }
            var visited: Set<String> = []
            return isPlaceholderPattern(pattern, function: body, visited: &visited) ? .placeholders : .unknown
        default:
            return .unknown
        }
    }

    // MARK: Locating placeholders

    /// Whether `expression` is an offset found by searching `sqlName` for a placeholder pattern,
    /// or arithmetic on such offsets and numbers (`m.index`, `m.index + m[0].length`, `0`).
    /// `anchored` becomes true once a placeholder search is reached.
    private mutating func locatesPlaceholder(_ expression: Range<Int>, in sqlName: String, function body: Range<Int>, anchored: inout Bool, visited: inout Set<String>, depth: Int) -> Bool {
        guard !expression.isEmpty, depth < 8 else { return false }
        if isPlaceholderSearch(expression, in: sqlName, function: body, visited: &visited) {
            anchored = true
            return true
        }
        var index = expression.lowerBound
        while index < expression.upperBound {
            let token = tokens[index]
            switch token.kind {
            case .number:
                break
            case .punctuator:
                guard isPunctuator(index, "+") || isPunctuator(index, "-") || isPunctuator(index, "(") || isPunctuator(index, ")")
                    || isPunctuator(index, "[") || isPunctuator(index, "]") || isMemberDot(index) else { return false }
            case .identifier:
                if index >= 1, isMemberDot(index - 1) { break }  // `.index`, `.length`
                let variable = text(ofToken: index)
                guard visited.insert(variable).inserted else { break }
                let assignments = assignedValues(of: variable, in: body)
                guard !assignments.isEmpty else { return false }
                for value in assignments {
                    guard locatesPlaceholder(value, in: sqlName, function: body, anchored: &anchored, visited: &visited, depth: depth + 1) else { return false }
                }
            default:
                return false
            }
            index += 1
        }
        return true
    }

    /// `re.exec(sql)`, `sql.match(re)`, `sql.search(re)`, `sql.indexOf('?')` with a placeholder pattern.
    private mutating func isPlaceholderSearch(_ expression: Range<Int>, in sqlName: String, function body: Range<Int>, visited: inout Set<String>) -> Bool {
        guard let call = callParts(expression) else { return false }
        if call.name == "exec", call.arguments.count == 1, call.arguments[0].count == 1, isNamed(call.arguments[0].lowerBound, sqlName) {
            return isPlaceholderPattern(call.receiver, function: body, visited: &visited)
        }
        guard call.receiver.count == 1, isNamed(call.receiver.lowerBound, sqlName),
              ["match", "matchAll", "search", "indexOf", "lastIndexOf"].contains(call.name), let pattern = call.arguments.first else { return false }
        return isPlaceholderPattern(pattern, function: body, visited: &visited)
    }

    /// A regular expression or string every match of which holds a placeholder, and otherwise
    /// only spaces and punctuation (no word, so never a name or keyword): `/\?/g`, `/\s*[=,(]\s*\?/g`,
    /// `/\?\d*/g`, `/[:@$]\w+/g`, `'?'`; or a name assigned only such patterns.
    mutating func isPlaceholderPattern(_ expression: Range<Int>, function body: Range<Int>, visited: inout Set<String>) -> Bool {
        guard expression.count == 1 else { return false }
        let token = tokens[expression.lowerBound]
        switch token.kind {
        case .regularExpression:
            let literal = Array(UnsafeBufferPointer(rebasing: bytes[token.start..<token.end]))
            guard let close = literal.lastIndex(of: 0x2F), close > 0 else { return false }
            return PlaceholderPattern.matchesOnlyPlaceholders(source: Array(literal[1..<close]))
        case .string:
            guard let value = stringValue(ofToken: expression.lowerBound) else { return false }
            return value.contains("?") && value.utf8.allSatisfy { $0 == 0x3F || PlaceholderPattern.isSpaceOrPunctuation($0) }
        case .identifier:
            let name = text(ofToken: expression.lowerBound)
            guard visited.insert(name).inserted else { return false }
            let values = assignedValues(of: name, in: body)
            return !values.isEmpty && values.allSatisfy { isPlaceholderPattern($0, function: body, visited: &visited) }
        default:
            return false
        }
    }

    // MARK: Reading expressions

    /// Every value assigned to the plain variable `name` in the function `body` (`var|let|const name = v`,
    /// `name = v`).
    private func assignedValues(of name: String, in body: Range<Int>) -> [Range<Int>] {
        var values: [Range<Int>] = []
        for index in body where tokens[index].kind == .identifier && isPunctuator(index + 1, "=") {
            guard !(index >= 1 && isMemberDot(index - 1)), text(ofToken: index) == name else { continue }
            let end = declaratorEnd(from: index + 2)
            guard end > index + 2 else { return [] }
            values.append((index + 2)..<end)
            if values.count > 8 { return [] }
        }
        return values
    }

    /// `receiver.name(arguments)` or `name(arguments)` spanning exactly `range`.
    func callParts(_ range: Range<Int>) -> (receiver: Range<Int>, name: String, arguments: [Range<Int>])? {
        guard range.count >= 3, isPunctuator(range.upperBound - 1, ")") else { return nil }
        let open = tokens[range.upperBound - 1].link
        guard open > range.lowerBound, open < range.upperBound, tokens[open - 1].kind == .identifier else { return nil }
        let nameIndex = open - 1
        let receiver = nameIndex >= range.lowerBound + 2 && isMemberDot(nameIndex - 1) ? range.lowerBound..<(nameIndex - 1) : nameIndex..<nameIndex
        guard receiver.isEmpty ? nameIndex == range.lowerBound : true else { return nil }
        return (receiver, text(ofToken: nameIndex), splitArguments((open + 1)..<(range.upperBound - 1)).filter { !$0.isEmpty })
    }

    /// The text of a string literal, or of a name the file binds to one.
    private mutating func constantText(_ range: Range<Int>) -> String? {
        guard range.count == 1 else { return nil }
        if let value = stringValue(ofToken: range.lowerBound) { return value }
        guard tokens[range.lowerBound].kind == .identifier,
              let declaration = constant(named: text(ofToken: range.lowerBound), at: range.lowerBound),
              declaration.initializer.count == 1 else { return nil }
        return stringValue(ofToken: declaration.initializer.lowerBound)
    }

    /// The function this file defines under `name` (`function name(`, `name(…) {`, `X.prototype.name = function (`).
    func localFunction(named name: String) -> FunctionScope? {
        let wanted = [Array(name.utf8)]
        for index in 0..<tokens.count where tokens[index].kind == .identifier && tokenText(index, equalsAnyOf: wanted) {
            var open = index + 1
            var steps = 0
            while open < tokens.count, steps < 48, !isPunctuator(open, "{"), !isPunctuator(open, ";") {
                open = isOpener(open) && !isPunctuator(open, "{") ? tokens[open].link + 1 : open + 1
                steps += 1
            }
            guard isPunctuator(open, "{"), let scope = functionScope(openingAt: open), scope.name == name else { continue }
            return scope
        }
        return nil
    }

    /// Whether the function body returns `parameter` (as `return parameter`, or as element
    /// `position` of a returned array literal).
    private func returns(_ parameter: String, at position: Int?, in body: Range<Int>) -> Bool {
        var found = false
        for index in body where isIdentifier(index, "return") {
            let value = (index + 1)..<declaratorEnd(from: index + 1)
            if let position {
                guard isPunctuator(value.lowerBound, "["), tokens[value.lowerBound].link == value.upperBound - 1 else { return false }
                let elements = splitArguments((value.lowerBound + 1)..<(value.upperBound - 1))
                guard position < elements.count, elements[position].count == 1, isNamed(elements[position].lowerBound, parameter) else { return false }
            } else {
                guard value.count == 1, isNamed(value.lowerBound, parameter) else { return false }
            }
            found = true
        }
        return found
    }

    func isNamed(_ index: Int, _ name: String) -> Bool {
        index >= 0 && index < tokens.count && tokens[index].kind == .identifier && text(ofToken: index) == name
    }

    /// The `[` or `{` directly around `index` (destructuring), if any.
    func destructuringGroup(around index: Int, within range: Range<Int>) -> Int? {
        var cursor = index - 1
        while cursor >= range.lowerBound, cursor >= index - 32 {
            if isCloser(cursor) { return nil }
            if (isPunctuator(cursor, "[") || isPunctuator(cursor, "{")) && tokens[cursor].link > index { return cursor }
            cursor -= 1
        }
        return nil
    }
}

/// Reads a regular expression's source: does every match hold a placeholder and nothing but
/// spaces and punctuation around it?
enum PlaceholderPattern {
    static func isSpaceOrPunctuation(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x20, 0x09, 0x0A, 0x0D, 0x3D, 0x2C, 0x28, 0x29, 0x3C, 0x3E, 0x21: return true  // space, = , ( ) < > !
        default: return false
        }
    }

    /// `source` is the text between the slashes. No alternation, no wildcard, no letters except
    /// a named placeholder's `\w+` after its sigil; a `\?` (or a sigil and a name) that no
    /// quantifier makes optional.
    static func matchesOnlyPlaceholders(source: [UInt8]) -> Bool {
        var index = 0
        var hasPlaceholder = false
        var groupDepth = 0
        var previousWasSigil = false
        func optionalQuantifier(at position: Int) -> Bool {
            position < source.count && (source[position] == 0x3F || source[position] == 0x2A || (source[position] == 0x7B && position + 1 < source.count && source[position + 1] == 0x30))
        }
        func skipQuantifier(at position: Int) -> Int {
            guard position < source.count else { return position }
            switch source[position] {
            case 0x2A, 0x2B, 0x3F: return position + 1
            case 0x7B: return (source[position...].firstIndex(of: 0x7D) ?? position) + 1
            default: return position
            }
        }
        while index < source.count {
            let byte = source[index]
            var sigil = false
            switch byte {
            case 0x7C, 0x2E, 0x5E, 0x24:  // | . ^ $ (unescaped)
                return false
            case 0x5C:  // escape
                guard index + 1 < source.count else { return false }
                let escaped = source[index + 1]
                index += 2
                switch escaped {
                case 0x3F:  // \?
                    if !optionalQuantifier(at: index) { hasPlaceholder = true }
                case 0x73:  // \s
                    break
                case 0x64:  // \d: a numbered placeholder's digits
                    break
                case 0x77:  // \w: only a name after a sigil
                    guard previousWasSigil else { return false }
                    if !optionalQuantifier(at: index) { hasPlaceholder = true }
                case 0x24:  // \$
                    sigil = true
                    if optionalQuantifier(at: index) { return false }
                case 0x28, 0x29, 0x3D, 0x2C, 0x3C, 0x3E, 0x21:
                    break
                default:
                    return false
                }
                index = skipQuantifier(at: index)
            case 0x5B:  // a class
                guard let close = source[(index + 1)...].firstIndex(of: 0x5D) else { return false }
                let members = Array(source[(index + 1)..<close])
                let sigils: Set<UInt8> = [0x3A, 0x40, 0x24]
                if !members.isEmpty, members.allSatisfy({ sigils.contains($0) }) {
                    sigil = true
                    if optionalQuantifier(at: close + 1) { return false }
                } else {
                    var member = 0
                    while member < members.count {
                        if members[member] == 0x5C, member + 1 < members.count {
                            guard [0x73, 0x28, 0x29, 0x3D, 0x2C, 0x3C, 0x3E, 0x21].contains(members[member + 1]) else { return false }
                            member += 2
                            continue
                        }
                        guard isSpaceOrPunctuation(members[member]) else { return false }
                        member += 1
                    }
                }
                index = skipQuantifier(at: close + 1)
            case 0x28:  // a group: plain or `(?:`, never optional as a whole
                groupDepth += 1
                index += 1
                if index + 1 < source.count, source[index] == 0x3F, source[index + 1] == 0x3A { index += 2 }
                continue
            case 0x29:
                guard groupDepth > 0 else { return false }
                groupDepth -= 1
                if optionalQuantifier(at: index + 1) { return false }
                index = skipQuantifier(at: index + 1)
                continue
            case 0x3A, 0x40:  // : @
                sigil = true
                index += 1
            default:
                guard isSpaceOrPunctuation(byte) else { return false }
                index = skipQuantifier(at: index + 1)
            }
            if sigil, byte != 0x5C, byte != 0x5B, optionalQuantifier(at: index) { return false }
            previousWasSigil = sigil
        }
        return hasPlaceholder && groupDepth == 0
    }
}
