/// The little JavaScript knowledge fixes need beyond what the scanner reports: where the
/// significant character next to a range is, where a bracket closes, and how tightly an
/// expression binds (to decide whether it needs parentheses in its new place).
///
/// Every walk is bounded by the text and always advances, whatever the bytes.
struct JavaScriptFixText {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    subscript(range: ByteRange) -> String {
        let lower = min(max(range.lowerBound, 0), bytes.count)
        let upper = min(max(range.upperBound, lower), bytes.count)
        return String(decoding: bytes[lower..<upper], as: UTF8.self)
    }

    func byte(at offset: Int) -> UInt8? {
        offset >= 0 && offset < bytes.count ? bytes[offset] : nil
    }

    // MARK: Neighbours

    /// The offset of the first byte at or after `offset` that is neither whitespace nor inside
    /// a comment; `bytes.count` when there is none.
    func nextSignificantOffset(from offset: Int) -> Int {
        var index = max(offset, 0)
        while index < bytes.count {
            let byte = bytes[index]
            if Self.isWhitespace(byte) {
                index += 1
            } else if byte == UInt8(ascii: "/"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "/") {
                while index < bytes.count, bytes[index] != 0x0A { index += 1 }
            } else if byte == UInt8(ascii: "/"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "*") {
                index += 2
                while index + 1 < bytes.count, !(bytes[index] == UInt8(ascii: "*") && bytes[index + 1] == UInt8(ascii: "/")) { index += 1 }
                index = min(index + 2, bytes.count)
            } else {
                return index
            }
        }
        return bytes.count
    }

    /// The offset of the last byte before `offset` that is neither whitespace nor the end of a
    /// block comment; `nil` at the start of the text. (Line comments are not recognised going
    /// backwards; fixes only look back within one expression.)
    func previousSignificantOffset(before offset: Int) -> Int? {
        var index = min(offset, bytes.count) - 1
        while index >= 0 {
            let byte = bytes[index]
            if Self.isWhitespace(byte) {
                index -= 1
            } else if byte == UInt8(ascii: "/"), index > 0, bytes[index - 1] == UInt8(ascii: "*") {
                index -= 2
                while index > 0, !(bytes[index - 1] == UInt8(ascii: "/") && bytes[index] == UInt8(ascii: "*")) { index -= 1 }
                index -= 2
            } else {
                return index
            }
        }
        return nil
    }

    /// The offset of the bracket closing the one at `openOffset` (`(`, `[` or `{`), skipping
    /// strings, templates and comments; `nil` when it does not close.
    func matchingCloseOffset(ofOpenAt openOffset: Int) -> Int? {
        guard let open = byte(at: openOffset), let close = Self.closer(of: open) else { return nil }
        var stack: [UInt8] = [close]
        var index = openOffset + 1
        while index < bytes.count {
            let byte = bytes[index]
            if let skipped = skipLiteralOrComment(at: index) {
                index = skipped
                continue
            }
            if let nestedClose = Self.closer(of: byte) {
                stack.append(nestedClose)
            } else if byte == UInt8(ascii: ")") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") {
                guard stack.last == byte else { return nil }
                stack.removeLast()
                if stack.isEmpty { return index }
            }
            index += 1
        }
        return nil
    }

    /// The offsets of the top-level commas between `openOffset` (a bracket) and its closer.
    func topLevelCommaOffsets(insideOpenAt openOffset: Int, closeOffset: Int) -> [Int] {
        var commas: [Int] = []
        var depth = 0
        var index = openOffset + 1
        while index < closeOffset, index < bytes.count {
            if let skipped = skipLiteralOrComment(at: index) {
                index = skipped
                continue
            }
            let byte = bytes[index]
            if Self.closer(of: byte) != nil {
                depth += 1
            } else if byte == UInt8(ascii: ")") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") {
                depth -= 1
            } else if byte == UInt8(ascii: ","), depth == 0 {
                commas.append(index)
            }
            index += 1
        }
        return commas
    }

    /// When a string, template or comment starts at `offset`, the offset just after it.
    func skipLiteralOrComment(at offset: Int) -> Int? {
        guard let byte = byte(at: offset) else { return nil }
        switch byte {
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            var index = offset + 1
            while index < bytes.count {
                if bytes[index] == UInt8(ascii: "\\") { index += 2; continue }
                if bytes[index] == byte || bytes[index] == 0x0A { return index + 1 }
                index += 1
            }
            return bytes.count
        case UInt8(ascii: "`"):
            return skipTemplate(openingBacktickAt: offset)
        case UInt8(ascii: "/"):
            guard let next = self.byte(at: offset + 1) else { return nil }
            if next == UInt8(ascii: "/") {
                var index = offset
                while index < bytes.count, bytes[index] != 0x0A { index += 1 }
                return index
            }
            if next == UInt8(ascii: "*") {
                var index = offset + 2
                while index + 1 < bytes.count, !(bytes[index] == UInt8(ascii: "*") && bytes[index + 1] == UInt8(ascii: "/")) { index += 1 }
                return min(index + 2, bytes.count)
            }
            return nil
        default:
            return nil
        }
    }

    private func skipTemplate(openingBacktickAt offset: Int) -> Int {
        var index = offset + 1
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\") { index += 2; continue }
            if byte == UInt8(ascii: "`") { return index + 1 }
            if byte == UInt8(ascii: "$"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "{") {
                var depth = 1
                index += 2
                while index < bytes.count, depth > 0 {
                    if let skipped = skipLiteralOrComment(at: index) {
                        index = skipped
                        continue
                    }
                    if bytes[index] == UInt8(ascii: "{") { depth += 1 }
                    if bytes[index] == UInt8(ascii: "}") { depth -= 1 }
                    index += 1
                }
                continue
            }
            index += 1
        }
        return bytes.count
    }

    /// The identifier ending just before `offset` (after skipping whitespace), with its range.
    func identifier(endingBefore offset: Int) -> (name: String, range: ByteRange)? {
        guard let last = previousSignificantOffset(before: offset), Self.isIdentifierByte(bytes[last]) else { return nil }
        var start = last
        while start > 0, Self.isIdentifierByte(bytes[start - 1]) { start -= 1 }
        return (self[start..<(last + 1)], start..<(last + 1))
    }

    /// The identifier starting at `offset`, if any.
    func identifier(startingAt offset: Int) -> (name: String, range: ByteRange)? {
        guard let first = byte(at: offset), Self.isIdentifierByte(first), !Self.isDigit(first) else { return nil }
        var end = offset
        while end < bytes.count, Self.isIdentifierByte(bytes[end]) { end += 1 }
        return (self[offset..<end], offset..<end)
    }

    // MARK: Precedence

    /// How loosely an expression binds, as far as parenthesizing it is concerned.
    enum ExpressionLevel: Int, Comparable {
        /// A literal, name, member access, call or parenthesized group: fits anywhere.
        case primary
        /// A prefix unary expression (`-x`, `!x`, `typeof x`, `await x`).
        case unary
        /// Anything with a binary, ternary, assignment or arrow operator at top level.
        case compound
        /// Has a top-level comma: needs parentheses even in an argument list.
        case sequence

        static func < (lhs: ExpressionLevel, rhs: ExpressionLevel) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    func level(of range: ByteRange) -> ExpressionLevel {
        let upper = min(range.upperBound, bytes.count)
        var index = max(range.lowerBound, 0)
        var expectingOperand = true
        var sawPrefix = false
        var level = ExpressionLevel.primary
        while index < upper {
            let byte = bytes[index]
            if Self.isWhitespace(byte) { index += 1; continue }
            if byte == UInt8(ascii: "/"), index + 1 < upper, bytes[index + 1] == UInt8(ascii: "/") || bytes[index + 1] == UInt8(ascii: "*") {
                index = skipLiteralOrComment(at: index) ?? upper
                continue
            }
            if byte == UInt8(ascii: "/"), expectingOperand {
                // A regular expression literal where an operand is expected.
                index += 1
                while index < upper, bytes[index] != UInt8(ascii: "/") {
                    if bytes[index] == UInt8(ascii: "\\") { index += 1 }
                    index += 1
                }
                index += 1
                while index < upper, Self.isIdentifierByte(bytes[index]) { index += 1 }
                expectingOperand = false
                continue
            }
            if let skipped = skipLiteralOrComment(at: index) {
                index = skipped
                expectingOperand = false
                continue
            }
            if Self.closer(of: byte) != nil {
                index = (matchingCloseOffset(ofOpenAt: index) ?? upper) + 1
                expectingOperand = false
                continue
            }
            if byte == UInt8(ascii: ",") { return .sequence }
            if Self.isIdentifierByte(byte) {
                var end = index
                while end < upper, Self.isIdentifierByte(bytes[end]) || (Self.isDigit(byte) && bytes[end] == UInt8(ascii: ".")) { end += 1 }
                let word = self[index..<end]
                index = end
                if ["typeof", "void", "delete", "await", "new", "yield"].contains(word), expectingOperand {
                    if word != "new" { sawPrefix = true }
                    continue
                }
                if ["in", "instanceof", "as", "satisfies"].contains(word), !expectingOperand {
                    level = max(level, .compound)
                    expectingOperand = true
                    continue
                }
                expectingOperand = false
                continue
            }
            if byte == UInt8(ascii: "."), !expectingOperand {
                index += 1
                expectingOperand = true
                // A member name follows: it is part of the same operand.
                if let name = identifier(startingAt: nextSignificantOffset(from: index)) { index = name.range.upperBound; expectingOperand = false }
                continue
            }
            if byte == UInt8(ascii: "?"), !expectingOperand, index + 1 < upper, bytes[index + 1] == UInt8(ascii: ".") {
                index += 2
                expectingOperand = true
                if let name = identifier(startingAt: nextSignificantOffset(from: index)) { index = name.range.upperBound; expectingOperand = false }
                continue
            }
            if byte == UInt8(ascii: "!"), !expectingOperand, !(index + 1 < upper && bytes[index + 1] == UInt8(ascii: "=")) {
                // TypeScript's non-null assertion `x!`.
                index += 1
                continue
            }
            if Self.isOperatorByte(byte) {
                if expectingOperand {
                    sawPrefix = true
                } else {
                    level = max(level, .compound)
                    expectingOperand = true
                }
                index += 1
                continue
            }
            index += 1
        }
        if level == .primary, sawPrefix { return .unary }
        return level
    }

    /// Whether `replacement` (an expression) can stand in `range` of the text without
    /// parentheses: the range is the place an expression of level `originalLevel` occupied.
    func needsParentheses(_ replacementLevel: ExpressionLevel, replacementText: String, at range: ByteRange) -> Bool {
        if replacementLevel == .primary {
            return startsWithSignMergingToken(replacementText, before: range.lowerBound)
        }
        if replacementLevel == .sequence { return true }
        let left = previousSignificantOffset(before: range.lowerBound)
        let right = nextSignificantOffset(from: range.upperBound)
        let rightByte = byte(at: right)
        // A member access, call, index or tagged template after the expression binds to its
        // last operand only.
        if let rightByte, rightByte == UInt8(ascii: ".") || rightByte == UInt8(ascii: "(") || rightByte == UInt8(ascii: "[") || rightByte == UInt8(ascii: "`") {
            return true
        }
        if replacementLevel == .unary {
            if let rightByte, rightByte == UInt8(ascii: "*"), byte(at: right + 1) == UInt8(ascii: "*") { return true }
            return startsWithSignMergingToken(replacementText, before: range.lowerBound)
        }
        // A compound expression is safe only between delimiters.
        let leftIsFree: Bool = {
            guard let left else { return true }
            let byte = bytes[left]
            if [UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: ","), UInt8(ascii: "{"), UInt8(ascii: ";")].contains(byte) { return true }
            if byte == UInt8(ascii: "=") {
                // `=` of an assignment or `=>`-less declaration, not `==`, `<=`, `>=`, `!=`.
                let before = left > 0 ? bytes[left - 1] : 0
                return ![UInt8(ascii: "="), UInt8(ascii: "!"), UInt8(ascii: "<"), UInt8(ascii: ">")].contains(before)
            }
            if byte == UInt8(ascii: ">"), left > 0, bytes[left - 1] == UInt8(ascii: "=") { return true }
            if let word = identifier(endingBefore: left + 1), word.name == "return" { return true }
            return false
        }()
        let rightIsFree: Bool = {
            guard let rightByte else { return true }
            return [UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: ";")].contains(rightByte)
        }()
        return !(leftIsFree && rightIsFree)
    }

    /// `-` then `-x` would read as `--x`; `+` then `+x` as `++x`.
    private func startsWithSignMergingToken(_ replacement: String, before offset: Int) -> Bool {
        guard let first = replacement.utf8.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") else { return false }
        guard offset > 0 else { return false }
        return bytes[offset - 1] == first
    }

    // MARK: Bytes

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0B || byte == 0x0C
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    static func isIdentifierByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || isDigit(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "$") || byte >= 0x80
    }

    static func isOperatorByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "/"), UInt8(ascii: "%"),
            UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "="), UInt8(ascii: "&"), UInt8(ascii: "|"),
            UInt8(ascii: "^"), UInt8(ascii: "!"), UInt8(ascii: "~"), UInt8(ascii: "?"), UInt8(ascii: ":"):
            return true
        default:
            return false
        }
    }

    static func closer(of byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "("): UInt8(ascii: ")")
        case UInt8(ascii: "["): UInt8(ascii: "]")
        case UInt8(ascii: "{"): UInt8(ascii: "}")
        default: nil
        }
    }

    /// Whether a plain JavaScript identifier (`userId`, `$x`), usable as an object key unquoted.
    static func isPlainIdentifier(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, !isDigit(first) else { return false }
        return bytes.allSatisfy { isIdentifierByte($0) && $0 < 0x80 }
    }
}
