import Testing
@testable import SQLHealAnalysis

/// Rule fixtures: one query call in JavaScript, `⟦…⟧` around each expected finding's range, and
/// per finding the code, severity and fragments its message must contain (in range order).
struct QueryBindingRulesTests {
    struct Expected {
        var code: FindingCode
        var severity: FindingSeverity
        var fragments: [String]

        static func mismatch(_ severity: FindingSeverity = .warning, _ fragments: String...) -> Expected {
            Expected(code: .typeMismatch, severity: severity, fragments: fragments)
        }
        static func raw(_ fragments: String...) -> Expected {
            Expected(code: .rawInterpolation, severity: .warning, fragments: fragments)
        }
    }

    @discardableResult
    private func check(_ fixture: String, _ expected: [Expected], extractedOnly: Bool = false, sourceLocation: SourceLocation = #_sourceLocation) throws -> [Finding] {
        let schema = SchemaContext(checkedSchema: try BinderFixtures.schema())
        let (source, markers) = BinderFixtures.strip(["⟦", "⟧"], from: fixture)
        var expectedRanges: [ByteRange] = []
        var openings: [Int] = []
        for (marker, offset) in markers {
            if marker == "⟦" { openings.append(offset) } else if let open = openings.popLast() { expectedRanges.append(open..<offset) }
        }
        expectedRanges.sort { ($0.lowerBound, $0.upperBound) < ($1.lowerBound, $1.upperBound) }
        guard let handBuilt = BinderFixtures.query(fromJavaScript: source) else {
            Issue.record("fixture has no query", sourceLocation: sourceLocation)
            return []
        }
        // The same fixture through the scanner's real extractor, so the rules are tested on what
        // the checker will hand them.
        let extracted = QueryExtractor.extractQueries(from: Array(source.utf8), language: .typescript, configuration: .default)
        #expect(extracted.count == 1, "extracted \(extracted.count) queries", sourceLocation: sourceLocation)
        var findings: [Finding] = []
        let handBuiltRuns = extractedOnly ? [] : [("hand-built", handBuilt)]
        for (origin, query) in handBuiltRuns + extracted.prefix(1).map({ ("extracted", $0) }) {
            findings = QueryBindingRules.findings(for: query, schema: schema)
            let bytes = Array(source.utf8)
            func slice(_ range: ByteRange) -> String { String(decoding: bytes[max(0, range.lowerBound)..<min(bytes.count, range.upperBound)], as: UTF8.self) }
            #expect(findings.map { slice($0.range) } == expectedRanges.map(slice), "\(origin)", sourceLocation: sourceLocation)
            #expect(findings.count == expected.count, "\(origin) findings: \(findings.map { "\($0.code) \($0.message)" })", sourceLocation: sourceLocation)
            for (finding, expectation) in zip(findings, expected) {
                #expect(finding.code == expectation.code, "\(origin)", sourceLocation: sourceLocation)
                #expect(finding.severity == expectation.severity, "\(origin): \(finding.message)", sourceLocation: sourceLocation)
                for fragment in expectation.fragments {
                    #expect(finding.message.contains(fragment), "\(origin) message: \(finding.message)", sourceLocation: sourceLocation)
                }
            }
        }
        return findings
    }

    // MARK: - The seed case

    @Test func parseIntSplicedIntoATextColumnIsBothRawAndMismatch() throws {
        let findings = try check("db.all(`SELECT * FROM sessions WHERE user_id = ⟦${⟦parseInt(userId)⟧}⟧`)", [
            .raw("`${parseInt(userId)}`", "NaN", "column name"),
            .mismatch(.warning, "sessions.user_id is TEXT (migrations/001_init.sql:11)", "parseInt makes this a number", "compares as text '42'", "returns as \"42\""),
        ])
        let mismatch = findings.first { $0.code == .typeMismatch }
        guard case .contradictingConversion(let conversion, "sessions", "user_id", "TEXT", .number)? = mismatch?.fixHints.first else {
            Issue.record("missing conversion hint: \(String(describing: mismatch?.fixHints))")
            return
        }
        #expect(conversion.name == "parseInt")
        #expect(mismatch?.related.first?.location == SchemaLocation(path: "migrations/001_init.sql", line: 11))
        let raw = findings.first { $0.code == .rawInterpolation }
        let holeRange = (conversion.expressionRange.lowerBound - 2)..<(conversion.expressionRange.upperBound + 1)
        #expect(raw?.range == holeRange)
        #expect(raw?.fixHints == [.splicedValue(holeSourceRange: holeRange, expressionRange: conversion.expressionRange)])
    }

    // MARK: - type-mismatch through bound parameters

    @Test func numberIntoTextThroughEveryOperator() throws {
        try check("db.all('SELECT * FROM sessions WHERE token = ? OR token IN (?, ?) OR token > ?', [⟦parseInt(a)⟧, ⟦Number(b)⟧, c, ⟦+d⟧])", [
            .mismatch(.warning, "parseInt makes this a number", "compares as text '42'"),
            .mismatch(.warning, "Number makes this a number"),
            .mismatch(.warning, "unary + makes this a number", "'10' sorts before '9'"),
        ])
        try check("db.get('SELECT * FROM users WHERE ? = name', ⟦parseFloat(x)⟧)", [.mismatch(.warning, "users.name is VARCHAR(40) (TEXT affinity)")])
        try check("db.get('SELECT * FROM users WHERE email BETWEEN ? AND ?', ⟦Math.floor(a)⟧, 'z')", [.mismatch(.warning, "Math.floor makes this a number")])
    }

    @Test func stringIntoIntegerOrReal() throws {
        try check("db.get('SELECT * FROM users WHERE age = ? AND score < ?', [⟦String(age)⟧, ⟦s.toString()⟧])", [
            .mismatch(.warning, "users.age is INTEGER", "String makes this text", "never matches"),
            .mismatch(.warning, "users.score is REAL", "toString makes this text"),
        ])
        try check("db.get('SELECT * FROM orders o WHERE o.total = ?', [⟦'12.50'⟧])", [.mismatch(.warning, "`'12.50'`: orders.total is REAL", "the value is text")])
    }

    @Test func correctConversionsUnknownValuesAndNonConflictingAffinitiesAreSilent() throws {
        try check("db.get('SELECT * FROM users WHERE id = ? AND age > ? AND email = ? AND name = ?', [parseInt(id), Number(a), String(e), userName])", [])
        // NUMERIC affinity (DATETIME, BOOLEAN, STRING) and BLOB/untyped columns take anything.
        try check("db.get('SELECT * FROM users WHERE born = ? AND active = ? AND nick = ? AND avatar = ? AND misc = ?', [String(d), 1, parseInt(n), parseInt(a), 'x'])", [])
        // LIKE and GLOB match text whatever the operands.
        try check("db.get('SELECT * FROM users WHERE age LIKE ? OR name GLOB ?', ['4%', parseInt(x)])", [])
        // Booleans and JSON are not number/string conversions.
        try check("db.get('SELECT * FROM users WHERE name = ?', [true])", [])
    }

    @Test func insertAndUpdateStoreValues() throws {
        try check("db.run('INSERT INTO sessions (user_id, token, created_at) VALUES (?, ?, ?), (?, ?, ?)', [⟦parseInt(u)⟧, t, Date.now(), a, ⟦Number(b)⟧, ⟦String(c)⟧])", [
            .mismatch(.warning, "sessions.user_id is TEXT", "stores as text '42'"),
            .mismatch(.warning, "sessions.token is TEXT", "Number makes this a number"),
            .mismatch(.warning, "sessions.created_at is INTEGER", "stays text in the INTEGER column"),
        ])
        try check("db.run('UPDATE users AS u SET name = ?, age = ? WHERE u.id = ?', ⟦parseInt(n)⟧, ⟦String(a)⟧, id)", [
            .mismatch(.warning, "users.name"), .mismatch(.warning, "users.age"),
        ])
        try check("db.run('INSERT INTO tags (name, weight) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET weight = excluded.weight + ?, name = ?', [n, w, inc, ⟦Number(x)⟧])", [
            .mismatch(.warning, "tags.name is TEXT"),
        ])
    }

    @Test func strictTablesAndRowidAliasesRejectOnlyWhatSQLiteRejects() throws {
        // Text that is not a number is rejected (checked against SQLite 3.40).
        try check("db.run('INSERT INTO strict_items (qty, price, label) VALUES (?, ?, ?)', [⟦'many'⟧, ⟦'cheap'⟧, ⟦42⟧])", [
            .mismatch(.error, "rejects", "cannot store TEXT value in INTEGER column strict_items.qty"),
            .mismatch(.error, "cannot store TEXT value in REAL column strict_items.price"),
            .mismatch(.warning, "strict_items.label is TEXT", "stores as text '42'"),
        ])
        // A conversion to text of something numeric goes in: a warning that says when it fails.
        try check("db.run('UPDATE strict_items SET qty = ? WHERE id = ?', [⟦String(q)⟧, id])", [
            .mismatch(.warning, "rejects when it is not one", "cannot store TEXT value in INTEGER column"),
        ])
        try check("db.run('INSERT INTO strict_items (qty, price) VALUES (?, ?)', [⟦'42'⟧, ⟦'4.5'⟧])", [
            .mismatch(.warning, "strict_items.qty"), .mismatch(.warning, "strict_items.price"),
        ])
        try check("db.run('INSERT INTO strict_items (qty) VALUES (?)', [⟦'4.5'⟧])", [.mismatch(.error, "not an integer")])
        // A STRICT BLOB column rejects numbers and text.
        try check("db.run('INSERT INTO strict_items (data, anything) VALUES (?, ?)', [⟦parseInt(d)⟧, String(x)])", [
            .mismatch(.error, "cannot store INT value in BLOB column strict_items.data"),
        ])
        // INTEGER PRIMARY KEY: 'abc' → datatype mismatch; DESC is not a rowid alias.
        try check("db.run('INSERT INTO users (id, email) VALUES (?, ?)', [⟦'abc'⟧, e])", [.mismatch(.error, "datatype mismatch", "INTEGER PRIMARY KEY")])
        try check("db.run('INSERT INTO pk_desc (id) VALUES (?)', [⟦'abc'⟧])", [.mismatch(.warning, "pk_desc.id is INTEGER")])
        // Comparisons never fail, even on STRICT tables.
        try check("db.get('SELECT * FROM strict_items WHERE qty = ?', [⟦'abc'⟧])", [.mismatch(.warning, "never matches")])
    }

    @Test func namedAndNumberedParameters() throws {
        try check("db.get('SELECT * FROM sessions WHERE user_id = $uid AND token = :tok', { $uid: ⟦parseInt(u)⟧, tok: t })", [.mismatch(.warning, "sessions.user_id")])
        try check("db.get('SELECT * FROM users WHERE age = ?2 AND name = ?1', [⟦parseInt(n)⟧, ⟦String(a)⟧])", [
            .mismatch(.warning, "users.name"), .mismatch(.warning, "users.age"),
        ])
    }

    // MARK: - raw-interpolation

    @Test func splicedValuesInValuePositions() throws {
        try check("db.all(`SELECT * FROM users WHERE email = ⟦${email}⟧ AND age > ⟦${minAge}⟧ LIMIT ⟦${limit}⟧ OFFSET ⟦${offset}⟧`)", [
            .raw("`${email}`", "SQL injection"), .raw("`${minAge}`"), .raw("`${limit}`"), .raw("`${offset}`"),
        ])
        try check("db.run(`INSERT INTO tags (name, weight) VALUES (⟦${n}⟧, ⟦${w}⟧)`)", [.raw("`${n}`"), .raw("`${w}`")])
        try check("db.run(`UPDATE users SET age = age + ⟦${n}⟧ WHERE id IN (⟦${a}⟧, ⟦${b}⟧)`)", [.raw("`${n}`"), .raw("`${a}`"), .raw("`${b}`")])
        // Spliced unquoted, `String(a)` is SQL text `42`, a number to SQLite: no type mismatch.
        try check("db.all(`SELECT * FROM users WHERE age = ⟦${String(a)}⟧`)", [.raw("`${String(a)}`")])
        let whole = try check("db.all(`SELECT * FROM users WHERE name = ⟦'${name}'⟧`)", [.raw("string literal", "SQL injection")])
        #expect(whole.first?.fixHints == [.splicedValue(holeSourceRange: whole.first?.range ?? 0..<0, expressionRange: 44..<48)])
        let partial = try check("db.all(`SELECT * FROM users WHERE name LIKE ⟦'%${q}%'⟧`)", [.raw("`${q}`", "the whole string")])
        #expect(partial.first?.fixHints == [])
    }

    @Test func splicedValuesThatMeetNoColumnAndConcatenations() throws {
        // The first hole is a column name, the second a value.
        try check("db.all(`SELECT * FROM users WHERE ${column} = ⟦${value}⟧ OR lower(name) = ⟦${q}⟧`)", [.raw("`${value}`"), .raw("`${q}`")])
        try check("db.all(`SELECT CASE WHEN age > 1 THEN ⟦${a}⟧ ELSE ⟦${b}⟧ END FROM users`)", [.raw("`${a}`"), .raw("`${b}`")])
        // Concatenation operands: the operand is the range, and both rules apply to a number.
        try check("db.get('SELECT * FROM users WHERE email = ' + ⟦email⟧ + ' AND id = ' + ⟦id⟧)", [.raw("`email`"), .raw("`id`")], extractedOnly: true)
        try check("db.get('SELECT * FROM sessions WHERE user_id = ' + ⟦⟦parseInt(u)⟧⟧)", [.raw("`parseInt(u)`", "NaN"), .mismatch(.warning, "sessions.user_id is TEXT")], extractedOnly: true)
    }

    @Test func splicedNamesKeywordsConstantsAndPlaceholderListsAreSilent() throws {
        try check("db.all(`SELECT ${columns} FROM ${table} WHERE ${column} = ? ORDER BY ${sort} ${direction}`, [x])", [])
        try check("db.all(`SELECT * FROM users WHERE id IN (${ids.map(() => '?').join(',')})`, ids)", [])
        try check("db.all(`SELECT * FROM users WHERE id IN (${placeholders})`, ...ids)", [])
        // Run with nothing (`.run()`), the list binds no `?`: it holds the values themselves.
        try check("db.prepare(`DELETE FROM users WHERE id IN (⟦${idList}⟧)`).run()", [.raw("`${idList}`")])
        try check("db.all(`SELECT * FROM users WHERE age > ${18} AND name = ${'bob'} ${where}`)", [])
        // Named like constants (imported, so the scanner cannot resolve them): not user values.
        try check("db.all(`SELECT * FROM users WHERE age > ${MIN_AGE} LIMIT ${Limits.PAGE_SIZE}`)", [])
        try check("db.all(`SELECT * FROM users LIMIT ⟦${pageSize}⟧`)", [.raw("`${pageSize}`")])
        try check("db.all(`PRAGMA table_info('${table}')`)", [])
        // A PRAGMA takes no bound parameter (`PRAGMA cache_size=?` does not parse): nothing to suggest.
        try check("db.exec(`PRAGMA cache_size=${cacheSize}`)", [])
    }

    @Test func holesSplicingNamesOrClausesLeaveTheRestOfTheStatementRead() throws {
        // A table, a qualifier, a glued name or a whole clause from a hole: the values around
        // them still stand where values go.
        try check("db.all(`SELECT a FROM ${table} WHERE b = ⟦${v}⟧ AND c IN (⟦${w}⟧)`)", [.raw("`${v}`"), .raw("`${w}`")])
        try check("db.all(`SELECT * FROM ${prefix}Relations WHERE ${t}.object = ⟦${o}⟧`)", [.raw("`${o}`")])
        try check("db.all(`SELECT * FROM users WHERE name = ? ${orderBy} LIMIT ⟦${n}⟧`, [x])", [.raw("`${n}`")])
        try check("db.run(`UPDATE item${kind}s SET parentItemID = ⟦${p}⟧ WHERE itemID = ?`, [i])", [.raw("`${p}`")])
    }

    @Test func taggedTemplateHolesAreBoundParameters() throws {
        try check("sql`SELECT * FROM sessions WHERE user_id = ${⟦parseInt(userId)⟧} AND token = ${token}`", [
            .mismatch(.warning, "sessions.user_id is TEXT"),
        ])
        try check("sql`SELECT * FROM users WHERE id = ${parseInt(id)} LIMIT ${n}`", [])
    }

    @Test func driftBetweenDatabaseAndMigrationsIsNamed() throws {
        var declared = try SchemaSnapshot(replayingDDL: "CREATE TABLE sessions (id INTEGER PRIMARY KEY, user_id INTEGER, token TEXT);")
        declared.updateTable(named: "sessions") { table in
            table.declaredAt = SchemaLocation(path: "migrations/2_sessions.sql", line: 3)
            if let index = table.columns.firstIndex(where: { $0.name == "user_id" }) {
                table.columns[index].declaredAt = SchemaLocation(path: "migrations/2_sessions.sql", line: 5)
            }
        }
        var checked = try SchemaSnapshot(replayingDDL: "CREATE TABLE sessions (id INTEGER PRIMARY KEY, user_id TEXT, token TEXT);")
        // The workspace may point the database's columns at the migration lines too.
        checked.updateTable(named: "sessions") { table in
            for index in table.columns.indices { table.columns[index].declaredAt = SchemaLocation(path: "migrations/2_sessions.sql", line: 4 + index) }
        }
        let schema = SchemaContext(checkedSchema: checked, declaredSchema: declared, databaseDisplayName: "data/app.db")
        guard let query = BinderFixtures.query(fromJavaScript: "db.all('SELECT * FROM sessions WHERE user_id = ? OR token = ?', [parseInt(u), Number(t)])") else { return }
        let findings = QueryBindingRules.findings(for: query, schema: schema)
        #expect(findings.count == 2)
        #expect(findings.first?.message.contains("sessions.user_id is TEXT in data/app.db, but migrations/2_sessions.sql:5 declares it INTEGER (not applied to data/app.db)") == true,
                "\(findings.first?.message ?? "")")
        #expect(findings.first?.related.map(\.location) == [SchemaLocation(path: "migrations/2_sessions.sql", line: 5)])
        // No drift on token: the migration's location explains the column.
        #expect(findings.last?.message.contains("sessions.token is TEXT (migrations/2_sessions.sql:6)") == true, "\(findings.last?.message ?? "")")
    }

    /// Random SQL-ish templates with holes, through the real extractor: the rules never trap and
    /// every finding lies inside the document.
    @Test func hostileQueriesNeverTrap() throws {
        let schema = SchemaContext(checkedSchema: try BinderFixtures.schema())
        var generator = SplitMix64(seed: 7)
        let pieces = ["SELECT", "*", "FROM", "users", "sessions s", "WHERE", "id", "s.user_id", "=", "<", "IN", "(", ")", ",", "?", "?2", "$x", ":y",
                      "${parseInt(a)}", "${String(b)}", "${c}", "'${d}'", "'", "VALUES", "INSERT INTO", "UPDATE", "SET", "BETWEEN", "AND", "LIMIT",
                      "ON CONFLICT", "DO", "excluded.", "WITH", "AS", "UNION", ";", "--", "/*", "\\", "\"", "é"]
        for _ in 0..<400 {
            let count = Int(generator.next() % 25)
            let sql = (0..<count).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined(separator: " ")
            let source = "db.all(`\(sql)`, [parseInt(p), String(q), r]);"
            let bytes = Array(source.utf8)
            for query in QueryExtractor.extractQueries(from: bytes, language: .javascript, configuration: .default) {
                for finding in QueryBindingRules.findings(for: query, schema: schema) {
                    #expect(finding.range.lowerBound >= 0 && finding.range.upperBound <= bytes.count, "\(source)")
                }
            }
        }
    }

    @Test func suppressionRemovesFindings() throws {
        let schema = SchemaContext(checkedSchema: try BinderFixtures.schema())
        guard var query = BinderFixtures.query(fromJavaScript: "db.all(`SELECT * FROM sessions WHERE user_id = ${parseInt(userId)}`)") else { return }
        query.suppression = QuerySuppression(codes: ["raw-interpolation"])
        #expect(QueryBindingRules.findings(for: query, schema: schema).map(\.code) == [.typeMismatch])
        query.suppression = QuerySuppression(codes: [])
        #expect(QueryBindingRules.findings(for: query, schema: schema).isEmpty)
    }
}

