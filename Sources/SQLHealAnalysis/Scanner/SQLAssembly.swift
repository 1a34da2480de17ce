/// SQL text under construction: bytes, their source map, the holes met so far.
struct SQLAssembly {
    var sql: [UInt8] = []
    var sourceMap = SQLSourceMap()
    var holes: [QueryHole] = []
    /// Some `.splicedText` hole that is not a placeholder list.
    var splicesUnknownText = false
    /// Some operand contributed literal text (a string, a template, a constant).
    var hasText = false
    /// Literal tokens used, so they are not reported again as SQL-like literals.
    var usedTokens: [Int] = []

    /// The SQL as a string with exactly as many UTF-8 bytes as ``sql`` (so the source map and
    /// every SQL offset stay exact): each byte of an invalid UTF-8 sequence (a Latin-1 file, junk)
    /// becomes `_`, never U+FFFD, which would take three bytes.
    var sqlText: String {
        if let valid = String(validating: sql, as: UTF8.self) { return valid }
        var repaired = sql
        var index = 0
        while index < repaired.count {
            let length = validSequenceLength(repaired, at: index)
            if length == 0 {
                repaired[index] = 0x5F
                index += 1
            } else {
                index += length
            }
        }
        return String(decoding: repaired, as: UTF8.self)
    }

    /// The length of the valid UTF-8 sequence at `index`, or 0 when the byte starts none.
    private func validSequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
        let lead = bytes[index]
        func continuation(_ offset: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
            index + offset < bytes.count && range.contains(bytes[index + offset])
        }
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: return continuation(1) ? 2 : 0
        case 0xE0: return continuation(1, 0xA0...0xBF) && continuation(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF: return continuation(1) && continuation(2) ? 3 : 0
        case 0xED: return continuation(1, 0x80...0x9F) && continuation(2) ? 3 : 0
        case 0xF0: return continuation(1, 0x90...0xBF) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF1...0xF3: return continuation(1) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF4: return continuation(1, 0x80...0x8F) && continuation(2) && continuation(3) ? 4 : 0
        default: return 0
        }
    }

    mutating func appendVerbatim(_ bytes: UnsafeBufferPointer<UInt8>, _ range: ByteRange) {
        guard !range.isEmpty else { return }
        sql.append(contentsOf: bytes[range])
        sourceMap.appendVerbatim(length: range.count, sourceStart: range.lowerBound)
    }

    mutating func appendDecoded(_ decoded: [UInt8], sourceRange: ByteRange) {
        sql.append(contentsOf: decoded)
        sourceMap.appendEscape(sqlLength: decoded.count, sourceRange: sourceRange)
    }

    mutating func appendHole(role: QueryHole.Role, sourceRange: ByteRange, value: SourceValue, isPlaceholderList: Bool, holdsSQLOrConstant: Bool = false) {
        let start = sql.count
        sql.append(0x3F)  // ?
        sourceMap.appendHole(sqlLength: 1, sourceRange: sourceRange)
        holes.append(QueryHole(role: role, sourceRange: sourceRange, value: value, sqlRange: start..<(start + 1), isPlaceholderList: isPlaceholderList, holdsSQLOrConstant: holdsSQLOrConstant))
        if role == .splicedText, !isPlaceholderList { splicesUnknownText = true }
    }

    /// Appends the text of a constant another file declares, referred to by the name at `sourceRange`.
    mutating func appendConstant(_ text: String, sourceRange: ByteRange) {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return }
        sql.append(contentsOf: bytes)
        sourceMap.appendConstant(sqlLength: bytes.count, sourceRange: sourceRange)
    }

    /// Appends another assembly's SQL, keeping its map and holes.
    mutating func append(_ other: SQLAssembly) {
        let shift = sql.count
        sql.append(contentsOf: other.sql)
        for segment in other.sourceMap.segments {
            switch segment.kind {
            case .verbatim: sourceMap.appendVerbatim(length: segment.sqlRange.count, sourceStart: segment.sourceRange.lowerBound)
            case .escape: sourceMap.appendEscape(sqlLength: segment.sqlRange.count, sourceRange: segment.sourceRange)
            case .hole: sourceMap.appendHole(sqlLength: segment.sqlRange.count, sourceRange: segment.sourceRange)
            case .synthetic: sourceMap.appendSynthetic(sqlLength: segment.sqlRange.count, sourceOffset: segment.sourceRange.lowerBound)
            case .constant: sourceMap.appendConstant(sqlLength: segment.sqlRange.count, sourceRange: segment.sourceRange)
            }
        }
        for var hole in other.holes {
            hole.sqlRange = (hole.sqlRange.lowerBound + shift)..<(hole.sqlRange.upperBound + shift)
            holes.append(hole)
        }
        splicesUnknownText = splicesUnknownText || other.splicesUnknownText
        hasText = hasText || other.hasText
        usedTokens.append(contentsOf: other.usedTokens)
    }
}
