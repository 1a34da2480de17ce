/// A lexer for JavaScript, TypeScript, JSX and TSX over UTF-8 bytes.
///
/// One pass, linear time, no recursion: nesting (brackets, template holes, JSX elements) lives
/// on an explicit stack with a depth bound, so 10,000 nested brackets or binary junk cost no
/// more than ordinary code. Every loop advances at least one byte; nothing traps on any input.
///
/// The classic ambiguities are settled the way parsers settle them, from the previous token:
/// - `/` starts a regular expression where an expression may start (after `(`, `,`, `=`,
///   `return`, `typeof`, a block's `}`, …) and is division after a value (`)`, `]`, a name, a
///   number, an object literal's `}`); `)` of `if (…)`/`while (…)`/`for (…)` allows a regex.
/// - `<` opens a JSX element in an expression position in `.js`, `.jsx` and `.tsx` files (never in
///   `.ts`, where it is a type assertion or generic); in `.tsx`, `<T,>` and `<T extends …>` are
///   generic parameters.
/// - Inside JSX children, text is text: `don't` opens no string.
public enum JavaScriptScanner {
    /// Deeper nesting than this is reported and no longer tracked (scanning goes on).
    public static let maximumNestingDepth = 100_000

    public static func scan(_ text: [UInt8], language: SourceLanguage) -> JavaScriptScanResult {
        text.withUnsafeBufferPointer { whole in
            // Offsets are stored in 32 bits; a source file past 2 GB is scanned up to that point.
            let buffer = UnsafeBufferPointer(rebasing: whole[0..<min(whole.count, Int(Int32.max) - 1)])
            var state = ScannerState(bytes: buffer, language: language)
            state.run()
            return JavaScriptScanResult(tokens: state.tokens, comments: state.comments, problems: state.problems)
        }
    }
}

// MARK: - Character classes

@inline(__always)
func isASCIIIdentifierStart(_ byte: UInt8) -> Bool {
    (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == 0x24 || byte == 0x5F
}

@inline(__always)
func isIdentifierPart(_ byte: UInt8) -> Bool {
    (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
        || byte == 0x24 || byte == 0x5F || byte >= 0x80
}

@inline(__always)
func isDecimalDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

private enum FrameKind: UInt8 {
    case parenthesis, bracket, brace
    /// `${` of a template literal: the matching `}` continues the template.
    case templateHole
    /// Inside a JSX opening tag, between `<` and `>`.
    case jsxTag
    /// Between a JSX opening tag and its closing tag.
    case jsxChildren
    /// `{ … }` in JSX children.
    case jsxExpression
    /// `{ … }` as an attribute value or spread inside a JSX tag.
    case jsxAttributeExpression
}

private struct Frame {
    var kind: FrameKind
    /// The opening token (bracket, template part) this frame links to when it closes.
    var tokenIndex: Int
}

private struct ScannerState {
    let bytes: UnsafeBufferPointer<UInt8>
    let count: Int
    let language: SourceLanguage
    var position = 0
    var tokens: [JavaScriptToken] = []
    var comments: [ByteRange] = []
    var problems: [JavaScriptSyntaxProblem] = []
    private var stack: [Frame] = []
    /// Frames not pushed because the depth bound was reached; their closers are ignored.
    private var droppedFrames = 0
    private var sawLineBreak = false

    init(bytes: UnsafeBufferPointer<UInt8>, language: SourceLanguage) {
        self.bytes = bytes
        self.count = bytes.count
        self.language = language
        tokens.reserveCapacity(bytes.count / 5 + 16)
    }

    @inline(__always)
    func byte(at index: Int) -> UInt8 { index < count && index >= 0 ? bytes[index] : 0 }

    mutating func run() {
        if count >= 2, bytes[0] == 0x23, bytes[1] == 0x21 {  // #! hashbang
            let end = lineEnd(from: 2)
            comments.append(0..<end)
            position = end
        }
        while position < count {
            let before = position
            switch stack.last?.kind {
            case .jsxChildren?: scanJSXChildren()
            case .jsxTag?: scanJSXTag()
            default: scanJavaScriptToken()
            }
            if position <= before { position = before + 1 }  // defensive: always advance
        }
        for frame in stack.reversed() {
            let start = frame.tokenIndex >= 0 && frame.tokenIndex < tokens.count ? tokens[frame.tokenIndex].start : count
            switch frame.kind {
            case .parenthesis: problems.append(.init(range: start..<min(start + 1, count), message: "`(` is never closed"))
            case .bracket: problems.append(.init(range: start..<min(start + 1, count), message: "`[` is never closed"))
            case .brace, .jsxExpression, .jsxAttributeExpression:
                problems.append(.init(range: start..<min(start + 1, count), message: "`{` is never closed"))
            case .templateHole:
                problems.append(.init(range: start..<count, message: "unterminated template literal"))
            case .jsxTag, .jsxChildren:
                problems.append(.init(range: start..<min(start + 1, count), message: "JSX element is never closed"))
            }
        }
    }

    // MARK: Tokens

    @inline(__always)
    mutating func appendToken(_ kind: JavaScriptToken.Kind, start: Int, end: Int, flags: JavaScriptToken.Flags = []) {
        var flags = flags
        if sawLineBreak { flags.insert(.precededByLineBreak); sawLineBreak = false }
        tokens.append(JavaScriptToken(kind: kind, flags: flags, start: start, end: end))
    }

    mutating func push(_ kind: FrameKind, tokenIndex: Int) {
        if stack.count >= JavaScriptScanner.maximumNestingDepth || droppedFrames > 0 {
            if droppedFrames == 0 {
                problems.append(.init(range: tokens[tokenIndex].range, message: "nesting deeper than \(JavaScriptScanner.maximumNestingDepth) levels"))
            }
            droppedFrames += 1
            return
        }
        stack.append(Frame(kind: kind, tokenIndex: tokenIndex))
    }

    // MARK: JavaScript

    /// Skips whitespace and comments, noting line breaks. Returns false at the end of the text.
    mutating func skipTrivia() -> Bool {
        while position < count {
            let current = bytes[position]
            switch current {
            case 0x20, 0x09, 0x0B, 0x0C:
                position += 1
            case 0x0A, 0x0D:
                sawLineBreak = true
                position += 1
            case 0x2F:  // '/'
                let next = byte(at: position + 1)
                if next == 0x2F {
                    let end = lineEnd(from: position + 2)
                    comments.append(position..<end)
                    position = end
                } else if next == 0x2A {
                    let start = position
                    var index = position + 2
                    var closed = false
                    while index < count {
                        let value = bytes[index]
                        if value == 0x2A, index + 1 < count, bytes[index + 1] == 0x2F { index += 2; closed = true; break }
                        if value == 0x0A || value == 0x0D { sawLineBreak = true }
                        index += 1
                    }
                    comments.append(start..<index)
                    if !closed { problems.append(.init(range: start..<index, message: "unterminated comment")) }
                    position = index
                } else {
                    return true
                }
            case 0xC2 where byte(at: position + 1) == 0xA0:  // no-break space
                position += 2
            case 0xEF where byte(at: position + 1) == 0xBB && byte(at: position + 2) == 0xBF:  // byte order mark
                position += 3
            case 0xE2 where byte(at: position + 1) == 0x80:
                let third = byte(at: position + 2)
                if third == 0xA8 || third == 0xA9 {  // line and paragraph separators
                    sawLineBreak = true
                    position += 3
                } else if third <= 0x8A && third >= 0x80 || third == 0xAF {  // Unicode spaces
                    position += 3
                } else {
                    return true
                }
            case 0xE3 where byte(at: position + 1) == 0x80 && byte(at: position + 2) == 0x80:  // ideographic space
                position += 3
            default:
                return true
            }
        }
        return false
    }

    /// The offset of the next line terminator at or after `index` (or the end of the text).
    func lineEnd(from index: Int) -> Int {
        var index = index
        while index < count {
            let value = bytes[index]
            if value == 0x0A || value == 0x0D { return index }
            if value == 0xE2, byte(at: index + 1) == 0x80, byte(at: index + 2) == 0xA8 || byte(at: index + 2) == 0xA9 { return index }
            index += 1
        }
        return count
    }

    mutating func scanJavaScriptToken() {
        guard skipTrivia() else { return }
        let start = position
        let current = bytes[position]
        switch current {
        case 0x27, 0x22:  // ' "
            scanString(quote: current)
        case 0x60:  // `
            scanTemplatePart(start: start, opening: true)
        case 0x28:  // (
            position += 1
            appendToken(.punctuator, start: start, end: position)
            push(.parenthesis, tokenIndex: tokens.count - 1)
        case 0x5B:  // [
            position += 1
            appendToken(.punctuator, start: start, end: position)
            push(.bracket, tokenIndex: tokens.count - 1)
        case 0x7B:  // {
            let isBlock = braceOpensBlock()
            position += 1
            appendToken(.punctuator, start: start, end: position, flags: isBlock ? .closesBlock : [])
            push(.brace, tokenIndex: tokens.count - 1)
        case 0x29, 0x5D, 0x7D:  // ) ] }
            scanCloser(current)
        case 0x2F:  // /
            if regularExpressionAllowed(), scanRegularExpression() { return }
            position += byte(at: position + 1) == 0x3D ? 2 : 1
            appendToken(.punctuator, start: start, end: position)
        case 0x3C where language != .typescript && regularExpressionAllowed() && startsJSXElement(at: position):  // <
            position += 1
            appendToken(.jsxTagStart, start: start, end: position)
            push(.jsxTag, tokenIndex: tokens.count - 1)
        case 0x30...0x39:
            scanNumber()
        case 0x2E where isDecimalDigit(byte(at: position + 1)):
            scanNumber()
        case 0x23:  // #
            position += 1
            while position < count, isIdentifierPart(bytes[position]) { position += 1 }
            appendToken(position > start + 1 ? .privateName : .punctuator, start: start, end: position)
        default:
            if isASCIIIdentifierStart(current) || current >= 0x80 || current == 0x5C {
                scanIdentifier()
            } else {
                scanPunctuator(current)
            }
        }
    }

    mutating func scanIdentifier() {
        let start = position
        while position < count {
            let value = bytes[position]
            if isIdentifierPart(value) {
                position += 1
            } else if value == 0x5C, byte(at: position + 1) == 0x75 {  // \u escape in a name
                position += 2
            } else {
                break
            }
        }
        if position == start { position += 1 }  // a lone backslash
        appendToken(.identifier, start: start, end: position)
    }

    mutating func scanNumber() {
        let start = position
        let isRadixLiteral = bytes[position] == 0x30 && [0x78, 0x58, 0x6F, 0x4F, 0x62, 0x42].contains(byte(at: position + 1))
        var sawDot = false
        while position < count {
            let value = bytes[position]
            if isIdentifierPart(value) && value < 0x80 {
                position += 1
                if !isRadixLiteral, value == 0x65 || value == 0x45, byte(at: position) == 0x2B || byte(at: position) == 0x2D {
                    position += 1  // exponent sign
                }
            } else if value == 0x2E, !sawDot, !isRadixLiteral {
                sawDot = true
                position += 1
            } else {
                break
            }
        }
        appendToken(.number, start: start, end: position)
    }

    mutating func scanString(quote: UInt8) {
        let start = position
        var index = position + 1
        while index < count {
            let value = bytes[index]
            if value == quote {
                index += 1
                position = index
                appendToken(.string, start: start, end: index)
                return
            }
            if value == 0x5C {  // backslash: skip the escaped character (CRLF as one)
                if byte(at: index + 1) == 0x0D, byte(at: index + 2) == 0x0A { index += 3 } else { index += 2 }
                continue
            }
            if value == 0x0A || value == 0x0D { break }
            index += 1
        }
        index = min(index, count)
        position = index
        appendToken(.string, start: start, end: index, flags: .unterminated)
        problems.append(.init(range: start..<index, message: "unterminated string literal"))
    }

    /// Scans a template part from a backtick (`opening`) or from the `}` that ends a hole.
    mutating func scanTemplatePart(start: Int, opening: Bool) {
        var index = start + 1
        while index < count {
            let value = bytes[index]
            if value == 0x60 {
                index += 1
                position = index
                appendToken(opening ? .template : .templateTail, start: start, end: index)
                return
            }
            if value == 0x5C { index += 2; continue }
            if value == 0x24, index + 1 < count, bytes[index + 1] == 0x7B {
                index += 2
                position = index
                appendToken(opening ? .templateHead : .templateMiddle, start: start, end: index)
                push(.templateHole, tokenIndex: tokens.count - 1)
                return
            }
            index += 1
        }
        index = min(index, count)
        position = index
        appendToken(opening ? .template : .templateTail, start: start, end: index, flags: .unterminated)
        problems.append(.init(range: start..<index, message: "unterminated template literal"))
    }

    mutating func scanCloser(_ closer: UInt8) {
        let start = position
        let wanted: FrameKind = closer == 0x29 ? .parenthesis : closer == 0x5D ? .bracket : .brace
        if droppedFrames > 0 {
            droppedFrames -= 1
            position += 1
            appendToken(.punctuator, start: start, end: position)
            return
        }
        // Find the frame this closer closes, looking a bounded distance down so a stray closer
        // cannot make scanning quadratic. A `}` also closes template holes and JSX containers.
        var found = -1
        var depth = stack.count - 1
        let lowest = max(0, stack.count - 32)
        while depth >= lowest {
            let kind = stack[depth].kind
            if kind == wanted { found = depth; break }
            if closer == 0x7D, kind == .templateHole || kind == .jsxExpression || kind == .jsxAttributeExpression { found = depth; break }
            if kind == .templateHole || kind == .jsxTag || kind == .jsxChildren || kind == .jsxExpression || kind == .jsxAttributeExpression { break }
            depth -= 1
        }
        guard found >= 0 else {
            position += 1
            appendToken(.punctuator, start: start, end: position)
            problems.append(.init(range: start..<position, message: "unmatched `\(Character(Unicode.Scalar(closer)))`"))
            return
        }
        while stack.count - 1 > found {
            let frame = stack.removeLast()
            let openStart = frame.tokenIndex < tokens.count ? tokens[frame.tokenIndex].start : start
            problems.append(.init(range: openStart..<(openStart + 1), message: "bracket is never closed"))
        }
        let frame = stack.removeLast()
        if frame.kind == .templateHole {
            let previousPart = frame.tokenIndex
            scanTemplatePart(start: start, opening: false)
            if previousPart < tokens.count { tokens[previousPart].link = tokens.count - 1 }
            return
        }
        position += 1
        var flags: JavaScriptToken.Flags = []
        if frame.kind == .brace, frame.tokenIndex < tokens.count, tokens[frame.tokenIndex].flags.contains(.closesBlock) {
            flags.insert(.closesBlock)
        }
        appendToken(.punctuator, start: start, end: position, flags: flags)
        let closeIndex = tokens.count - 1
        if frame.tokenIndex < tokens.count {
            tokens[frame.tokenIndex].link = closeIndex
            tokens[closeIndex].link = frame.tokenIndex
        }
    }

    mutating func scanPunctuator(_ first: UInt8) {
        let start = position
        let second = byte(at: position + 1)
        let third = byte(at: position + 2)
        var length = 1
        switch first {
        case 0x3D:  // =
            if second == 0x3D { length = third == 0x3D ? 3 : 2 } else if second == 0x3E { length = 2 }
        case 0x21:  // !
            if second == 0x3D { length = third == 0x3D ? 3 : 2 }
        case 0x2B, 0x2D:  // + -
            if second == first || second == 0x3D { length = 2 }
        case 0x2A:  // *
            if second == 0x2A { length = third == 0x3D ? 3 : 2 } else if second == 0x3D { length = 2 }
        case 0x25, 0x5E:  // % ^
            if second == 0x3D { length = 2 }
        case 0x26, 0x7C:  // & |
            if second == first { length = third == 0x3D ? 3 : 2 } else if second == 0x3D { length = 2 }
        case 0x3C:  // <
            if second == 0x3C { length = third == 0x3D ? 3 : 2 } else if second == 0x3D { length = 2 }
        case 0x3E:  // >
            if second == 0x3E {
                if third == 0x3E { length = byte(at: position + 3) == 0x3D ? 4 : 3 } else { length = third == 0x3D ? 3 : 2 }
            } else if second == 0x3D { length = 2 }
        case 0x3F:  // ?
            if second == 0x3F { length = third == 0x3D ? 3 : 2 } else if second == 0x2E, !isDecimalDigit(third) { length = 2 }
        case 0x2E:  // .
            if second == 0x2E, third == 0x2E { length = 3 }
        default:
            length = 1
        }
        position = min(position + length, count)
        appendToken(.punctuator, start: start, end: position)
    }

    /// Scans `/…/flags` from `position`; returns false (consuming nothing) when no regular
    /// expression ends on this line, so the `/` is taken as division instead.
    mutating func scanRegularExpression() -> Bool {
        let start = position
        var index = position + 1
        var inClass = false
        while index < count {
            let value = bytes[index]
            if value == 0x0A || value == 0x0D { return false }
            if value == 0x5C {
                let next = byte(at: index + 1)
                if next == 0x0A || next == 0x0D || index + 1 >= count { return false }
                index += 2
                continue
            }
            if value == 0x5B { inClass = true } else if value == 0x5D { inClass = false } else if value == 0x2F, !inClass {
                index += 1
                while index < count, isIdentifierPart(bytes[index]) { index += 1 }
                position = index
                appendToken(.regularExpression, start: start, end: index)
                return true
            }
            index += 1
        }
        return false
    }

    // MARK: Context

    /// True when the next token starts an expression: a `/` there is a regular expression and a
    /// `<` may open JSX.
    func regularExpressionAllowed() -> Bool {
        guard let last = tokens.last else { return true }
        switch last.kind {
        case .number, .string, .template, .templateTail, .regularExpression, .privateName, .jsxClosingTag:
            return false
        case .jsxTagEnd:
            return !last.flags.contains(.selfClosing)
        case .templateHead, .templateMiddle, .jsxText, .jsxTagStart:
            return true
        case .identifier:
            if tokens.count >= 2, isMemberAccessDot(tokens[tokens.count - 2]) { return false }
            return identifierPrecedesExpression(last)
        case .punctuator:
            let first = bytes[last.start]
            switch first {
            case 0x29:  // )
                guard last.link >= 1 else { return false }
                let beforeOpen = tokens[last.link - 1]
                guard beforeOpen.kind == .identifier else { return false }
                if last.link >= 2, isMemberAccessDot(tokens[last.link - 2]) { return false }
                return tokenIs(beforeOpen, "if") || tokenIs(beforeOpen, "while") || tokenIs(beforeOpen, "for") || tokenIs(beforeOpen, "with")
            case 0x5D: return false
            case 0x7D: return last.flags.contains(.closesBlock)
            case 0x2B, 0x2D:  // ++ and -- end an operand; + and - do not
                return !(last.length == 2 && byte(at: last.start + 1) == first)
            default: return true
            }
        }
    }

    func isMemberAccessDot(_ token: JavaScriptToken) -> Bool {
        guard token.kind == .punctuator else { return false }
        if token.length == 1 { return bytes[token.start] == 0x2E }
        return token.length == 2 && bytes[token.start] == 0x3F && bytes[token.start + 1] == 0x2E
    }

    func identifierPrecedesExpression(_ token: JavaScriptToken) -> Bool {
        switch token.length {
        case 2: return tokenIs(token, "in") || tokenIs(token, "of") || tokenIs(token, "do")
        case 3: return tokenIs(token, "new")
        case 4: return tokenIs(token, "case") || tokenIs(token, "else") || tokenIs(token, "void")
        case 5: return tokenIs(token, "throw") || tokenIs(token, "yield") || tokenIs(token, "await")
        case 6: return tokenIs(token, "return") || tokenIs(token, "typeof") || tokenIs(token, "delete")
        case 10: return tokenIs(token, "instanceof")
        default: return false
        }
    }

    func tokenIs(_ token: JavaScriptToken, _ text: StaticString) -> Bool {
        guard token.length == text.utf8CodeUnitCount, token.end <= count else { return false }
        let pointer = text.utf8Start
        for offset in 0..<token.length where bytes[token.start + offset] != pointer[offset] { return false }
        return true
    }

    /// Whether a `{` at `position` opens a block (`if (x) {`, `=> {`, a statement) rather than an
    /// object literal (`= {`, `({`, `return {`). Decides whether a `/` after its `}` is a regex.
    func braceOpensBlock() -> Bool {
        guard let last = tokens.last else { return true }
        switch last.kind {
        case .punctuator:
            let first = bytes[last.start]
            if last.length == 1 { return first == 0x29 || first == 0x3B || first == 0x7D || first == 0x7B }
            return last.length == 2 && first == 0x3D && bytes[last.start + 1] == 0x3E  // =>
        case .identifier:
            if tokens.count >= 2, isMemberAccessDot(tokens[tokens.count - 2]) { return false }
            return !identifierPrecedesExpression(last) || tokenIs(last, "else") || tokenIs(last, "do")
        default:
            return false
        }
    }

    /// Whether `<` at `index` (in an expression position) opens a JSX element rather than TSX
    /// generic parameters (`<T,>`, `<T extends U>`, `<const T,>`).
    func startsJSXElement(at index: Int) -> Bool {
        var cursor = index + 1
        while cursor < count, bytes[cursor] == 0x20 || bytes[cursor] == 0x09 { cursor += 1 }
        let first = byte(at: cursor)
        if first == 0x3E { return true }  // <> fragment
        guard isASCIIIdentifierStart(first) || first >= 0x80 else { return false }
        guard language == .typescriptReact else { return true }
        var nameEnd = cursor
        while nameEnd < count, isIdentifierPart(bytes[nameEnd]) { nameEnd += 1 }
        var after = nameEnd
        while after < count, bytes[after] == 0x20 || bytes[after] == 0x09 || bytes[after] == 0x0A || bytes[after] == 0x0D { after += 1 }
        if byte(at: after) == 0x2C { return false }  // <T,>
        if matches("extends", at: after), !isIdentifierPart(byte(at: after + 7)) {
            let next = after + 7
            var probe = next
            while probe < count, bytes[probe] == 0x20 { probe += 1 }
            // `<T extends U>` is generic; `<div extends="x">` would be an attribute.
            return byte(at: probe) == 0x3D
        }
        if nameEnd - cursor == 5, matches("const", at: cursor), isASCIIIdentifierStart(byte(at: after)) { return false }
        return true
    }

    func matches(_ text: StaticString, at index: Int) -> Bool {
        let length = text.utf8CodeUnitCount
        guard index >= 0, index + length <= count else { return false }
        let pointer = text.utf8Start
        for offset in 0..<length where bytes[index + offset] != pointer[offset] { return false }
        return true
    }

    // MARK: JSX

    mutating func scanJSXChildren() {
        let start = position
        var index = position
        while index < count {
            let value = bytes[index]
            if value == 0x3C || value == 0x7B { break }
            index += 1
        }
        if index > start {
            position = index
            appendToken(.jsxText, start: start, end: index)
            sawLineBreak = false
            return
        }
        if bytes[position] == 0x7B {
            position += 1
            appendToken(.punctuator, start: start, end: position)
            push(.jsxExpression, tokenIndex: tokens.count - 1)
            return
        }
        // `<`: a closing tag, or a child element.
        var cursor = position + 1
        while cursor < count, bytes[cursor] == 0x20 || bytes[cursor] == 0x09 || bytes[cursor] == 0x0A || bytes[cursor] == 0x0D { cursor += 1 }
        if byte(at: cursor) == 0x2F {
            cursor += 1
            while cursor < count {
                let value = bytes[cursor]
                if isIdentifierPart(value) || value == 0x2E || value == 0x3A || value == 0x2D || value == 0x20 || value == 0x09 || value == 0x0A || value == 0x0D {
                    cursor += 1
                } else {
                    break
                }
            }
            if byte(at: cursor) == 0x3E { cursor += 1 } else {
                problems.append(.init(range: start..<cursor, message: "unterminated JSX closing tag"))
            }
            position = cursor
            appendToken(.jsxClosingTag, start: start, end: cursor)
            if !stack.isEmpty { stack.removeLast() }  // the jsxChildren frame
            return
        }
        position += 1
        appendToken(.jsxTagStart, start: start, end: position)
        push(.jsxTag, tokenIndex: tokens.count - 1)
    }

    mutating func scanJSXTag() {
        while position < count {
            let value = bytes[position]
            if value == 0x20 || value == 0x09 || value == 0x0A || value == 0x0D { position += 1; continue }
            if value == 0x2F, byte(at: position + 1) == 0x2A || byte(at: position + 1) == 0x2F {
                _ = skipTrivia()  // comments inside a tag (TSX tooling allows them)
                continue
            }
            break
        }
        guard position < count else { return }
        let start = position
        let value = bytes[position]
        switch value {
        case 0x2F where byte(at: position + 1) == 0x3E:  // />
            position += 2
            appendToken(.jsxTagEnd, start: start, end: position, flags: .selfClosing)
            if !stack.isEmpty { stack.removeLast() }
        case 0x3E:  // >
            position += 1
            appendToken(.jsxTagEnd, start: start, end: position)
            if !stack.isEmpty { stack[stack.count - 1].kind = .jsxChildren }
        case 0x7B:  // {
            position += 1
            appendToken(.punctuator, start: start, end: position)
            push(.jsxAttributeExpression, tokenIndex: tokens.count - 1)
        case 0x22, 0x27:  // attribute string: no escapes, may span lines
            var index = position + 1
            while index < count, bytes[index] != value { index += 1 }
            if index < count {
                index += 1
                position = index
                appendToken(.string, start: start, end: index, flags: .jsxAttributeString)
            } else {
                position = index
                appendToken(.string, start: start, end: index, flags: [.jsxAttributeString, .unterminated])
                problems.append(.init(range: start..<index, message: "unterminated string literal"))
            }
        case 0x3C:  // an element as an attribute value
            position += 1
            appendToken(.jsxTagStart, start: start, end: position)
            push(.jsxTag, tokenIndex: tokens.count - 1)
        case 0x3D:
            position += 1
            appendToken(.punctuator, start: start, end: position)
        default:
            if isIdentifierPart(value) || value == 0x2D || value == 0x3A || value == 0x2E {
                var index = position + 1
                while index < count {
                    let part = bytes[index]
                    if isIdentifierPart(part) || part == 0x2D || part == 0x3A || part == 0x2E { index += 1 } else { break }
                }
                position = index
                appendToken(.identifier, start: start, end: index)
            } else {
                position += 1
                appendToken(.punctuator, start: start, end: position)
            }
        }
    }
}
