// Values of QueryExtractionPass: what a hole or argument expression holds (SourceValue).

extension QueryExtractionPass {
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
                } else {
                    value.kind = Self.kind(ofExternal: externalValue(for: inner))
                }
            default: break
            }
            return value
        }
        if firstKind == .identifier, case let external = Self.kind(ofExternal: externalValue(for: inner)), external != .unknown {
            value.kind = external
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

    /// The kind of value another file's constant holds.
    static func kind(ofExternal value: ModuleValue?) -> ValueKind {
        switch value {
        case .text?: return .string
        case .number?: return .number
        default: return .unknown
        }
    }
}
