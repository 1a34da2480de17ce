import Testing
@testable import SQLHealAnalysis

/// Data-driven checker fixtures: JavaScript source with `⟦…⟧` around every range a finding must
/// cover, the expected findings in source order (code plus message fragments), and a schema given
/// as DDL.
///
/// Until the scanner's extractor is merged, the query is built from the first template literal
/// (or quoted string) of the fixture by ``TestQueries``; `${…}` become holes.
struct ExpectedFinding: CustomStringConvertible {
    var code: FindingCode
    var fragments: [String]

    init(_ code: FindingCode, _ fragments: String...) {
        self.code = code
        self.fragments = fragments
    }

    var description: String { "\(code) \(fragments)" }
}

enum CheckerFixtures {
    static let schemaDDL = """
        CREATE TABLE users (
          id INTEGER PRIMARY KEY,
          email TEXT NOT NULL,
          name TEXT,
          age INTEGER,
          created_at DATETIME
        );
        CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users(id), total REAL, status TEXT);
        CREATE TABLE tags (name TEXT PRIMARY KEY, color TEXT) WITHOUT ROWID;
        CREATE VIRTUAL TABLE docs USING fts5(title, body);
        CREATE VIEW big_orders AS SELECT id, user_id, total FROM orders WHERE total > 100;
        """

    /// The demo schema with declaration locations, as the workspace fills them from migrations.
    static func schema(_ ddl: String = schemaDDL, path: String = "migrations/001_init.sql") -> SchemaSnapshot {
        guard var snapshot = try? SchemaSnapshot(replayingDDL: ddl) else { return .empty }
        for table in snapshot.tables {
            snapshot.updateTable(named: table.name) { table in
                table.declaredAt = SchemaLocation(path: path, line: SchemaDeclarationLocator.lineOfCreatedName(table.name, inDDL: ddl) ?? 1)
                for index in table.columns.indices {
                    if let line = SchemaDeclarationLocator.lineOfColumnDefinition(table.columns[index].name, inDDL: table.createSQL) {
                        table.columns[index].declaredAt = SchemaLocation(path: path, line: line + (table.declaredAt?.line ?? 1) - 1)
                    }
                }
            }
        }
        return snapshot
    }

    static let context = SchemaContext(checkedSchema: schema())
}

/// The codes the checker itself produces; the binder's (`type-mismatch`, `raw-interpolation`)
/// have their own tests.
let checkerCodes: Set<FindingCode> = [.missingTable, .missingColumn, .sqlSyntax, .sqlError, .parameterCount]

/// Checks `fixture` (markers included) and compares findings with `expected`, in order.
func checkFixture(
    _ fixture: String,
    _ expected: [ExpectedFinding],
    schema: SchemaContext = CheckerFixtures.context,
    bound: BoundValues = .none,
    origin: QueryOrigin = .queryCall(functionName: "all"),
    holeRole: QueryHole.Role = .splicedText,
    codes: Set<FindingCode> = checkerCodes,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let (source, expectedRanges) = FixtureMarkers.strip(fixture)
    let queries = TestQueries.queries(fromJavaScript: source, bound: bound, origin: origin, holeRole: holeRole)
    let checker = QueryChecker(schema: schema)
    let findings = checker.check(queries, documentText: Array(source.utf8)).filter { codes.contains($0.code) }
    compare(findings: findings, source: source, expectedRanges: expectedRanges, expected: expected, sourceLocation: sourceLocation)
}

func compare(findings: [Finding], source: String, expectedRanges: [ByteRange], expected: [ExpectedFinding], sourceLocation: SourceLocation) {
    let bytes = Array(source.utf8)
    func text(_ range: ByteRange) -> String {
        guard range.lowerBound >= 0, range.upperBound <= bytes.count, range.lowerBound <= range.upperBound else { return "<bad range \(range)>" }
        return String(decoding: bytes[range], as: UTF8.self)
    }
    let described = findings.map { "\($0.code) \(text($0.range)) \($0.range): \($0.message)" }
    #expect(findings.count == expected.count, "findings: \(described)", sourceLocation: sourceLocation)
    #expect(expectedRanges.count == expected.count, "fixture has \(expectedRanges.count) ranges for \(expected.count) findings", sourceLocation: sourceLocation)
    for (index, finding) in findings.enumerated() where index < expected.count {
        let want = expected[index]
        #expect(finding.code == want.code, "finding \(index): \(described[index])", sourceLocation: sourceLocation)
        if index < expectedRanges.count {
            #expect(finding.range == expectedRanges[index], "finding \(index) covers `\(text(finding.range))`, expected `\(text(expectedRanges[index]))`", sourceLocation: sourceLocation)
        }
        for fragment in want.fragments {
            #expect(finding.message.contains(fragment), "finding \(index) message `\(finding.message)` lacks `\(fragment)`", sourceLocation: sourceLocation)
        }
    }
}

enum FixtureMarkers {
    /// Removes `⟦` and `⟧`, returning the text and the byte ranges they enclosed, in order.
    static func strip(_ fixture: String) -> (String, [ByteRange]) {
        var output: [UInt8] = []
        var ranges: [ByteRange] = []
        var openStack: [Int] = []
        for character in fixture {
            if character == "⟦" {
                openStack.append(output.count)
            } else if character == "⟧", let start = openStack.popLast() {
                ranges.append(start..<output.count)
            } else {
                output.append(contentsOf: Array(String(character).utf8))
            }
        }
        ranges.sort { ($0.lowerBound, $0.upperBound) < ($1.lowerBound, $1.upperBound) }
        return (String(decoding: output, as: UTF8.self), ranges)
    }
}

/// Builds queries the way the scanner does, for fixtures that hold one query: the contents of
/// the first template literal (`` `…` ``) or string (`'…'`, `"…"`), `${…}` becoming `?` holes,
/// `\` escapes decoded into escape segments.
enum TestQueries {
    static func queries(fromJavaScript source: String, bound: BoundValues, origin: QueryOrigin, holeRole: QueryHole.Role) -> [EmbeddedQuery] {
        let bytes = Array(source.utf8)
        guard let open = bytes.firstIndex(where: { $0 == UInt8(ascii: "`") || $0 == UInt8(ascii: "'") || $0 == UInt8(ascii: "\"") }) else { return [] }
        let quote = bytes[open]
        var map = SQLSourceMap()
        var sql: [UInt8] = []
        var holes: [QueryHole] = []
        var index = open + 1
        while index < bytes.count && bytes[index] != quote {
            if quote == UInt8(ascii: "`") && bytes[index] == UInt8(ascii: "$") && index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "{") {
                var end = index + 2
                var depth = 1
                while end < bytes.count {
                    if bytes[end] == UInt8(ascii: "{") { depth += 1 }
                    if bytes[end] == UInt8(ascii: "}") { depth -= 1; if depth == 0 { break } }
                    end += 1
                }
                let holeRange = index..<min(bytes.count, end + 1)
                let expression = String(decoding: bytes[(index + 2)..<min(bytes.count, end)], as: UTF8.self)
                let kind: ValueKind = expression.hasPrefix("parseInt") || Int(expression) != nil ? .number : .unknown
                let sqlStart = sql.count
                sql.append(UInt8(ascii: "?"))
                map.appendHole(sqlLength: 1, sourceRange: holeRange)
                holes.append(QueryHole(
                    role: holeRole, sourceRange: holeRange,
                    value: SourceValue(expressionRange: (index + 2)..<min(bytes.count, end), expressionText: expression, kind: kind),
                    sqlRange: sqlStart..<(sqlStart + 1)
                ))
                index = holeRange.upperBound
            } else if bytes[index] == UInt8(ascii: "\\") && index + 1 < bytes.count {
                let decoded: [UInt8]
                switch bytes[index + 1] {
                case UInt8(ascii: "n"): decoded = [0x0A]
                case UInt8(ascii: "t"): decoded = [0x09]
                default: decoded = [bytes[index + 1]]
                }
                sql.append(contentsOf: decoded)
                map.appendEscape(sqlLength: decoded.count, sourceRange: index..<(index + 2))
                index += 2
            } else {
                sql.append(bytes[index])
                map.appendVerbatim(length: 1, sourceStart: index)
                index += 1
            }
        }
        let dynamism: QueryDynamism = holes.contains { $0.role == .splicedText } ? .splicedUnknownText : .fullyStatic
        let suppression: QuerySuppression? = source.contains("// sqlheal-ignore") ? QuerySuppression(codes: []) : nil
        return [EmbeddedQuery(
            sql: String(decoding: sql, as: UTF8.self), sourceMap: map, origin: origin,
            sourceRange: open..<min(bytes.count, index + 1), holes: holes, boundValues: bound,
            dynamism: dynamism, suppression: suppression
        )]
    }

    /// A plain query whose source is the SQL itself.
    static func plain(_ sql: String, bound: BoundValues = .none, origin: QueryOrigin = .queryCall(functionName: "all")) -> EmbeddedQuery {
        var map = SQLSourceMap()
        map.appendVerbatim(length: sql.utf8.count, sourceStart: 0)
        return EmbeddedQuery(sql: sql, sourceMap: map, origin: origin, sourceRange: 0..<sql.utf8.count, boundValues: bound)
    }
}

func values(_ count: Int, at range: ByteRange = 0..<0) -> BoundValues {
    .positional((0..<count).map { SourceValue(expressionRange: range, expressionText: "v\($0)", kind: .unknown) }, argumentRange: range, isArrayLiteral: true)
}
