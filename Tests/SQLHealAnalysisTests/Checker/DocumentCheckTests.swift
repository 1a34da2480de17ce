import Testing
@testable import SQLHealAnalysis

/// The checker through the whole analysis (scanner → checker → binder), on real-looking
/// TypeScript: every diagnostic code, and the patterns of real code that must not be flagged.
@Suite struct DocumentCheckTests {
    func check(
        _ fixture: String,
        _ expected: [ExpectedFinding],
        schema: SchemaContext = CheckerFixtures.context,
        codes: Set<FindingCode> = checkerCodes,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let (source, ranges) = FixtureMarkers.strip(fixture)
        let analysis = DocumentAnalyzer(schema: schema).analyze(source, language: .typescript)
        compare(findings: analysis.findings.filter { codes.contains($0.code) }, source: source, expectedRanges: ranges,
                expected: expected, sourceLocation: sourceLocation)
    }

    // MARK: every code

    @Test func everyCheckerCode() {
        check("db.all('SELECT ⟦emial⟧ FROM users WHERE id = ?', [id]);", [ExpectedFinding(.missingColumn, "Did you mean `email`")])
        check("db.all(`SELECT * FROM ⟦userz⟧`);", [ExpectedFinding(.missingTable, "Did you mean `users`")])
        check("db.all('SELECT * ⟦FORM⟧ users');", [ExpectedFinding(.sqlSyntax)])
        check("db.all('SELECT ⟦lowr⟧(email) FROM users');", [ExpectedFinding(.sqlError, "no such function")])
        check("db.all('SELECT * FROM users WHERE id = ? AND email = ?', ⟦[id]⟧);", [ExpectedFinding(.parameterCount, "2 placeholders but 1 value")])
        check("db.get('SELECT * FROM users WHERE id = $id AND email = ⟦$email⟧', { id });", [ExpectedFinding(.parameterCount, "`$email`")])
    }

    @Test func doubleQuotedStringLiteralsAreOff() {
        check("db.all('SELECT * FROM users WHERE ⟦\"emial\"⟧ = ?', [e]);", [ExpectedFinding(.missingColumn, "`emial`")])
    }

    @Test func multipleErrorsInOneStatement() {
        check("""
            const rows = db.all(`
              SELECT u.⟦emial⟧, o.⟦totl⟧
              FROM users u JOIN orders o ON o.user_id = u.id
              WHERE u.⟦agee⟧ > ?
            `, [minAge]);
            """, [
            ExpectedFinding(.missingColumn, "`emial`"),
            ExpectedFinding(.missingColumn, "`totl`"),
            ExpectedFinding(.missingColumn, "`agee`"),
        ])
    }

    @Test func exactRangesThroughEscapesHolesAndNonASCII() {
        check("// ünïcödé ☕ 日本語\nconst greeting = 'héllo';\ndb.all('SELECT \\'it\\'\\'s\\', ⟦emial⟧ FROM users');", [ExpectedFinding(.missingColumn)])
        check("db.all(\"SELECT name,\\n  ⟦emial⟧ FROM users WHERE id = ?\", [id]);", [ExpectedFinding(.missingColumn)])
        check("db.all(`SELECT name FROM users WHERE id = ${userId} AND ⟦nmae⟧ = 'é'`);", [ExpectedFinding(.missingColumn, "`nmae`")])
        check("db.all('SELECT id, ' +\n  '⟦emial⟧ FROM users');", [ExpectedFinding(.missingColumn)])
    }

    @Test func namesFromConstantsPointAtTheConstant() {
        check("const COLUMN = '⟦emial⟧';\ndb.all(`SELECT ${COLUMN} FROM users`);", [ExpectedFinding(.missingColumn)])
    }

    @Test func aConstantQueryRunByTwoCallsIsReportedOnce() {
        check("const FIND = 'SELECT ⟦emial⟧ FROM users WHERE id = ?';\ndb.get(FIND, [1]);\ndb.all(FIND, [2]);", [ExpectedFinding(.missingColumn, "`emial`")])
    }

    // MARK: real code is messy

    @Test func realCodeIsMessy() {
        let fixture = """
            import Database from 'better-sqlite3';
            const db = new Database('app.db');
            const TABLE = 'users';
            const Q = { base: 'SELECT id, email FROM users', byId: ' WHERE id = ?' };

            export function byIds(ids: number[]) {
              return db.all(`SELECT * FROM ${TABLE} WHERE id IN (${ids.map(() => '?').join(',')})`, ids);
            }
            export const one = (id: string) => db.get(Q.base + Q.byId, id);
            db.get('SELECT * FROM users WHERE email = $email AND id = :id AND age > @age', { email, id, age });
            db.get('SELECT * FROM users WHERE id = ?1 OR age = ?1', userId);
            db.prepare('SELECT * FROM users WHERE id = ?').get(userId);
            db.all(`SELECT rowid, title, rank, snippet(docs, 1, '[', ']', '…', 8) FROM docs WHERE docs MATCH ? ORDER BY rank`, [q]);
            db.exec('CREATE TEMP TABLE import_rows (line INTEGER, payload TEXT)');
            db.all('SELECT line, payload FROM import_rows ORDER BY line');
            db.all("SELECT name FROM sqlite_master WHERE type = 'table'");
            db.all('SELECT name FROM sqlite_schema UNION SELECT name FROM pragma_table_info(?)', [TABLE]);
            alert('Select a user first');
            const status = 'Update failed: ' + error.message;
            toast(`Delete ${count} items?`);
            // db.all('SELECT emial FROM users');
            /* SELECT x FROM nowhere */
            db.all(sqlFromSomewhere);
            db.all(`SELECT * FROM ${tableName} WHERE ${column} = ?`, [value]);
            db.all(`SELECT ${fields.join(', ')} FROM users ORDER BY ${orderBy}`);
            """
        check(fixture, [])
    }

    @Test func suppression() {
        check("// sqlheal-ignore\ndb.all('SELECT emial FROM users');", [])
        check("// sqlheal-ignore missing-table\ndb.all('SELECT ⟦emial⟧ FROM users');", [ExpectedFinding(.missingColumn)])
    }

    @Test func bindingRulesComeThroughTheChecker() {
        check("db.all(`SELECT * FROM users WHERE email = ⟦${parseInt(x)}⟧`);", [ExpectedFinding(.rawInterpolation)],
              codes: checkerCodes.union([.rawInterpolation]))
    }
}
