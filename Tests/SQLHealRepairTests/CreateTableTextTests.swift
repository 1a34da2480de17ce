@testable import SQLHealRepair
import Testing

/// Editing CREATE TABLE text at one place, keeping everything else as written.
@Suite struct CreateTableTextTests {
    @Test(arguments: [
        ("CREATE TABLE t(a TEXT, b INT)", "a", "INTEGER", "CREATE TABLE t(a INTEGER, b INT)"),
        ("CREATE TABLE t(a, b)", "a", "INTEGER", "CREATE TABLE t(a INTEGER, b)"),
        ("CREATE TABLE t(a NOT NULL DEFAULT 0)", "a", "REAL", "CREATE TABLE t(a REAL NOT NULL DEFAULT 0)"),
        ("CREATE TABLE t(\"we\"\"ird\" VARCHAR ( 20 ) COLLATE NOCASE)", "we\"ird", "TEXT", "CREATE TABLE t(\"we\"\"ird\" TEXT COLLATE NOCASE)"),
        ("CREATE TABLE t(x UNSIGNED BIG INT /* big */, y)", "x", "TEXT", "CREATE TABLE t(x TEXT /* big */, y)"),
        ("CREATE TABLE t(key TEXT PRIMARY KEY, v) WITHOUT ROWID", "KEY", "INTEGER", "CREATE TABLE t(key INTEGER PRIMARY KEY, v) WITHOUT ROWID"),
        ("CREATE TABLE t(a TEXT, CHECK (a <> 'TEXT') -- a TEXT\n)", "a", "INTEGER", "CREATE TABLE t(a INTEGER, CHECK (a <> 'TEXT') -- a TEXT\n)"),
    ])
    func changesOnlyTheTypeToken(original: String, column: String, type: String, expected: String) {
        #expect(CreateTableText(original)?.changingType(ofColumn: column, to: type) == expected)
    }

    @Test func renamesOnlyTheTableNameNotSelfReferences() {
        let text = CreateTableText("CREATE TABLE main.\"tree\"(id INTEGER PRIMARY KEY, parent INTEGER REFERENCES tree(id))")
        #expect(text?.renamed(to: "sqlheal_new_tree") == "CREATE TABLE \"sqlheal_new_tree\"(id INTEGER PRIMARY KEY, parent INTEGER REFERENCES tree(id))")
    }

    @Test func addsAColumnAfterTheLastColumnBeforeTableConstraints() {
        let text = CreateTableText("CREATE TABLE t(a INTEGER, b TEXT, PRIMARY KEY (a), UNIQUE (b) -- note\n)")
        #expect(text?.addingColumn(definition: "c TEXT DEFAULT 'x'") == "CREATE TABLE t(a INTEGER, b TEXT, c TEXT DEFAULT 'x', PRIMARY KEY (a), UNIQUE (b) -- note\n)")
        #expect(text?.tableLevelKeyColumns == [["a"], ["b"]])
        let collated = CreateTableText("CREATE TABLE t(a TEXT, b TEXT, CONSTRAINT pk PRIMARY KEY (a COLLATE NOCASE DESC, b), CHECK (a <> b))")
        #expect(collated?.tableLevelKeyColumns == [["a", "b"]])
    }

    @Test(arguments: [
        ("c TEXT", false, false, false, true),
        ("c TEXT NOT NULL DEFAULT 'x'", true, false, false, true),
        ("c TEXT DEFAULT CURRENT_TIMESTAMP", false, false, false, false),
        ("c INTEGER DEFAULT (1 + 1)", false, false, false, false),
        ("c INTEGER DEFAULT -1", false, false, false, true),
        ("c TEXT UNIQUE", false, true, false, true),
        ("c INTEGER GENERATED ALWAYS AS (a * 2) STORED", false, false, true, true),
        ("c INTEGER AS (a * 2)", false, false, false, true),
        ("c INTEGER DEFAULT TRUE", false, false, false, true),
        ("c TEXT DEFAULT (NULL)", false, false, false, false),
        ("c BLOB NOT NULL DEFAULT x'00' CHECK (length(c) > 0)", true, false, false, true),
    ])
    func readsColumnConstraints(definition: String, notNull: Bool, unique: Bool, stored: Bool, constantDefault: Bool) {
        let column = CreateTableText("CREATE TABLE x(\(definition))")?.columns.first
        #expect(column?.isNotNull == notNull)
        #expect(column?.isUnique == unique)
        #expect(column?.isStoredGenerated == stored)
        #expect(column?.defaultIsConstant == constantDefault)
    }

    @Test(arguments: ["CREATE TABLE t AS SELECT 1", "CREATE VIEW v AS SELECT 1", "CREATE TABLE t(", ""])
    func refusesWhatIsNotAPlainCreateTable(text: String) {
        #expect(CreateTableText(text) == nil)
    }

    @Test(arguments: [
        ("INTEGER", true), ("VARCHAR(20)", true), ("DECIMAL(10, 2)", true), ("UNSIGNED BIG INT", true),
        ("INTEGER; DROP TABLE t", false), ("TEXT)", false), ("", false), ("INT -- x", false),
    ])
    func requestedTypesAreWordsOnly(type: String, accepted: Bool) {
        #expect(RepairStepID.isPlainTypeName(type) == accepted)
    }
}
