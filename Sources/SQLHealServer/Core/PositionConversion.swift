import SQLHealAnalysis
import SQLHealLSP

/// The one place where LSP positions and UTF-8 byte offsets meet. Everything else in the server
/// and the features converts through here (or the `LanguageServer` methods that call it), in the
/// encoding negotiated at `initialize`.
public enum PositionConversion {
    public static func columnUnit(for encoding: PositionEncodingKind) -> TextColumnUnit {
        switch encoding {
        case .utf8: .utf8
        case .utf32: .utf32
        default: .utf16
        }
    }

    public static func position(ofOffset offset: Int, in lineIndex: LineIndex, unit: TextColumnUnit) -> Position {
        let position = lineIndex.position(of: offset, in: unit)
        return Position(line: position.line, character: position.column)
    }

    public static func range(of byteRange: ByteRange, in lineIndex: LineIndex, unit: TextColumnUnit) -> LSPRange {
        LSPRange(
            start: position(ofOffset: byteRange.lowerBound, in: lineIndex, unit: unit),
            end: position(ofOffset: byteRange.upperBound, in: lineIndex, unit: unit))
    }

    /// The byte offset of a client position, and whether it had to be clamped into the text
    /// (a line past the end, a character past the end of its line, negative numbers).
    public static func offset(of position: Position, in lineIndex: LineIndex, unit: TextColumnUnit) -> (offset: Int, wasClamped: Bool) {
        let textPosition = TextPosition(line: position.line, column: position.character)
        let offset = lineIndex.offset(of: textPosition, in: unit)
        let roundTrip = lineIndex.position(of: offset, in: unit)
        let clamped = position.line < 0 || position.character < 0 || position.line >= lineIndex.lineCount
            || roundTrip.line != position.line || roundTrip.column < position.character
        return (offset, clamped)
    }

    /// The byte range of a client range; an inverted range becomes empty at its start.
    public static func byteRange(of range: LSPRange, in lineIndex: LineIndex, unit: TextColumnUnit) -> ByteRange {
        let start = offset(of: range.start, in: lineIndex, unit: unit).offset
        let end = offset(of: range.end, in: lineIndex, unit: unit).offset
        return start..<max(start, end)
    }
}
