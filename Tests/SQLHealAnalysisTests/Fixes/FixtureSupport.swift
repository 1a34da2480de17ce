import Testing
@testable import SQLHealAnalysis

/// Builds hand-made analyses for fix tests: ranges are found by the text they cover, so a
/// fixture reads as the JavaScript it is.
struct FixFixture {
    let text: String
    var bytes: [UInt8] { Array(text.utf8) }

    init(_ text: String) {
        self.text = text
    }

    /// The byte range of the `occurrence`-th (1-based) `needle` at or after `start`.
    func range(of needle: String, occurrence: Int = 1, from start: Int = 0) -> ByteRange {
        let haystack = bytes
        let pattern = Array(needle.utf8)
        var found = 0
        var index = start
        while index + pattern.count <= haystack.count {
            if Array(haystack[index..<(index + pattern.count)]) == pattern {
                found += 1
                if found == occurrence { return index..<(index + pattern.count) }
            }
            index += 1
        }
        Issue.record("\(needle) not found in fixture")
        return 0..<0
    }

    func range(of needle: String, within outer: ByteRange) -> ByteRange {
        let inner = range(of: needle, from: outer.lowerBound)
        #expect(inner.upperBound <= outer.upperBound, "\(needle) is not inside the outer range")
        return inner
    }

    func value(_ expression: String, kind: ValueKind = .unknown, conversion: ValueConversion? = nil, occurrence: Int = 1) -> SourceValue {
        let range = range(of: expression, occurrence: occurrence)
        return SourceValue(expressionRange: range, expressionText: expression, kind: kind, conversion: conversion)
    }

    /// A conversion `whole` whose operand is `operand` (found inside `whole`).
    func conversion(_ name: String, whole: String, operand: String, occurrence: Int = 1) -> ValueConversion {
        let wholeRange = range(of: whole, occurrence: occurrence)
        return ValueConversion(name: name, expressionRange: wholeRange, operandRange: range(of: operand, within: wholeRange))
    }

    /// A query whose SQL is the literal/template `literal` (quotes included in the fixture,
    /// excluded from the SQL), holes given as their `${…}` texts in order.
    func query(
        literal: String,
        function: String = "all",
        holes holeTexts: [String] = [],
        spliced: Bool = true,
        bound: BoundValues = .none,
        occurrence: Int = 1
    ) -> EmbeddedQuery {
        let literalRange = range(of: literal, occurrence: occurrence)
        var sql = ""
        var map = SQLSourceMap()
        var holes: [QueryHole] = []
        var cursor = literalRange.lowerBound + 1
        let end = literalRange.upperBound - 1
        for holeText in holeTexts {
            let holeRange = range(of: holeText, from: cursor)
            map.appendVerbatim(length: holeRange.lowerBound - cursor, sourceStart: cursor)
            sql += String(decoding: bytes[cursor..<holeRange.lowerBound], as: UTF8.self)
            let sqlStart = sql.utf8.count
            sql += "?"
            map.appendHole(sqlLength: 1, sourceRange: holeRange)
            let expressionRange: ByteRange = holeText.hasPrefix("${") ? (holeRange.lowerBound + 2)..<(holeRange.upperBound - 1) : holeRange
            let expression = String(decoding: bytes[expressionRange], as: UTF8.self)
            holes.append(QueryHole(
                role: spliced ? .splicedText : .boundParameter, sourceRange: holeRange,
                value: SourceValue(expressionRange: expressionRange, expressionText: expression, kind: .unknown),
                sqlRange: sqlStart..<(sqlStart + 1)
            ))
            cursor = holeRange.upperBound
        }
        if cursor < end {
            map.appendVerbatim(length: end - cursor, sourceStart: cursor)
            sql += String(decoding: bytes[cursor..<end], as: UTF8.self)
        }
        return EmbeddedQuery(
            sql: sql, sourceMap: map, origin: .queryCall(functionName: function), sourceRange: literalRange,
            holes: holes, boundValues: bound
        )
    }

    /// A query built from a concatenation: `parts` are the literal texts (quotes included) and
    /// the operand expressions, in order; operands are the entries not starting with a quote.
    func concatenationQuery(_ parts: [String], function: String = "all", bound: BoundValues = .none) -> EmbeddedQuery {
        var sql = ""
        var map = SQLSourceMap()
        var holes: [QueryHole] = []
        var cursor = 0
        var first: Int?
        var last = 0
        for part in parts {
            let partRange = range(of: part, from: cursor)
            first = first ?? partRange.lowerBound
            last = partRange.upperBound
            cursor = partRange.upperBound
            if let quote = part.first, "'\"`".contains(quote) {
                let inner = (partRange.lowerBound + 1)..<(partRange.upperBound - 1)
                map.appendVerbatim(length: inner.count, sourceStart: inner.lowerBound)
                sql += String(decoding: bytes[inner], as: UTF8.self)
            } else {
                let sqlStart = sql.utf8.count
                sql += "?"
                map.appendHole(sqlLength: 1, sourceRange: partRange)
                holes.append(QueryHole(
                    role: .splicedText, sourceRange: partRange,
                    value: SourceValue(expressionRange: partRange, expressionText: part, kind: .unknown),
                    sqlRange: sqlStart..<(sqlStart + 1)
                ))
            }
        }
        return EmbeddedQuery(
            sql: sql, sourceMap: map, origin: .queryCall(functionName: function), sourceRange: (first ?? 0)..<last,
            holes: holes, boundValues: bound
        )
    }

    func positional(_ expressions: [String], array: String?, from start: Int = 0) -> BoundValues {
        var cursor = start
        var values: [SourceValue] = []
        var argumentStart: Int?
        if let array {
            let arrayRange = range(of: array, from: start)
            argumentStart = arrayRange.lowerBound
            cursor = arrayRange.lowerBound
            for expression in expressions {
                let valueRange = range(of: expression, from: cursor)
                values.append(SourceValue(expressionRange: valueRange, expressionText: expression, kind: .unknown))
                cursor = valueRange.upperBound
            }
            return .positional(values, argumentRange: arrayRange, isArrayLiteral: true)
        }
        for expression in expressions {
            let valueRange = range(of: expression, from: cursor)
            argumentStart = argumentStart ?? valueRange.lowerBound
            values.append(SourceValue(expressionRange: valueRange, expressionText: expression, kind: .unknown))
            cursor = valueRange.upperBound
        }
        let start = argumentStart ?? cursor
        return .positional(values, argumentRange: start..<cursor, isArrayLiteral: false)
    }
}

/// A schema of `sessions(id INTEGER PRIMARY KEY, user_id TEXT)` and `users(id INTEGER, email TEXT, age INTEGER)`,
/// with migrations declaring also `audit_log` and `users.nickname`.
enum FixSchemas {
    static let sessions = TableSchema(
        name: "sessions", kind: .table,
        columns: [ColumnSchema(name: "id", declaredType: "INTEGER", primaryKeyPosition: 1, isRowidAlias: true), ColumnSchema(name: "user_id", declaredType: "TEXT")],
        createSQL: "CREATE TABLE sessions (id INTEGER PRIMARY KEY, user_id TEXT)",
        declaredAt: SchemaLocation(path: "migrations/001_init.sql", line: 1)
    )
    static let users = TableSchema(
        name: "users", kind: .table,
        columns: [ColumnSchema(name: "id", declaredType: "INTEGER"), ColumnSchema(name: "email", declaredType: "TEXT"), ColumnSchema(name: "age", declaredType: "INTEGER")],
        createSQL: "CREATE TABLE users (id INTEGER, email TEXT, age INTEGER)",
        declaredAt: SchemaLocation(path: "migrations/001_init.sql", line: 5)
    )
    static let declaredUsers = TableSchema(
        name: "users", kind: .table,
        columns: users.columns + [ColumnSchema(name: "nickname", declaredType: "TEXT", declaredAt: SchemaLocation(path: "migrations/003_nickname.sql", line: 2))],
        createSQL: "CREATE TABLE users (id INTEGER, email TEXT, age INTEGER, nickname TEXT)",
        declaredAt: SchemaLocation(path: "migrations/001_init.sql", line: 5)
    )
    static let auditLog = TableSchema(
        name: "audit_log", kind: .table, columns: [ColumnSchema(name: "id", declaredType: "INTEGER")],
        createSQL: "CREATE TABLE audit_log (id INTEGER)", declaredAt: SchemaLocation(path: "migrations/002_audit.sql", line: 3)
    )

    static let context = SchemaContext(
        checkedSchema: SchemaSnapshot(tables: [sessions, users], ddl: [sessions.createSQL, users.createSQL], fingerprint: "checked"),
        declaredSchema: SchemaSnapshot(tables: [sessions, declaredUsers, auditLog], ddl: [], fingerprint: "declared"),
        databaseDisplayName: "data/app.db"
    )
}

/// Applies the fix titled `title` (or starting with `titlePrefix`) for `finding` and returns the text.
func applyingFix(
    titled title: String? = nil,
    titlePrefix: String? = nil,
    for finding: Finding,
    in fixture: FixFixture,
    queries: [EmbeddedQuery],
    otherFindings: [Finding] = [],
    schema: SchemaContext = FixSchemas.context,
    sourceLocation: SourceLocation = #_sourceLocation
) -> String? {
    let context = CodeFixContext(text: fixture.bytes, queries: queries, findings: [finding] + otherFindings, schema: schema)
    let fixes = CodeFixProvider().fixes(for: finding, in: context)
    guard let fix = fixes.first(where: { fix in
        if let title { return fix.title == title }
        if let titlePrefix { return fix.title.hasPrefix(titlePrefix) }
        return true
    }) else {
        Issue.record("no fix \(title ?? titlePrefix ?? "") among \(fixes.map(\.title))", sourceLocation: sourceLocation)
        return nil
    }
    guard let result = TextEditApplication.apply(fix.textEdits, to: fixture.bytes) else {
        Issue.record("edits of \(fix.title) conflict", sourceLocation: sourceLocation)
        return nil
    }
    return String(decoding: result, as: UTF8.self)
}

func typeMismatch(_ range: ByteRange, conversion: ValueConversion, table: String = "sessions", column: String = "user_id", affinity: String = "TEXT", valueKind: ValueKind = .number) -> Finding {
    Finding(
        code: .typeMismatch, severity: .warning, range: range, message: "type mismatch",
        fixHints: [.contradictingConversion(conversion: conversion, table: table, column: column, columnAffinity: affinity, valueKind: valueKind)]
    )
}

func rawInterpolation(_ hole: QueryHole) -> Finding {
    Finding(
        code: .rawInterpolation, severity: .warning, range: hole.value.expressionRange, message: "raw interpolation",
        fixHints: [.splicedValue(holeSourceRange: hole.sourceRange, expressionRange: hole.value.expressionRange)]
    )
}
