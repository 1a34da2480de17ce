/// Where and how a new bound value goes into a query call, so that it lines up with the
/// placeholder that replaces a spliced hole.
///
/// - Positional placeholders (`?`): the value goes into the array (or the scalar arguments) at
///   the index of the new placeholder among the statement's existing ones; an array argument is
///   created when the call has no values (`db.all(sql)` → `db.all(sql, [v])`, before a trailing
///   callback); `db.prepare(sql).get()` gets a scalar in the chained call.
/// - Numbered placeholders (`?2`): the next number, the value appended.
/// - Named placeholders (`$x`, `:x`, `@x`): a fresh name in the same style, added to the object.
struct ParameterInsertion {
    struct Result {
        /// What replaces the hole in the SQL: `?`, `?3`, `$userId`.
        var placeholder: String
        var edits: [ByteRangeEdit]
    }

    let query: EmbeddedQuery
    let hole: QueryHole
    let text: JavaScriptFixText

    /// Statement methods of better-sqlite3, node:sqlite and bun that take the values. (D1's
    /// `first(column)` and `raw(options)` take none: its values go in a `.bind(…)`.)
    static let valueTakingChainMethods: Set<String> = ["run", "get", "all", "iterate", "bind", "each", "values"]
    /// Statement methods that return the statement itself and take no values (better-sqlite3's
    /// `.raw()` among them).
    static let statementModifierMethods = ParameterCount.statementModeMethods.union(["raw"])
    /// Calls that run SQL without taking values.
    static let valuelessFunctions: Set<String> = ["exec"]

    func insertion(ofValue value: String) -> Result? {
        let scan = SQLPlaceholderScan(sql: query.sql)
        let splicedHoleRanges = query.holes.filter { $0.role == .splicedText }.map(\.sqlRange)
        let existing = scan.placeholders.filter { placeholder in
            !splicedHoleRanges.contains { $0.lowerBound <= placeholder.sqlRange.lowerBound && placeholder.sqlRange.upperBound <= $0.upperBound }
        }

        if case .named(let valuesByName, let argumentRange) = query.boundValues,
            let prefix = existing.lazy.compactMap({ if case .named(let prefix, _) = $0.style { prefix } else { nil } }).first
        {
            let taken = Set(existing.compactMap { if case .named(_, let name) = $0.style { name } else { nil } }).union(valuesByName.keys)
            let name = Self.freshName(for: value, avoiding: taken)
            guard let edit = objectInsertion(key: name, prefix: prefix, value: value, objectRange: argumentRange) else { return nil }
            return Result(placeholder: "\(prefix)\(name)", edits: [edit])
        }

        let numbers = existing.compactMap { if case .numbered(let number) = $0.style { number } else { nil } }
        let placeholder: String
        let index: Int
        if let largest = numbers.max() {
            placeholder = "?\(largest + 1)"
            index = largest
        } else {
            placeholder = "?"
            index = existing.filter { $0.sqlRange.lowerBound < hole.sqlRange.lowerBound }.count
        }

        switch query.boundValues {
        case .positional(let values, let argumentRange, let isArrayLiteral):
            let dataValues = Self.droppingTrailingCallbacks(values)
            if dataValues.isEmpty {
                if isArrayLiteral, text.byte(at: argumentRange.lowerBound) == UInt8(ascii: "[") {
                    return Result(placeholder: placeholder, edits: [.insertion(at: argumentRange.lowerBound + 1, value)])
                }
                return noValuesInsertion(value: value).map { Result(placeholder: placeholder, edits: $0) }
            }
            if index < dataValues.count {
                return Result(placeholder: placeholder, edits: [.insertion(at: dataValues[index].expressionRange.lowerBound, "\(value), ")])
            }
            return Result(placeholder: placeholder, edits: [.insertion(at: dataValues[dataValues.count - 1].expressionRange.upperBound, ", \(value)")])
        case .none:
            return noValuesInsertion(value: value).map { Result(placeholder: placeholder, edits: $0) }
        case .named, .unknown:
            // Values we cannot see (a variable, a spread) or an object for a positional
            // statement: adding one could misalign every other value.
            return nil
        }
    }

    // MARK: Calls without values

    /// The call's argument list and what follows it.
    struct CallShape {
        var openParenthesis: Int
        var closeParenthesis: Int
        /// The first top-level comma after the SQL argument, when more arguments follow.
        var commaAfterSQL: Int?
        /// A chained statement call (`.get(…)` after `db.prepare(…)`): its parentheses.
        var chainedCall: (name: String, open: Int, close: Int)?
    }

    func callShape() -> CallShape? {
        var open: Int?
        if let before = text.previousSignificantOffset(before: query.sourceRange.lowerBound), text.bytes[before] == UInt8(ascii: "(") {
            open = before
        } else if let callRange = query.callRange, let close = query.callClosingParenthesisOffset {
            // The SQL is declared elsewhere (`const q = …; db.all(q)`): find the `(` matching the call's `)`.
            var index = callRange.lowerBound
            while index < min(callRange.upperBound, close) {
                if let skipped = text.skipLiteralOrComment(at: index) { index = skipped; continue }
                if text.bytes[index] == UInt8(ascii: "("), text.matchingCloseOffset(ofOpenAt: index) == close {
                    open = index
                    break
                }
                index += 1
            }
        }
        guard let open, let close = text.matchingCloseOffset(ofOpenAt: open) else { return nil }
        let commas = text.topLevelCommaOffsets(insideOpenAt: open, closeOffset: close)
        var commaAfterSQL: Int?
        if let first = commas.first, text.nextSignificantOffset(from: first + 1) < close { commaAfterSQL = first }

        // Follow `.pluck().get(` style chains to the call that takes the values.
        var chained: (String, Int, Int)?
        var cursor = close + 1
        for _ in 0..<4 {
            let dot = text.nextSignificantOffset(from: cursor)
            guard text.byte(at: dot) == UInt8(ascii: ".") else { break }
            guard let method = text.identifier(startingAt: text.nextSignificantOffset(from: dot + 1)) else { break }
            let chainOpen = text.nextSignificantOffset(from: method.range.upperBound)
            guard text.byte(at: chainOpen) == UInt8(ascii: "("), let chainClose = text.matchingCloseOffset(ofOpenAt: chainOpen) else { break }
            if Self.valueTakingChainMethods.contains(method.name) {
                chained = (method.name, chainOpen, chainClose)
                break
            }
            guard Self.statementModifierMethods.contains(method.name) else { break }
            cursor = chainClose + 1
        }
        return CallShape(openParenthesis: open, closeParenthesis: close, commaAfterSQL: commaAfterSQL, chainedCall: chained)
    }

    private var functionName: String? {
        if case .queryCall(let name) = query.origin { name } else { nil }
    }

    private func noValuesInsertion(value: String) -> [ByteRangeEdit]? {
        guard let functionName, !Self.valuelessFunctions.contains(functionName), let shape = callShape() else { return nil }
        // D1 (`env.DB.prepare(sql).first()`): a `.bind(v)` right after the prepare, unless one is there.
        if functionName == "prepare", query.receiver.map(ConnectionResolver.isD1Binding) == true, shape.chainedCall?.name != "bind" {
            return [.insertion(at: shape.closeParenthesis + 1, ".bind(\(value))")]
        }
        if let chained = shape.chainedCall {
            // `db.prepare(sql).get()`: better-sqlite3 takes scalars here.
            guard text.nextSignificantOffset(from: chained.open + 1) == chained.close else { return nil }
            return [.insertion(at: chained.open + 1, value)]
        }
        // A prepared statement run elsewhere: the values are not in this call.
        if functionName == "prepare" { return nil }
        if let comma = shape.commaAfterSQL {
            // `db.all(sql, callback)` → `db.all(sql, [v], callback)`.
            return [.insertion(at: comma, ", [\(value)]")]
        }
        guard let last = text.previousSignificantOffset(before: shape.closeParenthesis), last > shape.openParenthesis else { return nil }
        if text.bytes[last] == UInt8(ascii: ",") {
            return [.insertion(at: last + 1, " [\(value)]")]
        }
        return [.insertion(at: last + 1, ", [\(value)]")]
    }

    // MARK: Named values

    private func objectInsertion(key: String, prefix: Character, value: String, objectRange: ByteRange) -> ByteRangeEdit? {
        guard text.byte(at: objectRange.lowerBound) == UInt8(ascii: "{"), objectRange.upperBound >= 1,
            text.byte(at: objectRange.upperBound - 1) == UInt8(ascii: "}")
        else { return nil }
        let closing = objectRange.upperBound - 1
        // node-sqlite3 writes the prefix in the keys (`{ $id: 1 }`), better-sqlite3 does not.
        let firstKey = text.nextSignificantOffset(from: objectRange.lowerBound + 1)
        var keyStart = firstKey
        if let byte = text.byte(at: keyStart), byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") { keyStart += 1 }
        let keysArePrefixed = firstKey < closing && [UInt8(ascii: "$"), UInt8(ascii: ":"), UInt8(ascii: "@")].contains(text.byte(at: keyStart) ?? 0)
        let property: String
        if keysArePrefixed {
            let fullKey = "\(prefix)\(key)"
            property = JavaScriptFixText.isPlainIdentifier(fullKey) ? "\(fullKey): \(value)" : "'\(fullKey)': \(value)"
        } else {
            property = key == value ? key : "\(key): \(value)"
        }
        guard let last = text.previousSignificantOffset(before: closing), last >= objectRange.lowerBound else { return nil }
        if last == objectRange.lowerBound { return .insertion(at: last + 1, " \(property) ") }
        if text.bytes[last] == UInt8(ascii: ",") { return .insertion(at: last + 1, " \(property)") }
        return .insertion(at: last + 1, ", \(property)")
    }

    /// A parameter name from the value (`req.params.userId` → `userId`), unique in the statement.
    static func freshName(for value: String, avoiding taken: Set<String>) -> String {
        let bytes = Array(value.utf8)
        // The last identifier of the expression, ignoring a trailing call's parentheses.
        var end = bytes.count
        while end > 0, !JavaScriptFixText.isIdentifierByte(bytes[end - 1]) || bytes[end - 1] >= 0x80 { end -= 1 }
        var start = end
        while start > 0, JavaScriptFixText.isIdentifierByte(bytes[start - 1]), bytes[start - 1] < 0x80, bytes[start - 1] != UInt8(ascii: "$") { start -= 1 }
        var base = String(decoding: bytes[start..<end], as: UTF8.self)
        if base.isEmpty || JavaScriptFixText.isDigit(base.utf8.first ?? 0) { base = "value" }
        var candidate = base
        var counter = 2
        while taken.contains(candidate) {
            candidate = "\(base)\(counter)"
            counter += 1
        }
        return candidate
    }

    /// Positional values without a trailing callback (`db.get(sql, a, (err, row) => …)`).
    static func droppingTrailingCallbacks(_ values: [SourceValue]) -> [SourceValue] {
        var values = values
        while let last = values.last, isCallback(last.expressionText) { values.removeLast() }
        return values
    }

    static func isCallback(_ expression: String) -> Bool {
        let trimmed = expression.trimmingCharacters()
        if trimmed.hasPrefix("function") || trimmed.hasPrefix("async ") || trimmed.hasPrefix("async(") { return true }
        let bytes = Array(trimmed.utf8)
        let walker = JavaScriptFixText(bytes)
        // `(err, rows) => …` or `err => …`: an arrow at top level.
        var index = 0
        while index + 1 < bytes.count {
            if let skipped = walker.skipLiteralOrComment(at: index) { index = skipped; continue }
            if JavaScriptFixText.closer(of: bytes[index]) != nil {
                index = (walker.matchingCloseOffset(ofOpenAt: index) ?? bytes.count) + 1
                continue
            }
            if bytes[index] == UInt8(ascii: "="), bytes[index + 1] == UInt8(ascii: ">") { return true }
            index += 1
        }
        return false
    }
}
