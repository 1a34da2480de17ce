import Testing
@testable import SQLHealAnalysis

/// Which database and dialect a query runs on, through the whole analysis: queries on another
/// dialect's client, or on another database whose schema is unknown, are silent; those on a
/// database whose schema is known are checked against it, never against the main schema.
@Suite struct ConnectionCheckTests {
    static let cacheSchema = SchemaContext(checkedSchema: CheckerFixtures.schema("CREATE TABLE entries (key TEXT PRIMARY KEY, value BLOB, expires INTEGER);", path: "cache.sql"))

    func check(
        _ fixture: String,
        _ expected: [ExpectedFinding],
        connections: ConnectionConfiguration = .none,
        otherDatabases: [String: SchemaContext] = [:],
        defaultDatabase: QueryConnection.Database = .main,
        codes: Set<FindingCode> = checkerCodes.union([.typeMismatch]),
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let (source, ranges) = FixtureMarkers.strip(fixture)
        var configuration = AnalysisConfiguration.default
        configuration.extraction.connections = connections
        let analyzer = DocumentAnalyzer(schema: CheckerFixtures.context, configuration: configuration, otherDatabases: otherDatabases)
        let analysis = analyzer.analyze(source, language: .typescript, defaultDatabase: defaultDatabase)
        compare(findings: analysis.findings.filter { codes.contains($0.code) }, source: source, expectedRanges: ranges,
                expected: expected, sourceLocation: sourceLocation)
    }

    func connections(_ source: String, configuration: ConnectionConfiguration = .none) -> [(receiver: String?, connection: QueryConnection)] {
        var extraction = QueryExtractionConfiguration.default
        extraction.connections = configuration
        return QueryExtractor.extractQueries(from: Array(source.utf8), language: .typescript, configuration: extraction).map { ($0.receiver, $0.connection) }
    }

    // MARK: other dialects, by client

    @Test func postgresAndMySQLClientsAreNotCheckedAsSQLite() {
        check("""
            import { Pool } from 'pg';
            const pool = new Pool({ connectionString: process.env.DATABASE_URL });
            await pool.query('SELECT nosuch FROM accounts WHERE id = $1', [id]);
            await pool.query('SELECT * FROM users WHERE id = ? AND email = ?', [id]);
            """, [])
        check("""
            const mysql = require('mysql2/promise');
            const connection = await mysql.createConnection({ host: 'localhost', database: 'shop' });
            const [rows] = await connection.execute('SELECT * FROM products WHERE id = ? LIMIT 1', [id, extra]);
            """, [])
        check("""
            import postgres from 'postgres';
            const sql = postgres(process.env.DATABASE_URL);
            const users = await sql`SELECT nosuch FROM users WHERE id = ${id}`;
            """, [])
        check("""
            import { sql } from '@vercel/postgres';
            const { rows } = await sql`SELECT * FROM pets WHERE owner = ${owner}`;
            """, [])
        check("""
            import { neon } from '@neondatabase/serverless';
            const sql = neon(process.env.DATABASE_URL!);
            const posts = await sql`SELECT * FROM posts WHERE author = ${author}`;
            """, [])
    }

    @Test func configurableClientsTakeTheirConfiguredDialect() {
        check("""
            const knex = require('knex')({ client: 'pg', connection: process.env.PG_CONNECTION_STRING });
            await knex.raw('SELECT nosuch FROM users WHERE id = ?', [1, 2]);
            """, [])
        check("""
            import { Sequelize } from 'sequelize';
            const sequelize = new Sequelize('postgres://user:pass@example.com:5432/dbname');
            await sequelize.query('SELECT nosuch FROM projects');
            """, [])
        check("""
            const knex = require('knex')({ client: 'better-sqlite3', connection: { filename: './app.db' } });
            await knex.raw('SELECT ⟦emial⟧ FROM users');
            """, [ExpectedFinding(.missingColumn, "`emial`")])
    }

    @Test func aSQLiteConnectionNextToAPostgresOneIsStillChecked() {
        check("""
            import Database from 'better-sqlite3';
            import { Pool } from 'pg';
            const db = new Database('app.db');
            const pool = new Pool();
            db.prepare('SELECT ⟦emial⟧ FROM users').all();
            await pool.query('SELECT nosuch FROM warehouse');
            """, [ExpectedFinding(.missingColumn, "`emial`")])
    }

    // MARK: other dialects, by text

    @Test func textThatIsCertainlyAnotherDialectIsSilentWhenTheClientIsUnknown() {
        for query in [
            "SELECT NOW() AS t FROM users", "SELECT @@version", "SELECT 1 FROM DUAL", "SELECT * FROM users WHERE id = $1::int",
            "SELECT * FROM users WHERE email ILIKE ?", "CREATE TABLE things (id SERIAL PRIMARY KEY)",
            "INSERT INTO users (email) VALUES (?) ON DUPLICATE KEY UPDATE email = VALUES(email)",
            "SELECT DISTINCT ON (email) * FROM users", "SELECT * FROM users WHERE id = ANY($1)", "SELECT '{}'::jsonb",
            "SELECT * FROM users FOR UPDATE", "SHOW TABLES",
        ] {
            check("await db.query('\(query)', [a]);", [])
        }
        let found = connections("await db.query('SELECT * FROM users WHERE email ILIKE ?', [a]);")
        #expect(found.first?.connection.dialect == .postgres)
        #expect(found.first?.connection.evidence?.contains("ILIKE") == true)
    }

    /// The byte prefilter that spares most queries the signal search may only say "maybe":
    /// wherever the search finds a signal, the prefilter must have let the text through. Signal
    /// words glued to identifier bytes are no words; after `?NNN` a word starts at once.
    @Test(arguments: [
        ("SELECT NOW() FROM t", true), ("SELECT ?1NOW()", true), ("SELECT x FROM t FOR UPDATE", true),
        ("SELECT followers, known_now, shows FROM t", false), ("SELECT all_rows FROM dual_use", false),
        ("SELECT 1 FROM DUAL", true), ("SELECT x FROM t WHERE a = ANY($1)", true), ("SELECT 'now()' FROM t", true),
    ])
    func theDialectPrefilterNeverHidesASignal(sql: String, mayHold: Bool) {
        #expect(SQLDialectSignals.mayHoldSignal(sql) == mayHold)
        if SQLDialectSignals.otherDialect(in: sql) != nil { #expect(SQLDialectSignals.mayHoldSignal(sql)) }
    }

    @Test func theDialectPrefilterLetsThroughEverySignalOfGeneratedText() {
        let fragments = ["SELECT", " ", "now", "(", ")", "?1", "?", "x", "_", "1", "FROM", "DUAL", "for", "UPDATE", "'", "\"", ",", "=", "ANY", "$1", "::", "ilike", "serial", "show", "a"]
        var generator = SplitMix64(seed: 17)  // the same texts every run
        for _ in 0..<5_000 {
            let sql = (0..<Int.random(in: 1...8, using: &generator)).map { _ in fragments.randomElement(using: &generator)! }.joined()
            if SQLDialectSignals.otherDialect(in: sql) != nil {
                #expect(SQLDialectSignals.mayHoldSignal(sql), "\(sql)")
            }
        }
    }

    @Test func onAKnownSQLiteConnectionAnotherDialectsWordIsAnError() {
        check("""
            import Database from 'better-sqlite3';
            const db = new Database('app.db');
            db.prepare('SELECT ⟦NOW⟧() AS t').get();
            """, [ExpectedFinding(.sqlError, "no such function")])
    }

    @Test func plainSQLiteTextWithUnknownClientIsChecked() {
        check("await db.query('SELECT ⟦nosuch⟧ FROM users WHERE id = $1', [id]);", [ExpectedFinding(.missingColumn)])
    }

    // MARK: other databases

    @Test func aConnectionToAnotherDatabaseFileIsCheckedAgainstItsOwnSchemaOrNotAtAll() {
        let fixture = """
            import Database from 'better-sqlite3';
            const db = new Database('data/app.db');
            const cache = new Database('data/cache.db');
            db.prepare('SELECT ⟦emial⟧ FROM users').all();
            cache.prepare('SELECT value FROM entries WHERE key = ? AND ⟦expiry⟧ > ?').get(key, now);
            cache.prepare('SELECT * FROM ⟦users⟧').all();
            """
        let main = ConnectionConfiguration(mainDatabaseFileName: "app.db")
        check(fixture, [ExpectedFinding(.missingColumn, "`emial`"), ExpectedFinding(.missingColumn, "`expiry`"), ExpectedFinding(.missingTable, "`users`")],
              connections: main, otherDatabases: ["data/cache.db": Self.cacheSchema])
        // Without its schema, nothing on the cache is checked (and never against the main schema).
        let (withoutSchema, _) = FixtureMarkers.strip(fixture)
        check(withoutSchema.replacingOccurrences(of: "SELECT emial", with: "SELECT ⟦emial⟧"), [ExpectedFinding(.missingColumn, "`emial`")], connections: main)
    }

    /// Two databases opened and none configured or detected: the one named by a constant path is
    /// not taken for the main one; the one opened on a computed path is.
    @Test func withNoMainDatabaseKnownAConstantPathIsAnotherDatabase() {
        let fixture = """
            import Database from 'better-sqlite3';
            const db = new Database(config.databasePath);
            const cache = new Database('data/cache.db');
            db.prepare('SELECT ⟦emial⟧ FROM users').all();
            cache.prepare('SELECT * FROM ⟦users⟧').all();
            cache.prepare('SELECT value FROM entries WHERE ⟦kee⟧ = ?').get(key);
            """
        // Without the cache's schema, nothing on it is checked (not against the main schema).
        let (unmarked, _) = FixtureMarkers.strip(fixture)
        check(unmarked.replacingOccurrences(of: "SELECT emial", with: "SELECT ⟦emial⟧"), [ExpectedFinding(.missingColumn, "`emial`")])
        check(fixture, [ExpectedFinding(.missingColumn, "`emial`"), ExpectedFinding(.missingTable, "`users`"), ExpectedFinding(.missingColumn, "`kee`")],
              otherDatabases: ["data/cache.db": Self.cacheSchema])
    }

    @Test func computedPathsEndingInDifferentFilesAreNotTakenForTheMainDatabase() {
        // Two databases opened on computed paths: neither is known to be the main one, so
        // neither is checked against the main schema...
        check("""
            import Database from 'better-sqlite3';
            import path from 'node:path';
            const db = new Database(path.join(dataDir, 'app.db'));
            const cache = new Database(`${dataDir}/cache.sqlite`);
            db.prepare('SELECT emial FROM users').all();
            cache.prepare('SELECT value FROM entries').all();
            """, [])
        // ...unless the main database's file name is known: that one is.
        check("""
            import Database from 'better-sqlite3';
            import path from 'node:path';
            const db = new Database(path.join(dataDir, 'app.db'));
            const cache = new Database(`${dataDir}/cache.sqlite`);
            db.prepare('SELECT ⟦emial⟧ FROM users').all();
            cache.prepare('SELECT value FROM entries').all();
            """, [ExpectedFinding(.missingColumn, "`emial`")], connections: ConnectionConfiguration(mainDatabaseFileName: "app.db"))
        // One computed path (or several that do not name a file) is still the app's own.
        check("""
            import Database from 'better-sqlite3';
            const db = new Database(config.dbPath);
            const cache = new Database('data/cache.db');
            db.prepare('SELECT ⟦emial⟧ FROM users').all();
            """, [ExpectedFinding(.missingColumn, "`emial`")])
    }

    @Test func aComputedPathEndingInAConfiguredDatabasesFileRunsOnThatDatabase() {
        // `databases: [{ name: "cache", database: "data/cache.db" }]`: a connection opened on a
        // computed path ending in `cache.db` is that entry's, checked against its schema...
        let configured = ConnectionConfiguration(databaseFileNames: ["cache.db": "cache"])
        check("""
            import Database from 'better-sqlite3';
            import path from 'node:path';
            const db = new Database(path.join(dataDir, 'app.db'));
            const cache = new Database(path.join(dataDir, 'cache.db'));
            const sessions = new Database(`${dataDir}/sessions.sqlite`);
            db.prepare('SELECT emial FROM users').all();
            cache.prepare('SELECT value, ⟦expirez⟧ FROM entries').all();
            cache.prepare('SELECT email FROM ⟦users⟧').all();
            sessions.prepare('SELECT token FROM sessions').all();
            """, [ExpectedFinding(.missingColumn, "`expirez`"), ExpectedFinding(.missingTable, "users")],
              connections: configured, otherDatabases: ["cache": Self.cacheSchema])
        // A database nothing tells (`sessions.sqlite`) is checked against no schema: only what no
        // schema changes is reported, SQLite's syntax and the count of values.
        check("""
            import Database from 'better-sqlite3';
            import path from 'node:path';
            const cache = new Database(path.join(dataDir, 'cache.db'));
            const sessions = new Database(`${dataDir}/sessions.sqlite`);
            sessions.prepare('SELECT token, expirez FROM sessions WHERE id = ?').get(id);
            sessions.prepare('SELECT token FROM sessions WHERE id = ⟦?⟧').get();
            sessions.prepare('SELECT token FROM sessions WHER ⟦id⟧ = ?').get(id);
            sessions.prepare('SELECT * FROM sessions WHERE expires = ?').get(Number(input));
            """, [ExpectedFinding(.parameterCount), ExpectedFinding(.sqlSyntax)],
              connections: configured, otherDatabases: ["cache": Self.cacheSchema], codes: checkerCodes.union([.typeMismatch, .rawInterpolation]))
        // ...and the main database's file name, when known, makes its own the main one.
        var withMain = configured
        withMain.mainDatabaseFileName = "app.db"
        check("""
            import Database from 'better-sqlite3';
            import path from 'node:path';
            const db = new Database(path.join(dataDir, 'app.db'));
            const cache = new Database(path.join(dataDir, 'cache.db'));
            db.prepare('SELECT ⟦emial⟧ FROM users').all();
            cache.prepare('SELECT ⟦expirez⟧ FROM entries').all();
            """, [ExpectedFinding(.missingColumn, "`emial`"), ExpectedFinding(.missingColumn, "`expirez`")],
              connections: withMain, otherDatabases: ["cache": Self.cacheSchema])
        // A constant path names the entry by its file too, not only by an entry named like the path.
        check("""
            import Database from 'better-sqlite3';
            const cache = new Database('./var/cache.db');
            cache.prepare('SELECT ⟦kee⟧ FROM entries').all();
            """, [ExpectedFinding(.missingColumn, "`kee`")], connections: configured, otherDatabases: ["cache": Self.cacheSchema])
    }

    @Test func aConnectionUsedWhereItIsMadeRunsItsQueries() {
        // `new Database('data/cache.db').prepare(…)`: the query runs on the connection it is
        // chained on, not on the main database (and `count` holds a row, not a connection).
        check("""
            import Database from 'better-sqlite3';
            const db = new Database('data/app.db');
            const count = new Database('data/cache.db').prepare('SELECT count(*) FROM entries').get();
            const keys = new Database('data/cache.db').prepare('SELECT ⟦kee⟧ FROM entries').all();
            db.prepare('SELECT ⟦emial⟧ FROM users').all();
            """, [ExpectedFinding(.missingColumn, "`kee`"), ExpectedFinding(.missingColumn, "`emial`")],
              connections: ConnectionConfiguration(mainDatabaseFileName: "app.db"), otherDatabases: ["data/cache.db": Self.cacheSchema])
    }

    @Test func aDurableObjectsStorageHeldInAFieldIsNotAnotherDatabaseFile() {
        // `this.sql = ctx.storage.sql` runs on the database its code runs on, as `ctx.storage.sql`
        // does: beside a connection opened on a file it is not "another database".
        check("""
            import Database from 'better-sqlite3';
            import { DurableObject } from 'cloudflare:workers';
            const local = new Database(config.path);
            export class Counter extends DurableObject {
              constructor(ctx, env) { super(ctx, env); this.sql = ctx.storage.sql; }
              bad() { return this.sql.exec('SELECT ⟦emial⟧ FROM users').toArray(); }
            }
            local.prepare('SELECT ⟦nmae⟧ FROM users').all();
            """, [ExpectedFinding(.missingColumn, "`emial`"), ExpectedFinding(.missingColumn, "`nmae`")])
    }

    @Test func anInstancesOwnConnectionBesideTheProjectsSharedOneIsAnotherDatabase() {
        let main = QueryExtractor.moduleSummary(of: Array("Zotero.DB = new Zotero.DBConnection('zotero');".utf8), language: .javascript, configuration: .default)
        #expect(main.connectionSites.map(\.holder) == ["Zotero.DB"])
        let importer = """
            class Importer {
              async open() { this._db = new Zotero.DBConnection(this._file); }
              async read() {
                await this._db.queryAsync('SELECT nosuch FROM mendeleyTable');
                await Zotero.DB.queryAsync('SELECT ⟦emial⟧ FROM users');
              }
            }
            """
        let (source, ranges) = FixtureMarkers.strip(importer)
        let modules = ModuleContext(projectConnectionSites: main.connectionSites)
        let analysis = DocumentAnalyzer(schema: CheckerFixtures.context).analyze(Array(source.utf8), language: .javascript, modules: modules)
        compare(findings: analysis.findings, source: source, expectedRanges: ranges, expected: [ExpectedFinding(.missingColumn, "`emial`")],
                sourceLocation: #_sourceLocation)
        #expect(analysis.queries.map(\.connection.database) == [.unknown, .main])
        // Alone in its project, the same connection is the main database.
        let alone = DocumentAnalyzer(schema: CheckerFixtures.context).analyze(Array(source.utf8), language: .javascript)
        #expect(alone.findings.count == 2)
    }

    @Test func configuredReceiversTieQueriesToTheirDatabase() {
        let configuration = ConnectionConfiguration(receivers: ["this.importDB": "import", "Zotero.DB": "main"])
        check("""
            class Importer {
              async run() {
                await this.importDB.queryAsync('SELECT nosuch FROM documents');
                await Zotero.DB.queryAsync('SELECT ⟦emial⟧ FROM users');
              }
            }
            """, [ExpectedFinding(.missingColumn, "`emial`")], connections: configuration)
        let found = connections("await this.importDB.queryAsync('SELECT 1 FROM documents');", configuration: configuration)
        #expect(found.first?.connection.database == .other(name: "import"))
    }

    @Test func aDocumentUnderAnotherDatabasesPathsRunsThere() {
        check("db.all('SELECT nosuch FROM documents');", [], defaultDatabase: .other(name: "import"))
        check("db.all('SELECT value FROM entries WHERE ⟦kee⟧ = ?', [k]);", [ExpectedFinding(.missingColumn, "`kee`")],
              otherDatabases: ["import": Self.cacheSchema], defaultDatabase: .other(name: "import"))
    }

    // MARK: Cloudflare

    @Test func cloudflareBindingsAreSQLite() {
        let found = connections("""
            export default { async fetch(request, env) {
              return env.DB.prepare('SELECT * FROM users WHERE id = ?').bind(1).first();
            } }
            export class Counter { constructor(ctx, env) { this.ctx = ctx; }
              get() { return this.ctx.storage.sql.exec('SELECT * FROM users'); } }
            """)
        #expect(found.map(\.connection.library) == ["Cloudflare D1", "Durable Objects SQL"])
    }

    // MARK: attached databases

    @Test func attachedDatabasesResolveAgainstWhatTheCodeCreatesThereAndAreOtherwiseSilent() {
        check("""
            await db.queryAsync('ATTACH DATABASE ? AS ftindex', [path]);
            await db.queryAsync('CREATE TABLE IF NOT EXISTS ftindex.words (word TEXT PRIMARY KEY, hits INTEGER)');
            await db.queryAsync('SELECT word, ⟦hts⟧ FROM ftindex.words');
            await db.queryAsync('SELECT * FROM ftindex.elsewhere');
            await db.queryAsync('SELECT * FROM notattached.things');
            await db.queryAsync('PRAGMA ftindex.user_version');
            await db.queryAsync('SELECT ⟦emial⟧ FROM main.users');
            await db.queryAsync('SELECT * FROM main.⟦userz⟧');
            """, [ExpectedFinding(.missingColumn, "`hts`"), ExpectedFinding(.missingColumn, "`emial`"), ExpectedFinding(.missingTable, "`userz`")])
    }

    // MARK: unrelated calls

    @Test func aLibrarysQueryFunctionsCountOnlyWhereItIsImported() {
        // Without the import, `getAllAsync` is some other method; its SQL-looking argument is
        // still checked as a literal, but nothing is said of the values it binds.
        check("await store.getAllAsync('SELECT * FROM users WHERE id = ?');", [])
        check("import * as SQLite from 'expo-sqlite';\nawait db.getAllAsync('SELECT * FROM users WHERE id = ⟦?⟧');",
              [ExpectedFinding(.parameterCount, "no value is bound")])
    }

    @Test func aSettingsKeyThatStartsWithAKeywordIsNotAQuery() {
        check("const last = Zotero.Prefs.get('vacuum.lastTime') || 0;\nconst u = settings.get('update.channel');", [])
    }
}

