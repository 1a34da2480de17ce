import Foundation
import SQLHealAnalysis
import Testing
@testable import SQLHealWorkspace

/// Migration code is checked as history: each statement against the schema as it stands at
/// that point (after the earlier files and the earlier statements of the same file), never
/// against the final schema; and the final schema, not history, is what ordinary queries meet.
/// Expected findings are `path:line:column code`; `⟦…⟧` in a file marks where one must start.
@Suite("Migrations as history")
struct MigrationHistoryTests {
    struct Project: CustomTestStringConvertible, Sendable {
        var name: String
        var files: [String: String]
        var testDescription: String { name }
    }

    static let projects: [Project] = [
        Project(name: "versioned migration functions over two files, and the app's queries", files: [
            "src/migrations/signal.ts": """
                import { updateLaterSchema } from './later';
                export function updateToVersion1(db) {
                  db.exec(`
                    CREATE TABLE messages (id TEXT PRIMARY KEY, body TEXT, source TEXT);
                    CREATE INDEX messages_source ON messages (source);
                    CREATE TABLE sessions (id TEXT, json TEXT);
                  `);
                }
                export function updateToVersion2(db) {
                  db.exec(`ALTER TABLE sessions RENAME TO sessions_old`);
                  db.exec(`CREATE TABLE sessions (id TEXT, number TEXT, json TEXT)`);
                  db.exec(`INSERT INTO sessions (id, number, json) SELECT id, substr(id, 1, 5), json FROM sessions_old`);
                  db.exec(`DROP TABLE sessions_old`);
                  db.prepare('SELECT ⟦nmber⟧ FROM sessions').all();
                  updateLaterSchema(db);
                }
                """,
            "src/migrations/later.ts": """
                function getVersion(db) {
                  // Runs before the function below creates the table: the file does not say so.
                  return db.prepare('SELECT MAX(version) AS version FROM loki_schema').get();
                }
                function createSchemaTable(db) {
                  db.exec(`CREATE TABLE loki_schema (id INTEGER PRIMARY KEY, version INTEGER)`);
                }
                export function updateLaterSchema(db) {
                  createSchemaTable(db);
                  db.exec(`DROP INDEX messages_source`);
                  db.exec(`ALTER TABLE messages DROP COLUMN source`);
                  db.exec(`UPDATE messages SET body = trim(body) WHERE ⟦sourc⟧ IS NULL`);
                }
                """,
            "src/app.ts": """
                export const bySource = (db) => db.prepare('SELECT id FROM messages WHERE ⟦source⟧ = ?').all('x');
                export const old = (db) => db.prepare('SELECT id FROM ⟦sessions_old⟧').all();
                """,
        ]),
        Project(name: "upgrade steps over a schema file in its final form: only what history cannot change", files: [
            "resource/schema/userdata.sql": "CREATE TABLE items (itemID INTEGER PRIMARY KEY, key TEXT NOT NULL, version INT NOT NULL DEFAULT 0);\n",
            "src/schema.js": """
                async function migrate(i) {
                  if (i == 80) {
                    await DB.queryAsync("ALTER TABLE items RENAME TO itemsOld");
                    await DB.queryAsync("CREATE TABLE items (itemID INTEGER PRIMARY KEY, key TEXT NOT NULL)");
                    await DB.queryAsync("INSERT INTO items SELECT itemID, key FROM itemsOld JOIN creatorData USING (itemID)");
                    await DB.queryAsync("DROP TABLE itemsOld");
                    await DB.queryAsync("DROP INDEX IF EXISTS items_key");
                  }
                  if (i == 81) {
                    await DB.queryAsync("ALTER TABLE items ADD COLUMN version INT NOT NULL DEFAULT 0");
                    await DB.run("UPDATE items SET version = 1 ⟦WHER⟧ key = ?", [1]);
                  }
                }
                """,
            "src/items.js": "export const keys = (db) => db.all('SELECT key, ⟦versoin⟧ FROM items');\n",
        ]),
        Project(name: "upgrade steps run through the project's own wrapper that rewrites its SQL", files: [
            "resource/schema/userdata.sql": "CREATE TABLE items (itemID INTEGER PRIMARY KEY, key TEXT NOT NULL);\n",
            "src/db.js": """
                export async function queryAsync(sql, params) {
                  sql = expandNamedPlaceholders(sql);
                  return connection.all(sql, params);
                }
                """,
            "src/schema.js": """
                import { queryAsync } from './db';
                async function migrate(i) {
                  if (i == 80) {
                    await queryAsync("ALTER TABLE items RENAME TO itemsOld");
                    await queryAsync("CREATE TABLE items (itemID INTEGER PRIMARY KEY, key TEXT NOT NULL)");
                    await queryAsync("INSERT INTO items SELECT itemID, key FROM itemsOld");
                    await queryAsync("DROP TABLE itemsOld");
                  }
                }
                """,
            "src/items.js": """
                import { queryAsync } from './db';
                export const keys = () => queryAsync('SELECT key, ⟦versoin⟧ FROM items');
                """,
        ]),
        Project(name: "upgrade steps run through a prototype method another file defines, on a global receiver", files: [
            // Zotero's shape: no import names the wrapper; `Zotero.DB.queryAsync` is found by its name.
            "resource/schema/userdata.sql": "CREATE TABLE items (itemID INTEGER PRIMARY KEY, key TEXT NOT NULL);\n",
            "src/db.js": """
                Zotero.DBConnection.prototype.queryAsync = async function (sql, params) {
                  sql = expandNamedPlaceholders(sql);
                  return this.conn.all(sql, params);
                };
                """,
            "src/schema.js": """
                async function migrate(i) {
                  if (i == 80) {
                    await Zotero.DB.queryAsync("ALTER TABLE items RENAME TO itemsOld");
                    await Zotero.DB.queryAsync("CREATE TABLE items (itemID INTEGER PRIMARY KEY, key TEXT NOT NULL)");
                    await Zotero.DB.queryAsync("INSERT INTO items SELECT itemID, key FROM itemsOld");
                    await Zotero.DB.queryAsync("DROP TABLE itemsOld");
                  }
                }
                """,
            "src/items.js": "export const keys = () => Zotero.DB.queryAsync('SELECT key, ⟦versoin⟧ FROM items');\n",
        ]),
        Project(name: "values in upgrade steps over a final-form schema file: checked where the table's form at that step is known", files: [
            "resource/schema/userdata.sql": """
                CREATE TABLE items (itemID INTEGER PRIMARY KEY, key TEXT NOT NULL, version INT NOT NULL DEFAULT 0);
                CREATE TABLE tags (tagID INTEGER PRIMARY KEY, name TEXT NOT NULL);
                CREATE TABLE libraries (libraryID INTEGER PRIMARY KEY, type TEXT NOT NULL);
                CREATE TABLE notes (noteID INTEGER PRIMARY KEY, body TEXT);
                """,
            "src/schema.js": """
                async function migrate(db, i, k) {
                  if (i == 79) {
                    // `tags` is rebuilt below: its form at this step is not known.
                    await db.all("SELECT tagID FROM tags WHERE name = ?", [parseInt(k)]);
                  }
                  if (i == 80) {
                    await db.exec("ALTER TABLE items RENAME TO itemsOld");
                    await db.exec("CREATE TABLE items (itemID INTEGER PRIMARY KEY, key TEXT NOT NULL)");
                    await db.exec("INSERT INTO items SELECT itemID, key FROM itemsOld");
                    await db.exec("DROP TABLE itemsOld");
                  }
                  if (i == 81) {
                    await db.exec("ALTER TABLE items ADD COLUMN version INT NOT NULL DEFAULT 0");
                    await db.all("SELECT itemID FROM items WHERE key = ?", [⟦parseInt(k)⟧]);
                    await db.all("SELECT libraryID FROM libraries WHERE type = ?", [⟦parseInt(k)⟧]);
                  }
                  if (i == 82) {
                    await db.exec("ALTER TABLE tags RENAME TO tagsOld");
                    await db.exec("CREATE TABLE tags (tagID INTEGER PRIMARY KEY, name TEXT NOT NULL)");
                    await db.exec("DROP TABLE tagsOld");
                    // Made above, but with another type than its final one.
                    await db.exec("DROP TABLE IF EXISTS notes");
                    await db.exec("CREATE TABLE notes (noteID INTEGER PRIMARY KEY, body INT)");
                    await db.all("SELECT noteID FROM notes WHERE body = ?", [parseInt(k)]);
                  }
                }
                """,
        ]),
        Project(name: "no finding from the checker's own stand-in table", files: [
            "migrations/1.sql": "CREATE TABLE tags (tagID INTEGER PRIMARY KEY, name TEXT, type INT);\n",
            "src/tags.js": """
                export function move(db) {
                  db.run('INSERT INTO tags SELECT * FROM ⟦tagsOld⟧');
                  db.run('INSERT INTO tags (tagID, name) SELECT a.x, b.y FROM ⟦legacyA⟧ a JOIN tags b USING (tagID)');
                }
                """,
        ]),
        Project(name: "a temporary table whose CREATE fails here is still not missing", files: [
            "migrations/1.sql": "CREATE TABLE tags (tagID INTEGER PRIMARY KEY, name TEXT);\n",
            "src/sync.js": """
                export function fix(db) {
                  db.run('CREATE TEMPORARY TABLE tmpWrong AS SELECT tagID, ⟦libraryID⟧ FROM tags');
                  return db.get('SELECT COUNT(*) FROM tmpWrong');
                }
                """,
        ]),
        // Zotero's full-text code rebuilds the tables of the index database it attaches: that DDL
        // is not the main schema's history, so the file's queries keep every finding.
        Project(name: "DDL on an attached database leaves a file's queries checked", files: [
            "schema.sql": "CREATE TABLE fulltextItems (itemID INTEGER PRIMARY KEY, indexedPages INT, synced INT);\n",
            "src/fulltext.js": """
                export async function setUp(db, path) {
                  await db.queryAsync("ATTACH DATABASE ? AS ftindex", [path]);
                  await db.queryAsync("DROP TABLE IF EXISTS ftindex.fulltextContent");
                  await db.queryAsync("CREATE VIRTUAL TABLE ftindex.fulltextContent USING fts5(text)");
                }
                export async function clearItem(db, itemID) {
                  var sql = "SELECT rowid FROM fulltextItems WHERE ⟦itemIDD⟧=? LIMIT 1";
                  return db.queryAsync(sql, [itemID]);
                }
                """,
        ]),
    ]

    @Test(arguments: projects)
    func findingsAreThoseOfThePointOfHistory(_ project: Project) throws {
        var files: [String: String] = [:]
        var expected: [String] = []
        for (path, marked) in project.files {
            let (text, offsets) = Self.unmark(marked)
            files[path] = text
            let lineIndex = LineIndex(utf8: Array(text.utf8))
            for offset in offsets {
                let position = lineIndex.position(of: offset, in: .utf16)
                expected.append("\(path):\(position.line + 1):\(position.column + 1)")
            }
        }
        let temporary = try TemporaryProject(files)
        let workspace = ProjectWorkspace.load(root: temporary.root)
        let scan = workspace.scanProject()
        let errors = (workspace.workspaceFindings + scan.findings).filter { $0.severity == .error || $0.code == .typeMismatch }
        let found = errors.map { "\(WorkspacePath.display($0.path, root: temporary.root)):\($0.line1):\($0.column1)" }
        #expect(found.sorted() == expected.sorted(), "\(errors.map { describe($0, root: temporary.root) + " " + $0.message })")
    }

    /// The text without `⟦…⟧`, and the byte offset of each `⟦`.
    static func unmark(_ marked: String) -> (String, [Int]) {
        var bytes: [UInt8] = []
        var offsets: [Int] = []
        for character in marked {
            switch character {
            case "⟦": offsets.append(bytes.count)
            case "⟧": continue
            default: bytes.append(contentsOf: String(character).utf8)
            }
        }
        return (String(decoding: bytes, as: UTF8.self), offsets)
    }
}
