import SQLHealAnalysis

/// A statement from an agent, written into a one-line JavaScript document the way the code of a
/// project would run it (`db.all(`…`, [params])`), so the same ``DocumentAnalyzer`` that checks
/// the project checks it: scanner, checker, binder, suppression rules and all. The document
/// remembers where each SQL byte and each parameter expression stands in it, to point the
/// findings back at the statement.
struct QueryProbe {
    enum Parameters: Equatable {
        /// Not given: the values are treated as unknown (`...params`), so the count is not checked.
        case unspecified
        /// JavaScript expressions, in order.
        case positional([String])
        /// Name (as a key of the values object, `id` or `$id`) → JavaScript expression.
        case named([(String, String)])

        static func == (lhs: Parameters, rhs: Parameters) -> Bool {
            switch (lhs, rhs) {
            case (.unspecified, .unspecified): true
            case (.positional(let a), .positional(let b)): a == b
            case (.named(let a), .named(let b)): a.elementsEqual(b) { $0 == $1 }
            default: false
            }
        }
    }

    let text: [UInt8]
    /// `sqlOffsets[i]` is the document offset of SQL byte `i` (one past the end at `sql.count`).
    private let documentOffsetOfSQLByte: [Int]
    /// Each parameter's expression in the document, with its label (`1`, `id`).
    let parameterRanges: [(label: String, range: Range<Int>)]
    let sqlLength: Int

    /// - Parameter functionName: a query function the project's configuration names.
    init(sql: String, parameters: Parameters, functionName: String) {
        var text = Array("db.\(functionName)(`".utf8)
        var offsets: [Int] = []
        let sqlBytes = Array(sql.utf8)
        offsets.reserveCapacity(sqlBytes.count + 1)
        var index = 0
        while index < sqlBytes.count {
            let byte = sqlBytes[index]
            // Inside a template literal only `\`, the backtick and `${` mean something.
            if byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "`")
                || (byte == UInt8(ascii: "$") && index + 1 < sqlBytes.count && sqlBytes[index + 1] == UInt8(ascii: "{")) {
                text.append(UInt8(ascii: "\\"))
            }
            offsets.append(text.count)
            text.append(byte)
            index += 1
        }
        offsets.append(text.count)
        text.append(UInt8(ascii: "`"))
        var ranges: [(String, Range<Int>)] = []
        func appendExpression(_ expression: String, label: String) {
            let start = text.count
            text += Array(expression.utf8)
            ranges.append((label, start..<text.count))
        }
        switch parameters {
        case .unspecified:
            text += Array(", ...params".utf8)
        case .positional(let expressions):
            text += Array(", [".utf8)
            for (position, expression) in expressions.enumerated() {
                if position > 0 { text += Array(", ".utf8) }
                appendExpression(expression, label: String(position + 1))
            }
            text += Array("]".utf8)
        case .named(let pairs):
            text += Array(", { ".utf8)
            for (position, (name, expression)) in pairs.enumerated() {
                if position > 0 { text += Array(", ".utf8) }
                text += Array("'\(name)': ".utf8)
                appendExpression(expression, label: name)
            }
            text += Array(" }".utf8)
        }
        text += Array(");\n".utf8)
        self.text = text
        self.documentOffsetOfSQLByte = offsets
        self.parameterRanges = ranges
        self.sqlLength = sqlBytes.count
    }

    /// The SQL byte range a document range covers, clamped to the statement; `nil` when the
    /// range lies wholly outside it (in the parameters).
    func sqlRange(forDocumentRange range: Range<Int>) -> Range<Int>? {
        guard let first = documentOffsetOfSQLByte.first, let last = documentOffsetOfSQLByte.last,
              range.lowerBound < last || (range.isEmpty && range.lowerBound == last),
              range.upperBound > first - 1 else { return nil }
        let start = sqlOffset(atOrAfter: range.lowerBound)
        let end = max(start, sqlOffset(atOrAfter: range.upperBound))
        return start..<end
    }

    /// The parameter whose expression overlaps a document range.
    func parameterLabel(forDocumentRange range: Range<Int>) -> String? {
        parameterRanges.first { $0.range.overlaps(range) || $0.range == range }?.label
    }

    private func sqlOffset(atOrAfter documentOffset: Int) -> Int {
        // Binary search: the first SQL byte standing at or after the offset.
        var low = 0
        var high = documentOffsetOfSQLByte.count - 1
        while low < high {
            let middle = (low + high) / 2
            if documentOffsetOfSQLByte[middle] < documentOffset { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
