import Testing
@testable import SQLHealAnalysis

/// Lexical traps: places where a naive scanner loses track of strings and finds (or misses) SQL.
struct ScannerTrapTests {
    static let cases: [ScannerCase] = [
        ScannerCase(
            name: "regex containing a backtick and quotes",
            fixture: "const re = /`[^'\"]*`/g;\ndb.all(⟦'SELECT * FROM users'⟧);",
            expected: [.init(summary: "call:all static SELECT * FROM users")]
        ),
        ScannerCase(
            name: "regex with a slash in a class, after return and typeof",
            fixture: "function f(s) { return /[/`]+/.test(s) }\nconst t = typeof /x/;\ndb.run(⟦'DELETE FROM t'⟧);",
            expected: [.init(summary: "call:run static DELETE FROM t")]
        ),
        ScannerCase(
            name: "division after ), ], names and numbers is not a regex",
            fixture: "const x = (a + b) / 2, y = arr[0] / 3 / 4, z = total / count; const w = 10 / 2 / 1;\ndb.get(⟦`SELECT * FROM t WHERE id = ?`⟧, [x / y])",
            expected: [.init(summary: "call:get static SELECT * FROM t WHERE id = ?", bound: "[x / y:unknown]")]
        ),
        ScannerCase(
            name: "regex after if (…)",
            fixture: "if (ok) /`/.test(s);\ndb.all(⟦'SELECT 1 FROM t'⟧);",
            expected: [.init(summary: "call:all static SELECT 1 FROM t")]
        ),
        ScannerCase(
            name: "closing JSX tag with text holding quotes and apostrophes",
            fixture: """
            export function Item() {
              return <div className="row">Don't "quote" me</div>;
            }
            db.all(⟦'SELECT * FROM items'⟧);
            """,
            language: .typescriptReact,
            expected: [.init(summary: "call:all static SELECT * FROM items")]
        ),
        ScannerCase(
            name: "JSX with expressions holding templates, fragments, self-closing tags",
            fixture: """
            const A = () => (
              <>
                <Header title={`It's ${name}`} />
                {items.map(i => <li key={i.id}>{i.name}'s</li>)}
                <p>Select a theme</p>
              </>
            );
            const rows = db.all(⟦`SELECT * FROM items WHERE id = ?`⟧, [id]);
            """,
            language: .javascriptReact,
            expected: [.init(summary: "call:all static SELECT * FROM items WHERE id = ?", bound: "[id:unknown]")]
        ),
        ScannerCase(
            name: "JSX in a .js file",
            fixture: "const el = <span>it's</span>;\ndb.get(⟦'SELECT 1 FROM t'⟧);",
            language: .javascript,
            expected: [.init(summary: "call:get static SELECT 1 FROM t")]
        ),
        ScannerCase(
            name: "TSX generic arrow functions are not JSX",
            fixture: "const id = <T,>(x: T): T => x;\nconst g = <T extends object>(x: T) => x;\ndb.all(⟦'SELECT * FROM g'⟧);",
            language: .typescriptReact,
            expected: [.init(summary: "call:all static SELECT * FROM g")]
        ),
        ScannerCase(
            name: "TS generics, annotations, as const, private names, numeric separators",
            fixture: """
            class Repo<T> {
              #db: Database;
              private readonly limit: number = 1_000_000;
              list(): Array<Map<string, T>> { return this.#db.all(⟦'SELECT * FROM repo LIMIT ?'⟧, [this.limit / 2]) as const; }
            }
            const half = 0x1F / 2;
            """,
            expected: [.init(summary: "call:all static SELECT * FROM repo LIMIT ?", bound: "[this.limit / 2:unknown]")]
        ),
        ScannerCase(
            name: "templates in holes in templates",
            fixture: "db.all(⟦`SELECT * FROM t WHERE a = ⟦${`${x}`}⟧ AND b = ⟦${f(`}`)}⟧`⟧);\ndb.all(⟦'SELECT 2 FROM u'⟧);",
            expected: [
                .init(summary: "call:all spliced SELECT * FROM t WHERE a = ? AND b = ?", holes: ["spliced `${x}` string", "spliced f(`}`) unknown"]),
                .init(summary: "call:all static SELECT 2 FROM u"),
            ]
        ),
        ScannerCase(
            name: "SQL in comments never counts",
            fixture: "// db.all('SELECT * FROM gone')\n/* const q = 'SELECT * FROM gone'; */\n/** sql`SELECT 1 FROM t` */\nconst x = 1;",
            expected: []
        ),
        ScannerCase(
            name: "escapes are decoded and mapped",
            fixture: #"db.all(⟦'SELECT * FROM t WHERE name = \'it\\\'s\' AND c = \u0041 AND d = \x42\n'⟧);"#,
            expected: [.init(summary: "call:all static SELECT * FROM t WHERE name = 'it\\'s' AND c = A AND d = B\n")]
        ),
        ScannerCase(
            name: "line continuation in a string",
            fixture: "db.all(⟦'SELECT * \\\nFROM ⟪t⟫'⟧);",
            expected: [.init(summary: "call:all static SELECT * FROM t", mapped: ["t"])]
        ),
        ScannerCase(
            name: "CRLF line ends",
            fixture: "const a = 1;\r\n// sqlheal-ignore\r\ndb.all(⟦`SELECT *\r\nFROM ⟪users⟫`⟧);\r\n",
            expected: [.init(summary: "call:all static SELECT *\r\nFROM users", suppression: "ignore", mapped: ["users"])]
        ),
        ScannerCase(
            name: "emoji and accents before the SQL shift byte offsets",
            fixture: "const greeting = '👋 héllo';\ndb.get(⟦`SELECT '🎉' AS party, ⟪nmae⟫ FROM users`⟧);",
            expected: [.init(summary: "call:get static SELECT '🎉' AS party, nmae FROM users", mapped: ["nmae"])]
        ),
        ScannerCase(
            name: "hashbang",
            fixture: "#!/usr/bin/env node 'SELECT * FROM nothing'\ndb.exec(⟦'VACUUM'⟧)",
            language: .javascript,
            expected: [.init(summary: "call:exec static VACUUM")]
        ),
        ScannerCase(
            name: "prose strings are not SQL",
            fixture: """
            const labels = ["Select a theme", "Delete it from the menu", "Update available", "Insert coin", "select all", "update your settings", 'end', 'Begin'];
            toast(`Deleted ${n} items from the list`);
            """,
            expected: []
        ),
        ScannerCase(
            name: "other tags are not SQL (gql, css)",
            fixture: "const q = gql`query { users { id } }`;\nconst s = css`select { color: red }`;\nconst h = html`SELECT * FROM x`;",
            expected: []
        ),
        ScannerCase(
            name: "unterminated string stops at the line end",
            fixture: "const broken = 'SELECT * FROM x\ndb.all(⟦'SELECT 1 FROM y'⟧);",
            expected: [.init(summary: "call:all static SELECT 1 FROM y")]
        ),
    ]

    @Test(arguments: cases)
    func trap(_ testCase: ScannerCase) {
        check(testCase)
    }
}
