import Testing
@testable import SQLHealAnalysis

@Suite struct QueryCheckerTests {
    // MARK: missing-table / missing-column

    @Test func missingColumnWithSuggestionTypeAndDeclaration() {
        checkFixture("db.all(`SELECT ⟦emial⟧ FROM users WHERE id = ?`, [id])", [
            ExpectedFinding(.missingColumn, "`emial`", "table `users`", "migrations/001_init.sql:1", "Did you mean `email` (TEXT, migrations/001_init.sql:3)?"),
        ], bound: values(1))
    }

    @Test func missingTableWithSuggestion() {
        checkFixture("db.all(`SELECT * FROM ⟦userz⟧`)", [ExpectedFinding(.missingTable, "`userz`", "Did you mean `users`?")])
    }

    @Test func missingTableFollowedByItsColumnListIsUnderlinedAtTheName() {
        checkFixture("db.run(`INSERT INTO ⟦order_items⟧ (order_id, qty) VALUES (?, ?)`, [a, b])", [ExpectedFinding(.missingTable, "`order_items`")])
        checkFixture("db.run(`INSERT INTO ⟦order_items⟧(order_id) VALUES (1)`)", [ExpectedFinding(.missingTable, "`order_items`")])
    }

    @Test func everyUnknownNameInOneStatement() {
        checkFixture("db.all(`SELECT u.⟦emial⟧, ⟦nmae⟧, o.⟦totl⟧ FROM users u JOIN orders o ON o.⟦usr_id⟧ = u.id ORDER BY ⟦agee⟧`)", [
            ExpectedFinding(.missingColumn, "`emial`", "table `users`", "`email`"),
            ExpectedFinding(.missingColumn, "`nmae`", "`users`, `orders`", "`name`"),
            ExpectedFinding(.missingColumn, "`totl`", "table `orders`", "`total`"),
            ExpectedFinding(.missingColumn, "`usr_id`", "table `orders`", "`user_id`"),
            ExpectedFinding(.missingColumn, "`agee`", "`age`"),
        ])
    }

    @Test func missingTableAndOtherProblemsInTheSameStatement() {
        checkFixture("db.all(`SELECT u.⟦emial⟧, a.whatever FROM users u JOIN ⟦audit⟧ a ON a.user_id = u.id WHERE nmae = 1`)", [
            ExpectedFinding(.missingColumn, "`emial`"),
            ExpectedFinding(.missingTable, "`audit`"),
        ])
        // `nmae` could belong to the missing table: not reported. Columns of known tables still are.
        checkFixture("db.all(`SELECT * FROM ⟦nope⟧ n JOIN ⟦nada⟧ ON 1 JOIN orders o ON 1 WHERE n.x = 1 AND ⟦ordrs⟧.id = 2 AND o.⟦totl⟧ = 1`)", [
            ExpectedFinding(.missingTable, "`nope`"),
            ExpectedFinding(.missingTable, "`nada`"),
            ExpectedFinding(.missingColumn, "no table or alias `ordrs`", "Did you mean `orders`?"),
            ExpectedFinding(.missingColumn, "`totl`", "`total`"),
        ])
    }

    @Test func messagesNameTheTablesTheModelReads() {
        // `OR IGNORE` between UPDATE and its table: the table is still the target.
        checkFixture("db.run(`UPDATE OR IGNORE users SET ⟦nmae⟧ = ? WHERE id = 1`, [a])", [
            ExpectedFinding(.missingColumn, "`nmae`", "table `users`", "`name`"),
        ], bound: values(1))
        // A subquery's alias is an alias of this statement, not an unknown qualifier.
        checkFixture("db.all(`SELECT p.⟦emial⟧ FROM (SELECT id, email FROM users) AS p`)", [
            ExpectedFinding(.missingColumn, "`emial`", "`p`"),
        ])
    }

    @Test func insertUpdateReturningUpsert() {
        checkFixture("db.run(`INSERT INTO users (⟦emial⟧, ⟦nmae⟧) VALUES (?, ?)`, [a, b])", [
            ExpectedFinding(.missingColumn, "`emial`", "table `users`", "`email`"),
            ExpectedFinding(.missingColumn, "`nmae`", "`name`"),
        ], bound: values(2))
        checkFixture("db.run(`UPDATE users SET ⟦emial⟧ = ?, ⟦nmae⟧ = ? WHERE ⟦idd⟧ = ?`, [a, b, c])", [
            ExpectedFinding(.missingColumn, "`emial`"),
            ExpectedFinding(.missingColumn, "`nmae`"),
            ExpectedFinding(.missingColumn, "`idd`", "`id`"),
        ], bound: values(3))
        checkFixture("db.run(`INSERT INTO users (id, email) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET email = excluded.⟦emial⟧ RETURNING ⟦nmae⟧`, [a, b])", [
            ExpectedFinding(.missingColumn, "`emial`", "table `users`"),
            ExpectedFinding(.missingColumn, "`nmae`"),
        ], bound: values(2))
        checkFixture("db.run(`INSERT INTO tags (⟦colour⟧) VALUES (?)`, [a])", [
            ExpectedFinding(.missingColumn, "`colour`", "table `tags`", "`color`"),
        ], bound: values(1))
    }

    @Test func subqueriesCTEsAndViews() {
        checkFixture("db.all(`WITH recent AS (SELECT id, ⟦creatd_at⟧ FROM users) SELECT r.id FROM recent r WHERE r.id IN (SELECT user_id FROM orders WHERE ⟦totel⟧ > 1)`)", [
            ExpectedFinding(.missingColumn, "`creatd_at`", "`created_at`"),
            ExpectedFinding(.missingColumn, "`totel`", "`total`"),
        ])
        checkFixture("db.all(`SELECT ⟦status⟧ FROM big_orders`)", [ExpectedFinding(.missingColumn, "view `big_orders`")])
    }

    @Test func doubleQuotedIdentifiersAreNotStrings() {
        checkFixture("db.all(`SELECT * FROM users WHERE ⟦\"emial\"⟧ = ?`, [e])", [ExpectedFinding(.missingColumn, "`emial`", "`email`")], bound: values(1))
    }

    // MARK: syntax and other SQLite errors

    @Test func syntaxAndSQLErrors() {
        checkFixture("db.all(`SELECT * ⟦FORM⟧ users`)", [ExpectedFinding(.sqlSyntax, "near \"FORM\": syntax error")])
        checkFixture("db.all(`SELECT * FROM users u JOIN orders o ON o.user_id = u.id WHERE ⟦id⟧ = 1`)", [ExpectedFinding(.sqlError, "ambiguous column name: id")])
        checkFixture("db.all(`SELECT ⟦lowr⟧(email) FROM users`)", [ExpectedFinding(.sqlError, "no such function: lowr")])
        checkFixture("db.run(`INSERT INTO users (email) VALUES ⟦(1, 2)⟧`)", [ExpectedFinding(.sqlError, "2 values for 1 columns")])
        checkFixture("db.all(`SELECT * FROM users WHERE⟦⟧`)", [ExpectedFinding(.sqlSyntax, "incomplete input")])
    }

    // MARK: param-count

    @Test func parameterCount() {
        checkFixture("db.all(`SELECT * FROM users WHERE id = ? AND email = ?`, ⟦[id]⟧)", [ExpectedFinding(.parameterCount, "2 placeholders but 1 value is bound")],
                     bound: values(1, at: 57..<61))
        checkFixture("db.all(`SELECT * FROM users WHERE id = ⟦?⟧`)", [ExpectedFinding(.parameterCount, "1 placeholder but no value is bound")])
        checkFixture("db.all(`SELECT * FROM users WHERE id = ?1 OR age = ?1`, [id])", [], bound: values(1))
        checkFixture("db.all(`SELECT * FROM users WHERE id = ?2`, [a, b])", [], bound: values(2))
        checkFixture("db.all(`SELECT * FROM users WHERE id = $id AND email = ⟦:email⟧`, {id})", [ExpectedFinding(.parameterCount, "`:email`")],
                     bound: .named(["id": SourceValue(expressionRange: 0..<0, expressionText: "id", kind: .unknown)], argumentRange: 0..<0))
        checkFixture("db.all(`SELECT * FROM users WHERE id = @id OR id = @id`, {id})", [],
                     bound: .named(["id": SourceValue(expressionRange: 0..<0, expressionText: "id", kind: .unknown)], argumentRange: 0..<0))
        // Values bound later, or not countable: silent.
        checkFixture("db.prepare(`SELECT * FROM users WHERE id = ?`)", [], origin: .queryCall(functionName: "prepare"))
        checkFixture("db.all(`SELECT * FROM users WHERE id = ?`, ...args)", [], bound: .unknown(argumentRange: 0..<0))
        // Placeholder-list holes make the count unknowable.
        checkFixture("db.all(`SELECT * FROM users WHERE id IN (${ids.map(() => '?').join(',')})`, ids)", [], bound: values(3))
        // Spliced holes are not parameters.
        checkFixture("db.all(`SELECT * FROM users WHERE id = ${parseInt(id)} AND email = ?`, [email])", [], bound: values(1))
    }

    // MARK: dynamic SQL

    @Test func dynamicStatementsStaySilentUnlessCertainlyWrong() {
        checkFixture("db.all(`SELECT * FROM ${table} WHERE emial = ?`, [e])", [], bound: values(1))
        checkFixture("db.all(`SELECT ${columns} FROM users ORDER BY recent`)", [])
        checkFixture("db.all(`SELECT * FROM users_${suffix}`)", [])
        checkFixture("db.all(`SELECT * FROM users ${where}`)", [])
        // The known part is certainly wrong: a value hole cannot make `emial` exist.
        checkFixture("db.all(`SELECT ⟦emial⟧ FROM users WHERE id = ${id}`)", [ExpectedFinding(.missingColumn, "`emial`")])
        checkFixture("db.all(`SELECT * ⟦FORM⟧ users WHERE ${cond}`)", [ExpectedFinding(.sqlSyntax)])
        checkFixture("db.all(`SELECT * FROM ⟦userz⟧ WHERE id IN (${ids})`)", [ExpectedFinding(.missingTable)])
    }

    @Test func unresolvedQueriesAreSilent() {
        var query = TestQueries.plain("SELECT emial FROM nowhere")
        query.dynamism = .unresolved
        #expect(QueryChecker(schema: CheckerFixtures.context).check([query], documentText: []).isEmpty)
    }

    // MARK: traps that must not be flagged

    @Test func trapsThatMustNotBeFlagged() {
        // FTS5 hidden columns, MATCH, rowid.
        checkFixture("db.all(`SELECT rowid, title, rank, highlight(docs, 0, '<b>', '</b>') FROM docs WHERE docs MATCH ? ORDER BY rank`, [q])", [], bound: values(1))
        checkFixture("db.all(`SELECT rowid, _rowid_, oid FROM users`)", [])
        // Schema tables and pragma table-valued functions.
        checkFixture("db.all(`SELECT name, sql FROM sqlite_master WHERE type = 'table' UNION ALL SELECT name, sql FROM sqlite_schema`)", [])
        checkFixture("db.all(`SELECT name, type FROM pragma_table_info('users')`)", [])
        checkFixture("db.all(`SELECT * FROM sqlite_stat1`)", [])
        checkFixture("db.all(`SELECT * FROM other.things`)", [])
        // Scalar parameters and named ones.
        checkFixture("db.get(`SELECT * FROM users WHERE email = $email AND id = :id AND age > @age`, {email, id, age})", [],
                     bound: .named(["email": .init(expressionRange: 0..<0, expressionText: "email", kind: .unknown),
                                    "id": .init(expressionRange: 0..<0, expressionText: "id", kind: .unknown),
                                    "age": .init(expressionRange: 0..<0, expressionText: "age", kind: .unknown)], argumentRange: 0..<0))
        // Prose that starts like SQL.
        checkFixture("alert('Select a user to continue')", [], origin: .sqlLikeLiteral)
        checkFixture("const label = 'Update your profile'", [], origin: .sqlLikeLiteral)
        checkFixture("toast(`Delete ${count} items?`)", [], origin: .sqlLikeLiteral)
        checkFixture("const m = 'Insert coin'", [], origin: .sqlLikeLiteral)
        // …but real SQL in a literal is checked.
        checkFixture("const q = 'SELECT ⟦emial⟧ FROM users'", [ExpectedFinding(.missingColumn)], origin: .sqlLikeLiteral)
        // Tables the code creates itself.
        let source = """
            db.exec(`CREATE TEMP TABLE scratch (id INTEGER, label TEXT)`);
            db.all(`SELECT label FROM scratch`);
            db.all(`SELECT ⟦lable⟧ FROM scratch`);
            """
        let (stripped, ranges) = FixtureMarkers.strip(source)
        let queries = stripped.split(separator: "\n").reduce(into: (offset: 0, queries: [EmbeddedQuery]())) { state, line in
            for var query in TestQueries.queries(fromJavaScript: String(line), bound: .none, origin: .queryCall(functionName: "all"), holeRole: .splicedText) {
                query.sourceMap = shifted(query.sourceMap, by: state.offset)
                query.sourceRange = (query.sourceRange.lowerBound + state.offset)..<(query.sourceRange.upperBound + state.offset)
                state.queries.append(query)
            }
            state.offset += line.utf8.count + 1
        }.queries
        let findings = QueryChecker(schema: CheckerFixtures.context).check(queries, documentText: Array(stripped.utf8))
        compare(findings: findings, source: stripped, expectedRanges: ranges, expected: [ExpectedFinding(.missingColumn, "`lable`", "`scratch`", "`label`")], sourceLocation: #_sourceLocation)
    }

    @Test func bindingRulesRunOnQueriesThatParse() {
        checkFixture("db.all(`SELECT * FROM users WHERE email = ⟦${parseInt(id)}⟧`)", [ExpectedFinding(.rawInterpolation)],
                     codes: [.rawInterpolation])
        checkFixture("db.all(`SELECT * FORM users WHERE email = ${parseInt(id)}`)", [], codes: [.rawInterpolation, .typeMismatch])
    }

    @Test func scriptsOfSeveralStatements() {
        checkFixture("db.exec(`CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY); CREATE TABLE users (id); INSERT INTO users (⟦emial⟧) VALUES ('a'); SELECT * ⟦FORM⟧ users;`)", [
            ExpectedFinding(.missingColumn, "`emial`"),
            ExpectedFinding(.sqlSyntax),
        ], origin: .queryCall(functionName: "exec"))
        checkFixture("db.exec(`CREATE TRIGGER t AFTER INSERT ON users BEGIN UPDATE users SET age = CASE WHEN 1 THEN 2 END; DELETE FROM orders; END; SELECT ⟦nmae⟧ FROM users`)", [
            ExpectedFinding(.missingColumn, "`nmae`"),
        ], origin: .queryCall(functionName: "exec"))
    }

    @Test func aTableNamedByAHoleLeavesTheOtherNamesJudged() {
        // SQLite stops at `FROM ?`: the hole becomes a stand-in table, so the rest is still read.
        checkFixture("db.all(`SELECT * FROM ${table} JOIN ⟦orderz⟧ ON 1 WHERE emial = ?`, [e])", [ExpectedFinding(.missingTable, "`orderz`")], bound: values(1))
        checkFixture("db.all(`SELECT O.${idColumn} FROM ${table} O LEFT JOIN ⟦ordrs⟧ USING (id) WHERE O.x = 1`)", [ExpectedFinding(.missingTable, "`ordrs`")])
        checkFixture("db.all(`SELECT * FROM ${table} t JOIN users u ON u.id = t.user_id WHERE u.⟦emial⟧ = 1 AND t.anything = 2`)",
                     [ExpectedFinding(.missingColumn, "`emial`")])
        // What the stand-in's columns are is not known: its columns, unqualified ones, what it
        // is joined USING, and whatever is written into it stay silent.
        checkFixture("db.all(`SELECT whatnot FROM ${table} JOIN users USING (whatever) WHERE t.x = 1`)", [])
        checkFixture("db.all(`INSERT INTO ${table} (a, b) VALUES (?, ?)`, [1, 2])", [], bound: values(2))
        checkFixture("db.all(`UPDATE ${table} SET x = 1 WHERE y = 2`)", [])
        checkFixture("db.all(`DELETE FROM ${table} WHERE ${column} = ?`, [1])", [], bound: values(1))
    }

    @Test func taggedTemplateFragmentsAreNotSyntaxErrors() {
        checkFixture("sql`SELECT * FROM users ${where} ORDER BY id`", [], origin: .taggedTemplate(tag: "sql"), holeRole: .boundParameter)
        checkFixture("sql`SELECT * FROM ${sql.identifier(table)}`", [], origin: .taggedTemplate(tag: "sql"), holeRole: .boundParameter)
        checkFixture("sql`SELECT ⟦emial⟧ FROM users WHERE id = ${id}`", [ExpectedFinding(.missingColumn)], origin: .taggedTemplate(tag: "sql"), holeRole: .boundParameter)
    }

    @Test func proseThatParsesIsStillProse() {
        checkFixture("label('Select users')", [], origin: .sqlLikeLiteral)
        checkFixture("label('Delete selected')", [], origin: .sqlLikeLiteral)
    }

    @Test func executeWithoutValues() {
        checkFixture("db.exec(`DELETE FROM users WHERE id = ?`)", [], origin: .queryCall(functionName: "exec"))
        checkFixture("db.run(`DELETE FROM users WHERE id = ⟦?⟧`)", [ExpectedFinding(.parameterCount)], origin: .queryCall(functionName: "run"))
        checkFixture("db.run(`DELETE FROM users`, ⟦[id]⟧)", [ExpectedFinding(.parameterCount, "0 placeholders but 1 value is bound")],
                     bound: values(1, at: 28..<32), origin: .queryCall(functionName: "run"))
    }

    @Test func virtualTablesThisSQLiteCannotLoadAreNotChecked() throws {
        let ddl = "CREATE VIRTUAL TABLE vecs USING vec0(embedding float[4])"
        let users = try #require(CheckerFixtures.schema().table(named: "users"))
        let snapshot = SchemaSnapshot(
            tables: [users, TableSchema(name: "vecs", kind: .virtualTable, columns: [], createSQL: ddl)],
            ddl: [users.createSQL, ddl], fingerprint: "vec"
        )
        checkFixture("db.all(`SELECT rowid, distance FROM vecs WHERE embedding MATCH ? AND k = 3`, [v])", [],
                     schema: SchemaContext(checkedSchema: snapshot), bound: values(1))
        checkFixture("db.all(`SELECT ⟦emial⟧ FROM users`)", [ExpectedFinding(.missingColumn)], schema: SchemaContext(checkedSchema: snapshot))
    }

    @Test func runawayDocumentDDLIsInterrupted() {
        let source = """
            db.exec(`CREATE TEMP TABLE numbers AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c`);
            db.exec(`CREATE TEMP TABLE blobs AS SELECT zeroblob(2000000000) AS b`);
            """
        var queries: [EmbeddedQuery] = []
        var offset = 0
        for line in source.split(separator: "\n") {
            for var query in TestQueries.queries(fromJavaScript: String(line), bound: .none, origin: .queryCall(functionName: "exec"), holeRole: .splicedText) {
                query.sourceMap = shifted(query.sourceMap, by: offset)
                queries.append(query)
            }
            offset += line.utf8.count + 1
        }
        // Terminates (the instruction cap and the length limit stop both); what it reports is secondary.
        _ = QueryChecker(schema: CheckerFixtures.context).check(queries, documentText: Array(source.utf8))
    }

    @Test func tablesTheProjectCreatesElsewhereAreKnown() {
        let setup = TestQueries.plain("CREATE TEMP TABLE IF NOT EXISTS job_queue (id INTEGER PRIMARY KEY, payload TEXT); CREATE INDEX jq ON job_queue(payload)")
        let statements = QueryChecker.schemaStatements(in: [setup])
        #expect(statements.count == 2)
        var context = CheckerFixtures.context
        context.codeDefinedDDL = statements
        #expect(context.fingerprint != CheckerFixtures.context.fingerprint)
        checkFixture("db.all(`SELECT payload, ⟦paylod⟧ FROM job_queue`)", [ExpectedFinding(.missingColumn, "`payload`")], schema: context)
        checkFixture("db.all(`SELECT payload FROM ⟦job_queue⟧`)", [ExpectedFinding(.missingTable)])
    }

    @Test(arguments: [("create temp table t (a)", true), ("CCREATE", true), ("ALTER TABLE", true), ("select creat, alte", false), ("", false)])
    func schemaStatementPrefilter(sql: String, expected: Bool) {
        #expect(QueryChecker.mayContainSchemaStatement(sql) == expected)
    }

    /// Valid SQL of every shape must prepare silently: the multi-round machinery must never invent
    /// a problem.
    @Test(arguments: [
        "SELECT u.id, count(o.id) AS n FROM users u LEFT JOIN orders o ON o.user_id = u.id GROUP BY u.id HAVING n > 1 ORDER BY n DESC LIMIT 10 OFFSET 5",
        "SELECT id, row_number() OVER (PARTITION BY status ORDER BY total) AS r FROM orders WINDOW w AS (ORDER BY id)",
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 10) SELECT x FROM c",
        "INSERT INTO users (email, name) SELECT email, name FROM users WHERE id = 1 ON CONFLICT DO NOTHING",
        "INSERT INTO users (id, email) VALUES (1, 'a'), (2, 'b') ON CONFLICT(id) DO UPDATE SET email = excluded.email WHERE excluded.email <> users.email RETURNING id, email",
        "REPLACE INTO tags (name, color) VALUES ('a', 'red')",
        "UPDATE orders SET total = total * 2, status = 'x' FROM users WHERE users.id = orders.user_id RETURNING orders.id",
        "UPDATE users SET (name, age) = ('a', 1) WHERE id = 1",
        "DELETE FROM orders WHERE user_id NOT IN (SELECT id FROM users) RETURNING *",
        "SELECT name AS n FROM users ORDER BY n",
        "SELECT name FROM users WHERE name = 'emial' AND \"email\" = 'x'",
        "SELECT json_extract('{}', '$.a'), datetime('now'), lower(email) FROM users",
        "SELECT * FROM users NATURAL JOIN orders",
        "SELECT o.* FROM orders AS o JOIN big_orders b USING (id)",
        "SELECT title FROM docs WHERE docs MATCH 'x' AND rank MATCH 'bm25(10.0, 5.0)' ORDER BY rank",
        "PRAGMA foreign_keys = ON",
        "BEGIN IMMEDIATE",
        "EXPLAIN QUERY PLAN SELECT * FROM users",
        "CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY)",
        "DROP TABLE IF EXISTS old_things",
        "SELECT * FROM temp.sqlite_temp_master",
        "SELECT CASE WHEN age > 1 THEN 'a' ELSE 'b' END FROM users",
        "SELECT * FROM users WHERE id IN (?, ?, ?) AND email LIKE ? ESCAPE '\\'",
    ])
    func validSQLIsSilent(sql: String) {
        let placeholders = sql.filter { $0 == "?" }.count
        let findings = QueryChecker(schema: CheckerFixtures.context).check([TestQueries.plain(sql, bound: values(placeholders))], documentText: [])
        #expect(findings.filter { checkerCodes.contains($0.code) }.isEmpty, "\(findings.map(\.message))")
    }

    @Test func suppressionComment() {
        checkFixture("// sqlheal-ignore\ndb.all(`SELECT emial FROM users`)", [])
    }

    @Test func emptySchemaReportsNothingNameBased() {
        checkFixture("db.all(`SELECT emial FROM users u JOIN x ON x.a = u.b`)", [], schema: .empty)
        checkFixture("db.all(`SELECT * ⟦FORM⟧ users`)", [ExpectedFinding(.sqlSyntax)], schema: .empty)
    }

    // MARK: ranges

    @Test func exactRangesThroughEscapesHolesAndNonASCII() {
        checkFixture("// café ☕ 日本語\ndb.all(\"SELECT \\\"id\\\", ⟦emial⟧ FROM users\")", [ExpectedFinding(.missingColumn, "`emial`")])
        checkFixture("db.all(`SELECT name\\n     , ⟦emial⟧ FROM users WHERE id = ${parseInt(id)} AND ⟦nmae⟧ = 'é'`)", [
            ExpectedFinding(.missingColumn, "`emial`"),
            ExpectedFinding(.missingColumn, "`nmae`"),
        ])
    }

    // MARK: drift

    @Test func driftIsExplained() throws {
        let declared = CheckerFixtures.schema(CheckerFixtures.schemaDDL + """

            CREATE TABLE audit_log (id INTEGER PRIMARY KEY, action TEXT);
            ALTER TABLE users ADD COLUMN nickname TEXT;
            """, path: "migrations/003_audit.sql")
        let context = SchemaContext(checkedSchema: CheckerFixtures.schema(), declaredSchema: declared, databaseDisplayName: "data/app.db")
        checkFixture("db.all(`SELECT users.⟦nickname⟧ FROM users JOIN ⟦audit_log⟧ ON 1`)", [
            ExpectedFinding(.missingColumn, "Column `users.nickname` (TEXT) is declared in migrations/003_audit.sql", "not applied to data/app.db"),
            ExpectedFinding(.missingTable, "Table `audit_log` is declared in migrations/003_audit.sql:", "not applied to data/app.db"),
        ], schema: context)
        let findings = QueryChecker(schema: context).check([TestQueries.plain("SELECT * FROM audit_log")], documentText: [])
        #expect(findings.first?.related.first?.location.path == "migrations/003_audit.sql")
        #expect(findings.first?.fixHints == [.missingTable(table: "audit_log")])
    }

    @Test func fixHintsCarrySuggestions() {
        let findings = QueryChecker(schema: CheckerFixtures.context).check([TestQueries.plain("SELECT emial FROM users")], documentText: [])
        #expect(findings.first?.fixHints == [.replaceName(suggestions: ["email"]), .missingColumn(table: "users", column: "emial")])
    }

    // MARK: cache

    @Test func cachedResultsFollowTheQuery() {
        let checker = QueryChecker(schema: CheckerFixtures.context)
        let first = checker.check([TestQueries.plain("SELECT emial FROM users")], documentText: [])
        let (source, _) = FixtureMarkers.strip("   db.all(`SELECT emial FROM users`)")
        let moved = checker.check(TestQueries.queries(fromJavaScript: source, bound: .none, origin: .queryCall(functionName: "all"), holeRole: .splicedText), documentText: [])
        #expect(first.first?.range == 7..<12)
        #expect(moved.first?.range == 18..<23)
        #expect(first.first?.message == moved.first?.message)
    }
}

func shifted(_ map: SQLSourceMap, by offset: Int) -> SQLSourceMap {
    var result = SQLSourceMap()
    for segment in map.segments {
        switch segment.kind {
        case .verbatim: result.appendVerbatim(length: segment.sqlRange.count, sourceStart: segment.sourceRange.lowerBound + offset)
        case .escape: result.appendEscape(sqlLength: segment.sqlRange.count, sourceRange: (segment.sourceRange.lowerBound + offset)..<(segment.sourceRange.upperBound + offset))
        case .hole: result.appendHole(sqlLength: segment.sqlRange.count, sourceRange: (segment.sourceRange.lowerBound + offset)..<(segment.sourceRange.upperBound + offset))
        case .synthetic: result.appendSynthetic(sqlLength: segment.sqlRange.count, sourceOffset: segment.sourceRange.lowerBound + offset)
        case .constant: result.appendConstant(sqlLength: segment.sqlRange.count, sourceRange: (segment.sourceRange.lowerBound + offset)..<(segment.sourceRange.upperBound + offset))
        }
    }
    return result
}
