import Foundation
import SQLHealAnalysis
import SQLHealSQLite
import Testing
@testable import SQLHealWorkspace

/// Each layout a real project keeps its schema in, as a small project of our own, and what
/// `sqlheal schema` says of it (sources in order, then each table with its columns and where it
/// is declared).
@Suite("Schema sources")
struct SchemaSourceTests {
    struct Layout: CustomTestStringConvertible, Sendable {
        var name: String
        var files: [String: String]
        var expected: String
        var testDescription: String { name }
    }

    static let layouts: [Layout] = [
        Layout(name: "Prisma migrations, lock file ignored", files: [
            "prisma/schema.prisma": "model User { id Int @id }\n",
            "prisma/migrations/migration_lock.toml": "provider = \"sqlite\"\n",
            "prisma/migrations/20240101000000_init/migration.sql": "-- CreateTable\nCREATE TABLE \"User\" (\n    \"id\" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,\n    \"email\" TEXT NOT NULL\n);\n",
            "prisma/migrations/20240202000000_name/migration.sql": "-- AlterTable\nALTER TABLE \"User\" ADD COLUMN \"name\" TEXT;\n",
        ], expected: """
            sources:
              prisma-migrations: prisma/migrations
            tables: 1
              User(id INTEGER, email TEXT, name TEXT)  [prisma/migrations/20240101000000_init/migration.sql:2]

            """),
        Layout(name: "Drizzle folder in its journal's order, not its names'", files: [
            "drizzle/meta/_journal.json": """
                {"version": "7", "dialect": "sqlite", "entries": [
                  {"idx": 0, "tag": "0000_zesty_start", "when": 1},
                  {"idx": 1, "tag": "0000_another_name", "when": 2}
                ]}
                """,
            "drizzle/0000_zesty_start.sql": "CREATE TABLE `posts` (\n\t`id` integer PRIMARY KEY NOT NULL,\n\t`title` text\n);\n",
            "drizzle/0000_another_name.sql": "ALTER TABLE `posts` ADD `body` text;--> statement-breakpoint\nCREATE INDEX `posts_title` ON `posts` (`title`);\n",
        ], expected: """
            sources:
              drizzle-migrations: drizzle
            tables: 1
              posts(id INTEGER, title TEXT, body TEXT)  [drizzle/0000_zesty_start.sql:1]

            """),
        Layout(name: "knex migrations: builder calls and knex.raw", files: [
            "knexfile.js": "module.exports = { client: 'sqlite3', connection: { filename: './dev.sqlite3' } };\n",
            "migrations/20240101_users.js": """
                exports.up = function (knex) {
                  return knex.schema
                    .createTable('users', function (table) {
                      table.increments('id');
                      table.string('email', 255).notNullable().unique();
                      table.boolean('is_admin').defaultTo(false);
                      table.timestamps();
                    })
                    .createTable('posts', (t) => {
                      t.increments();
                      t.integer('user_id').references('id').inTable('users');
                      t.text('body');
                    });
                };
                exports.down = (knex) => knex.schema.dropTable('posts').dropTable('users');
                """,
            "migrations/20240202_more.js": """
                exports.up = async (knex) => {
                  await knex.schema.alterTable('users', (t) => {
                    t.string('name');
                    t.renameColumn('is_admin', 'admin');
                  });
                  await knex.raw('CREATE VIEW admins AS SELECT id, email FROM users WHERE admin = 1');
                };
                """,
        ], expected: """
            sources:
              knex: migrations/20240101_users.js
              code: migrations/20240202_more.js
            tables: 3
              admins (view)(id INTEGER, email varchar(255))  [migrations/20240202_more.js:6]
              posts(id INTEGER, user_id INTEGER, body TEXT)  [migrations/20240101_users.js:9]
              users(id INTEGER, email varchar(255), admin boolean, created_at datetime, updated_at datetime, name varchar(255))  [migrations/20240101_users.js:3]

            """),
        Layout(name: "DDL run by the code, migration functions over two files", files: [
            // Sorted first but runs second: the file that imports it runs before it.
            "src/db/laterMigrations.ts": """
                import { Database } from 'better-sqlite3';
                export function updateToVersion3(db: Database) {
                  db.exec(`ALTER TABLE messages ADD COLUMN read_at INTEGER`);
                }
                """,
            "src/db/migrations.ts": """
                import { updateToVersion3 } from './laterMigrations';
                function updateToVersion1(db) {
                  db.exec(`CREATE TABLE messages (id TEXT PRIMARY KEY, body TEXT)`);
                  db.exec(`CREATE TABLE unprocessed (id TEXT)`);
                }
                function updateToVersion2(db) {
                  db.exec(`DROP TABLE unprocessed`);
                  db.prepare("CREATE INDEX messages_body ON messages (body)").run();
                }
                """,
            "src/db/cleanup.ts": "export const reset = (db) => db.exec('DROP TABLE IF EXISTS messages');\n",
            "src/app.ts": "export const count = (db) => db.prepare('SELECT count(*) FROM messages').get();\n",
            "test/setup.ts": "db.exec('CREATE TABLE only_in_tests (x)');\n",
        ], expected: """
            sources:
              code: src/db/migrations.ts
              code: src/db/laterMigrations.ts
            tables: 1
              messages(id TEXT, body TEXT, read_at INTEGER)  [src/db/migrations.ts:3]

            """),
        Layout(name: "table names held in constants another file exports", files: [
            "ts/node/database_utility.ts": "export const MESSAGES_TABLE = 'messages';\nexport const ITEMS_TABLE = 'items';\n",
            "ts/node/migration/signalMigrations.ts": """
                import { ITEMS_TABLE, MESSAGES_TABLE } from '../database_utility';
                function updateToSchemaVersion1(currentVersion: number, db: Database) {
                  db.exec(`CREATE TABLE ${MESSAGES_TABLE}(id STRING PRIMARY KEY, json TEXT);
                    CREATE TABLE ${ITEMS_TABLE}(id STRING PRIMARY KEY, json TEXT);`);
                }
                function updateToSchemaVersion2(currentVersion: number, db: Database) {
                  db.exec(`ALTER TABLE ${MESSAGES_TABLE} ADD COLUMN expires_at INTEGER;`);
                }
                """,
        ], expected: """
            sources:
              code: ts/node/migration/signalMigrations.ts
            tables: 2
              items(id STRING, json TEXT)  [ts/node/migration/signalMigrations.ts:4]
              messages(id STRING, json TEXT, expires_at INTEGER)  [ts/node/migration/signalMigrations.ts:3]

            """),
        Layout(name: "schema.sql at the root, db/schema.sql, any .sql declaring tables outside tests", files: [
            "schema.sql": "CREATE TABLE a (x INTEGER);\n",
            "db/schema.sql": "CREATE TABLE IF NOT EXISTS a (x INTEGER);\nCREATE TABLE b (y TEXT);\n",
            // Sorted before the tables it watches: tried again after the other files.
            "sql/0_triggers.sql": "CREATE TRIGGER c_touch AFTER INSERT ON c BEGIN UPDATE c SET z = 1; END;\nCREATE TABLE trig_log (at TEXT);\n",
            "sql/1_tables.sql": "CREATE TABLE c (z INTEGER);\n",
            "sql/seed.sql": "INSERT INTO b VALUES ('not a declaration');\n",
            "tests/fixtures.sql": "CREATE TABLE fixture_only (q);\n",
        ], expected: """
            sources:
              schema-file: schema.sql
              schema-file: db/schema.sql
              schema-file: sql/0_triggers.sql
              schema-file: sql/1_tables.sql
            tables: 4
              a(x INTEGER)  [schema.sql:1]
              b(y TEXT)  [db/schema.sql:2]
              c(z INTEGER)  [sql/1_tables.sql:1]
              trig_log(at TEXT)  [sql/0_triggers.sql:2]

            """),
        Layout(name: "a schema file in its final form wins over the code's upgrade history", files: [
            "resource/schema/userdata.sql": "CREATE TABLE items (\n  itemID INTEGER PRIMARY KEY,\n  key TEXT NOT NULL,\n  version INT NOT NULL DEFAULT 0\n);\n",
            "src/schema.js": """
                async function migrate(i) {
                  if (i == 80) {
                    await DB.queryAsync("ALTER TABLE items RENAME TO itemsOld");
                    await DB.queryAsync("CREATE TABLE items (\\n  itemID INTEGER PRIMARY KEY,\\n  key TEXT NOT NULL\\n)");
                    await DB.queryAsync("INSERT INTO items SELECT itemID, key FROM itemsOld");
                    await DB.queryAsync("DROP TABLE itemsOld");
                  }
                  if (i == 81) {
                    await DB.queryAsync("CREATE TABLE itemsTemp (itemID INTEGER PRIMARY KEY, key TEXT)");
                    await DB.queryAsync("DROP TABLE items");
                    await DB.queryAsync("ALTER TABLE itemsTemp RENAME TO items");
                    await DB.queryAsync("ALTER TABLE items ADD COLUMN version INT NOT NULL DEFAULT 0");
                    await DB.queryAsync("CREATE TEMPORARY TABLE tmpKeys (key TEXT)");
                    await DB.queryAsync("DROP TABLE tmpKeys");
                  }
                }
                """,
        ], expected: """
            sources:
              schema-file: resource/schema/userdata.sql
              code: src/schema.js
            tables: 1
              items(itemID INTEGER, key TEXT, version INT)  [resource/schema/userdata.sql:1]

            """),
        Layout(name: "the schema key lists files and globs in order", files: [
            "sqlheal.json": "{ \"schema\": [\"sql/base.sql\", \"sql/changes/*.sql\"] }\n",
            "sql/base.sql": "CREATE TABLE t (a INTEGER);\n",
            "sql/changes/2_c.sql": "ALTER TABLE t ADD COLUMN c TEXT;\n",
            "sql/changes/10_d.sql": "ALTER TABLE t ADD COLUMN d TEXT;\n",
        ], expected: """
            sources:
              configured: sql/base.sql
              configured: sql/changes/2_c.sql
              configured: sql/changes/10_d.sql
            tables: 1
              t(a INTEGER, c TEXT, d TEXT)  [sql/base.sql:1]

            """),
        Layout(name: "nothing to find", files: [
            "src/app.js": "db.all('SELECT * FROM users');\n",
        ], expected: """
            sources: none
            tables: 0

            """),
    ]

    @Test(arguments: layouts)
    func layoutIsFoundWithoutConfiguration(_ layout: Layout) throws {
        let project = try TemporaryProject(layout.files)
        let workspace = ProjectWorkspace.load(root: project.root)
        let report = SchemaReport(schema: workspace.schema, root: workspace.root)
        #expect(report.text() == layout.expected)
        #expect(workspace.schema.isMissing == report.tables.isEmpty)
        #expect(workspace.workspaceFindings.filter { $0.severity == .error }.map { describe($0, root: project.root) + " " + $0.message } == [])
    }

    @Test func theDatabaseIsFoundInDataOrDb() throws {
        let project = try TemporaryProject(["src/a.js": "x\n"])
        try project.makeDirectory("data")
        try makeDatabase(at: project.path("data/app.sqlite"), "CREATE TABLE accounts (id INTEGER PRIMARY KEY)")
        let workspace = ProjectWorkspace.load(root: project.root)
        #expect(workspace.configuration.databasePath == project.path("data/app.sqlite"))
        #expect(SchemaReport(schema: workspace.schema, root: project.root).sources == [.init(kind: "database", path: "data/app.sqlite")])
        // A second candidate makes it ambiguous: none is taken.
        try project.makeDirectory("db")
        try makeDatabase(at: project.path("db/other.db"), "CREATE TABLE x (a)")
        #expect(ProjectWorkspace.load(root: project.root).configuration.databasePath == nil)
    }

    @Test func schemaJSONHasTheContractShape() throws {
        let project = try TemporaryProject(["migrations/1.sql": "CREATE TABLE t (a INTEGER, b);\nCREATE VIEW v AS SELECT a FROM t;\n"])
        let report = SchemaReport(schema: ProjectWorkspace.load(root: project.root).schema, root: project.root)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["sources", "tables"])
        let sources = try #require(object["sources"] as? [[String: String]])
        #expect(sources == [["kind": "migrations", "path": "migrations"]])
        let tables = try #require(object["tables"] as? [[String: Any]])
        #expect(tables.map { $0["name"] as? String } == ["t", "v"])
        #expect(tables.map { $0["kind"] as? String } == ["table", "view"])
        #expect(tables.first?["declaredAt"] as? String == "migrations/1.sql:1")
        let columns = try #require(tables.first?["columns"] as? [[String: String]])
        #expect(columns == [["name": "a", "type": "INTEGER"], ["name": "b", "type": ""]])
    }

    private func makeDatabase(at path: String, _ sql: String) throws {
        let database = try SQLiteConnection(path: path, mode: .readWriteCreate)
        try database.execute(sql)
    }
}
