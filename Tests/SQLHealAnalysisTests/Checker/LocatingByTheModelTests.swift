import Testing
@testable import SQLHealAnalysis

/// The checker finds the word an SQLite error names (`no such table: x`, a `SET` target, an
/// INSERT column, a value-count error) and what a spliced hole stands for from the SQL model's
/// tree, not from a walk over tokens with keyword lists. Cases where a token walk took the wrong
/// word, and shapes that had no test.
@Suite struct LocatingByTheModelTests {
    // MARK: missing tables

    @Test func aMissingTableIsTheNameWhereATableStands() {
        // The same word as a column earlier in a result list (after a comma) or an ON clause:
        // a token walk took the column.
        checkFixture("db.all(`SELECT id, audit FROM users JOIN ⟦audit⟧ ON 1`)", [ExpectedFinding(.missingTable, "`audit`")])
        checkFixture("db.all(`SELECT * FROM orders o JOIN users u ON status = 'x' JOIN ⟦status⟧ s ON s.id = o.id`)", [
            ExpectedFinding(.missingTable, "`status`"),
        ])
        // In a subquery and in a CTE body.
        checkFixture("db.all(`SELECT * FROM users WHERE id IN (SELECT user_id FROM ⟦ordrs⟧)`)", [ExpectedFinding(.missingTable, "`ordrs`")])
        checkFixture("db.all(`WITH r AS (SELECT * FROM ⟦userz⟧) SELECT * FROM r`)", [ExpectedFinding(.missingTable, "`userz`")])
        // Quoted, and qualified by the main schema.
        checkFixture("db.all(`SELECT * FROM ⟦\"user list\"⟧`)", [ExpectedFinding(.missingTable, "`user list`")])
        checkFixture("db.all(`SELECT * FROM main.⟦userz⟧`)", [ExpectedFinding(.missingTable, "`userz`")])
    }

    @Test func aStarOfAnUnknownTableIsItsName() {
        // `ordrs.*`: SQLite says `no such table: ordrs`; the token walk skipped a name before `.`
        // and fell back to the statement's first keyword.
        checkFixture("db.all(`SELECT ⟦ordrs⟧.* FROM orders`)", [ExpectedFinding(.missingTable, "`ordrs`")])
    }

    // MARK: columns

    @Test func columnsAreTheReferencesTheTreeReads() {
        // An unknown SET target named like a column of a subquery before it.
        checkFixture("db.run(`UPDATE orders SET total = (SELECT age FROM users LIMIT 1), ⟦age⟧ = 2`)", [ExpectedFinding(.missingColumn, "`age`", "`orders`")])
        // A qualified column in an ON clause, and a quoted one.
        checkFixture("db.all(`SELECT * FROM users u JOIN orders o ON o.⟦usr_id⟧ = u.id`)", [ExpectedFinding(.missingColumn, "`usr_id`", "table `orders`")])
        checkFixture("db.all(`SELECT u.⟦\"e mail\"⟧ FROM users u`)", [ExpectedFinding(.missingColumn, "`e mail`")])
        // An upsert's target, and a column of a CHECK in DDL.
        checkFixture("db.run(`INSERT INTO users (id, email) VALUES (1, 'a') ON CONFLICT(id) DO UPDATE SET ⟦emial⟧ = excluded.email`)", [
            ExpectedFinding(.missingColumn, "`emial`"),
        ])
        checkFixture("db.exec(`CREATE TABLE t (a INTEGER, CHECK (⟦b⟧ > 0))`)", [ExpectedFinding(.missingColumn, "`b`")], origin: .queryCall(functionName: "exec"))
    }

    @Test func anInsertColumnIsInTheInsertsList() {
        checkFixture("db.run(`WITH x(emial) AS (SELECT 'a') INSERT INTO users (⟦emial⟧) SELECT emial FROM x`)", [ExpectedFinding(.missingColumn, "`emial`", "table `users`")])
    }

    // MARK: value counts

    @Test func aValueCountErrorIsTheInsertsRow() {
        // A CTE's VALUES before the INSERT's: the token walk took the first VALUES.
        checkFixture("db.run(`WITH v(a) AS (VALUES (1)) INSERT INTO users (email) VALUES ⟦(1, 2)⟧`)", [ExpectedFinding(.sqlError, "2 values for 1 columns")])
        checkFixture("db.run(`INSERT INTO users (email) VALUES ⟦( 1 , /* two */ 2 )⟧, (3, 4)`)", [ExpectedFinding(.sqlError, "2 values for 1 columns")])
    }

    @Test func theParserGivesEachValuesRowItsRange() throws {
        let (sql, rows) = FixtureMarkers.strip("INSERT INTO t (a, b) VALUES ⟦(1, (2))⟧, ⟦( 3 , /* ) */ 4 )⟧ ON CONFLICT DO NOTHING")
        guard case .insert(let insert) = try #require(SQLParser.parse(sql).statements.first).kind else {
            Issue.record("not an INSERT")
            return
        }
        #expect(insert.valueRowRanges == rows)
        guard case .insert(let typed) = try #require(SQLParser.parse("INSERT INTO t (a) VALUES (1, ").statements.first).kind else { return }
        // A row still being typed reaches its last token.
        #expect(typed.valueRowRanges == [25..<28])
    }

    // MARK: holes

    @Test func aHoleInsideAnExpressionIsAValue() {
        // A CAST's or a keyword-named function's operand holds a value: a syntax error after it
        // is the statement's own (the token walk saw `(` after a keyword and went silent).
        checkFixture("db.all(`SELECT * FROM users WHERE id = CAST(${x} AS INTEGER) ⟦ORDERBY⟧ id`)", [ExpectedFinding(.sqlSyntax, "ORDERBY")])
        checkFixture("db.all(`SELECT * FROM users WHERE email = replace(${x}, ' ', '') ⟦ORDERBY⟧ id`)", [ExpectedFinding(.sqlSyntax, "ORDERBY")])
        // Where a clause goes, a hole may hold any SQL: silent.
        checkFixture("db.all(`SELECT * FROM users WHERE ${cond} ORDERBY id`)", [])
        checkFixture("db.all(`SELECT * FROM users ${where} ORDERBY id`)", [])
    }

    @Test func aHoleThatMayNameAResultColumnSilencesUnqualifiedColumns() {
        checkFixture("db.all(`SELECT id AS ${alias} FROM users ORDER BY nmae`)", [])
        checkFixture("db.all(`SELECT id, ${columns} FROM users ORDER BY nmae`)", [])
        checkFixture("db.all(`SELECT id FROM users WHERE id = ${id} ORDER BY ⟦nmae⟧`)", [ExpectedFinding(.missingColumn, "`nmae`")])
    }
}
