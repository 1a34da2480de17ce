import Testing
@testable import SQLHealAnalysis

/// A fixture text with range markers: `⟦…⟧` marks, in order of their opening, each expected
/// query's source range followed by its holes' source ranges; `⟪…⟫` marks, in order, where the
/// words listed in ``ExpectedQuery/mapped`` must map back to. Markers are removed before scanning.
struct MarkedFixture {
    var text: String
    var bytes: [UInt8]
    var queryAndHoleRanges: [ByteRange]
    var mappedRanges: [ByteRange]

    init(_ marked: String) {
        var output: [UInt8] = []
        var open: [Int] = []
        var openMapped: [Int] = []
        var ranges: [(start: Int, range: ByteRange)] = []
        var mapped: [(start: Int, range: ByteRange)] = []
        for character in marked {
            switch character {
            case "⟦": open.append(output.count)
            case "⟧": let start = open.removeLast(); ranges.append((start, start..<output.count))
            case "⟪": openMapped.append(output.count)
            case "⟫": let start = openMapped.removeLast(); mapped.append((start, start..<output.count))
            default: output.append(contentsOf: String(character).utf8)
            }
        }
        bytes = output
        text = String(decoding: output, as: UTF8.self)
        // Opening order; an enclosing range opens first.
        queryAndHoleRanges = ranges.sorted { ($0.start, -$0.range.upperBound) < ($1.start, -$1.range.upperBound) }.map(\.range)
        mappedRanges = mapped.sorted { $0.start < $1.start }.map(\.range)
    }
}

/// What one query should look like, in compact text (see ``Summary``).
struct ExpectedQuery: Sendable, CustomStringConvertible {
    /// `"<origin> <dynamism> <sql>"`: origin is `call:NAME`, `tag:NAME` or `literal`; dynamism is
    /// `static`, `spliced` or `unresolved`.
    var summary: String
    /// One per hole: `"<bound|spliced>[ list] <expression> <kind>[(<conversion>)]"`.
    var holes: [String] = []
    /// `none`, `unknown`, `[a:kind, …]` (array literal), `(a:kind, …)` (scalars), `{key:kind, …}`.
    var bound: String = "none"
    /// `nil`, or `"ignore"` / `"ignore missing-column,type-mismatch"`.
    var suppression: String? = nil
    /// Words of the SQL (first occurrence) whose source range is marked by `⟪…⟫`.
    var mapped: [String] = []

    var description: String { summary }
}

struct ScannerCase: Sendable, CustomTestStringConvertible {
    var name: String
    var fixture: String
    var language: SourceLanguage = .typescript
    var expected: [ExpectedQuery]

    var testDescription: String { name }
}

enum Summary {
    static func origin(_ origin: QueryOrigin) -> String {
        switch origin {
        case .queryCall(let name): "call:\(name)"
        case .taggedTemplate(let tag): "tag:\(tag)"
        case .sqlLikeLiteral: "literal"
        }
    }

    static func dynamism(_ dynamism: QueryDynamism) -> String {
        switch dynamism {
        case .fullyStatic: "static"
        case .splicedUnknownText: "spliced"
        case .unresolved: "unresolved"
        case .partial: "partial"
        case .oneOfManyPaths: "one of many paths"
        }
    }

    static func value(_ value: SourceValue) -> String {
        var result = "\(value.expressionText):\(value.kind.rawValue)"
        if let conversion = value.conversion { result += "(\(conversion.name))" }
        return result
    }

    static func hole(_ hole: QueryHole) -> String {
        var result = hole.role == .boundParameter ? "bound" : "spliced"
        if hole.isPlaceholderList { result += " list" }
        result += " \(hole.value.expressionText) \(hole.value.kind.rawValue)"
        if let conversion = hole.value.conversion { result += "(\(conversion.name))" }
        return result
    }

    static func bound(_ values: BoundValues) -> String {
        switch values {
        case .none: "none"
        case .unknown: "unknown"
        case .positional(let values, _, let isArray):
            isArray ? "[" + values.map(value).joined(separator: ", ") + "]" : "(" + values.map(value).joined(separator: ", ") + ")"
        case .named(let values, _):
            "{" + values.sorted { $0.key < $1.key }.map { "\($0.key):\(value($0.value))" }.joined(separator: ", ") + "}"
        }
    }

    static func suppression(_ suppression: QuerySuppression?) -> String? {
        guard let suppression else { return nil }
        return suppression.codes.isEmpty ? "ignore" : "ignore " + suppression.codes.sorted().joined(separator: ",")
    }
}

/// Checks that every SQL byte is accounted for by the source map, and verbatim bytes equal the source.
func expectSourceMapConsistent(_ query: EmbeddedQuery, source: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
    let sql = Array(query.sql.utf8)
    var expectedStart = 0
    for segment in query.sourceMap.segments {
        #expect(segment.sqlRange.lowerBound == expectedStart, "source map has a gap at SQL byte \(expectedStart)", sourceLocation: sourceLocation)
        expectedStart = segment.sqlRange.upperBound
        #expect(segment.sourceRange.lowerBound >= 0 && segment.sourceRange.upperBound <= source.count, sourceLocation: sourceLocation)
        guard segment.sqlRange.upperBound <= sql.count, segment.sourceRange.upperBound <= source.count else { continue }
        switch segment.kind {
        case .verbatim:
            // Equal, except that bytes of invalid UTF-8 sequences become `_` (one for one).
            let matches = zip(sql[segment.sqlRange], source[segment.sourceRange]).allSatisfy { $0 == $1 || ($0 == 0x5F && $1 >= 0x80) }
            #expect(matches, "verbatim segment differs from the source", sourceLocation: sourceLocation)
        case .hole:
            #expect(Array(sql[segment.sqlRange]) == [0x3F], sourceLocation: sourceLocation)
        case .escape:
            #expect(source[segment.sourceRange.lowerBound] == 0x5C, "escape segment does not start at a backslash", sourceLocation: sourceLocation)
        case .synthetic:
            break
        case .constant:
            #expect(!segment.sourceRange.isEmpty, "a constant's text maps to the name referring to it", sourceLocation: sourceLocation)
        }
    }
    #expect(expectedStart == sql.count, "source map covers \(expectedStart) of \(sql.count) SQL bytes", sourceLocation: sourceLocation)
    for hole in query.holes {
        #expect(query.sourceMap.sourceRange(forSQLRange: hole.sqlRange) == hole.sourceRange, sourceLocation: sourceLocation)
    }
}

func check(_ testCase: ScannerCase, configuration: QueryExtractionConfiguration = .default, sourceLocation: SourceLocation = #_sourceLocation) {
    let fixture = MarkedFixture(testCase.fixture)
    let queries = QueryExtractor.extractQueries(from: fixture.bytes, language: testCase.language, configuration: configuration)
    let actualSummaries = queries.map { "\(Summary.origin($0.origin)) \(Summary.dynamism($0.dynamism)) \($0.sql)" }
    #expect(actualSummaries == testCase.expected.map(\.summary), sourceLocation: sourceLocation)
    guard queries.count == testCase.expected.count else { return }
    var rangeIndex = 0
    var mappedIndex = 0
    func nextRange() -> ByteRange? {
        defer { rangeIndex += 1 }
        return rangeIndex < fixture.queryAndHoleRanges.count ? fixture.queryAndHoleRanges[rangeIndex] : nil
    }
    for (query, expected) in zip(queries, testCase.expected) {
        expectSourceMapConsistent(query, source: fixture.bytes, sourceLocation: sourceLocation)
        #expect(query.holes.map(Summary.hole) == expected.holes, "holes of \(expected.summary)", sourceLocation: sourceLocation)
        #expect(Summary.bound(query.boundValues) == expected.bound, "bound values of \(expected.summary)", sourceLocation: sourceLocation)
        #expect(Summary.suppression(query.suppression) == expected.suppression, "suppression of \(expected.summary)", sourceLocation: sourceLocation)
        #expect(query.sourceRange == nextRange(), "source range of \(expected.summary)", sourceLocation: sourceLocation)
        for hole in query.holes {
            #expect(hole.sourceRange == nextRange(), "hole \(Summary.hole(hole))", sourceLocation: sourceLocation)
        }
        for word in expected.mapped {
            guard let found = query.sql.utf8.firstRange(of: word.utf8) else {
                Issue.record("\(word) not in \(query.sql)", sourceLocation: sourceLocation)
                continue
            }
            let start = query.sql.utf8.distance(from: query.sql.utf8.startIndex, to: found.lowerBound)
            let sqlRange = start..<(start + word.utf8.count)
            let expectedRange = mappedIndex < fixture.mappedRanges.count ? fixture.mappedRanges[mappedIndex] : nil
            mappedIndex += 1
            #expect(query.sourceMap.sourceRange(forSQLRange: sqlRange) == expectedRange, "source of \(word)", sourceLocation: sourceLocation)
        }
    }
    #expect(rangeIndex == fixture.queryAndHoleRanges.count, "unused ⟦⟧ markers", sourceLocation: sourceLocation)
    #expect(mappedIndex == fixture.mappedRanges.count, "unused ⟪⟫ markers", sourceLocation: sourceLocation)
}
