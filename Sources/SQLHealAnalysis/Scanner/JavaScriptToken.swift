/// One token of a JavaScript, TypeScript, JSX or TSX document, in UTF-8 byte offsets.
///
/// The scanner keeps only what query extraction needs: names, literals, punctuation, and the
/// structure that makes scanning hard (template literal parts, JSX tags). Comments and
/// whitespace are not tokens; comments are listed apart in ``JavaScriptScanResult/comments``.
///
/// Brackets are linked: a `(`, `[` or `{` token's ``link`` is the index of its matching closer
/// and the closer's ``link`` points back, so an expression can be skipped in one step. Template
/// literal parts are linked forward: a ``Kind/templateHead`` or ``Kind/templateMiddle`` links to
/// the next part of the same template, so `` `a${b}c${d}e` `` is head → middle → tail with the
/// hole expressions' tokens between them.
public struct JavaScriptToken: Sendable, Hashable {
    public enum Kind: UInt8, Sendable, Hashable {
        /// A name or a keyword (`db`, `return`, `const`); keywords are not told apart here.
        case identifier
        /// `#name` in a class.
        case privateName
        case number
        /// `'…'` or `"…"`, quotes included; also a JSX attribute string (see ``Flags/jsxAttributeString``).
        case string
        /// A template literal without holes, backticks included.
        case template
        /// `` `…${ ``: a template literal's first part.
        case templateHead
        /// `}…${`: a part between two holes.
        case templateMiddle
        /// `` }…` ``: a template literal's last part.
        case templateTail
        case regularExpression
        /// Operators and brackets: `(`, `)`, `.`, `?.`, `+`, `=>`, `===`, …
        case punctuator
        /// Text between JSX tags; quotes and apostrophes in it are plain text.
        case jsxText
        /// The `<` that opens a JSX tag.
        case jsxTagStart
        /// The `>` or `/>` that ends a JSX opening tag.
        case jsxTagEnd
        /// A whole JSX closing tag, `</div>` or `</>`.
        case jsxClosingTag
    }

    public struct Flags: OptionSet, Sendable, Hashable {
        public var rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// A line terminator stands between this token and the previous one (automatic semicolon insertion).
        public static let precededByLineBreak = Flags(rawValue: 1 << 0)
        /// A string, template or regular expression that ends at a line end or the end of the text.
        public static let unterminated = Flags(rawValue: 1 << 1)
        /// A JSX attribute string: no escape sequences.
        public static let jsxAttributeString = Flags(rawValue: 1 << 2)
        /// A `}` that closes a block (not an object literal): a `/` after it starts a regular expression.
        public static let closesBlock = Flags(rawValue: 1 << 3)
        /// A `/>` that ends a self-closing element (not an opening tag).
        public static let selfClosing = Flags(rawValue: 1 << 4)
    }

    // Stored in 32 bits so a token takes 16 bytes: a 1 MB file has ~200,000 tokens, and memory
    // traffic is most of a scan's cost. The scanner reads at most `Int32.max` bytes.
    private var storedStart: Int32
    private var storedEnd: Int32
    private var storedLink: Int32
    public var kind: Kind
    public var flags: Flags

    public init(kind: Kind, flags: Flags = [], start: Int, end: Int, link: Int = -1) {
        self.kind = kind
        self.flags = flags
        self.storedStart = Int32(truncatingIfNeeded: start)
        self.storedEnd = Int32(truncatingIfNeeded: end)
        self.storedLink = Int32(truncatingIfNeeded: link)
    }

    public var start: Int {
        @inline(__always) get { Int(storedStart) }
        set { storedStart = Int32(truncatingIfNeeded: newValue) }
    }

    public var end: Int {
        @inline(__always) get { Int(storedEnd) }
        set { storedEnd = Int32(truncatingIfNeeded: newValue) }
    }

    /// The matching bracket, or the next part of the same template literal; -1 when none.
    public var link: Int {
        @inline(__always) get { Int(storedLink) }
        set { storedLink = Int32(truncatingIfNeeded: newValue) }
    }

    public var range: ByteRange { start..<end }
    public var length: Int { end - start }
}

/// A problem a syntax-aware editor would underline: an unterminated literal or comment, or an
/// unbalanced bracket. Found while scanning; the scanner always recovers and goes on.
public struct JavaScriptSyntaxProblem: Sendable, Hashable, CustomStringConvertible {
    public var range: ByteRange
    public var message: String

    public init(range: ByteRange, message: String) {
        self.range = range
        self.message = message
    }

    public var description: String { "\(range.lowerBound)..<\(range.upperBound): \(message)" }
}

/// Everything one scan of a document produces.
public struct JavaScriptScanResult: Sendable {
    public var tokens: [JavaScriptToken]
    /// Every comment, `//` and `/* */` (and a hashbang line), markers included.
    public var comments: [ByteRange]
    public var problems: [JavaScriptSyntaxProblem]
}

/// Checks that a JavaScript/TypeScript text still scans cleanly, for code that edits it (the
/// `fix` command verifies a fixed file with it before writing).
public enum JavaScriptSyntaxCheck {
    /// Unterminated strings, templates, comments and regular expressions, and unbalanced
    /// brackets; empty when the text scans cleanly. This is a lexical check, not a parse.
    public static func problems(in text: [UInt8], language: SourceLanguage) -> [JavaScriptSyntaxProblem] {
        JavaScriptScanner.scan(text, language: language).problems
    }
}
