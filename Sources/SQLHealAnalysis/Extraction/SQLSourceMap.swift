/// Maps every byte of an ``EmbeddedQuery``'s SQL back to the source bytes it came from.
///
/// SQL built from a literal with escapes (`'it\'s'`), from several concatenated literals, from
/// a `const` declared elsewhere in the file, or with holes, is not a contiguous slice of the
/// source. The map is a list of segments; within a segment SQL bytes and source bytes advance
/// together one for one, except in an escape segment (many source bytes for one SQL character)
/// and a hole segment (the placeholder stands for the whole hole).
public struct SQLSourceMap: Sendable, Hashable {
    public struct Segment: Sendable, Hashable {
        public enum Kind: Sendable, Hashable {
            /// SQL bytes equal source bytes, one for one.
            case verbatim
            /// One decoded character from an escape sequence or a line continuation: all of its
            /// SQL bytes map to the whole source sequence.
            case escape
            /// A hole's placeholder: all of its SQL bytes map to the whole hole.
            case hole
            /// SQL the scanner inserted that is not in the source (a separator between
            /// concatenated parts); maps to an empty range at `sourceRange.lowerBound`.
            case synthetic
            /// The text of a constant another file declares (`FROM ${MESSAGES_TABLE}`): all of
            /// its SQL bytes map to the whole name that refers to it. That name is not the SQL
            /// text, so nothing may edit it as if it were.
            case constant
        }

        public var sqlRange: ByteRange
        public var sourceRange: ByteRange
        public var kind: Kind
    }

    public private(set) var segments: [Segment] = []

    public init() {}

    public var sqlLength: Int { segments.last?.sqlRange.upperBound ?? 0 }

    /// Records `length` SQL bytes copied verbatim from the source starting at `sourceStart`.
    /// Adjacent verbatim segments that continue each other are merged.
    public mutating func appendVerbatim(length: Int, sourceStart: Int) {
        guard length > 0 else { return }
        let sqlStart = sqlLength
        if var last = segments.last, last.kind == .verbatim, last.sourceRange.upperBound == sourceStart {
            last.sqlRange = last.sqlRange.lowerBound..<(sqlStart + length)
            last.sourceRange = last.sourceRange.lowerBound..<(sourceStart + length)
            segments[segments.count - 1] = last
            return
        }
        segments.append(Segment(sqlRange: sqlStart..<(sqlStart + length), sourceRange: sourceStart..<(sourceStart + length), kind: .verbatim))
    }

    /// Records `sqlLength` SQL bytes that decode the escape sequence at `sourceRange`.
    public mutating func appendEscape(sqlLength length: Int, sourceRange: ByteRange) {
        append(length: length, sourceRange: sourceRange, kind: .escape)
    }

    /// Records a hole's placeholder of `sqlLength` bytes standing for the hole at `sourceRange`.
    public mutating func appendHole(sqlLength length: Int, sourceRange: ByteRange) {
        append(length: length, sourceRange: sourceRange, kind: .hole)
    }

    /// Records SQL bytes with no source of their own, anchored at `sourceOffset`.
    public mutating func appendSynthetic(sqlLength length: Int, sourceOffset: Int) {
        append(length: length, sourceRange: sourceOffset..<sourceOffset, kind: .synthetic)
    }

    /// Records `sqlLength` SQL bytes of another file's constant, referred to by the name at `sourceRange`.
    public mutating func appendConstant(sqlLength length: Int, sourceRange: ByteRange) {
        append(length: length, sourceRange: sourceRange, kind: .constant)
    }

    /// Whether any SQL byte of `sqlRange` comes from another file's constant (its source range
    /// is then a name, not the SQL text).
    public func comesFromConstant(_ sqlRange: ByteRange) -> Bool {
        segments.contains { $0.kind == .constant && $0.sqlRange.overlaps(sqlRange) }
    }

    private mutating func append(length: Int, sourceRange: ByteRange, kind: Segment.Kind) {
        guard length > 0 else { return }
        let sqlStart = sqlLength
        segments.append(Segment(sqlRange: sqlStart..<(sqlStart + length), sourceRange: sourceRange, kind: kind))
    }

    /// The map of this SQL with `prefixLength` bytes added before it and `suffixLength` after it
    /// by a wrapper (``SQLRewrite/affixes(prefix:suffix:)``). Those bytes are not in this source:
    /// like another file's constant they stand for `anchor`, the caller's SQL argument, which no
    /// edit may treat as their text.
    public func surrounded(prefixLength: Int, suffixLength: Int, anchor: ByteRange) -> SQLSourceMap {
        var map = SQLSourceMap()
        map.append(length: prefixLength, sourceRange: anchor, kind: .constant)
        for segment in segments {
            map.segments.append(Segment(sqlRange: (segment.sqlRange.lowerBound + prefixLength)..<(segment.sqlRange.upperBound + prefixLength),
                                        sourceRange: segment.sourceRange, kind: segment.kind))
        }
        map.append(length: suffixLength, sourceRange: anchor, kind: .constant)
        return map
    }

    /// The source range covering the SQL bytes `sqlRange`. An empty SQL range maps to an empty
    /// source range at the corresponding point; offsets outside the SQL are clamped.
    public func sourceRange(forSQLRange sqlRange: ByteRange) -> ByteRange {
        guard !segments.isEmpty else { return 0..<0 }
        let lower = min(max(sqlRange.lowerBound, 0), sqlLength)
        let upper = min(max(sqlRange.upperBound, lower), sqlLength)
        if lower == upper {
            let point = sourceOffset(forSQLOffset: lower, roundingUp: false)
            return point..<point
        }
        let start = sourceOffset(forSQLOffset: lower, roundingUp: false)
        let end = sourceOffset(forSQLOffset: upper, roundingUp: true)
        return start..<max(start, end)
    }

    /// The SQL offset a source offset stands for, or `nil` when the source offset is not inside
    /// the SQL (on a quote, outside the literal). Inside an escape or a hole, the start of the
    /// SQL it became; at the end of a verbatim run, the end of that run (a cursor after the last
    /// typed character).
    public func sqlOffset(forSourceOffset offset: Int) -> Int? {
        for segment in segments {
            switch segment.kind {
            case .verbatim:
                if segment.sourceRange.lowerBound <= offset && offset <= segment.sourceRange.upperBound {
                    return segment.sqlRange.lowerBound + offset - segment.sourceRange.lowerBound
                }
            case .escape, .hole, .constant:
                if segment.sourceRange.lowerBound <= offset && offset < segment.sourceRange.upperBound {
                    return segment.sqlRange.lowerBound
                }
            case .synthetic:
                continue
            }
        }
        return nil
    }

    /// True when every byte of `sqlRange` is copied verbatim from one run of the source (no
    /// escape, hole, constant or inserted text inside it).
    public func isVerbatim(_ sqlRange: ByteRange) -> Bool {
        guard !segments.isEmpty, sqlRange.lowerBound >= 0, sqlRange.upperBound <= sqlLength, !sqlRange.isEmpty else { return false }
        let segment = segments[segmentIndex(forSQLOffset: sqlRange.lowerBound, endOfRange: false)]
        return segment.kind == .verbatim && segment.sqlRange.lowerBound <= sqlRange.lowerBound && sqlRange.upperBound <= segment.sqlRange.upperBound
    }

    /// The segment holding SQL byte `offset` (for an end offset, the segment it closes).
    private func segmentIndex(forSQLOffset offset: Int, endOfRange: Bool) -> Int {
        var low = 0
        var high = segments.count - 1
        while low < high {
            let middle = (low + high) / 2
            let range = segments[middle].sqlRange
            let before = endOfRange ? range.upperBound < offset : range.upperBound <= offset
            if before { low = middle + 1 } else { high = middle }
        }
        return low
    }

    private func sourceOffset(forSQLOffset offset: Int, roundingUp: Bool) -> Int {
        let segment = segments[segmentIndex(forSQLOffset: offset, endOfRange: roundingUp)]
        switch segment.kind {
        case .verbatim:
            let delta = min(max(offset - segment.sqlRange.lowerBound, 0), segment.sourceRange.count)
            return segment.sourceRange.lowerBound + delta
        case .escape, .hole, .synthetic, .constant:
            if roundingUp {
                return offset <= segment.sqlRange.lowerBound ? segment.sourceRange.lowerBound : segment.sourceRange.upperBound
            }
            return offset >= segment.sqlRange.upperBound ? segment.sourceRange.upperBound : segment.sourceRange.lowerBound
        }
    }
}
