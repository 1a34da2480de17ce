/// The parameter placeholders of one SQL text, in order: what a fix needs to add a parameter
/// in the driver's style and at the right position.
///
/// Strings, quoted identifiers and comments are skipped; what remains is SQLite's own
/// placeholder syntax: `?`, `?NNN`, `:name`, `@name`, `$name`.
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
        let bytes = Array(sql.utf8)
        var found: [Placeholder] = []
        var index = 0
        func isNameByte(_ byte: UInt8) -> Bool {
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "$") || byte >= 0x80
        }
        func skipQuoted(closing: UInt8, from start: Int) -> Int {
            var cursor = start + 1
            while cursor < bytes.count {
                if bytes[cursor] == closing {
                    // A doubled quote is an escaped quote inside.
                    if closing != UInt8(ascii: "]"), cursor + 1 < bytes.count, bytes[cursor + 1] == closing {
                        cursor += 2
                        continue
                    }
                    return cursor + 1
                }
                cursor += 1
            }
            return bytes.count
        }
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "`"):
                index = skipQuoted(closing: byte, from: index)
            case UInt8(ascii: "["):
                index = skipQuoted(closing: UInt8(ascii: "]"), from: index)
            case UInt8(ascii: "-") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "-"):
                while index < bytes.count, bytes[index] != 0x0A { index += 1 }
            case UInt8(ascii: "/") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "*"):
                index += 2
                while index + 1 < bytes.count, !(bytes[index] == UInt8(ascii: "*") && bytes[index + 1] == UInt8(ascii: "/")) { index += 1 }
                index = min(index + 2, bytes.count)
            case UInt8(ascii: "?"):
                var end = index + 1
                while end < bytes.count, bytes[end] >= UInt8(ascii: "0"), bytes[end] <= UInt8(ascii: "9") { end += 1 }
                if end > index + 1, let number = Int(String(decoding: bytes[(index + 1)..<end], as: UTF8.self)) {
                    found.append(Placeholder(sqlRange: index..<end, style: .numbered(number)))
                } else {
                    found.append(Placeholder(sqlRange: index..<end, style: .anonymous))
                }
                index = end
            case UInt8(ascii: ":"), UInt8(ascii: "@"), UInt8(ascii: "$"):
                var end = index + 1
                while end < bytes.count, isNameByte(bytes[end]) { end += 1 }
                // `::` is no SQLite syntax, but a lone `:` or `$` is not a placeholder either.
                if end > index + 1, !(index > 0 && isNameByte(bytes[index - 1]) && byte == UInt8(ascii: "$")) {
                    let name = String(decoding: bytes[(index + 1)..<end], as: UTF8.self)
                    found.append(Placeholder(sqlRange: index..<end, style: .named(prefix: Character(UnicodeScalar(byte)), name: name)))
                }
                index = max(end, index + 1)
            default:
                if isNameByte(byte) {
                    // Skip whole words so a `$` inside an identifier is not taken for a placeholder.
                    while index < bytes.count, isNameByte(bytes[index]) { index += 1 }
                } else {
                    index += 1
                }
            }
        }
        self.placeholders = found
    }

    /// The prefix of the first named placeholder, when the statement uses named parameters.
    var namedPrefix: Character? {
        for placeholder in placeholders {
            if case .named(let prefix, _) = placeholder.style { return prefix }
        }
        return nil
    }

    var names: Set<String> {
        var names: Set<String> = []
        for placeholder in placeholders {
            if case .named(_, let name) = placeholder.style { names.insert(name) }
        }
        return names
    }

    var largestNumber: Int? {
        placeholders.compactMap { if case .numbered(let number) = $0.style { number } else { nil } }.max()
    }
}
