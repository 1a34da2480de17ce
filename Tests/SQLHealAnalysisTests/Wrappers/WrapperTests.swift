import Testing
import SQLHealTestSupport
@testable import SQLHealAnalysis

/// Wrapper functions found by themselves: a function or method whose parameter reaches the SQL
/// argument of a query call is a query function, in its file and in every other file.
@Suite struct WrapperTests {
    func check(_ fixture: String, _ expected: [ExpectedFinding], codes: Set<FindingCode> = checkerCodes, sourceLocation: SourceLocation = #_sourceLocation) {
        let (source, ranges) = FixtureMarkers.strip(fixture)
        let analysis = DocumentAnalyzer(schema: CheckerFixtures.context).analyze(source, language: .typescript)
        compare(findings: analysis.findings.filter { codes.contains($0.code) }, source: source, expectedRanges: ranges, expected: expected, sourceLocation: sourceLocation)
    }

    @Test func methodsFunctionsAndWrappersOfWrappers() {
        check("""
            class Store {
              getRows(query: string, params: unknown[]) { return this.db.prepare(query).all(params); }
              exec(sql) { return this.db.exec(sql); }
              firstRow(sql, values) { return this.getRows(sql, values)[0]; }
            }
            function loadAll(db, sql, params) { return db.all(sql, params); }
            store.getRows('SELECT ⟦emial⟧ FROM users WHERE id = ?', [id]);
            store.exec('SELECT * ⟦FORM⟧ users');
            store.firstRow('SELECT email FROM users WHERE id = ? AND age = ?', ⟦[id]⟧);
            loadAll(db, 'SELECT * FROM ⟦userz⟧', []);
            async function names() { return await loadAll(db, 'SELECT name FROM users WHERE id = ?', ⟦[1, 2]⟧); }
            function emails(id) { return loadAll(db, 'SELECT email FROM users WHERE id = ?', ⟦[]⟧); }
            """, [
            ExpectedFinding(.missingColumn, "`emial`"),
            ExpectedFinding(.sqlSyntax),
            ExpectedFinding(.parameterCount),
            ExpectedFinding(.missingTable, "userz"),
            ExpectedFinding(.parameterCount),
            ExpectedFinding(.parameterCount),
        ])
    }

    @Test func aRewritingWrapperIsNotHeldToPlainSyntax() {
        // `runExpanded` expands a placeholder of its own before running: its callers' names are
        // checked, their syntax and values' count are not; its sibling runs SQL unchanged.
        check("""
            DB.prototype.runExpanded = async function (sql, params) {
              [sql, params] = this.expand(sql, params);
              return this.conn.execute(sql, params);
            };
            DB.prototype.runPlain = async function (sql, params) {
              return this.conn.execute(sql, params);
            };
            DB.runExpanded('SELECT ⟦emial⟧ FROM users WHERE id = ?', [id]);
            DB.runExpanded('SELECT email FROM users WHERE id IN ?list', [ids]);
            DB.runPlain('SELECT email FROM users WHERE id IN ⟦?⟧list', [ids]);
            """, [ExpectedFinding(.missingColumn, "`emial`"), ExpectedFinding(.sqlSyntax)])
    }

    @Test func wrappersDefinedInAnotherFile() {
        let project = ProjectFixture("""
            // @file src/store.ts
            export class Store {
              constructor(private db) {}
              getRows(query, params) { return this.db.prepare(query).all(params); }
            }
            // @file src/use.ts
            store.getRows('SELECT ⟦nmae⟧ FROM users WHERE id = ?', [id]);
            // A string that starts no statement is not SQL, whatever the name.
            store.getRows('vacuum.lastTime');
            """)
        let findings = project.analyze(with: DocumentAnalyzer(schema: CheckerFixtures.context))
        for file in project.files {
            let expected = file.path == "src/use.ts" ? [ExpectedFinding(.missingColumn, "`nmae`")] : []
            compare(findings: (findings[file.path] ?? []).filter { checkerCodes.contains($0.code) }, source: file.text,
                    expectedRanges: file.expectedRanges, expected: expected, sourceLocation: #_sourceLocation)
        }
    }

    @Test func aWrapperOfAWrapperInAnotherFileIsFoundOnTheFirstIndexing() {
        // Three layers over three files, read in any order: each layer is a query function.
        let project = ProjectFixture("""
            // @file src/use.ts
            import { rows } from './rows';
            rows('SELECT ⟦nmae⟧ FROM users WHERE id = ?', [1]);
            rows('SELECT email FROM users WHERE id = ? AND age = ?', ⟦[1]⟧);
            // @file src/rows.ts
            import { getRows } from './store';
            export function rows(text, values) { return getRows(text, values); }
            // @file src/store.ts
            import { runQuery } from './db';
            export function getRows(sql, params) { return runQuery(sql, params); }
            // @file src/db.ts
            export function runQuery(query, values) { return database.prepare(query).all(values); }
            """)
        let findings = project.analyze(with: DocumentAnalyzer(schema: CheckerFixtures.context))
        for file in project.files {
            let expected = file.path == "src/use.ts" ? [ExpectedFinding(.missingColumn, "`nmae`"), ExpectedFinding(.parameterCount)] : []
            compare(findings: (findings[file.path] ?? []).filter { checkerCodes.contains($0.code) }, source: file.text,
                    expectedRanges: file.expectedRanges, expected: expected, sourceLocation: #_sourceLocation)
        }
    }

    @Test func everydayMethodsMinifiedNamesAndConstructorsMakeNoWrapper() {
        // `get`/`exec`/`all` on a receiver holding no database, a two-letter name, a constructor:
        // none runs SQL, so a string passed to them is not held to a value count.
        check("""
            function lookup(key, fallback) { return cache.get(key, fallback); }
            function matchAll(text) { return pattern.exec(text); }
            function n(e, t) { return db.all(e, t); }
            class Query { constructor(sql, params) { this.rows = db.all(sql, params); } }
            lookup('SELECT email FROM users WHERE id = ?', [1, 2]);
            matchAll('SELECT email FROM users WHERE id = ?', [1, 2]);
            n('SELECT email FROM users WHERE id = ?', [1, 2]);
            function byId(sql, id) { return this.db.get(sql, id); }
            byId('SELECT email FROM users WHERE id = ? AND age = ?', ⟦1⟧);
            """, [ExpectedFinding(.parameterCount)])
    }

    @Test func aWrapperOfARewritingWrapperRewritesAndConfiguredNamesArePlain() {
        let source = """
            DB.prototype.queryAsync = async function (sql, params) {
              [sql, params] = this.parse(sql, params);
              return this.conn.execute(sql, params);
            };
            DB.prototype.rowQueryAsync = async function (sql, params) { return (await this.queryAsync(sql, params))[0]; };
            DB.rowQueryAsync('SELECT email FROM users WHERE id = ? AND age = ?', [id]);
            """
        let plain = DocumentAnalyzer(schema: CheckerFixtures.context).analyze(source, language: .javascript)
        #expect(!plain.findings.contains { $0.code == .parameterCount })
        var extraction = QueryExtractionConfiguration.default
        extraction.queryFunctionNames.insert("rowQueryAsync")
        let configured = DocumentAnalyzer(schema: CheckerFixtures.context, configuration: AnalysisConfiguration(extraction: extraction)).analyze(source, language: .javascript)
        #expect(configured.findings.filter { $0.code == .parameterCount }.count == 1)
    }
}
