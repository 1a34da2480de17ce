import Testing
@testable import SQLHealAnalysis

/// Less noise at the call: what is not SQL, not a value, or not a raw interpolation is left alone.
@Suite struct CallNoiseTests {
    func check(_ fixture: String, _ expected: [ExpectedFinding], codes: Set<FindingCode>, sourceLocation: SourceLocation = #_sourceLocation) {
        let (source, ranges) = FixtureMarkers.strip(fixture)
        let analysis = DocumentAnalyzer(schema: CheckerFixtures.context).analyze(source, language: .typescript)
        compare(findings: analysis.findings.filter { codes.contains($0.code) }, source: source, expectedRanges: ranges, expected: expected, sourceLocation: sourceLocation)
    }

    static let allCodes: Set<FindingCode> = checkerCodes.union([.rawInterpolation, .typeMismatch])

    @Test(arguments: [
        "prefs.get('vacuum.lastTime');",
        "text.replace('replace', 'with');",
        "settings.get('delete');",
        "cache.get('update:users');",
    ])
    func aKeywordThatStartsNoStatementIsNotSQL(_ source: String) {
        let queries = DocumentAnalyzer(schema: CheckerFixtures.context).analyze(source, language: .typescript).queries
        #expect(queries.isEmpty, "\(queries.map(\.sql))")
    }

    @Test func oneWordStatementsStaySQL() {
        let queries = DocumentAnalyzer(schema: CheckerFixtures.context).analyze("db.exec('BEGIN'); db.exec('vacuum');", language: .typescript).queries
        #expect(queries.map(\.sql) == ["BEGIN", "vacuum"])
    }

    @Test func falseNullAndOptionsObjectsAreNotValues() {
        check("""
            Zotero.DB.queryAsync('SELECT email FROM users', false);
            db.all('SELECT email FROM users', null);
            db.all('SELECT email FROM users WHERE id = ?', [id], { noCache: true });
            db.all('SELECT email FROM users WHERE id = ? AND age = ?', ⟦id⟧, { raw: true });
            """, [ExpectedFinding(.parameterCount)], codes: [.parameterCount])
    }

    @Test func genericTagsAreTags() {
        check("""
            const a = sql<Row<User>>`SELECT ⟦emial⟧ FROM users WHERE id = ${id}`;
            const b = this.sql<Row>`SELECT ⟦nmae⟧ FROM users`;
            """, [ExpectedFinding(.missingColumn, "`emial`"), ExpectedFinding(.missingColumn, "`nmae`")], codes: checkerCodes)
    }

    @Test func holesHoldingSQLOrConstantsAreNotRawInterpolation() {
        check("""
            const PAGE_SIZE = 20;
            function list(db, ids, page, where, name) {
              let clause = ' WHERE age > 1';
              if (name) clause += ' AND name = ?';
              db.all(`SELECT email FROM users ${clause} LIMIT ${PAGE_SIZE * 2} OFFSET ${PAGE_SIZE - 1}`);
              db.all(`SELECT email FROM users LIMIT 5 OFFSET ⟦${page * PAGE_SIZE}⟧`);
              db.all(`SELECT email FROM users WHERE id IN (${ids.map(() => '?').join()})`, ids);
              const namedArgs = Object.keys(row).map(k => `$${k}`).join(', ');
              db.run(`INSERT INTO users (id, email) VALUES (${namedArgs})`, row);
              db.all(`SELECT email FROM users WHERE name = ⟦${name}⟧`);
            }
            """, [ExpectedFinding(.rawInterpolation, "page * PAGE_SIZE"), ExpectedFinding(.rawInterpolation, "name")], codes: [.rawInterpolation])
    }

    @Test func anArrayFilledWithQuestionMarksIsAPlaceholderList() {
        // Zotero's history: a `?` pushed for each value bound, then joined.
        check("""
            function restore(db, table, old, extra) {
              var fields = [], values = [], marks = [];
              for (var i in old) {
                fields.push(old[i].field);
                values.push(old[i].value);
                marks.push('?');
              }
              db.run("INSERT INTO " + table + " (" + fields.join() + ") VALUES (" + marks.join() + ")", values);
              var others = [];
              for (var i in old) { others.push('?'); others.push(old[i].value); }
              db.run("INSERT INTO users (email, name) VALUES (" + ⟦others.join()⟧ + ")");
            }
            """, [ExpectedFinding(.rawInterpolation, "others.join()")], codes: [.rawInterpolation])
    }
}
