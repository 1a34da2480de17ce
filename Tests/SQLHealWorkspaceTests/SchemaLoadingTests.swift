import Foundation
import SQLHealAnalysis
import SQLHealSQLite
import Testing
@testable import SQLHealWorkspace

@Suite("Migrations")
struct MigrationLoadingTests {
    @Test func naturalOrderLetsALaterMigrationAlterAnEarlierTable() throws {
        let project = try TemporaryProject([
            "migrations/1_init.sql": "CREATE TABLE users (\n  id INTEGER PRIMARY KEY,\n  email TEXT NOT NULL\n);\n",
            "migrations/2_sessions.sql": "-- sessions\nCREATE TABLE sessions (\n    id TEXT PRIMARY KEY,\n    user_id INTEGER REFERENCES users(id)\n);\n",
            "migrations/10_orders.sql": "ALTER TABLE users ADD COLUMN last_order_at TEXT;\n",
        ])
        let workspace = ProjectWorkspace.load(root: project.root)
        #expect(workspace.workspaceFindings.isEmpty)
        let schema = workspace.schema.context
        #expect(schema.declaredSchema == nil, "migrations alone are the checked schema")
        let users = try #require(schema.checkedSchema.table(named: "users"))
        #expect(users.declaredAt == SchemaLocation(path: "migrations/1_init.sql", line: 1))
        #expect(users.column(named: "email")?.declaredAt == SchemaLocation(path: "migrations/1_init.sql", line: 3))
        #expect(users.column(named: "last_order_at")?.declaredAt == SchemaLocation(path: "migrations/10_orders.sql", line: 1))
        let sessions = try #require(schema.checkedSchema.table(named: "sessions"))
        #expect(sessions.declaredAt == SchemaLocation(path: "migrations/2_sessions.sql", line: 2))
        #expect(sessions.column(named: "user_id")?.declaredAt == SchemaLocation(path: "migrations/2_sessions.sql", line: 4))
    }

    @Test func aFailingStatementIsReportedAtTheWordAndTheRestStillLoads() throws {
        let project = try TemporaryProject([
            "migrations/1_init.sql": """
                CREATE TABLE users (id INTEGER PRIMARY KEY);
                CREATE TABLE posts (id INTEGER, author_id INTEGER REFERENCES users(id));
                CREATE INDEX posts_by_author ON posts(autor_id);
                INSERT INTO missing_table VALUES (1);
                CREATE TABLE comments (id INTEGER, body TEXT);
                CREATE TABEL broken (x);
                CREATE TABLE tags (name TEXT);
                """,
        ])
        let workspace = ProjectWorkspace.load(root: project.root)
        let findings = workspace.workspaceFindings.map { "\(describe($0, root: project.root)) \($0.message)" }
        #expect(findings == [
            "migrations/1_init.sql:3:39 migration-error migration statement failed: no such column: autor_id (the statements after it were still applied)",
            "migrations/1_init.sql:4:13 migration-error migration statement failed: no such table: missing_table (the statements after it were still applied)",
            "migrations/1_init.sql:6:8 migration-error migration statement failed: near \"TABEL\": syntax error (the statements after it were still applied)",
        ])
        let tables = workspace.schema.context.checkedSchema.tables.map(\.name)
        #expect(tables == ["comments", "posts", "tags", "users"])
        let error = try #require(workspace.workspaceFindings.first)
        #expect(error.endColumn1 - error.column1 == "autor_id".count)
    }

    @Test func rebuildPatternKeepsTheDeclarationAtTheCreate() throws {
        let project = try TemporaryProject([
            "migrations/1.sql": "CREATE TABLE t (a TEXT);\n",
            "migrations/2.sql": "CREATE TABLE t_new (\n  a INTEGER,\n  b TEXT\n);\nINSERT INTO t_new SELECT a, NULL FROM t;\nDROP TABLE t;\nALTER TABLE t_new RENAME TO t;\n",
        ])
        let workspace = ProjectWorkspace.load(root: project.root)
        let table = try #require(workspace.schema.context.checkedSchema.table(named: "t"))
        #expect(table.declaredAt == SchemaLocation(path: "migrations/2.sql", line: 1))
        #expect(table.column(named: "a")?.declaredAt == SchemaLocation(path: "migrations/2.sql", line: 2))
        #expect(table.column(named: "b")?.declaredAt == SchemaLocation(path: "migrations/2.sql", line: 3))
    }

    @Test func migrationsCannotReachTheFileSystem() throws {
        let project = try TemporaryProject([
            "migrations/1.sql": "ATTACH DATABASE 'escaped.db' AS e;\nCREATE TABLE e.x (a);\nVACUUM INTO 'copy.db';\nCREATE TABLE ok (a);\n",
        ])
        let workspace = ProjectWorkspace.load(root: project.root)
        #expect(!FileManager.default.fileExists(atPath: project.path("escaped.db")))
        #expect(!FileManager.default.fileExists(atPath: project.path("copy.db")))
        #expect(workspace.schema.context.checkedSchema.table(named: "ok") != nil)
    }

    @Test func scriptWalkingSurvivesTriggersCommentsAndGarbage() throws {
        let script = """
            /* header; with semicolons; */
            CREATE TABLE a (x TEXT DEFAULT ';');
            CREATE TRIGGER tr AFTER INSERT ON a BEGIN
              UPDATE a SET x = 'y;z';
            END;
            -- trailing comment;
            \u{1}\u{2} garbage ; CREATE TABLE b (y);
            """
        let project = try TemporaryProject(["migrations/1.sql": script])
        let workspace = ProjectWorkspace.load(root: project.root)
        #expect(workspace.schema.context.checkedSchema.tables.map(\.name) == ["a", "b"])
        #expect(workspace.workspaceFindings.map(\.code) == [.migrationError])
    }
}

@Suite("Database")
struct DatabaseLoadingTests {
    @Test func walDatabaseWithUncheckpointedWritesIsReadWithoutWritingIt() throws {
        let project = try TemporaryProject()
        let path = project.path("app.db")
        let writer = try SQLiteConnection(path: path, mode: .readWriteCreate)
        try writer.execute("PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0;")
        try writer.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT)")
        try writer.execute("CREATE TABLE sessions (id TEXT)")
        // Both tables live only in the -wal while the writer stays open.
        #expect(try (FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int ?? 0) > 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let walBefore = try Data(contentsOf: URL(fileURLWithPath: path + "-wal"))

        let snapshot = try DatabaseSchemaReader.read(path: path).get()
        #expect(snapshot.tables.map(\.name) == ["sessions", "users"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path + "-wal")) == walBefore)

        // The reader left no lock behind: the application keeps writing.
        try writer.execute("INSERT INTO users (email) VALUES ('a@b.c')")
        try writer.execute("CREATE TABLE later (x)")
        #expect(try DatabaseSchemaReader.read(path: path).get().table(named: "later") != nil)
    }

    @Test func aLockedDatabaseIsRetriedUntilTheWriterLetsGo() throws {
        let project = try TemporaryProject()
        let path = project.path("app.db")
        let writer = try SQLiteConnection(path: path, mode: .readWriteCreate)
        try writer.execute("CREATE TABLE t (x)")
        try writer.execute("BEGIN EXCLUSIVE")
        try writer.execute("CREATE TABLE u (y)")

        let quick = DatabaseSchemaReader.read(path: path, configuration: .init(timeoutMilliseconds: 150, busyTimeoutMilliseconds: 20))
        guard case .failure(.busy) = quick else {
            Issue.record("expected busy, got \(quick)")
            return
        }
        let release = Thread {
            usleep(300_000)
            try? writer.execute("COMMIT")
        }
        release.start()
        let patient = DatabaseSchemaReader.read(path: path, configuration: .init(timeoutMilliseconds: 5_000, busyTimeoutMilliseconds: 50))
        #expect(try patient.get().tables.map(\.name) == ["t", "u"], "read after the commit: never half the schema")
    }

    @Test func missingCorruptAndForeignFilesAreClearProblems() throws {
        let project = try TemporaryProject(["notes.db": "this is not a database, just text that is long enough"])
        #expect(DatabaseSchemaReader.read(path: project.path("absent.db"), configuration: .init(timeoutMilliseconds: 0)) == .failure(.missing))
        #expect(DatabaseSchemaReader.read(path: project.path("notes.db"), configuration: .init(timeoutMilliseconds: 0)) == .failure(.notADatabase))

        var damaged = Array("SQLite format 3\u{0}".utf8)
        damaged += Array(repeating: 0xA5, count: 8192)
        try project.write("damaged.db", bytes: damaged)
        let result = DatabaseSchemaReader.read(path: project.path("damaged.db"), configuration: .init(timeoutMilliseconds: 0))
        switch result {
        case .failure(.corrupt), .failure(.notADatabase): break
        default: Issue.record("expected a damaged-file problem, got \(result)")
        }
    }

    @Test func aBrokenDatabaseFallsBackToTheMigrations() throws {
        let project = try TemporaryProject([
            "sqlheal.json": #"{ "database": "data/app.db" }"#,
            "data/app.db": "garbage garbage garbage garbage",
            "migrations/1.sql": "CREATE TABLE users (id INTEGER);",
        ])
        let workspace = ProjectWorkspace.load(root: project.root)
        #expect(workspace.schema.context.checkedSchema.table(named: "users") != nil)
        #expect(workspace.schema.context.databaseDisplayName == nil)
        let findings = workspace.workspaceFindings.map { "\(describe($0, root: project.root)) \($0.message)" }
        #expect(findings == ["sqlheal.json:1:15 config-error cannot read the database data/app.db: not a SQLite database (the file has no SQLite header); checking against the migrations instead"])
    }
}

@Suite("Drift")
struct DriftTests {
    @Test func databaseIsTheTruthAndMigrationsExplainTheDifferences() throws {
        let project = try TemporaryProject([
            "sqlheal.json": #"{ "database": "data/app.db" }"#,
            "migrations/1_init.sql": "CREATE TABLE users (\n  id INTEGER PRIMARY KEY,\n  email TEXT\n);\n",
            "migrations/2_sessions.sql": "CREATE TABLE sessions (\n    id TEXT PRIMARY KEY,\n    user_id INTEGER\n);\n",
            "migrations/10_orders.sql": "CREATE TABLE orders (id INTEGER);\nALTER TABLE users ADD COLUMN last_order_at TEXT;\n",
        ])
        try project.makeDirectory("data")
        let database = try SQLiteConnection(path: project.path("data/app.db"), mode: .readWriteCreate)
        try database.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT); CREATE TABLE sessions (id TEXT PRIMARY KEY, user_id TEXT);")

        let workspace = ProjectWorkspace.load(root: project.root)
        let findings = workspace.workspaceFindings.map { "\(describe($0, root: project.root)) \($0.message)" }
        #expect(findings == [
            "migrations/10_orders.sql:1:14 schema-drift table orders is declared here but not applied to data/app.db",
            "migrations/10_orders.sql:2:30 schema-drift column users.last_order_at TEXT is declared here but not applied to data/app.db",
            "migrations/2_sessions.sql:3:5 schema-drift data/app.db has sessions.user_id TEXT, migrations/2_sessions.sql:3 declares INTEGER",
        ])
        #expect(workspace.workspaceFindings.allSatisfy { $0.severity == .warning })

        let context = workspace.schema.context
        #expect(context.databaseDisplayName == "data/app.db")
        #expect(context.checkedSchema.table(named: "orders") == nil)
        #expect(context.declaredSchema?.table(named: "orders")?.declaredAt == SchemaLocation(path: "migrations/10_orders.sql", line: 1))
        // The database's own columns carry where the migrations declare them, for messages.
        #expect(context.checkedSchema.table(named: "sessions")?.column(named: "user_id")?.declaredType == "TEXT")
        #expect(context.checkedSchema.table(named: "sessions")?.column(named: "user_id")?.declaredAt == SchemaLocation(path: "migrations/2_sessions.sql", line: 3))
    }

    @Test func unusedTablesAreInformationalOnTheirCreate() throws {
        let project = try TemporaryProject([
            "migrations/1.sql": "CREATE TABLE users (id INTEGER);\nCREATE TABLE audit_2019 (id INTEGER);\nCREATE TABLE _archived_old (id INTEGER);\nCREATE TABLE viewed (id INTEGER);\nCREATE VIEW v AS SELECT * FROM viewed;\n",
            "src/app.js": "const rows = db.all('SELECT * FROM users');\n",
        ])
        let workspace = ProjectWorkspace.load(root: project.root)
        let scan = workspace.scanProject()
        let unused = workspace.unusedTableFindings(scan)
        #expect(unused.map { describe($0, root: project.root) } == ["migrations/1.sql:2:14 unused-table"])
        #expect(unused.first?.severity == .information)
        #expect(unused.first?.message.contains("archive-table:audit_2019") == true)
    }
}
