import Testing
@testable import SQLHealAnalysis

/// A wrapper that changes its SQL before running it: what the change is decides what its
/// callers are held to (``SQLRewrite``). A change confined to placeholders keeps the statement
/// and its one-value-per-placeholder contract; constant SQL added on every run is checked with
/// the caller's SQL; anything else leaves callers' names checked, not their syntax or count.
@Suite struct RewritingWrapperTests {
    static let codes: Set<FindingCode> = checkerCodes.union([.typeMismatch])

    func check(_ fixture: String, _ expected: [ExpectedFinding], sourceLocation: SourceLocation = #_sourceLocation) {
        let (source, ranges) = FixtureMarkers.strip(fixture)
        let analysis = DocumentAnalyzer(schema: CheckerFixtures.context).analyze(source, language: .javascript)
        compare(findings: analysis.findings.filter { Self.codes.contains($0.code) }, source: source, expectedRanges: ranges, expected: expected, sourceLocation: sourceLocation)
    }

    /// The callers of each wrapper below, with what each class of rewrite reports on them.
    static let callers = """
        DB.select('SELECT email FROM users WHERE id = ?', [id]);
        DB.select('SELECT ⟦emial⟧ FROM users WHERE id = ?', [id]);
        DB.select('SELECT email FORM ⟦users⟧ WHERE id = ?', [id]);
        DB.select('SELECT email FROM users WHERE id = ? AND age = ?', ⟦[id]⟧);
        DB.select('SELECT id FROM users WHERE email = ?', [⟦parseInt(key)⟧]);
        """

    @Test func aSpliceAtAPlaceholderMatchKeepsTheCallersStatement() {
        // Zotero's shape: a helper finds `= ?` with a placeholder pattern and writes ` IS NULL`
        // for a null value; the count of placeholders it checks itself.
        check("""
            DB.parse = function (sql, params) {
              let matches = sql.match(/\\?\\d*/g);
              const placeholderRE = /\\s*[=,(]\\s*\\?/g;
              for (let i = 0; i < params.length; i++) {
                matches = placeholderRE.exec(sql);
                if (params[i] !== null) continue;
                var subpos = matches.index;
                var sublen = matches[0].length;
                sql = sql.substring(0, subpos) + ' IS NULL' + sql.substr(subpos + sublen);
              }
              return [sql, params];
            };
            DB.select = async function (sql, params, options = {}) {
              if (!options.raw) {
                [sql, params] = this.parse(sql, params);
              }
              return this.conn.execute(sql, params);
            };
            """ + Self.callers, [
            ExpectedFinding(.missingColumn, "`emial`"),
            ExpectedFinding(.sqlSyntax),
            ExpectedFinding(.parameterCount),
            ExpectedFinding(.typeMismatch),
        ])
    }

    @Test func aReplaceOfPlaceholdersKeepsTheCallersStatement() {
        check("""
            DB.select = function (sql, params) {
              sql = sql.replace(/:(\\w+)/g, '?').trim();
              return this.conn.execute(sql, params);
            };
            """ + Self.callers, [
            ExpectedFinding(.missingColumn, "`emial`"),
            ExpectedFinding(.sqlSyntax),
            ExpectedFinding(.parameterCount),
            ExpectedFinding(.typeMismatch),
        ])
    }

    @Test func constantSQLAddedOnEveryRunIsCheckedWithTheCallersSQL() {
        // `LIMIT 1` after the caller's own LIMIT is what runs: a syntax error on the caller's SQL.
        check("""
            DB.firstRow = function (sql, params) {
              sql += ' LIMIT 1';
              return this.conn.execute(sql, params);
            };
            DB.firstRow('SELECT email FROM users WHERE id = ?', [id]);
            DB.firstRow('SELECT ⟦emial⟧ FROM users', []);
            DB.firstRow(⟦'SELECT email FROM users LIMIT 5'⟧, []);
            """, [ExpectedFinding(.missingColumn, "`emial`"), ExpectedFinding(.sqlSyntax)])
        check("""
            DB.plan = function (sql) {
              sql = 'EXPLAIN QUERY PLAN ' + sql;
              return this.conn.execute(sql);
            };
            DB.plan('SELECT email FROM users');
            DB.plan('⟦EXPLAIN⟧ SELECT email FROM users');
            """, [ExpectedFinding(.sqlSyntax)])
    }

    @Test func aChangeNotKnownKeepsOnlyNames() {
        // A pattern that matches words, an affix on some paths only, a helper the file does not
        // define: the callers' syntax and values' count are not judged.
        for body in [
            "sql = sql.replace(/FROM (\\w+)/, 'FROM main.$1');",
            "if (params.length === 0) sql += ' LIMIT 1';",
            "[sql, params] = expand(sql, params);",
            "sql = sql.substring(0, 40);",
        ] {
            check("""
                DB.select = function (sql, params) {
                  \(body)
                  return this.conn.execute(sql, params);
                };
                DB.select('SELECT ⟦emial⟧ FROM users WHERE id = ?', [id]);
                DB.select('SELECT email FORM users WHERE id = ?', [id]);
                DB.select('SELECT email FROM users WHERE id = ? AND age = ?', [id]);
                """, [ExpectedFinding(.missingColumn, "`emial`")])
        }
    }

    @Test(arguments: [
        (#"\?"#, true), (#"\?\d*"#, true), (#"\s*[=,(]\s*\?"#, true), (#"[:@$](\w+)"#, true), (#":\w+"#, true),
        (#"\$\w+"#, true), (#"\(\?\)"#, true),
        (#"\??"#, false), (#"FROM (\w+)"#, false), (#"\w+"#, false), (#".*\?"#, false), (#"\?|LIMIT"#, false),
        (#"(\?)?"#, false), (#"[a-z]\?"#, false), (#"^\s*"#, false),
    ])
    func placeholderPatterns(source: String, matchesOnlyPlaceholders: Bool) {
        #expect(PlaceholderPattern.matchesOnlyPlaceholders(source: Array(source.utf8)) == matchesOnlyPlaceholders, "\(source)")
    }
}
