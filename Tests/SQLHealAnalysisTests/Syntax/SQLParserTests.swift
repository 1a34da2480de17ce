import Testing
@testable import SQLHealAnalysis

struct ParseCase: Sendable, CustomTestStringConvertible {
    var name: String
    var sql: String
    /// One word per statement: its kind and the parts that matter.
    var expected: [String]
    var testDescription: String { name }
}

/// Short structural text for statements, so expectations stay readable.
enum StatementSummary {
    static func describe(_ statement: SQLStatement, _ tree: SQLSyntaxTree) -> String {
        switch statement.kind {
        case .select(let select):
            let cores = select.cores.map { core in
                core.valueRows != nil ? "values(\(core.valueRows!.count))" : "select(\(core.resultColumns.count) cols, from \(core.from?.items.map(\.joinOperator).joined(separator: "|") ?? "-"))"
            }
            return (select.with.map { "with\($0.isRecursive ? " recursive" : "")(\($0.tables.count)) " } ?? "") + cores.joined(separator: " \(select.compoundOperators.first ?? "") ")
        case .insert(let insert):
            return "\(insert.verb.lowercased()) \(insert.table?.name.text ?? "?") cols \(insert.columns.count) upserts \(insert.upserts.count) returning \(insert.returning.count)"
        case .update(let update): return "update \(update.table?.name.text ?? "?") set \(update.assignments.count)"
        case .delete(let delete): return "delete \(delete.table?.name.text ?? "?")"
        case .createTable(let create):
            return "create table \(create.name?.name.text ?? "?") columns \(create.columns.map { "\($0.name.text):\($0.typeName)" }.joined(separator: ",")) constraints \(create.constraints.count) \(create.options.joined(separator: ","))"
        case .createView(let view): return "create view \(view.name?.name.text ?? "?")"
        case .createIndex(let index): return "create index \(index.name?.name.text ?? "?") on \(index.table?.text ?? "?")"
        case .createTrigger(let trigger): return "create trigger \(trigger.name?.name.text ?? "?") body \(trigger.body.count)"
        case .alterTable(let alter):
            let action = switch alter.action {
            case .renameTable(let to): "rename to \(to.text)"
            case .renameColumn(let from, let to): "rename \(from.text) to \(to.text)"
            case .addColumn(let column): "add \(column.name.text)"
            case .dropColumn(let column): "drop \(column.text)"
            case .missing: "?"
            }
            return "alter \(alter.table?.name.text ?? "?") \(action)"
        case .drop(let drop): return "drop \(drop.objectKind.lowercased()) \(drop.name?.name.text ?? "?")"
        case .attach(let attach): return "attach as \(attach.schemaName.map { $0.isPlaceholder ? "hole" : $0.text } ?? "?")"
        case .other: return "other \(tree.sql.text(in: statement.firstKeywordRange).lowercased())"
        }
    }
}

@Suite("SQL model: parser")
struct SQLParserTests {
    static let cases: [ParseCase] = [
        ParseCase(name: "compound select with joins", sql: "SELECT a FROM x LEFT OUTER JOIN y ON 1 NATURAL JOIN z UNION ALL SELECT b FROM w, v", expected: [
            "select(1 cols, from |LEFT OUTER JOIN|NATURAL JOIN) UNION ALL select(1 cols, from |,)",
        ]),
        ParseCase(name: "recursive CTE and VALUES", sql: "WITH RECURSIVE c(x) AS (VALUES(1) UNION SELECT x+1 FROM c) SELECT x FROM c; VALUES (1), (2)", expected: [
            "with recursive(1) select(1 cols, from )", "values(2)",
        ]),
        ParseCase(name: "DML with upsert and returning", sql: "INSERT OR REPLACE INTO t (a, b) VALUES (1, 2) ON CONFLICT (a) DO NOTHING ON CONFLICT DO UPDATE SET b = 3 RETURNING *; UPDATE t SET a = 1, (b, c) = (2, 3); DELETE FROM t WHERE a", expected: [
            "insert or replace t cols 2 upserts 2 returning 1", "update t set 2", "delete t",
        ]),
        ParseCase(name: "DDL", sql: """
            CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY AUTOINCREMENT, n VARCHAR (20) NOT NULL DEFAULT 'x', r UNSIGNED BIG INT, g AS (id * 2) STORED, CONSTRAINT fk FOREIGN KEY (r) REFERENCES u(id) ON DELETE CASCADE, UNIQUE (n, r)) STRICT, WITHOUT ROWID;
            CREATE VIEW v AS SELECT 1; CREATE UNIQUE INDEX i ON t (n DESC) WHERE n > 0;
            CREATE TRIGGER tr BEFORE DELETE ON t FOR EACH ROW WHEN old.id > 0 BEGIN SELECT RAISE(ABORT, 'no'); DELETE FROM u; END;
            ALTER TABLE t RENAME COLUMN n TO m; DROP VIEW IF EXISTS v; PRAGMA foreign_keys = ON; CREATE VIRTUAL TABLE f USING fts5(title, body, tokenize = 'porter')
            """, expected: [
            "create table t columns id:INTEGER,n:VARCHAR(20),r:UNSIGNED BIG INT,g: constraints 2 STRICT,WITHOUT ROWID",
            "create view v", "create index i on t", "create trigger tr body 2",
            "alter t rename n to m", "drop view v", "other pragma", "create table f columns  constraints 0 ",
        ]),
        ParseCase(name: "ATTACH: quoted names, comments, a hole, one still being typed", sql: "ATTACH DATABASE 'a.db' AS \"Other DB\"; attach ? /* file */ as -- name\n aux; DETACH aux; ATTACH 'b.db' AS ?; ATTACH 'c.db' AS", expected: [
            "attach as Other DB", "attach as aux", "other detach", "attach as hole", "attach as ?",
        ]),
        ParseCase(name: "statements still being typed", sql: "SELECT a, FROM t WHERE; SELECT * FROM ; INSERT INTO t (a, ; UPDATE t SET ; SELECT count(", expected: [
            "select(2 cols, from )", "select(1 cols, from )", "insert t cols 1 upserts 0 returning 0", "update t set 1", "select(1 cols, from -)",
        ]),
    ]

    @Test(arguments: cases)
    func parses(_ testCase: ParseCase) {
        let tree = SQLParser.parse(testCase.sql)
        #expect(tree.statements.map { StatementSummary.describe($0, tree) } == testCase.expected)
    }

    @Test("every statement range is exact: from its first token to its last, `;` excluded")
    func statementRanges() {
        let fixture = SQLModelFixture("⟦SELECT 1⟧;  ⟦UPDATE t SET a = 'x;y'⟧ ; -- c\n⟦DELETE FROM t⟧")
        let tree = SQLParser.parse(fixture.text)
        #expect(tree.statements.map(\.range) == fixture.ranges)
    }

    @Test("every prefix of every fixture parses and resolves without trapping, and nesting is bounded")
    func prefixesAndDepth() {
        let texts = Self.cases.map(\.sql) + SQLResolverTests.cases.map { SQLModelFixture($0.sql).text }
            + SQLHoleToleranceTests.cases.map { SQLModelFixture($0.0).text }
        for text in texts {
            let bytes = Array(text.utf8)
            for end in stride(from: 0, through: bytes.count, by: 1) {
                let tree = SQLParser.parse(TokenizedSQL(bytes: Array(bytes[0..<end])))
                _ = SQLResolver.resolve(tree, schema: modelSchema)
                for statement in tree.statements { #expect(statement.range.upperBound <= end) }
            }
        }
        let deep = "SELECT " + String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)
        let tree = SQLParser.parse(deep)
        #expect(tree.statements.count == 1)
        let deepSelect = "SELECT * FROM " + String(repeating: "(SELECT * FROM ", count: 3000) + "t" + String(repeating: ")", count: 3000)
        _ = SQLResolver.resolve(deepSelect, schema: modelSchema)
    }
}

/// A column definition as the repair reads it: where its type is written (`⟦…⟧`, the only
/// text a type change replaces) and what its constraints say.
struct ColumnDefinitionCase: Sendable, CustomTestStringConvertible {
    var definition: String
    var constraints: String
    var testDescription: String { definition }
}

@Suite("SQL model: column definitions")
struct SQLColumnDefinitionTests {
    static let cases: [ColumnDefinitionCase] = [
        ColumnDefinitionCase(definition: "a ⟦TEXT⟧", constraints: ""),
        ColumnDefinitionCase(definition: "a", constraints: ""),
        ColumnDefinitionCase(definition: "\"we\"\"ird\" ⟦VARCHAR ( 20 )⟧ COLLATE NOCASE", constraints: "collate NOCASE"),
        ColumnDefinitionCase(definition: "x ⟦UNSIGNED BIG INT⟧", constraints: ""),
        ColumnDefinitionCase(definition: "key ⟦TEXT⟧ PRIMARY KEY DESC AUTOINCREMENT", constraints: "primary-key desc autoincrement"),
        ColumnDefinitionCase(definition: "a NOT NULL DEFAULT 0", constraints: "not-null default literal"),
        ColumnDefinitionCase(definition: "c ⟦TEXT⟧ DEFAULT CURRENT_TIMESTAMP", constraints: "default current-time"),
        ColumnDefinitionCase(definition: "c ⟦INTEGER⟧ DEFAULT (1 + 1)", constraints: "default (expression)"),
        ColumnDefinitionCase(definition: "c ⟦INTEGER⟧ DEFAULT -1", constraints: "default literal"),
        ColumnDefinitionCase(definition: "c ⟦REAL⟧ CONSTRAINT u UNIQUE ON CONFLICT REPLACE", constraints: "unique"),
        ColumnDefinitionCase(definition: "c ⟦INTEGER⟧ GENERATED ALWAYS AS (a * 2) STORED", constraints: "generated stored"),
        ColumnDefinitionCase(definition: "c ⟦INTEGER⟧ AS (a * 2)", constraints: "generated"),
        ColumnDefinitionCase(definition: "p ⟦INTEGER⟧ REFERENCES parent(id) ON DELETE CASCADE", constraints: "references parent(id) ON DELETE CASCADE"),
        ColumnDefinitionCase(definition: "s ⟦DOUBLE PRECISION⟧ NULL CHECK (s > 0)", constraints: "null check"),
    ]

    static func describe(_ constraint: SQLColumnConstraint, _ tree: SQLSyntaxTree) -> String {
        switch constraint.kind {
        case .primaryKey(let descending, let autoincrement):
            return "primary-key" + (descending ? " desc" : "") + (autoincrement ? " autoincrement" : "")
        case .notNull: return "not-null"
        case .null: return "null"
        case .unique: return "unique"
        case .check: return "check"
        case .defaultValue(let value):
            let parenthesized = tree.sql.text(in: value.range.upperBound..<constraint.range.upperBound).contains(")")
            if parenthesized { return "default (expression)" }
            var literal = value
            if case .unary(_, let operand) = value.kind { literal = operand }
            switch literal.kind {
            case .literal(.currentTime): return "default current-time"
            case .literal: return "default literal"
            default: return "default expression"
            }
        case .collate(let name): return "collate \(name)"
        case .references(let key): return "references \(key.table.text)(\(key.columns.map(\.text).joined(separator: ","))) \(key.actions)"
        case .generated(_, let stored): return "generated" + (stored ? " stored" : "")
        }
    }

    @Test(arguments: cases)
    func readsTheDefinition(_ testCase: ColumnDefinitionCase) {
        let fixture = SQLModelFixture("CREATE TABLE t(\(testCase.definition), last) STRICT")
        let tree = SQLParser.parse(fixture.text)
        #expect(tree.unexpectedTokenOffsets.isEmpty)
        guard case .createTable(let create) = tree.statements.first?.kind, let column = create.columns.first else {
            Issue.record("no column read")
            return
        }
        #expect(column.typeRange.map { [$0] } ?? [] == fixture.ranges)
        // The definition runs from its name to its last constraint, nothing after.
        #expect(column.range == "CREATE TABLE t(".utf8.count..<(fixture.text.utf8.count - ", last) STRICT".utf8.count))
        #expect(column.constraints.map { Self.describe($0, tree) }.joined(separator: " ") == testCase.constraints)
        #expect(create.options == ["STRICT"])
    }
}

@Suite("SQL model: table mentions")
struct SQLTableMentionTests {
    static let cases: [(String, [String])] = [
        ("SELECT * FROM users u JOIN main.orders AS o ON o.user_id = u.id, json_each(?) j WHERE u.id IN (SELECT user_id FROM sessions)",
         ["table source users u", "table source orders o", "tableFunction source json_each j", "table source sessions"]),
        ("WITH recent AS (SELECT id FROM orders) INSERT OR REPLACE INTO log (id) SELECT id FROM recent ON CONFLICT DO UPDATE SET n = (SELECT 1 FROM t2)",
         ["table source orders", "table target log", "table source recent", "table source t2"]),
        ("UPDATE OR IGNORE users AS u SET a = 1 FROM (SELECT 1) AS s WHERE EXISTS (SELECT 1 FROM x WHERE y IN z)",
         ["table target users u", "subquery source  s", "table source x", "table source z"]),
        ("DELETE FROM sessions WHERE id = ?", ["table source sessions"]),
        ("CREATE TRIGGER tr AFTER UPDATE OF a ON users BEGIN INSERT INTO audit VALUES (new.a); END",
         ["table schemaObject users trigger", "table target audit"]),
        ("CREATE INDEX i ON users (email); ", ["table schemaObject users"]),
        ("ALTER TABLE t ADD COLUMN c", ["table schemaObject t"]),
        // One walk for every reader: a REFERENCES clause names a table as the checker's sites
        // always read it (the contents' own walker used to skip column definitions).
        ("CREATE TABLE orders (id INTEGER, user_id INTEGER REFERENCES users(id), FOREIGN KEY (id) REFERENCES items(id))",
         ["table schemaObject orders", "table schemaObject users", "table schemaObject items"]),
        ("ALTER TABLE t ADD COLUMN c REFERENCES parents(id)", ["table schemaObject t", "table schemaObject parents"]),
        ("DROP INDEX i", []),
        ("SELECT * FROM ", []),
    ]

    @Test func checksAndDefaultsAreExpressionsOfTheStatement() {
        let statement = SQLParser.parse("CREATE TABLE t (a INTEGER CHECK (a > 0) DEFAULT (1 + 2), b TEXT, CHECK (b <> a))").statements.first
        let columns = statement?.contents.expressions.compactMap { expression -> String? in
            if case .column(let reference) = expression.kind { return reference.column.text } else { return nil }
        }
        #expect(columns == ["a", "b", "a"])
        #expect(statement?.contents.expressions.count == 9)
    }

    @Test(arguments: cases)
    func mentions(_ sql: String, _ expected: [String]) {
        let statement = SQLParser.parse(sql).statements.first
        let described = statement?.tableMentions.map { mention in
            ["\(mention.kind.rawValue) \(mention.role.rawValue) \(mention.name)", mention.alias?.text, mention.isTriggerTable ? "trigger" : nil]
                .compactMap { $0 }.joined(separator: " ")
        }
        #expect(described ?? [] == expected)
    }
}

/// Embedded queries put a `?` where a hole splices text; where that text is a name or a whole
/// clause the parser reads on, so the rest of the statement keeps its meaning.
@Suite("SQL model: holes splicing names and clauses")
struct SQLHoleToleranceTests {
    static let cases: [(String, String)] = [
        ("SELECT a FROM ? WHERE b = ⌖?", "select(1 cols, from )"),
        ("SELECT ?.json FROM ? INNER JOIN ? ON ?.id = ?.id WHERE ?.body MATCH $q ? LIMIT ⌖$n", "select(1 cols, from |INNER JOIN)"),
        ("UPDATE item?s SET ?value = ?, synced = ? WHERE setting = ⌖?", "update item?s set 2"),
        ("INSERT INTO ftindex.? (?, rank) VALUES ('merge', ⌖?)", "insert ? cols 2 upserts 0 returning 0"),
        ("DELETE FROM ?Relations WHERE ? = ? AND object = ⌖??", "delete ?Relations"),
    ]

    @Test(arguments: cases)
    func readsOn(_ marked: String, _ expected: String) {
        let fixture = SQLModelFixture(marked)
        let tree = SQLParser.parse(fixture.text)
        #expect(tree.unexpectedTokenOffsets.isEmpty)
        #expect(tree.statements.map { StatementSummary.describe($0, tree) } == [expected])
        // The last value placeholder (`⌖`), after the holes, is still read as a value.
        let resolution = SQLResolver.resolve(tree, schema: .empty)
        #expect(resolution.placeholders.last?.range.lowerBound == fixture.cursor)
    }

    @Test("LIMIT offset, count: the first is the offset")
    func limitWithComma() {
        let fixture = SQLModelFixture("SELECT * FROM t LIMIT ⟦10⟧, ⟦20⟧")
        guard case .select(let select)? = SQLParser.parse(fixture.text).statements.first?.kind else { Issue.record("no select"); return }
        #expect(select.offset?.range == fixture.ranges[0])
        #expect(select.limit?.range == fixture.ranges[1])
    }
}
