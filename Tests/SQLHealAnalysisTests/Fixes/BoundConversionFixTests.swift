import Testing
@testable import SQLHealAnalysis

/// A fix that binds a spliced value must not leave a new defect: `${pkgId.toString()}` spliced
/// into `WHERE id = …` is SQL text `id = 42`, but bound as `pkgId.toString()` it is a string
/// meeting an INTEGER column. When the column makes the value's conversion wrong once bound, the
/// fix drops it (or, when dropping would change the value, converts to what the column holds);
/// a conversion the column makes right stays. Each case also re-analyses the fixed text: it must
/// have no finding at all.
struct BoundConversionCase: CustomTestStringConvertible, Sendable {
    var fix: AnalyzedFixCase
    var testDescription: String { fix.testDescription }

    init(_ fixture: String, _ code: FindingCode = .rawInterpolation, title: String, expected: String) {
        fix = AnalyzedFixCase(fixture: fixture, code: code, title: title, expected: expected)
    }
}

@Test(arguments: [
    // The issue's case: a string conversion meeting an INTEGER column goes.
    BoundConversionCase(
        "db.get(`SELECT title FROM posts WHERE id = ${⌖pkgId.toString()}`);",
        title: "Remove .toString() and bind pkgId as a parameter: posts.id is INTEGER",
        expected: "db.get(`SELECT title FROM posts WHERE id = ?`, [pkgId]);"
    ),
    BoundConversionCase(
        "db.all('SELECT title FROM posts WHERE author_id = ' + ⌖String(authorId));",
        title: "Remove String() and bind authorId as a parameter: posts.author_id is INTEGER",
        expected: "db.all('SELECT title FROM posts WHERE author_id = ?', [authorId]);"
    ),
    BoundConversionCase(
        "db.run(`UPDATE users SET age = ${⌖age.toString()} WHERE id = ?`, [id]);",
        title: "Remove .toString() and bind age as a parameter: users.age is INTEGER",
        expected: "db.run(`UPDATE users SET age = ? WHERE id = ?`, [age, id]);"
    ),
    // A conversion that changes the value cannot simply go: convert its result instead.
    BoundConversionCase(
        "db.all(`SELECT name FROM users WHERE age = ${⌖n.toFixed(0)}`);",
        title: "Bind Number(n.toFixed(0)) as a parameter: users.age is INTEGER",
        expected: "db.all(`SELECT name FROM users WHERE age = ?`, [Number(n.toFixed(0))]);"
    ),
    BoundConversionCase(
        "db.all(`SELECT token FROM sessions WHERE user_id = ${⌖Math.round(x)}`);",
        .typeMismatch,
        title: "Bind String(Math.round(x)) as a parameter: sessions.user_id is TEXT",
        expected: "db.all(`SELECT token FROM sessions WHERE user_id = ?`, [String(Math.round(x))]);"
    ),
    // A conversion the column makes right stays.
    BoundConversionCase(
        "db.all(`SELECT title FROM posts WHERE author_id = ${⌖parseInt(authorId, 10)}`);",
        title: "Bind parseInt(authorId, 10) as a parameter instead of splicing it into the SQL",
        expected: "db.all(`SELECT title FROM posts WHERE author_id = ?`, [parseInt(authorId, 10)]);"
    ),
    BoundConversionCase(
        "db.all(\"SELECT id FROM users WHERE email = '\" + ⌖String(email) + \"'\");",
        title: "Bind String(email) as a parameter instead of splicing it into the SQL",
        expected: "db.all(\"SELECT id FROM users WHERE email = ?\", [String(email)]);"
    ),
    // The seed still drops parseInt for a TEXT column (both findings offer the same fix).
    BoundConversionCase(
        "db.all(`SELECT token FROM sessions WHERE user_id = ${⌖parseInt(userId)}`);",
        title: "Remove parseInt() and bind userId as a parameter: sessions.user_id is TEXT",
        expected: "db.all(`SELECT token FROM sessions WHERE user_id = ?`, [userId]);"
    ),
])
func boundConversionFix(_ testCase: BoundConversionCase) {
    let fixed = analyzedFix(testCase.fix)
    #expect(fixed == testCase.fix.expected)
    guard let fixed else { return }
    let after = AnalyzedFixSchemas.analyzer.analyze(Array(fixed.utf8), language: .javascript)
    #expect(after.findings.isEmpty, "the fix left \(after.findings.map { "\($0.code): \($0.message)" })")
}

/// Bound, a date string would meet an INTEGER column and no conversion keeps its value: binding
/// it is not offered (it would trade the splice for a type mismatch).
@Test func aValueNoConversionCanMakeRightIsNotBound() {
    let text = Array("db.all(`SELECT title FROM posts WHERE published = ${when.toISOString()}`);".utf8)
    let analysis = AnalyzedFixSchemas.analyzer.analyze(text, language: .javascript)
    let splice = analysis.findings.first { $0.code == .rawInterpolation }
    #expect(splice != nil, "findings: \(analysis.findings.map(\.code))")
    guard let splice else { return }
    let titles = CodeFixProvider().fixes(for: splice, in: CodeFixContext(text: text, analysis: analysis, schema: AnalyzedFixSchemas.context)).map(\.title)
    #expect(!titles.contains { $0.contains("as a parameter") }, "\(titles)")
}
