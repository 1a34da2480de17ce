import Testing
@testable import SQLHealAnalysis

@Suite("SQL editing: rename")
struct SQLRenameTests {
    @Test(arguments: [
        // (fixture: ⌖ the cursor, ⟦…⟧ the name's range; expected: "NAME" renamable, "local" for a
        // statement-local name whose occurrences are the ⟦…⟧ ranges, or the refusal's start)
        ("db.all(`SELECT u.em⌖ail FROM users u`)", "email"),
        ("const C = () => <p>{db.get(`SELECT id FROM ⟦us⌖ers⟧`)}</p>", "users"),
        ("db.all(`SELECT \"em⌖ail\" FROM users`)", "email"),
        ("db.all(`WITH ⟦t⟧ AS (SELECT 1 AS x) SELECT x FROM ⟦t⌖⟧`)", "local"),
        ("db.all(`SELECT ⟦u⟧.id FROM users ⟦u⌖⟧ WHERE ⟦u⟧.age > 1`)", "local"),
        ("db.all(`SELECT cou⌖nt(*) FROM users`)", "`count` is a SQLite function"),
        ("db.all(`SELECT nos⌖uch FROM users`)", "`nosuch` is not in the schema"),
        ("db.all(`SELECT id FR⌖OM users`)", "there is no table"),
        ("db.all(`SELECT id FROM ${TAB⌖LE}`)", "there is no table"),
    ] as [(String, String)])
    func target(_ text: String, _ expected: String) {
        let fixture = SQLModelFixture(text)
        guard let context = editingContext(fixture, .code(.typescriptReact)) else {
            #expect(expected == "none", "no SQL at the cursor")
            return
        }
        switch SQLRename.target(at: context) {
        case .success(let target):
            if expected == "local" {
                #expect(target.localRanges == fixture.ranges)
            } else {
                #expect(target.name == expected)
                if let range = fixture.ranges.first { #expect(target.range == range) }
            }
        case .failure(let refusal):
            #expect(refusal.description.hasPrefix(expected), "\(refusal)")
        }
    }

    @Test func newNamesAreChecked() throws {
        let context = try #require(editingContext(SQLModelFixture("db.all(`SELECT em⌖ail FROM users`)"), .code(.typescript)))
        let target = try SQLRename.target(at: context).get()
        #expect(SQLRename.problem(with: "mail", for: target, schema: modelSchema) == nil)
        #expect(SQLRename.problem(with: "Email", for: target, schema: modelSchema) == nil, "a change of case only")
        #expect(SQLRename.problem(with: "name", for: target, schema: modelSchema)?.description == "table `users` already has a column named `name`")
        #expect(SQLRename.problem(with: "email", for: target, schema: modelSchema) != nil)
        #expect(SQLRename.problem(with: "", for: target, schema: modelSchema) != nil)
    }

    @Test func occurrencesKeepTheirQuotingAndNewNamesAreQuotedWhenNeeded() {
        #expect(SQLRename.replacement(forOccurrence: "email", newName: "mail") == "mail")
        #expect(SQLRename.replacement(forOccurrence: "\"email\"", newName: "mail") == "\"mail\"")
        #expect(SQLRename.replacement(forOccurrence: "`email`", newName: "mail") == "`mail`")
        #expect(SQLRename.replacement(forOccurrence: "[email]", newName: "mail") == "[mail]")
        #expect(SQLRename.replacement(forOccurrence: "email", newName: "e mail") == "\"e mail\"")
        #expect(SQLRename.replacement(forOccurrence: "email", newName: "order") == "\"order\"", "a keyword")
        #expect(SQLRename.replacement(forOccurrence: "\"email\"", newName: "say \"hi\"") == "\"say \"\"hi\"\"\"")
    }

    @Test func theMigrationRenamesWhatTheSchemaDeclares() throws {
        let column = try SQLRename.target(at: #require(editingContext(SQLModelFixture("db.all(`SELECT em⌖ail FROM users`)"), .code(.typescript)))).get()
        #expect(SQLRename.migrationStatement(renaming: column, to: "e-mail", schema: modelSchema) == "ALTER TABLE users RENAME COLUMN email TO \"e-mail\";")
        let table = try SQLRename.target(at: #require(editingContext(SQLModelFixture("db.all(`SELECT email FROM us⌖ers`)"), .code(.typescript)))).get()
        #expect(SQLRename.migrationStatement(renaming: table, to: "members", schema: modelSchema) == "ALTER TABLE users RENAME TO members;")
    }

    @Test func usesAnExpressionSuppliesAreTold() {
        // `${TABLE}`, imported, holds the table's name: the column beside it is rewritable, the
        // table is not (its text is in the other file). A constant of the same file is rewritten
        // where it is written.
        let text = "import { TABLE } from './tables';\ndb.all(`SELECT email FROM ${TABLE}`);\n"
        let bytes = Array(text.utf8)
        let scan = JavaScriptScanner.scan(bytes, language: .typescript)
        let queries = QueryExtractor.extract(from: bytes, scan: scan, configuration: .default, context: ModuleContext(constants: ["TABLE": .text("users")])).queries
        let table = SQLNavigation.codeReferences(to: .table("users"), inQueries: queries, schema: modelSchema, includeDeclarations: true)
        #expect(table.rewritable.isEmpty)
        #expect(table.fromExpressions.count == 1)
        let column = SQLNavigation.codeReferences(to: .column(table: "users", column: "email"), inQueries: queries, schema: modelSchema, includeDeclarations: true)
        #expect(column.rewritable.count == 1 && column.fromExpressions.isEmpty)

        let local = "const TABLE = 'users';\ndb.all(`SELECT email FROM ${TABLE}`);\n"
        let localQueries = QueryExtractor.extractQueries(from: Array(local.utf8), language: .typescript, configuration: .default)
        let inConstant = SQLNavigation.codeReferences(to: .table("users"), inQueries: localQueries, schema: modelSchema, includeDeclarations: true)
        #expect(inConstant.rewritable.map(\.range) == [15..<20] && inConstant.fromExpressions.isEmpty)
    }
}
