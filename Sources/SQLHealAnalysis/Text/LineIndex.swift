/// How a column inside a line is counted.
///
/// LSP clients count in UTF-16 code units unless they negotiate otherwise; the analysis
/// core works in UTF-8 byte offsets and converts only at the edge, through ``LineIndex``.
public enum TextColumnUnit: String, Sendable, Hashable, CaseIterable {
    case utf8 = "utf-8"
    case utf16 = "utf-16"
    case utf32 = "utf-32"
}

/// A zero-based line and column, the column counted in a ``TextColumnUnit``.
public struct TextPosition: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (lhs: TextPosition, rhs: TextPosition) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    public var description: String { "\(line):\(column)" }
}

/// Converts between UTF-8 byte offsets and line/column positions of one text.
///
/// Lines end at `\n`, `\r\n` or a lone `\r`, as the LSP specification says. A position past
/// the end of its line is clamped to the line's end; a line past the end of the text is clamped
/// to the end of the text. Conversions never trap, whatever the input: the server feeds it
/// positions straight from the client.
///
/// Building the index is one pass over the bytes; each conversion is a binary search for the
/// line plus a walk over that one line, so it is cheap enough to run on every keystroke.
public struct LineIndex: Sendable {
    /// The UTF-8 byte offset at which each line starts. Always starts with 0.
    public let lineStarts: [Int]
    private let bytes: [UInt8]

    public init(_ text: String) {
        self.init(utf8: Array(text.utf8))
    }

    public init(utf8 bytes: [UInt8]) {
        self.bytes = bytes
        var starts: [Int] = [0]
        starts.reserveCapacity(bytes.count / 32 + 1)
        var index = 0
        let count = bytes.count
        bytes.withUnsafeBufferPointer { buffer in
            while index < count {
                let byte = buffer[index]
                if byte == 0x0A {
                    starts.append(index + 1)
                } else if byte == 0x0D {
                    if index + 1 < count, buffer[index + 1] == 0x0A {
                        index += 1
                    }
                    starts.append(index + 1)
                }
                index += 1
            }
        }
        self.lineStarts = starts
    }

    public var lineCount: Int { lineStarts.count }
    public var byteCount: Int { bytes.count }

    /// The zero-based line holding `offset` (clamped into the text).
    public func line(containing offset: Int) -> Int {
        let offset = min(max(offset, 0), bytes.count)
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset {
                low = middle
            } else {
                high = middle - 1
            }
        }
        return low
    }

    /// The byte offset where `line`'s content ends, before its line terminator.
    public func lineContentEnd(_ line: Int) -> Int {
        let line = min(max(line, 0), lineStarts.count - 1)
        var end = line + 1 < lineStarts.count ? lineStarts[line + 1] : bytes.count
        if end > lineStarts[line], end - 1 < bytes.count, bytes[end - 1] == 0x0A { end -= 1 }
        if end > lineStarts[line], end - 1 < bytes.count, bytes[end - 1] == 0x0D { end -= 1 }
        return end
    }

    /// The position of a byte offset. An offset inside a multi-byte character counts as the
    /// start of that character.
    public func position(of offset: Int, in unit: TextColumnUnit) -> TextPosition {
        let offset = min(max(offset, 0), bytes.count)
        let line = line(containing: offset)
        let start = lineStarts[line]
        let end = min(offset, lineContentEnd(line))
        var column = 0
        var index = start
        while index < end {
            let byte = bytes[index]
            let length = Self.sequenceLength(leadByte: byte)
            if index + length > end { break }
            column += Self.units(ofSequenceLength: length, in: unit)
            index += length
        }
        return TextPosition(line: line, column: column)
    }

    /// The byte offset of a position, clamped into the text. A column that lands inside a
    /// character (half of a UTF-16 surrogate pair) resolves to the start of that character.
    public func offset(of position: TextPosition, in unit: TextColumnUnit) -> Int {
        if position.line < 0 { return 0 }
        if position.line >= lineStarts.count { return bytes.count }
        let start = lineStarts[position.line]
        let end = lineContentEnd(position.line)
        var remaining = max(position.column, 0)
        var index = start
        while index < end, remaining > 0 {
            let length = Self.sequenceLength(leadByte: bytes[index])
            let units = Self.units(ofSequenceLength: length, in: unit)
            if units > remaining { break }
            remaining -= units
            index = min(index + length, end)
        }
        return index
    }

    /// The length of the UTF-8 sequence a lead byte starts; stray continuation bytes and invalid
    /// bytes count as one (they are shown as U+FFFD, one UTF-16 unit, by every client).
    @inline(__always)
    static func sequenceLength(leadByte byte: UInt8) -> Int {
        switch byte {
        case 0..<0xC0: return 1
        case 0xC0..<0xE0: return 2
        case 0xE0..<0xF0: return 3
        default: return byte < 0xF8 ? 4 : 1
        }
    }

    @inline(__always)
    static func units(ofSequenceLength length: Int, in unit: TextColumnUnit) -> Int {
        switch unit {
        case .utf8: return length
        case .utf16: return length == 4 ? 2 : 1
        case .utf32: return 1
        }
    }
}
