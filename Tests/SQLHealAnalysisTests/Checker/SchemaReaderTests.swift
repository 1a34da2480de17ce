import Testing
@testable import SQLHealAnalysis
import SQLHealSQLite

@Suite struct SchemaReaderTests {
    static let ddl = """
        CREATE TABLE users (
          id INTEGER PRIMARY KEY,
          email TEXT NOT NULL DEFAULT '',
          age STRING,
          "created at" DATETIME
        );
        CREATE TABLE sessions (id INTEGER PRIMARY KEY DESC, user_id TEXT REFERENCES users(id)) ;
        CREATE TABLE pairs (a INTEGER, b INTEGER, PRIMARY KEY (a DESC)) ;
        CREATE TABLE tags (name TEXT PRIMARY KEY, n INT) WITHOUT ROWID;
        CREATE TABLE strict_things (id INTEGER PRIMARY KEY, total INT, doubled INT AS (total * 2)) STRICT;
        CREATE VIRTUAL TABLE docs USING fts5(title, body);
        CREATE VIEW active_users AS SELECT id, email FROM users;
        CREATE INDEX users_email ON users(email);
        CREATE TRIGGER users_touch AFTER UPDATE ON users BEGIN UPDATE users SET age = 1 WHERE id = new.id; END;
        CREATE TABLE counters (id INTEGER PRIMARY KEY AUTOINCREMENT, n INT);
        """

    @Test func readsTablesColumnsAndFlags() throws {
        let schema = try SchemaSnapshot(replayingDDL: Self.ddl)
        #expect(schema.tables.map(\.name) == ["active_users", "counters", "docs", "pairs", "sessions", "strict_things", "tags", "users"])

        let users = try #require(schema.table(named: "USERS"))
        #expect(users.kind == .table)
        #expect(users.columns.map(\.name) == ["id", "email", "age", "created at"])
        #expect(users.column(named: "id")?.isRowidAlias == true)
        #expect(users.column(named: "email")?.isNotNull == true)
        #expect(users.column(named: "email")?.defaultValueSQL == "''")
        #expect(users.column(named: "age")?.affinity == .numeric)
        #expect(users.column(named: "created at")?.declaredType == "DATETIME")
        #expect(users.createSQL.hasPrefix("CREATE TABLE users"))

        #expect(schema.table(named: "sessions")?.column(named: "id")?.isRowidAlias == false, "INTEGER PRIMARY KEY DESC is not a rowid alias")
        #expect(schema.table(named: "pairs")?.column(named: "a")?.isRowidAlias == true, "PRIMARY KEY (a DESC) as a table constraint still is")
        #expect(schema.table(named: "tags")?.isWithoutRowid == true)
        #expect(schema.table(named: "tags")?.column(named: "name")?.isRowidAlias == false)
        #expect(schema.table(named: "strict_things")?.isStrict == true)
        #expect(schema.table(named: "strict_things")?.column(named: "doubled")?.isHidden == true)

        let docs = try #require(schema.table(named: "docs"))
        #expect(docs.kind == .virtualTable)
        #expect(docs.columns.map(\.name) == ["title", "body", "docs", "rank"])
        #expect(docs.columns.filter(\.isHidden).map(\.name) == ["docs", "rank"])
        #expect(schema.table(named: "docs_data") == nil, "shadow tables are internal")
        #expect(schema.table(named: "sqlite_sequence") == nil)

        #expect(schema.table(named: "active_users")?.kind == .view)
        #expect(schema.table(named: "active_users")?.columns.map(\.name) == ["id", "email"])
    }

    @Test func ddlReplaysInOrderAndFingerprintIsStable() throws {
        let schema = try SchemaSnapshot(replayingDDL: Self.ddl)
        #expect(schema.ddl.contains { $0.hasPrefix("CREATE INDEX users_email") })
        #expect(schema.ddl.contains { $0.hasPrefix("CREATE TRIGGER users_touch") })
        #expect(!schema.ddl.contains { $0.contains("docs_data") })
        let replayed = try SchemaSnapshot(replayingDDLStatements: schema.ddl)
        #expect(replayed.ddl == schema.ddl)
        #expect(replayed.fingerprint == schema.fingerprint)
        #expect(replayed.tables == schema.tables)

        let other = try SchemaSnapshot(replayingDDL: "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);")
        #expect(other.fingerprint != schema.fingerprint)
    }

    @Test func updateTableChangesFingerprint() throws {
        var schema = try SchemaSnapshot(replayingDDL: "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);")
        let before = schema.fingerprint
        schema.updateTable(named: "Users") { table in
            table.declaredAt = SchemaLocation(path: "migrations/001_init.sql", line: 1)
            table.columns[1].declaredAt = SchemaLocation(path: "migrations/001_init.sql", line: 3)
        }
        #expect(schema.table(named: "users")?.columns[1].declaredAt?.line == 3)
        #expect(schema.fingerprint != before)
    }

    @Test func readsAnOpenConnection() throws {
        let connection = try SQLiteConnection()
        try connection.execute("CREATE TABLE a (x TEXT); ALTER TABLE a ADD COLUMN y INT;")
        let schema = try SchemaSnapshot(reading: connection)
        #expect(schema.table(named: "a")?.columns.map(\.name) == ["x", "y"])
    }

    @Test func brokenDDLNamesTheStatement() {
        #expect(throws: SchemaReadError.self) { try SchemaSnapshot(replayingDDL: "CREATE TABLE a (x TEXT); CREATE TABLE a (y);") }
    }

    @Test(arguments: [
        ("CREATE TABLE users (\n  id INTEGER PRIMARY KEY,\n  email TEXT\n)", "email", 3),
        ("CREATE TABLE IF NOT EXISTS main.users (\n  id INTEGER,\n  \"Email\" TEXT,\n  PRIMARY KEY (id)\n)", "email", 3),
        ("CREATE TABLE t (\n  a INT CHECK (a IN (1, 2)), b TEXT DEFAULT (lower('x,y'))\n, c)", "c", 3),
        ("CREATE TABLE t (a INT,\n  CONSTRAINT pk PRIMARY KEY (a))", "pk", nil),
        ("ALTER TABLE users\n  ADD COLUMN nickname TEXT", "nickname", 2),
        ("ALTER TABLE users ADD nickname TEXT", "nickname", 1),
        ("CREATE TABLE t AS SELECT 1 AS c", "c", nil),
        ("CREATE TEMP TABLE t (\n  /* a, b */ a INT, -- b\n  \"B\" TEXT)", "b", 3),
        ("CREATE VIRTUAL TABLE docs USING fts5(title, body)", "title", nil),
        ("CREATE TABLE t (a INT,\n  b", "b", 2),
        ("ALTER TABLE t RENAME COLUMN a TO b", "b", nil),
    ] as [(String, String, Int?)])
    func columnDefinitionLine(ddl: String, column: String, expectedLine: Int?) {
        #expect(SchemaDeclarationLocator.lineOfColumnDefinition(column, inDDL: ddl) == expectedLine)
    }

    @Test func createdNameLine() {
        #expect(SchemaDeclarationLocator.lineOfCreatedName("users", inDDL: "-- users\nCREATE TABLE\n  IF NOT EXISTS users (id)") == 3)
        #expect(SchemaDeclarationLocator.lineOfCreatedName("docs", inDDL: "CREATE VIRTUAL TABLE docs USING fts5(a)") == 1)
        #expect(SchemaDeclarationLocator.lineOfCreatedName("other", inDDL: "CREATE TABLE users (id)") == nil)
        #expect(SchemaDeclarationLocator.lineOfCreatedName("Users", inDDL: "CREATE TEMP TABLE /* x */\n main.\"users\" (id)") == 2)
        #expect(SchemaDeclarationLocator.lineOfCreatedName("by_email", inDDL: "CREATE UNIQUE INDEX IF NOT EXISTS\nby_email ON users(email)") == 2)
        #expect(SchemaDeclarationLocator.lineOfCreatedName("touch", inDDL: "CREATE TRIGGER touch AFTER UPDATE ON users BEGIN SELECT 1; END") == 1)
        #expect(SchemaDeclarationLocator.lineOfCreatedName("users", inDDL: "DROP TABLE users") == nil)
        #expect(SchemaDeclarationLocator.lineOfCreatedName("users", inDDL: "CREATE TABLE\nusers") == 2)
    }
}
