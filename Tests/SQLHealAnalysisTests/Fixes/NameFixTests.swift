import Testing
@testable import SQLHealAnalysis

/// `missing-table` / `missing-column`: "did you mean" replacements and the repair steps that
/// create what the migrations declare.
@Test func aSingleCloseSuggestionIsPreferred() throws {
    let fixture = FixFixture("db.get('SELECT emial FROM users WHERE id = ?', [id]);")
    let finding = Finding(code: .missingColumn, severity: .error, range: fixture.range(of: "emial"), message: "no such column: emial",
                          fixHints: [.replaceName(suggestions: ["email"]), .missingColumn(table: "users", column: "emial")])
    #expect(applyingFix(titled: "Replace 'emial' with 'email'", for: finding, in: fixture, queries: [])
        == "db.get('SELECT email FROM users WHERE id = ?', [id]);")
    let fixes = CodeFixProvider().fixes(for: finding, in: CodeFixContext(text: fixture.bytes, queries: [], findings: [finding], schema: FixSchemas.context))
    let first = try #require(fixes.first)
    #expect(first.isPreferred && !first.isSafeForFixAll)
    // The migrations do not declare `emial`: no repair step.
    #expect(fixes.count == 1)
}

@Test func severalSuggestionsAreOfferedWithoutPreference() {
    let fixture = FixFixture("db.get('SELECT \"nam\" FROM users');")
    let finding = Finding(code: .missingColumn, severity: .error, range: fixture.range(of: "\"nam\""), message: "no such column: nam",
                          fixHints: [.replaceName(suggestions: ["name", "nick", "nam_e", "extra"])])
    let fixes = CodeFixProvider().fixes(for: finding, in: CodeFixContext(text: fixture.bytes, queries: [], findings: [finding], schema: .empty))
    #expect(fixes.map(\.title) == ["Replace 'nam' with 'name'", "Replace 'nam' with 'nick'", "Replace 'nam' with 'nam_e'"])
    #expect(fixes.allSatisfy { !$0.isPreferred })
    #expect(applyingFix(titled: "Replace 'nam' with 'nick'", for: finding, in: fixture, queries: []) == "db.get('SELECT \"nick\" FROM users');")
}

@Test func aNameThatNeedsQuotingIsBracketed() {
    let fixture = FixFixture("db.all(`SELECT * FROM order_items`);")
    let finding = Finding(code: .missingTable, severity: .error, range: fixture.range(of: "order_items"), message: "no such table",
                          fixHints: [.replaceName(suggestions: ["order items"])])
    #expect(applyingFix(titled: "Replace 'order_items' with 'order items'", for: finding, in: fixture, queries: []) == "db.all(`SELECT * FROM [order items]`);")
}

@Test func aMissingTableDeclaredByAMigrationCanBeCreated() throws {
    let fixture = FixFixture("db.run('INSERT INTO audit_log (id) VALUES (?)', [1]);")
    let finding = Finding(code: .missingTable, severity: .error, range: fixture.range(of: "audit_log"), message: "no such table: audit_log",
                          fixHints: [.missingTable(table: "audit_log")])
    let fixes = CodeFixProvider().fixes(for: finding, in: CodeFixContext(text: fixture.bytes, queries: [], findings: [finding], schema: FixSchemas.context))
    let fix = try #require(fixes.first)
    #expect(fix.title == "Create table audit_log (from migrations/002_audit.sql:3)")
    #expect(fix.repairStepIdentifier == "create-table:audit_log")
    #expect(fix.kind == .schemaRepair && !fix.isSafeForFixAll)
}

@Test func aMissingTableNoMigrationDeclaresHasNoRepair() {
    let fixture = FixFixture("db.all('SELECT * FROM nowhere');")
    let finding = Finding(code: .missingTable, severity: .error, range: fixture.range(of: "nowhere"), message: "no such table: nowhere",
                          fixHints: [.missingTable(table: "nowhere")])
    #expect(CodeFixProvider().fixes(for: finding, in: CodeFixContext(text: fixture.bytes, queries: [], findings: [finding], schema: FixSchemas.context)).isEmpty)
}

@Test func aMissingColumnDeclaredByAMigrationCanBeAdded() throws {
    let fixture = FixFixture("db.all('SELECT nickname FROM users');")
    let finding = Finding(code: .missingColumn, severity: .error, range: fixture.range(of: "nickname"), message: "no such column: nickname",
                          fixHints: [.missingColumn(table: "users", column: "nickname")])
    let fix = try #require(CodeFixProvider().fixes(for: finding, in: CodeFixContext(text: fixture.bytes, queries: [], findings: [finding], schema: FixSchemas.context)).first)
    #expect(fix.title == "Add column users.nickname TEXT (from migrations/003_nickname.sql:2)")
    #expect(fix.repairStepIdentifier == "add-column:users.nickname")
}

@Test func findingsWithoutFixesOfferNothing() {
    let fixture = FixFixture("db.all('SELEC * FROM users');")
    let finding = Finding(code: .sqlSyntax, severity: .error, range: fixture.range(of: "SELEC"), message: "near SELEC: syntax error")
    #expect(CodeFixProvider().fixes(for: finding, in: CodeFixContext(text: fixture.bytes, queries: [], findings: [finding], schema: FixSchemas.context)).isEmpty)
}
