import Foundation
import SQLHealAnalysis
import SQLHealRepair
import SQLHealSQLite
import Testing

/// The TEXT values a TEXT→INTEGER conversion meets, with what `CAST` makes of them. Only `'42'`
/// survives exactly.
let textToIntegerMatrix = """
    CREATE TABLE m(id INTEGER PRIMARY KEY, v TEXT);
    INSERT INTO m VALUES (1, '42'), (2, 'abc'), (3, ''), (4, '12abc'), (5, '3.9'), (6, '1e3'), (7, '042'),
                         (8, ' 42'), (9, '99999999999999999999'), (10, X'3432'), (11, NULL), (12, '-7');
    """

private func text(_ value: String) -> SQLiteValue { .text(value) }
private func int(_ value: Int64) -> SQLiteValue { .integer(value) }

/// The adversarial suite: each case is a schema and data set where a naive rebuild loses rows,
/// values, triggers, counters or integrity. Every case runs through the real planner and executor
/// on a file, and `RepairHarness` checks the invariants (zero rows lost, untouched values identical,
/// integrity_check and foreign_key_check clean, objects kept, dry run = executed log).
@Suite struct AdversarialRepairTests {
    static let cases: [RepairCase] = [
        RepairCase(
            name: "01 TEXT user_id to INTEGER, lossless",
            setup: """
                CREATE TABLE sessions(id INTEGER PRIMARY KEY, user_id TEXT, token TEXT NOT NULL DEFAULT '');
                INSERT INTO sessions VALUES (1, '42', 'a'), (2, '7', 'b'), (5, NULL, 'c');
                """,
            migrations: "CREATE TABLE sessions(id INTEGER PRIMARY KEY, user_id INTEGER, token TEXT NOT NULL DEFAULT '');",
            expectedApplied: ["change-column-type:sessions.user_id:INTEGER"],
            checks: [
                ("SELECT typeof(user_id), user_id FROM sessions ORDER BY id", [[text("integer"), int(42)], [text("integer"), int(7)], [text("null"), .null]]),
                ("SELECT type FROM pragma_table_info('sessions') WHERE name = 'user_id'", [[text("INTEGER")]]),
            ],
            changedColumns: ["sessions.user_id"]),
        RepairCase(
            name: "02 TEXT→INTEGER value matrix is refused by default, nothing changes",
            setup: textToIntegerMatrix,
            migrations: "CREATE TABLE m(id INTEGER PRIMARY KEY, v INTEGER);",
            expectedApplied: [],
            expectedSkipped: ["change-column-type:m.v:INTEGER"],
            checks: [("SELECT type FROM pragma_table_info('m') WHERE name = 'v'", [[text("TEXT")]])]),
        RepairCase(
            name: "03 value matrix with the null policy: exact values converted, the rest NULL",
            setup: textToIntegerMatrix,
            migrations: "CREATE TABLE m(id INTEGER PRIMARY KEY, v INTEGER);",
            policy: .null,
            expectedApplied: ["change-column-type:m.v:INTEGER"],
            checks: [("SELECT id FROM m WHERE v IS NOT NULL ORDER BY id", [[int(1)], [int(12)]]),
                     ("SELECT v FROM m WHERE id IN (1, 12) ORDER BY id", [[int(42)], [int(-7)]])],
            changedColumns: ["m.v"]),
        RepairCase(
            name: "04 value matrix with the cast policy: what CAST says",
            setup: textToIntegerMatrix,
            migrations: "CREATE TABLE m(id INTEGER PRIMARY KEY, v INTEGER);",
            policy: .cast,
            expectedApplied: ["change-column-type:m.v:INTEGER"],
            checks: [("SELECT v FROM m ORDER BY id", [[int(42)], [int(0)], [int(0)], [int(12)], [int(3)], [int(1)], [int(42)], [int(42)],
                                                      [int(Int64.max)], [int(42)], [.null], [int(-7)]])],
            changedColumns: ["m.v"]),
        RepairCase(
            name: "05 inbound ON DELETE CASCADE: children survive the parent's rebuild",
            setup: """
                CREATE TABLE users(id INTEGER PRIMARY KEY, age TEXT);
                CREATE TABLE posts(id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users(id) ON DELETE CASCADE, body TEXT);
                INSERT INTO users VALUES (1, '30'), (2, '41');
                INSERT INTO posts VALUES (1, 1, 'a'), (2, 1, 'b'), (3, 2, 'c');
                """,
            migrations: """
                CREATE TABLE users(id INTEGER PRIMARY KEY, age INTEGER);
                CREATE TABLE posts(id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users(id) ON DELETE CASCADE, body TEXT);
                """,
            expectedApplied: ["change-column-type:users.age:INTEGER"],
            postScript: "DELETE FROM users WHERE id = 2;",
            checks: [("SELECT count(*) FROM posts", [[int(2)]])],
            changedColumns: ["users.age"]),
        RepairCase(
            name: "06 inbound ON DELETE SET NULL",
            setup: """
                CREATE TABLE teams(id INTEGER PRIMARY KEY, name TEXT, size TEXT);
                CREATE TABLE players(id INTEGER PRIMARY KEY, team_id INTEGER REFERENCES teams(id) ON DELETE SET NULL);
                INSERT INTO teams VALUES (1, 'a', '5'), (2, 'b', '6');
                INSERT INTO players VALUES (1, 1), (2, 2), (3, 2);
                """,
            only: ["change-column-type:teams.size:INTEGER"],
            expectedApplied: ["change-column-type:teams.size:INTEGER"],
            checks: [("SELECT count(*) FROM players WHERE team_id IS NOT NULL", [[int(3)]])],
            changedColumns: ["teams.size"]),
        RepairCase(
            name: "07 self-referencing foreign key keeps the final table name",
            setup: """
                CREATE TABLE employees(id INTEGER PRIMARY KEY, manager_id TEXT REFERENCES employees(id) ON DELETE CASCADE, name TEXT);
                INSERT INTO employees VALUES (1, NULL, 'boss'), (2, '1', 'a'), (3, '2', 'b');
                """,
            migrations: "CREATE TABLE employees(id INTEGER PRIMARY KEY, manager_id INTEGER REFERENCES employees(id) ON DELETE CASCADE, name TEXT);",
            expectedApplied: ["change-column-type:employees.manager_id:INTEGER"],
            checks: [("SELECT \"table\" FROM pragma_foreign_key_list('employees')", [[text("employees")]]),
                     ("SELECT count(*) FROM employees WHERE manager_id IS NOT NULL", [[int(2)]])],
            changedColumns: ["employees.manager_id"]),
        RepairCase(
            name: "08 views on the table and views on views",
            setup: """
                CREATE TABLE orders(id INTEGER PRIMARY KEY, total TEXT, status TEXT);
                CREATE VIEW open_orders AS SELECT id, total FROM orders WHERE status = 'open';
                CREATE VIEW big_open_orders AS SELECT id FROM open_orders WHERE total > 100;
                INSERT INTO orders VALUES (1, '150', 'open'), (2, '20', 'open'), (3, '300', 'closed');
                """,
            only: ["change-column-type:orders.total:INTEGER"],
            expectedApplied: ["change-column-type:orders.total:INTEGER"],
            checks: [("SELECT id FROM big_open_orders", [[int(1)]])],
            changedColumns: ["orders.total"]),
        RepairCase(
            name: "09 triggers on the table are recreated after the copy and still fire",
            setup: """
                CREATE TABLE items(id INTEGER PRIMARY KEY, price TEXT);
                CREATE TABLE audit(item_id INTEGER, action TEXT);
                CREATE TRIGGER items_insert AFTER INSERT ON items BEGIN INSERT INTO audit VALUES (new.id, 'insert'); END;
                CREATE TRIGGER items_update AFTER UPDATE OF price ON items BEGIN INSERT INTO audit VALUES (new.id, 'update'); END;
                INSERT INTO items VALUES (1, '10'), (2, '20');
                """,
            only: ["change-column-type:items.price:INTEGER"],
            expectedApplied: ["change-column-type:items.price:INTEGER"],
            postScript: "INSERT INTO items VALUES (3, 30); UPDATE items SET price = 11 WHERE id = 1;",
            checks: [("SELECT item_id, action FROM audit ORDER BY rowid", [[int(1), text("insert")], [int(2), text("insert")], [int(3), text("insert")], [int(1), text("update")]])],
            changedColumns: ["items.price"]),
        RepairCase(
            name: "10 triggers on other tables that name the rebuilt table",
            setup: """
                CREATE TABLE customers(id INTEGER PRIMARY KEY, order_count TEXT);
                CREATE TABLE orders(id INTEGER PRIMARY KEY, customer_id INTEGER);
                CREATE TRIGGER orders_count AFTER INSERT ON orders BEGIN
                    UPDATE customers SET order_count = order_count + 1 WHERE id = new.customer_id;
                END;
                INSERT INTO customers VALUES (1, '0');
                """,
            only: ["change-column-type:customers.order_count:INTEGER"],
            expectedApplied: ["change-column-type:customers.order_count:INTEGER"],
            postScript: "INSERT INTO orders VALUES (1, 1); INSERT INTO orders VALUES (2, 1);",
            checks: [("SELECT order_count, typeof(order_count) FROM customers", [[int(2), text("integer")]])],
            changedColumns: ["customers.order_count"]),
        RepairCase(
            name: "11 INSTEAD OF trigger on a view over the table",
            setup: """
                CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT, pinned TEXT);
                CREATE VIEW pinned_notes AS SELECT id, body FROM notes WHERE pinned = 1;
                CREATE TRIGGER pin INSTEAD OF INSERT ON pinned_notes BEGIN INSERT INTO notes VALUES (new.id, new.body, 1); END;
                INSERT INTO notes VALUES (1, 'a', '1'), (2, 'b', '0');
                """,
            only: ["change-column-type:notes.pinned:INTEGER"],
            expectedApplied: ["change-column-type:notes.pinned:INTEGER"],
            postScript: "INSERT INTO pinned_notes VALUES (3, 'c');",
            checks: [("SELECT id FROM pinned_notes ORDER BY id", [[int(1)], [int(3)]])],
            changedColumns: ["notes.pinned"]),
        RepairCase(
            name: "12 partial, expression, DESC, COLLATE and unique indexes",
            setup: """
                CREATE TABLE accounts(id INTEGER PRIMARY KEY, email TEXT, score TEXT, deleted INTEGER DEFAULT 0);
                CREATE UNIQUE INDEX accounts_email ON accounts(email COLLATE NOCASE);
                CREATE INDEX accounts_live ON accounts(id) WHERE deleted = 0;
                CREATE INDEX accounts_lower ON accounts(lower(email));
                CREATE INDEX accounts_score_desc ON accounts(score DESC);
                INSERT INTO accounts VALUES (1, 'A@x', '10', 0), (2, 'b@x', '5', 1);
                """,
            only: ["change-column-type:accounts.score:INTEGER"],
            expectedApplied: ["change-column-type:accounts.score:INTEGER"],
            checks: [("SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name", [
                [text("accounts_email"), text("CREATE UNIQUE INDEX accounts_email ON accounts(email COLLATE NOCASE)")],
                [text("accounts_live"), text("CREATE INDEX accounts_live ON accounts(id) WHERE deleted = 0")],
                [text("accounts_lower"), text("CREATE INDEX accounts_lower ON accounts(lower(email))")],
                [text("accounts_score_desc"), text("CREATE INDEX accounts_score_desc ON accounts(score DESC)")],
            ])],
            changedColumns: ["accounts.score"]),
        RepairCase(
            name: "13 rowid gaps in a table without INTEGER PRIMARY KEY keep their rowids",
            setup: """
                CREATE TABLE events(kind TEXT, at TEXT, weight TEXT);
                INSERT INTO events(rowid, kind, at, weight) VALUES (3, 'a', 't1', '1'), (10, 'b', 't2', '2'), (11, 'c', 't3', '3'), (400, 'd', 't4', '4');
                DELETE FROM events WHERE rowid = 11;
                """,
            only: ["change-column-type:events.weight:REAL"],
            expectedApplied: ["change-column-type:events.weight:REAL"],
            checks: [("SELECT rowid, weight FROM events ORDER BY rowid", [[int(3), .real(1)], [int(10), .real(2)], [int(400), .real(4)]])],
            changedColumns: ["events.weight"]),
        RepairCase(
            name: "14 WITHOUT ROWID table",
            setup: """
                CREATE TABLE kv(k TEXT PRIMARY KEY, v TEXT, n TEXT) WITHOUT ROWID;
                INSERT INTO kv VALUES ('a', 'x', '1'), ('b', 'y', '2');
                """,
            only: ["change-column-type:kv.n:INTEGER"],
            expectedApplied: ["change-column-type:kv.n:INTEGER"],
            checks: [("SELECT wr FROM pragma_table_list WHERE name = 'kv'", [[int(1)]]), ("SELECT sum(n) FROM kv", [[int(3)]])],
            changedColumns: ["kv.n"]),
        RepairCase(
            name: "15 STRICT table with ANY keeps mixed values",
            setup: """
                CREATE TABLE facts(id INTEGER PRIMARY KEY, anything ANY, n TEXT) STRICT;
                INSERT INTO facts VALUES (1, 1, '1'), (2, 'one', '2'), (3, 1.5, '3'), (4, X'01', NULL);
                """,
            only: ["change-column-type:facts.n:INTEGER"],
            expectedApplied: ["change-column-type:facts.n:INTEGER"],
            checks: [("SELECT typeof(anything) FROM facts ORDER BY id", [[text("integer")], [text("text")], [text("real")], [text("blob")]]),
                     ("SELECT strict FROM pragma_table_list WHERE name = 'facts'", [[int(1)]])],
            changedColumns: ["facts.n"]),
        RepairCase(
            name: "16 generated columns, virtual and stored, are recomputed not copied",
            setup: """
                CREATE TABLE lines(id INTEGER PRIMARY KEY, name TEXT, price TEXT, qty INTEGER,
                    total REAL GENERATED ALWAYS AS (price * qty) STORED, label TEXT AS (upper(name)) VIRTUAL);
                INSERT INTO lines(id, name, price, qty) VALUES (1, 'pen', '1.5', 2), (2, 'ink', '3', 1);
                """,
            only: ["change-column-type:lines.price:REAL"],
            expectedApplied: ["change-column-type:lines.price:REAL"],
            checks: [("SELECT total, label FROM lines ORDER BY id", [[.real(3), text("PEN")], [.real(3), text("INK")]])],
            changedColumns: ["lines.price"]),
        RepairCase(
            name: "17 AUTOINCREMENT counter after deleting the max id never goes backwards",
            setup: """
                CREATE TABLE tickets(id INTEGER PRIMARY KEY AUTOINCREMENT, priority TEXT);
                INSERT INTO tickets(priority) VALUES ('1'), ('2'), ('3');
                DELETE FROM tickets WHERE id = 3;
                """,
            only: ["change-column-type:tickets.priority:INTEGER"],
            expectedApplied: ["change-column-type:tickets.priority:INTEGER"],
            postScript: "INSERT INTO tickets(priority) VALUES (9);",
            checks: [("SELECT max(id) FROM tickets", [[int(4)]]), ("SELECT seq FROM sqlite_sequence WHERE name = 'tickets'", [[int(4)]])],
            changedColumns: ["tickets.priority"]),
        RepairCase(
            name: "18 every kind of default survives",
            setup: """
                CREATE TABLE defaults(id INTEGER PRIMARY KEY, a INTEGER DEFAULT 0, b INTEGER DEFAULT -1, c TEXT DEFAULT 'x''y',
                    d TEXT DEFAULT NULL, e TEXT DEFAULT CURRENT_TIMESTAMP, f INTEGER DEFAULT (1 + 2), g BLOB DEFAULT X'00',
                    h INTEGER DEFAULT TRUE, i REAL DEFAULT 1.5, j TEXT DEFAULT "quoted", k TEXT);
                INSERT INTO defaults(id, k) VALUES (1, '5');
                """,
            only: ["change-column-type:defaults.k:INTEGER"],
            expectedApplied: ["change-column-type:defaults.k:INTEGER"],
            postScript: "INSERT INTO defaults(id) VALUES (2);",
            checks: [("SELECT a, b, c, d, typeof(e), f, g, h, i, j FROM defaults WHERE id = 2",
                      [[int(0), int(-1), text("x'y"), .null, text("text"), int(3), .blob([0]), int(1), .real(1.5), text("quoted")]]),
                     ("SELECT group_concat(dflt_value, '|') FROM pragma_table_info('defaults')",
                      [[text("0|-1|'x''y'|NULL|CURRENT_TIMESTAMP|1 + 2|X'00'|TRUE|1.5|\"quoted\"")]])],
            changedColumns: ["defaults.k"]),
        RepairCase(
            name: "19 CHECK constraints, one ending in a -- comment",
            setup: """
                CREATE TABLE stock(id INTEGER PRIMARY KEY, qty TEXT, sku TEXT CHECK (length(sku) > 0),
                    CHECK (qty >= 0) -- never negative
                );
                INSERT INTO stock VALUES (1, '5', 'a'), (2, '0', 'b');
                """,
            only: ["change-column-type:stock.qty:INTEGER"],
            expectedApplied: ["change-column-type:stock.qty:INTEGER"],
            checks: [("SELECT sql LIKE '%CHECK (qty >= 0) -- never negative%' AND sql LIKE '%length(sku) > 0%' FROM sqlite_schema WHERE name = 'stock'", [[int(1)]])],
            changedColumns: ["stock.qty"]),
        RepairCase(
            name: "20 keyword and quoted identifiers",
            setup: """
                CREATE TABLE "order"("group" TEXT, "select col" TEXT, [from] INTEGER, `where` TEXT, "we""ird" TEXT);
                INSERT INTO "order" VALUES ('1', 'a', 1, 'w', 'q'), ('2', 'b', 2, 'x', 'r');
                CREATE VIEW "view of order" AS SELECT "group", "we""ird" FROM "order";
                """,
            only: ["change-column-type:order.group:INTEGER"],
            expectedApplied: ["change-column-type:order.group:INTEGER"],
            checks: [("SELECT sum(\"group\"), group_concat(\"we\"\"ird\") FROM \"view of order\"", [[int(3), text("q,r")]])],
            changedColumns: ["order.group"]),
        RepairCase(
            name: "21 an existing table named like the temporary one is left alone",
            setup: """
                CREATE TABLE t(id INTEGER PRIMARY KEY, n TEXT);
                CREATE TABLE sqlheal_new_t(keep TEXT);
                INSERT INTO t VALUES (1, '1');
                INSERT INTO sqlheal_new_t VALUES ('precious');
                """,
            only: ["change-column-type:t.n:INTEGER"],
            expectedApplied: ["change-column-type:t.n:INTEGER"],
            checks: [("SELECT keep FROM sqlheal_new_t", [[text("precious")]])],
            changedColumns: ["t.n"]),
        RepairCase(
            name: "22 WAL mode with a live -wal holding unmerged pages",
            setup: """
                PRAGMA wal_autocheckpoint = 0;
                CREATE TABLE w(id INTEGER PRIMARY KEY, n TEXT);
                INSERT INTO w VALUES (1, '1'), (2, '2');
                INSERT INTO w SELECT id + 2, n FROM w;
                """,
            only: ["change-column-type:w.n:INTEGER"],
            journalMode: "wal",
            expectedApplied: ["change-column-type:w.n:INTEGER"],
            checks: [("SELECT count(*), sum(n) FROM w", [[int(4), int(6)]])],
            changedColumns: ["w.n"]),
        RepairCase(
            name: "23 add a nullable column the migrations declare (ALTER TABLE ADD COLUMN)",
            setup: "CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users VALUES (1, 'a');",
            migrations: "CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT, email TEXT);",
            expectedApplied: ["add-column:users.email"],
            checks: [("SELECT sql FROM sqlite_schema WHERE name = 'users'", [[text("CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT, email TEXT)")]])]),
        RepairCase(
            name: "24 NOT NULL column with a constant default on a non-empty table",
            setup: "CREATE TABLE users(id INTEGER PRIMARY KEY); INSERT INTO users VALUES (1), (2);",
            migrations: "CREATE TABLE users(id INTEGER PRIMARY KEY, role TEXT NOT NULL DEFAULT 'member');",
            expectedApplied: ["add-column:users.role"],
            checks: [("SELECT role FROM users ORDER BY id", [[text("member")], [text("member")]])]),
        RepairCase(
            name: "25 non-constant default needs the rebuild",
            setup: "CREATE TABLE posts(id INTEGER PRIMARY KEY, body TEXT); INSERT INTO posts VALUES (1, 'x'), (7, 'y');",
            migrations: "CREATE TABLE posts(id INTEGER PRIMARY KEY, body TEXT, created_at TEXT DEFAULT CURRENT_TIMESTAMP);",
            expectedApplied: ["add-column:posts.created_at"],
            checks: [("SELECT count(*) FROM posts WHERE created_at IS NOT NULL", [[int(2)]])]),
        RepairCase(
            name: "26 UNIQUE column needs the rebuild",
            setup: "CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users VALUES (1, 'a'), (2, 'b');",
            migrations: "CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT, handle TEXT UNIQUE);",
            expectedApplied: ["add-column:users.handle"],
            checks: [("SELECT count(*) FROM pragma_index_list('users') WHERE \"unique\" = 1", [[int(1)]])]),
        RepairCase(
            name: "27 NOT NULL without default on a non-empty table is refused",
            setup: "CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users VALUES (1, 'a');",
            migrations: "CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT, email TEXT NOT NULL, nick TEXT);",
            expectedApplied: ["add-column:users.nick"],
            expectedSkipped: ["add-column:users.email"]),
        RepairCase(
            name: "28 create a table from the migration verbatim, with its index",
            setup: "CREATE TABLE users(id INTEGER PRIMARY KEY);",
            migrations: """
                CREATE TABLE users(id INTEGER PRIMARY KEY);
                CREATE TABLE sessions(
                    id INTEGER PRIMARY KEY,
                    user_id INTEGER NOT NULL REFERENCES users(id), -- owner
                    expires_at TEXT
                );
                CREATE INDEX sessions_user ON sessions(user_id);
                """,
            expectedApplied: ["create-table:sessions"],
            checks: [("SELECT count(*) FROM sqlite_schema WHERE name IN ('sessions', 'sessions_user')", [[int(2)]]),
                     ("SELECT sql LIKE '%-- owner%' FROM sqlite_schema WHERE name = 'sessions'", [[int(1)]])]),
        RepairCase(
            name: "29 create a table inferred from the code's uses",
            setup: "CREATE TABLE users(id INTEGER PRIMARY KEY);",
            usage: [TableUsage(name: "audit_log", useCount: 3, columns: [
                ColumnUsage(name: "user_id", useCount: 2), ColumnUsage(name: "created_at", useCount: 1),
                ColumnUsage(name: "amount", useCount: 1, typeEvidence: [TypeEvidence(type: "REAL", strength: .value)]),
                ColumnUsage(name: "note", useCount: 1),
            ])],
            expectedApplied: ["create-table:audit_log"],
            checks: [("SELECT sql FROM sqlite_schema WHERE name = 'audit_log'",
                      [[text("CREATE TABLE \"audit_log\" (\"user_id\" INTEGER, \"created_at\" TEXT, \"amount\" REAL, \"note\")")]])]),
        RepairCase(
            name: "30 a type change that would collide in a UNIQUE index is refused under any policy",
            setup: "CREATE TABLE codes(id INTEGER PRIMARY KEY, code UNIQUE); INSERT INTO codes VALUES (1, 1), (2, '1'), (3, 2);",
            only: ["change-column-type:codes.code:INTEGER"],
            policy: .cast,
            expectedApplied: [],
            expectedSkipped: ["change-column-type:codes.code:INTEGER"]),
        RepairCase(
            name: "31 a column named rowid: the real rowid is copied through _rowid_",
            setup: """
                CREATE TABLE odd(rowid TEXT, v TEXT);
                INSERT INTO odd(_rowid_, rowid, v) VALUES (5, 'r5', '1'), (9, 'r9', '2');
                """,
            only: ["change-column-type:odd.v:INTEGER"],
            expectedApplied: ["change-column-type:odd.v:INTEGER"],
            checks: [("SELECT _rowid_, rowid, v FROM odd ORDER BY _rowid_", [[int(5), text("r5"), int(1)], [int(9), text("r9"), int(2)]])],
            changedColumns: ["odd.v"]),
        RepairCase(
            name: "32 a TEXT primary key becoming INTEGER PRIMARY KEY (a rowid alias)",
            setup: """
                CREATE TABLE tags(id TEXT PRIMARY KEY, name TEXT);
                CREATE TABLE tagged(tag_id TEXT REFERENCES tags(id), item INTEGER);
                INSERT INTO tags VALUES ('1', 'a'), ('20', 'b');
                INSERT INTO tagged VALUES ('1', 1), ('20', 2);
                """,
            only: ["change-column-type:tags.id:INTEGER"],
            expectedApplied: ["change-column-type:tags.id:INTEGER"],
            checks: [("SELECT rowid, id FROM tags ORDER BY id", [[int(1), int(1)], [int(20), int(20)]])],
            changedColumns: ["tags.id", "tags.rowid"]),
        RepairCase(
            name: "33 two changes to one table: a column added by rebuild, then a type changed",
            setup: "CREATE TABLE p(id INTEGER PRIMARY KEY, n TEXT); INSERT INTO p VALUES (1, '1'), (2, '2');",
            migrations: "CREATE TABLE p(id INTEGER PRIMARY KEY, n INTEGER, created_at TEXT DEFAULT CURRENT_TIMESTAMP);",
            expectedApplied: ["add-column:p.created_at", "change-column-type:p.n:INTEGER"],
            checks: [("SELECT sum(n), count(created_at) FROM p", [[int(3), int(2)]])],
            changedColumns: ["p.n"]),
        RepairCase(
            name: "34 an FTS5 table and its shadow tables stay untouched",
            setup: """
                CREATE VIRTUAL TABLE docs USING fts5(title, body);
                INSERT INTO docs VALUES ('a', 'hello world'), ('b', 'bye');
                CREATE TABLE meta(id INTEGER PRIMARY KEY, n TEXT);
                INSERT INTO meta VALUES (1, '1');
                """,
            only: ["change-column-type:meta.n:INTEGER"],
            expectedApplied: ["change-column-type:meta.n:INTEGER"],
            checks: [("SELECT title FROM docs WHERE docs MATCH 'hello'", [[text("a")]])],
            changedColumns: ["meta.n"]),
        RepairCase(
            name: "35 existing foreign key violations do not block, only new ones would",
            setup: """
                CREATE TABLE parent(id INTEGER PRIMARY KEY, v TEXT);
                CREATE TABLE child(id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id));
                INSERT INTO parent VALUES (1, '1');
                INSERT INTO child VALUES (1, 1), (2, 99);
                """,
            only: ["change-column-type:parent.v:INTEGER"],
            expectedApplied: ["change-column-type:parent.v:INTEGER"],
            checks: [("SELECT count(*) FROM pragma_foreign_key_check", [[int(1)]])],
            changedColumns: ["parent.v"]),
        RepairCase(
            name: "36 adding a STORED generated column needs the rebuild; a VIRTUAL one does not",
            setup: "CREATE TABLE sales(id INTEGER PRIMARY KEY, qty INTEGER, price REAL); INSERT INTO sales VALUES (1, 2, 1.5), (4, 3, 2.0);",
            migrations: "CREATE TABLE sales(id INTEGER PRIMARY KEY, qty INTEGER, price REAL, total REAL GENERATED ALWAYS AS (qty * price) STORED, doubled INTEGER AS (qty * 2));",
            expectedApplied: ["add-column:sales.total", "add-column:sales.doubled"],
            checks: [("SELECT total, doubled FROM sales ORDER BY id", [[.real(3), int(4)], [.real(6), int(6)]]),
                     ("SELECT name, hidden FROM pragma_table_xinfo('sales') WHERE hidden > 0 ORDER BY cid", [[text("total"), int(3)], [text("doubled"), int(2)]])]),
    ]

    @Test(arguments: cases)
    func repairKeepsEveryRow(_ testCase: RepairCase) throws {
        try RepairHarness().run(testCase)
    }
}
