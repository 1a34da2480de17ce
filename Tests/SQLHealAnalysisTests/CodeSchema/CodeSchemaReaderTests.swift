import Testing
@testable import SQLHealAnalysis

/// The schema statements the code runs, as ``CodeSchemaReader`` reads them: each expected
/// statement is `kind sql`; `⟦…⟧` marks, in order, where each statement's object name is written
/// in the source (where `sqlheal schema` says the object is declared).
@Suite("Code schema statements")
struct CodeSchemaReaderTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var fixture: String
        var expected: [String]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "DDL in exec, prepare().run() and a SQL literal kept in a variable", fixture: """
            db.exec(`CREATE TABLE IF NOT EXISTS ⟦users⟧ (id INTEGER PRIMARY KEY, email TEXT)`);
            db.prepare("CREATE INDEX ⟦users_email⟧ ON users (email)").run();
            const sql = 'ALTER TABLE ⟦users⟧ ADD COLUMN name TEXT';
            await Zotero.DB.queryAsync(sql);
            db.run("DROP TABLE IF EXISTS ⟦old_users⟧");
            db.all('SELECT * FROM users');
            """, expected: [
                "create CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, email TEXT)",
                "create CREATE INDEX users_email ON users (email)",
                "alter ALTER TABLE users ADD COLUMN name TEXT",
                "drop DROP TABLE IF EXISTS old_users",
            ]),
        Case(name: "several statements in one exec, a temporary table, a constant name", fixture: """
            const TABLE = '⟦jobs⟧';
            db.exec(`
              CREATE TABLE ${TABLE} (id TEXT);
              CREATE TEMP TABLE ⟦scratch⟧ (x);
            `);
            """, expected: [
                "create CREATE TABLE jobs (id TEXT)",
                "create CREATE TEMP TABLE scratch (x)",
            ]),
        Case(name: "a name that is not known makes no statement", fixture: """
            db.exec(`CREATE TABLE ${name} (id TEXT)`);
            db.exec(`ALTER TABLE messages ADD COLUMN ${column} TEXT`);
            """, expected: []),
        Case(name: "knex builder calls", fixture: """
            exports.up = (knex) => knex.schema
              .createTable('⟦users⟧', (t) => {
                t.increments('id');
                t.string('email').notNullable().unique();
                t.integer('age').defaultTo(0);
                t.specificType('tags', 'TEXT');
                t.primary(['id']);
              })
              .alterTable('⟦users⟧', function (table) {
                table.dropColumn('age');
                table.renameColumn('email', 'mail');
                table.text('bio');
              })
              .renameTable('⟦users⟧', 'people')
              .dropTableIfExists('⟦legacy⟧');
            exports.down = (knex) => knex.schema.dropTable('people');
            module.exports = { async down(db) { await db.exec('DROP TABLE people'); } };
            """, expected: [
                "create CREATE TABLE \"users\" (\"id\" integer not null primary key autoincrement, \"email\" varchar(255) not null unique, \"age\" integer default 0, \"tags\" TEXT, primary key (\"id\"))",
                "alter ALTER TABLE \"users\" DROP COLUMN \"age\"",
                "alter ALTER TABLE \"users\" RENAME COLUMN \"email\" TO \"mail\"",
                "alter ALTER TABLE \"users\" ADD COLUMN \"bio\" text",
                "alter ALTER TABLE \"users\" RENAME TO \"people\"",
                "drop DROP TABLE IF EXISTS \"legacy\"",
            ]),
        Case(name: "knex migration function returning the builder", fixture: """
            exports.up = function (knex) {
              return knex.schema
                .createTable('⟦posts⟧', function (table) {
                  table.increments();
                  table.timestamps();
                });
            };
            """, expected: [
                "create CREATE TABLE \"posts\" (\"id\" integer not null primary key autoincrement, \"created_at\" datetime, \"updated_at\" datetime)",
            ]),
    ]

    @Test(arguments: cases)
    func statementsAreRead(_ testCase: Case) {
        let fixture = MarkedFixture(testCase.fixture)
        let statements = CodeSchemaReader.statements(in: fixture.bytes, language: .typescript, configuration: .default)
        #expect(statements.map { "\($0.kind.rawValue) \($0.sql.trimmingCharacters(in: " \n;"))" } == testCase.expected)
        let nameRanges = statements.map { statement -> ByteRange in
            let sql = Array(statement.sql.utf8)
            let needle = Array(statement.objectName.utf8)
            // The object name's first occurrence after the leading keywords.
            var start = 0
            for offset in 0...(max(sql.count - needle.count, 0)) where Array(sql[offset..<min(offset + needle.count, sql.count)]) == needle {
                start = offset
                break
            }
            return statement.sourceRange(ofStatementRange: start..<(start + needle.count))
        }
        // Statements about the same name (an alterTable's several changes) share its marker.
        var distinct: [ByteRange] = []
        for range in nameRanges where distinct.last != range { distinct.append(range) }
        #expect(distinct == fixture.queryAndHoleRanges)
    }

    @Test func namesMadeAreReadByTheSQLModel() {
        // session-desktop's migrations add a column named `left` (a join keyword SQLite takes as a
        // name); `ALTER … RENAME COLUMN` makes its new name; quoted and qualified names unquoted.
        let text = """
            db.exec(`ALTER TABLE conversations ADD COLUMN left INTEGER; ALTER TABLE conversations RENAME COLUMN json TO "raw json"`);
            db.exec(`CREATE TEMP TABLE IF NOT EXISTS main."Scratch Pad" (x); ALTER TABLE old_things RENAME TO things`);
            db.exec('SELECT 1 FROM conversations c LEFT JOIN things t ON t.id = c.id');
            """
        let statements = CodeSchemaReader.statements(in: Array(text.utf8), language: .javascript, configuration: .default)
        #expect(statements.map { "\($0.kind) \($0.objectType) \($0.objectName) \($0.isTemporary) \($0.renamedTo ?? "-")" } == [
            "alter TABLE conversations false -", "alter TABLE conversations false -",
            "create TABLE Scratch Pad true -", "alter TABLE old_things false things",
        ])
        let made = CodeSchemaReader.madeNames(statements)
        #expect(made.columns == ["left", "raw json"])
        #expect(made.tables == ["scratch pad", "things"])
        #expect(statements.map(\.changesExistingDefinition) == [false, true, false, true])
    }

    @Test func aTemporaryTableOutsideMigrationCodeOutlivesItsDrop() {
        // The code uses it while it exists, and queries in any file may name it then.
        let text = """
            db.exec('CREATE TEMP TABLE import_rows (line, payload)');
            db.prepare('INSERT INTO import_rows VALUES (?, ?)').run(1, 'x');
            db.exec('DROP TABLE import_rows');
            """
        let statements = CodeSchemaReader.statements(in: Array(text.utf8), language: .javascript, configuration: .default)
        #expect(!CodeSchemaReader.isMigrationCode(statements))
        #expect(CodeSchemaReader.appliedStatements(statements).map(\.sql) == ["CREATE TEMP TABLE import_rows (line, payload)"])
    }

    @Test func ddlOnAnAttachedDatabaseIsNotTheMainSchemasHistory() {
        // Zotero's full-text code attaches its index database and rebuilds its tables there; the
        // file's thousands of ordinary queries are not migration code for that.
        let text = """
            await db.queryAsync("ATTACH DATABASE ? AS ftindex", [path]);
            await db.queryAsync("DROP TABLE IF EXISTS ftindex.fulltextContent");
            await db.queryAsync("CREATE VIRTUAL TABLE ftindex.fulltextContent USING fts5(text)");
            await db.queryAsync("CREATE TABLE IF NOT EXISTS main.settings (key, value)");
            """
        let statements = CodeSchemaReader.statements(in: Array(text.utf8), language: .javascript, configuration: .default)
        #expect(statements.map { "\($0.kind) \($0.objectName)" } == ["create settings"])
        #expect(!CodeSchemaReader.isMigrationCode(statements))
    }

    @Test func historyIsAppliedOnlyWhereItBuildsTheSchema() {
        let text = """
            db.exec('CREATE TABLE a (x)');
            db.exec('CREATE TABLE b_new (y)');
            db.exec('DROP TABLE b');
            db.exec('ALTER TABLE b_new RENAME TO b');
            db.exec('DROP TABLE unrelated');
            db.exec('CREATE TEMP TABLE t (z)');
            db.exec('DROP TABLE t');
            db.exec('ALTER TABLE kept RENAME TO kept_old');
            db.exec('ALTER TABLE kept ADD COLUMN w');
            db.exec('CREATE TABLE final_new (v)');
            db.exec('ALTER TABLE final_new RENAME TO final');
            """
        let statements = CodeSchemaReader.statements(in: Array(text.utf8), language: .javascript, configuration: .default)
        let applied = CodeSchemaReader.appliedStatements(statements, fileObjects: ["kept", "final"]).map(\.sql)
        #expect(applied == [
            "CREATE TABLE a (x)",
            "CREATE TABLE b_new (y)",
            "DROP TABLE b",
            "ALTER TABLE b_new RENAME TO b",
            // Migration code: a temporary table the step makes and drops is its scaffolding.
            "CREATE TEMP TABLE t (z)",
            "DROP TABLE t",
            "ALTER TABLE kept ADD COLUMN w",
            "CREATE TABLE final_new (v)",
            "DROP TABLE \"final_new\"",
        ])
    }
}

private extension String {
    func trimmingCharacters(in characters: String) -> String {
        var text = Substring(self)
        while let first = text.first, characters.contains(first) { text = text.dropFirst() }
        while let last = text.last, characters.contains(last) { text = text.dropLast() }
        return String(text)
    }
}
