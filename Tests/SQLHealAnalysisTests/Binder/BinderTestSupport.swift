@testable import SQLHealAnalysis

/// Test fixtures for the binder: a schema from DDL, markers, and a tiny hand-rolled extractor
/// that turns one `db.fn(…)` call or `sql` tagged template into an ``EmbeddedQuery`` the way the
/// scanner does (holes become `?`; spliced vs bound by the tag), so the rules can be tested on JS
/// text independently of the scanner.
enum BinderFixtures {
    static let ddl = """
        CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL, name VARCHAR(40), age INTEGER, score REAL, born DATETIME, active BOOLEAN, nick STRING, avatar BLOB, misc);
        CREATE TABLE sessions (id INTEGER PRIMARY KEY, user_id TEXT, token TEXT, created_at INTEGER);
        CREATE TABLE orders (id INTEGER, user_id INTEGER, total REAL, note TEXT, PRIMARY KEY (id DESC));
        CREATE TABLE strict_items (id INTEGER PRIMARY KEY, qty INTEGER, price REAL, label TEXT, data BLOB, anything ANY) STRICT;
        CREATE TABLE pk_desc (id INTEGER PRIMARY KEY DESC, label TEXT);
        CREATE TABLE tags (name TEXT UNIQUE, weight INTEGER);
        """

    static func schema() throws -> SchemaSnapshot {
        var snapshot = try SchemaSnapshot(replayingDDL: ddl)
        snapshot.updateTable(named: "sessions") { table in
            table.declaredAt = SchemaLocation(path: "migrations/001_init.sql", line: 9)
            if let index = table.columns.firstIndex(where: { $0.name == "user_id" }) {
                table.columns[index].declaredAt = SchemaLocation(path: "migrations/001_init.sql", line: 11)
            }
        }
        return snapshot
    }

    /// Removes `marker` characters from `text`, returning the text and each marker's byte offset.
    static func strip(_ markers: Set<Character>, from text: String) -> (text: String, offsets: [(Character, Int)]) {
        var result = ""
        var offsets: [(Character, Int)] = []
        for character in text {
            if markers.contains(character) {
                offsets.append((character, result.utf8.count))
            } else {
                result.append(character)
            }
        }
        return (result, offsets)
    }

    // MARK: - A miniature extractor (one query per fixture)

    static func query(fromJavaScript source: String) -> EmbeddedQuery? {
        let bytes = Array(source.utf8)
        guard let quoteIndex = bytes.firstIndex(where: { $0 == UInt8(ascii: "`") || $0 == UInt8(ascii: "'") || $0 == UInt8(ascii: "\"") }) else { return nil }
        let quote = bytes[quoteIndex]
        let prefix = String(decoding: bytes[..<quoteIndex], as: UTF8.self)
        let tagged = prefix.hasSuffix("sql") || prefix.hasSuffix("SQL")
        var sql: [UInt8] = []
        var map = SQLSourceMap()
        var holes: [QueryHole] = []
        var index = quoteIndex + 1
        var verbatimStart = index
        func flushVerbatim(upTo end: Int) {
            if end > verbatimStart {
                map.appendVerbatim(length: end - verbatimStart, sourceStart: verbatimStart)
                sql.append(contentsOf: bytes[verbatimStart..<end])
            }
        }
        while index < bytes.count, bytes[index] != quote {
            if quote == UInt8(ascii: "`"), bytes[index] == UInt8(ascii: "$"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "{") {
                flushVerbatim(upTo: index)
                var depth = 0
                var end = index + 1
                while end < bytes.count {
                    if bytes[end] == UInt8(ascii: "{") { depth += 1 }
                    if bytes[end] == UInt8(ascii: "}") { depth -= 1; if depth == 0 { break } }
                    end += 1
                }
                let expressionRange = trimmedRange(bytes, (index + 2)..<end)
                let value = sourceValue(bytes, expressionRange)
                let sqlStart = sql.count
                sql.append(UInt8(ascii: "?"))
                map.appendHole(sqlLength: 1, sourceRange: index..<(end + 1))
                let text = value.expressionText
                let isList = !tagged && (text.contains("'?") || text.contains("placeholders"))
                holes.append(QueryHole(role: tagged ? .boundParameter : .splicedText, sourceRange: index..<(end + 1), value: value, sqlRange: sqlStart..<(sqlStart + 1), isPlaceholderList: isList))
                index = end + 1
                verbatimStart = index
                continue
            }
            index += 1
        }
        flushVerbatim(upTo: index)
        let literalEnd = min(index + 1, bytes.count)
        var boundValues = BoundValues.none
        // Arguments after the SQL: `, [a, b]`, `, {k: v}` or `, a, b` up to the closing `)`.
        var cursor = literalEnd
        while cursor < bytes.count, bytes[cursor] == UInt8(ascii: " ") { cursor += 1 }
        if !tagged, cursor < bytes.count, bytes[cursor] == UInt8(ascii: ",") {
            var closing = bytes.count
            var depth = 0
            for position in (cursor + 1)..<bytes.count {
                let byte = bytes[position]
                if byte == UInt8(ascii: "(") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") { depth += 1 }
                if byte == UInt8(ascii: ")") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") {
                    if depth == 0 { closing = position; break }
                    depth -= 1
                }
            }
            let argumentRange = trimmedRange(bytes, (cursor + 1)..<closing)
            let first = argumentRange.isEmpty ? 0 : bytes[argumentRange.lowerBound]
            if first == UInt8(ascii: "[") {
                let inner = (argumentRange.lowerBound + 1)..<(argumentRange.upperBound - 1)
                boundValues = .positional(splitArguments(bytes, inner).map { sourceValue(bytes, $0) }, argumentRange: argumentRange, isArrayLiteral: true)
            } else if first == UInt8(ascii: "{") {
                let inner = (argumentRange.lowerBound + 1)..<(argumentRange.upperBound - 1)
                var named: [String: SourceValue] = [:]
                for part in splitArguments(bytes, inner) {
                    guard let colon = bytes[part].firstIndex(of: UInt8(ascii: ":")) else { continue }
                    var key = String(decoding: bytes[trimmedRange(bytes, part.lowerBound..<colon)], as: UTF8.self)
                    if let prefix = key.first, "$:@".contains(prefix) { key.removeFirst() }
                    named[key] = sourceValue(bytes, trimmedRange(bytes, (colon + 1)..<part.upperBound))
                }
                boundValues = .named(named, argumentRange: argumentRange)
            } else if first == UInt8(ascii: ".") {
                boundValues = .unknown(argumentRange: argumentRange)
            } else {
                boundValues = .positional(splitArguments(bytes, argumentRange).map { sourceValue(bytes, $0) }, argumentRange: argumentRange, isArrayLiteral: false)
            }
        }
        let origin: QueryOrigin = tagged ? .taggedTemplate(tag: "sql") : .queryCall(functionName: "all")
        let hasSplicedHoles = holes.contains { $0.role == .splicedText }
        return EmbeddedQuery(
            sql: String(decoding: sql, as: UTF8.self), sourceMap: map, origin: origin,
            sourceRange: quoteIndex..<literalEnd, holes: holes, boundValues: boundValues,
            dynamism: hasSplicedHoles ? .splicedUnknownText : .fullyStatic
        )
    }

    private static func trimmedRange(_ bytes: [UInt8], _ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = max(range.upperBound, lower)
        while lower < upper, bytes[lower] == UInt8(ascii: " ") { lower += 1 }
        while upper > lower, bytes[upper - 1] == UInt8(ascii: " ") { upper -= 1 }
        return lower..<upper
    }

    private static func splitArguments(_ bytes: [UInt8], _ range: Range<Int>) -> [Range<Int>] {
        var parts: [Range<Int>] = []
        var depth = 0
        var start = range.lowerBound
        var inString: UInt8?
        for position in range {
            let byte = bytes[position]
            if let quote = inString { if byte == quote { inString = nil }; continue }
            if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "`") { inString = byte; continue }
            if byte == UInt8(ascii: "(") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") { depth += 1 }
            if byte == UInt8(ascii: ")") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") { depth -= 1 }
            if byte == UInt8(ascii: ","), depth == 0 {
                parts.append(trimmedRange(bytes, start..<position))
                start = position + 1
            }
        }
        let last = trimmedRange(bytes, start..<range.upperBound)
        if !last.isEmpty { parts.append(last) }
        return parts
    }

    /// Classifies an expression the way the scanner's ``ValueKind`` rules say.
    static func sourceValue(_ bytes: [UInt8], _ range: Range<Int>) -> SourceValue {
        let text = String(decoding: bytes[range], as: UTF8.self)
        let numberCalls = ["parseInt", "parseFloat", "Number", "Math.round", "Math.floor", "Math.ceil", "Math.trunc"]
        for call in numberCalls where text.hasPrefix(call + "(") && text.hasSuffix(")") {
            let operand = operandRange(bytes, range, callLength: call.utf8.count)
            return SourceValue(expressionRange: range, expressionText: text, kind: .number, conversion: ValueConversion(name: call, expressionRange: range, operandRange: operand))
        }
        if text.hasPrefix("String(") && text.hasSuffix(")") {
            let operand = operandRange(bytes, range, callLength: 6)
            return SourceValue(expressionRange: range, expressionText: text, kind: .string, conversion: ValueConversion(name: "String", expressionRange: range, operandRange: operand))
        }
        if text.hasSuffix(".toString()") {
            let operand = range.lowerBound..<(range.upperBound - ".toString()".utf8.count)
            return SourceValue(expressionRange: range, expressionText: text, kind: .string, conversion: ValueConversion(name: "toString", expressionRange: range, operandRange: operand))
        }
        if text.hasPrefix("+"), text.count > 1 {
            return SourceValue(expressionRange: range, expressionText: text, kind: .number, conversion: ValueConversion(name: "unary +", expressionRange: range, operandRange: (range.lowerBound + 1)..<range.upperBound))
        }
        if let first = text.first, first.isNumber { return SourceValue(expressionRange: range, expressionText: text, kind: .number) }
        if let first = text.first, "'\"`".contains(first) { return SourceValue(expressionRange: range, expressionText: text, kind: .string) }
        if text == "true" || text == "false" { return SourceValue(expressionRange: range, expressionText: text, kind: .boolean) }
        return SourceValue(expressionRange: range, expressionText: text, kind: .unknown)
    }

    private static func operandRange(_ bytes: [UInt8], _ range: Range<Int>, callLength: Int) -> Range<Int> {
        let inner = (range.lowerBound + callLength + 1)..<(range.upperBound - 1)
        if let comma = bytes[inner].firstIndex(of: UInt8(ascii: ",")) { return trimmedRange(bytes, inner.lowerBound..<comma) }
        return trimmedRange(bytes, inner)
    }
}
