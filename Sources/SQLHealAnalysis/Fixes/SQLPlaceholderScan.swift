/// The parameter placeholders of one SQL text, in order: what a fix needs to add a parameter
/// in the driver's style and at the right position.
///
/// Read from SQLite's own tokenizer rules (``TokenizedSQL``): `?`, `?NNN`, `:name`, `@name`,
/// `$name`, never inside strings, quoted names or comments.
struct SQLPlaceholderScan {
    enum Style: Hashable {
        case anonymous
        case numbered(Int)
        /// `prefix` is `:`, `@` or `$`; `name` excludes it.
        case named(prefix: Character, name: String)
    }

    struct Placeholder: Hashable {
        var sqlRange: ByteRange
        var style: Style
    }

    let placeholders: [Placeholder]

    init(sql: String) {
        let tokenized = TokenizedSQL(sql)
        var found: [Placeholder] = []
        for token in tokenized.tokens where token.kind == .parameter {
            let text = tokenized.text(of: token)
            guard let first = text.first else { continue }
            let rest = String(text.dropFirst())
            switch first {
            case "?":
                if let number = Int(rest) {
                    found.append(Placeholder(sqlRange: token.range, style: .numbered(number)))
                } else {
                    found.append(Placeholder(sqlRange: token.range, style: .anonymous))
                }
            case ":", "@", "$":
                found.append(Placeholder(sqlRange: token.range, style: .named(prefix: first, name: rest)))
            default:
                // `#name` only exists inside SQLite's own parser.
                continue
            }
        }
        self.placeholders = found
        self.stringLiteralRanges = tokenized.tokens.filter { $0.kind == .string }.map(\.range)
    }

    /// The SQL string literals (`'…'`): a hole inside one is spliced into a string, not a value position.
    let stringLiteralRanges: [ByteRange]

    func isInsideStringLiteral(_ sqlRange: ByteRange) -> Bool {
        stringLiteralRanges.contains { $0.lowerBound < sqlRange.lowerBound && sqlRange.upperBound < $0.upperBound }
    }
}
