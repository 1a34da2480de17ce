// Token helpers of QueryExtractionPass: text of tokens, groups, arguments.

extension QueryExtractionPass {
    // MARK: - Token helpers

    // The small helpers are inlined: called from a `mutating` pass, an outlined call copies the
    // whole pass (every field) for each token it looks at.

    @inline(__always)
    func text(_ range: ByteRange) -> String {
        let lower = max(0, min(range.lowerBound, bytes.count))
        let upper = max(lower, min(range.upperBound, bytes.count))
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[lower..<upper]), as: UTF8.self)
    }

    @inline(__always)
    func text(ofToken index: Int) -> String { text(tokens[index].range) }

    /// Source range of the tokens `range` (empty range at the first token when empty).
    func sourceRange(ofTokens range: Range<Int>) -> ByteRange {
        guard !range.isEmpty, range.lowerBound < tokens.count else {
            let offset = range.lowerBound < tokens.count ? tokens[range.lowerBound].start : bytes.count
            return offset..<offset
        }
        return tokens[range.lowerBound].start..<tokens[min(range.upperBound, tokens.count) - 1].end
    }

    @inline(__always)
    func isPunctuator(_ index: Int, _ wanted: StaticString) -> Bool {
        guard index >= 0, index < tokens.count, tokens[index].kind == .punctuator else { return false }
        return tokenText(index, equals: wanted)
    }

    @inline(__always)
    func isIdentifier(_ index: Int, _ wanted: StaticString) -> Bool {
        guard index >= 0, index < tokens.count, tokens[index].kind == .identifier else { return false }
        return tokenText(index, equals: wanted)
    }

    @inline(__always)
    func tokenText(_ index: Int, equals wanted: StaticString) -> Bool {
        let token = tokens[index]
        guard token.length == wanted.utf8CodeUnitCount, token.end <= bytes.count else { return false }
        let pointer = wanted.utf8Start
        for offset in 0..<token.length where bytes[token.start + offset] != pointer[offset] { return false }
        return true
    }

    @inline(__always)
    func tokenText(_ index: Int, isIn names: ByteNameSet) -> Bool {
        let token = tokens[index]
        return names.contains(bytes, range: token.start..<token.end)
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

    @inline(__always)
    func isMemberDot(_ index: Int) -> Bool { isPunctuator(index, ".") || isPunctuator(index, "?.") }

    @inline(__always)
    func isOpener(_ index: Int) -> Bool {
        guard index >= 0, index < tokens.count, tokens[index].kind == .punctuator, tokens[index].length == 1 else { return false }
        let byte = bytes[tokens[index].start]
        return (byte == 0x28 || byte == 0x5B || byte == 0x7B) && tokens[index].link > index
    }

    @inline(__always)
    func isCloser(_ index: Int) -> Bool {
        guard index >= 0, index < tokens.count, tokens[index].kind == .punctuator, tokens[index].length == 1 else { return false }
        let byte = bytes[tokens[index].start]
        return byte == 0x29 || byte == 0x5D || byte == 0x7D
    }

    /// The index after the token group starting at `index`: a bracketed group, a whole template
    /// literal, or one token.
    @inline(__always)
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
}
