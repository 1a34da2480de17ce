import Testing
@testable import SQLHealAnalysis

@Suite("SQL editing: definition, highlight, semantic tokens, document symbols")
struct SQLNavigationTests {
    @Test(arguments: [
        // (fixture, expected definition: "schema PATH:LINE NAME" or the ⟦…⟧ range in the same document)
        ("db.all(`SELECT u.email FROM us⌖ers u`)", "schema migrations/001_init.sql:1 users"),
        ("db.all(`SELECT u.em⌖ail FROM users u`)", "schema migrations/001_init.sql:3 email"),
        ("db.all(`WITH ⟦t⟧ AS (SELECT 1 AS x) SELECT x FROM t⌖`)", "same"),
        ("const C = () => <p>{db.get(`SELECT o⌖.total FROM orders ⟦o⟧`)}</p>", "same"),
        ("db.all(`SELECT count(*) AS ⟦n⟧ FROM users ORDER BY n⌖`)", "same"),
        ("db.all(`SELECT cou⌖nt(*) FROM users`)", "none"),
    ])
    func definition(_ text: String, _ expected: String) {
        let fixture = SQLModelFixture(text)
        let context = editingContext(fixture, .code(.typescriptReact))
        let definition = context.flatMap(SQLNavigation.definition)
        switch definition {
        case .schema(let location, let name)?: #expect("schema \(location) \(name)" == expected)
        case .sameDocument(let range)?: #expect(expected == "same" && [range] == fixture.ranges)
        case .database(let table, let name)?: #expect("database \(table) \(name)" == expected)
        case nil: #expect(expected == "none")
        }
    }

    @Test func aTableOnlyTheDatabaseDeclaresHasItsSchemaDocument() throws {
        // Read from a database: no file declares it, so definition goes to its schema document.
        let declared = CheckerFixtures.schema("CREATE TABLE audit_log (id INTEGER PRIMARY KEY, at INTEGER);\nCREATE INDEX audit_by_time ON audit_log (at);")
        let schema = SchemaSnapshot(tables: declared.tables.map { table in
            var read = table
            read.declaredAt = nil
            read.columns = table.columns.map { column in
                var read = column
                read.declaredAt = nil
                return read
            }
            return read
        }, ddl: declared.ddl, fingerprint: "database")
        let text = "db.all(`SELECT at FROM audit_l⌖og`)"
        let fixture = SQLModelFixture(text)
        let queries = QueryExtractor.extractQueries(from: Array(fixture.text.utf8), language: .typescript, configuration: .default)
        let cursor = try #require(fixture.cursor)
        let context = try #require(SQLEditingContext.inCode(at: cursor, queries: queries, schema: schema))
        #expect(SQLNavigation.definition(context) == .database(table: "audit_log", name: "audit_log"))
        let document = try #require(SchemaObjectDocument.text(of: "AUDIT_LOG", schema: schema, databaseName: "app.db"))
        #expect(document.contains("CREATE TABLE audit_log (id INTEGER PRIMARY KEY, at INTEGER);\nCREATE INDEX audit_by_time ON audit_log (at);"))
        #expect(document.hasPrefix("-- audit_log: declared by the database app.db"))
        let range = try #require(SchemaObjectDocument.rangeOfName("at", in: document))
        #expect(String(decoding: Array(document.utf8)[range], as: UTF8.self) == "at")
        #expect(SchemaObjectDocument.text(of: "nosuch", schema: schema, databaseName: nil) == nil)
        // A hover on it says how many rows it has when the caller knows.
        #expect(SQLHover.at(context, rowCount: { $0 == "audit_log" ? "Rows: 3 in app.db" : nil })?.markdown.hasSuffix("\n\nRows: 3 in app.db") == true)
        #expect(SQLHover.at(context)?.markdown.contains("Rows:") == false)
    }

    @Test("highlight: every use of the name in the statement, declarations marked")
    func highlight() throws {
        let fixture = SQLModelFixture("db.all(`SELECT ⟦u⟧.id, ⟦u⟧.email FROM users ⟦u⟧ WHERE ⟦u⌖⟧.age > 1`); db.all(`SELECT u.id FROM users u`)")
        let context = try #require(editingContext(fixture, .code(.typescript)))
        let highlights = SQLNavigation.highlights(context)
        #expect(highlights.map(\.range) == fixture.ranges)
        #expect(highlights.map(\.isDeclaration) == [false, false, true, false])
    }

    @Test("semantic tokens: keywords, tables, columns, parameters, functions; holes left to JavaScript")
    func semanticTokens() {
        let fixture = SQLModelFixture("const A = () => <b>{db.get(`⟦SELECT⟧ ⟦upper⟧(⟦name⟧) ⟦FROM⟧ ⟦users⟧ ⟦WHERE⟧ ⟦id⟧ = ⟦?⟧ ⟦AND⟧ ⟦age⟧ > ${min}`, [id])}</b>")
        let bytes = Array(fixture.text.utf8)
        let queries = QueryExtractor.extractQueries(from: bytes, language: .javascriptReact, configuration: .default)
        let tokens = SQLSemanticToken.tokens(inQueries: queries, schema: modelSchema)
        #expect(tokens.map(\.range) == fixture.ranges)
        #expect(tokens.map { "\($0.kind)" } == ["keyword", "function", "column", "keyword", "table", "keyword", "column", "parameter", "keyword", "column"])
    }

    @Test("document symbols of a migration file")
    func documentSymbols() {
        let sql = """
            CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);
            CREATE INDEX notes_body ON notes (body);
            ALTER TABLE notes ADD COLUMN pinned INTEGER;
            CREATE VIEW pinned_notes AS SELECT * FROM notes WHERE pinned;
            CREATE TRIGGER notes_touch AFTER UPDATE ON notes BEGIN SELECT 1; END;
            """
        let symbols = SQLDocumentSymbol.symbols(inSQLFile: Array(sql.utf8))
        #expect(symbols.map { "\($0.kind) \($0.name) [\($0.children.map(\.name).joined(separator: ","))]" } == [
            "table notes [id,body]", "index notes_body []", "column notes.pinned []", "view pinned_notes []", "trigger notes_touch []",
        ])
    }
}

@Suite("SQL editing: references across documents")
struct SQLReferencesTests {
    @Test("a column's uses in every query of a code document, through aliases, CTEs and a const")
    func columnReferencesInCode() throws {
        let fixture = SQLModelFixture("""
            const Q = 'SELECT ⟦age⟧ FROM users';
            db.all(Q); db.get(Q);
            db.all(`SELECT u.⟦ag⌖e⟧, o.total FROM users u JOIN orders o ON o.user_id = u.id WHERE u.⟦age⟧ > ?`);
            db.all(`WITH t AS (SELECT ⟦age⟧ AS a FROM users) SELECT a FROM t`);
            db.all(`SELECT age FROM tags`);
            """)
        let context = try #require(editingContext(fixture, .code(.typescript)))
        let symbol = try #require(SQLNavigation.reference(at: context)?.symbol)
        #expect(SQLNavigation.isProjectWide(symbol))
        let queries = QueryExtractor.extractQueries(from: Array(fixture.text.utf8), language: .typescript, configuration: .default)
        let found = SQLNavigation.references(to: symbol, inQueries: queries, schema: modelSchema, includeDeclarations: true)
        #expect(found.map(\.range) == fixture.ranges)
    }

    @Test("a table's declaration and uses in a migration file")
    func tableReferencesInSQLFile() {
        let fixture = SQLModelFixture("CREATE TABLE ⟦notes⟧ (id INTEGER); CREATE INDEX n ON ⟦notes⟧ (id); ALTER TABLE ⟦notes⟧ ADD COLUMN body TEXT;")
        let all = SQLNavigation.references(to: .table("notes"), inSQLFile: Array(fixture.text.utf8), schema: modelSchema, includeDeclarations: true)
        #expect(all.map(\.range) == fixture.ranges)
        #expect(all.map(\.isDeclaration) == [true, false, false])
        let uses = SQLNavigation.references(to: .table("notes"), inSQLFile: Array(fixture.text.utf8), schema: modelSchema, includeDeclarations: false)
        #expect(uses.map(\.range) == Array(fixture.ranges.dropFirst()))
    }
}
