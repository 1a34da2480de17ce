// SQL-like literals of QueryExtractionPass: strings shaped like a statement outside query calls.

extension QueryExtractionPass {
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
}
