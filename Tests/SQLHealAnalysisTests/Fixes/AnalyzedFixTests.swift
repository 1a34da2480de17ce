import Testing
@testable import SQLHealAnalysis

/// Quick fixes end to end through the real analysis: the scanner finds the query, the checker
/// and binder report the finding under `⌖`, the provider fixes it, and the exact resulting text
/// is compared.
enum AnalyzedFixSchemas {
    /// The database as it is (sessions.user_id TEXT, no audit_log, no users.nickname) and what
    /// the migrations declare.
    static let context: SchemaContext = {
        let checked = (try? SchemaSnapshot(replayingDDL: """
            CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT, name TEXT, age INTEGER);
            CREATE TABLE sessions (id INTEGER PRIMARY KEY, user_id TEXT, token TEXT, expires_at INTEGER);
            CREATE TABLE posts (id INTEGER PRIMARY KEY, author_id INTEGER, title TEXT, published INTEGER);
            """)) ?? .empty
        var declared = (try? SchemaSnapshot(replayingDDL: """
            CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT, name TEXT, age INTEGER, nickname TEXT);
            CREATE TABLE sessions (id INTEGER PRIMARY KEY, user_id INTEGER, token TEXT, expires_at INTEGER);
            CREATE TABLE posts (id INTEGER PRIMARY KEY, author_id INTEGER, title TEXT, published INTEGER);
            CREATE TABLE audit_log (id INTEGER PRIMARY KEY, user_id INTEGER, action TEXT);
            """)) ?? .empty
        declared.updateTable(named: "audit_log") { $0.declaredAt = SchemaLocation(path: "migrations/4_audit.sql", line: 1) }
        declared.updateTable(named: "users") { table in
            if let index = table.columns.firstIndex(where: { $0.name == "nickname" }) {
                table.columns[index].declaredAt = SchemaLocation(path: "migrations/5_nickname.sql", line: 2)
            }
        }
        return SchemaContext(checkedSchema: checked, declaredSchema: declared, databaseDisplayName: "data/app.db")
    }()

    static let analyzer = DocumentAnalyzer(schema: context)
}

struct AnalyzedFixCase: CustomTestStringConvertible, Sendable {
    /// JavaScript with `⌖` inside the finding to fix.
    var fixture: String
    var code: FindingCode
    /// The fix's title, or its beginning when it ends with `…`.
    var title: String
    var expected: String
    var language: SourceLanguage = .javascript

    var testDescription: String { "\(code): \(title)" }
}

/// The text after applying the fix titled `title` to the finding of `code` under the marker.
func analyzedFix(_ testCase: AnalyzedFixCase, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
    let marker = Array("⌖".utf8)
    let fixtureBytes = Array(testCase.fixture.utf8)
    guard let offset = fixtureBytes.indices.first(where: { fixtureBytes[$0...].starts(with: marker) }) else {
        Issue.record("no ⌖ in the fixture", sourceLocation: sourceLocation)
        return nil
    }
    var bytes = fixtureBytes
    bytes.removeSubrange(offset..<(offset + marker.count))
    let analysis = AnalyzedFixSchemas.analyzer.analyze(bytes, language: testCase.language)
    guard let finding = analysis.findings.first(where: { $0.code == testCase.code && $0.range.lowerBound <= offset && offset <= $0.range.upperBound }) else {
        Issue.record("no \(testCase.code) at ⌖; findings: \(analysis.findings.map { "\($0.code)@\($0.range)" })", sourceLocation: sourceLocation)
        return nil
    }
    let fixes = CodeFixProvider().fixes(for: finding, in: CodeFixContext(text: bytes, analysis: analysis, schema: AnalyzedFixSchemas.context))
    let wanted = testCase.title
    guard let fix = fixes.first(where: { wanted.hasSuffix("…") ? $0.title.hasPrefix(String(wanted.dropLast())) : $0.title == wanted }) else {
        Issue.record("no fix \(wanted) among \(fixes.map(\.title))", sourceLocation: sourceLocation)
        return nil
    }
    guard case .textEdits(let edits) = fix.action, let result = TextEditApplication.apply(edits, to: bytes) else {
        return fix.repairStepIdentifier.map { "repair step \($0)" }
    }
    return String(decoding: result, as: UTF8.self)
}

@Test(arguments: [
    // The seed: a conversion spliced into an untagged template, against a TEXT column.
    AnalyzedFixCase(
        fixture: "export const f = (userId) => db.all(`SELECT * FROM sessions WHERE user_id = ${⌖parseInt(userId)}`);",
        code: .typeMismatch, title: "Remove parseInt() and bind userId as a parameter: sessions.user_id is TEXT",
        expected: "export const f = (userId) => db.all(`SELECT * FROM sessions WHERE user_id = ?`, [userId]);"
    ),
    AnalyzedFixCase(
        fixture: "export const f = (userId) => db.all(`SELECT * FROM sessions WHERE user_id = ${⌖parseInt(userId)}`);",
        code: .rawInterpolation, title: "Remove parseInt() and bind userId as a parameter: sessions.user_id is TEXT",
        expected: "export const f = (userId) => db.all(`SELECT * FROM sessions WHERE user_id = ?`, [userId]);"
    ),
    AnalyzedFixCase(
        fixture: "export const f = (userId) => db.all(`SELECT * FROM sessions WHERE user_id = ${⌖parseInt(userId)}`);",
        code: .typeMismatch, title: "Change column sessions.user_id from TEXT to INTEGER…",
        expected: "repair step change-column-type:sessions.user_id:INTEGER"
    ),
    // Bound values: the conversion goes, parentheses where needed.
    AnalyzedFixCase(
        fixture: "db.get('SELECT * FROM sessions WHERE user_id = ?', [⌖parseInt(req.params.id, 10)]);",
        code: .typeMismatch, title: "Remove parseInt(): sessions.user_id is TEXT",
        expected: "db.get('SELECT * FROM sessions WHERE user_id = ?', [req.params.id]);"
    ),
    AnalyzedFixCase(
        fixture: "db.prepare('SELECT * FROM sessions WHERE user_id = ?').get(⌖Number(a + b));",
        code: .typeMismatch, title: "Remove Number(): sessions.user_id is TEXT",
        expected: "db.prepare('SELECT * FROM sessions WHERE user_id = ?').get(a + b);"
    ),
    AnalyzedFixCase(
        fixture: "db.run('UPDATE users SET age = ? WHERE id = ?', [⌖age.toString(), id]);",
        code: .typeMismatch, title: "Remove .toString(): users.age is INTEGER",
        expected: "db.run('UPDATE users SET age = ? WHERE id = ?', [age, id]);"
    ),
    AnalyzedFixCase(
        fixture: "db.run('INSERT INTO posts (title, published) VALUES (?, ?)', [title, ⌖String(published)]);",
        code: .typeMismatch, title: "Remove String(): posts.published is INTEGER",
        expected: "db.run('INSERT INTO posts (title, published) VALUES (?, ?)', [title, published]);"
    ),
    // Parameterizing: position among existing placeholders, arrays, scalars, chains.
    AnalyzedFixCase(
        fixture: "db.all(`SELECT * FROM posts WHERE title = ? AND author_id = ${⌖authorId} AND published = ?`, [title, 1]);",
        code: .rawInterpolation, title: "Bind authorId as a parameter instead of splicing it into the SQL",
        expected: "db.all(`SELECT * FROM posts WHERE title = ? AND author_id = ? AND published = ?`, [title, authorId, 1]);"
    ),
    AnalyzedFixCase(
        fixture: "const row = db.prepare(`SELECT * FROM posts WHERE id = ${⌖postId}`).get();",
        code: .rawInterpolation, title: "Bind postId as a parameter instead of splicing it into the SQL",
        expected: "const row = db.prepare(`SELECT * FROM posts WHERE id = ?`).get(postId);"
    ),
    // D1: values go in a `.bind(…)` before the run; `.first(column)` and `.raw(options)` take none.
    AnalyzedFixCase(
        fixture: "const row = await env.DB.prepare(`SELECT * FROM posts WHERE id = ${⌖postId}`).first();",
        code: .rawInterpolation, title: "Bind postId as a parameter instead of splicing it into the SQL",
        expected: "const row = await env.DB.prepare(`SELECT * FROM posts WHERE id = ?`).bind(postId).first();"
    ),
    AnalyzedFixCase(
        fixture: "const title = await env.DB.prepare(`SELECT title FROM posts WHERE id = ${⌖postId}`).first('title');",
        code: .rawInterpolation, title: "Bind postId as a parameter instead of splicing it into the SQL",
        expected: "const title = await env.DB.prepare(`SELECT title FROM posts WHERE id = ?`).bind(postId).first('title');"
    ),
    AnalyzedFixCase(
        fixture: "const rows = await env.DB.prepare(`SELECT * FROM posts WHERE author_id = ${⌖authorId}`).raw();",
        code: .rawInterpolation, title: "Bind authorId as a parameter instead of splicing it into the SQL",
        expected: "const rows = await env.DB.prepare(`SELECT * FROM posts WHERE author_id = ?`).bind(authorId).raw();"
    ),
    // better-sqlite3's `.raw()` sets a mode: the value goes in the run after it.
    AnalyzedFixCase(
        fixture: "const rows = db.prepare(`SELECT * FROM posts WHERE author_id = ${⌖authorId}`).raw().all();",
        code: .rawInterpolation, title: "Bind authorId as a parameter instead of splicing it into the SQL",
        expected: "const rows = db.prepare(`SELECT * FROM posts WHERE author_id = ?`).raw().all(authorId);"
    ),
    AnalyzedFixCase(
        fixture: "db.get('SELECT id, user_id, token FROM sessions WHERE id = ' + ⌖sessionId);",
        code: .rawInterpolation, title: "Bind sessionId as a parameter instead of splicing it into the SQL",
        expected: "db.get('SELECT id, user_id, token FROM sessions WHERE id = ?', [sessionId]);"
    ),
    AnalyzedFixCase(
        fixture: "db.all(\"SELECT * FROM users WHERE email = '\" + ⌖email + \"' AND age > 18\");",
        code: .rawInterpolation, title: "Bind email as a parameter instead of splicing it into the SQL",
        expected: "db.all(\"SELECT * FROM users WHERE email = ? AND age > 18\", [email]);"
    ),
    AnalyzedFixCase(
        fixture: "db.all(`SELECT * FROM users WHERE name = '${⌖name}'`, (err, rows) => done(rows));",
        code: .rawInterpolation, title: "Bind name as a parameter instead of splicing it into the SQL",
        expected: "db.all(`SELECT * FROM users WHERE name = ?`, [name], (err, rows) => done(rows));"
    ),
    AnalyzedFixCase(
        fixture: "db.get(`SELECT * FROM users WHERE email = $email AND id = ${⌖user.id}`, { email });",
        code: .rawInterpolation, title: "Bind user.id as a parameter instead of splicing it into the SQL",
        expected: "db.get(`SELECT * FROM users WHERE email = $email AND id = $id`, { email, id: user.id });"
    ),
    // Names.
    AnalyzedFixCase(
        fixture: "db.get('SELECT ⌖emial FROM users WHERE id = ?', [id]);",
        code: .missingColumn, title: "Replace 'emial' with 'email'",
        expected: "db.get('SELECT email FROM users WHERE id = ?', [id]);"
    ),
    AnalyzedFixCase(
        fixture: "db.all('SELECT * FROM ⌖sesions');",
        code: .missingTable, title: "Replace 'sesions' with 'sessions'",
        expected: "db.all('SELECT * FROM sessions');"
    ),
    AnalyzedFixCase(
        fixture: "db.all('SELECT action FROM ⌖audit_log WHERE user_id = ?', [1]);",
        code: .missingTable, title: "Create table audit_log (from migrations/4_audit.sql:1)",
        expected: "repair step create-table:audit_log"
    ),
    AnalyzedFixCase(
        fixture: "db.all('SELECT ⌖nickname FROM users');",
        code: .missingColumn, title: "Add column users.nickname TEXT (from migrations/5_nickname.sql:2)",
        expected: "repair step add-column:users.nickname"
    ),
])
func analyzedQuickFix(_ testCase: AnalyzedFixCase) {
    #expect(analyzedFix(testCase) == testCase.expected)
}

@Test func fixAllOnAnalyzedTextReachesAFixpoint() {
    let text = """
        export function sessionsForUser(userId) {
          return db.all(`SELECT * FROM sessions WHERE user_id = ${parseInt(userId)}`);
        }
        export function posts(a, b) {
          return db.all(`SELECT * FROM posts WHERE author_id = ${a} OR author_id = ${b}`);
        }
        export function user(id) {
          return db.get('SELECT emial FROM users WHERE id = ?', [Number(id)]);
        }
        """
    let outcome = FixAll.applySafeFixes(to: Array(text.utf8), schema: AnalyzedFixSchemas.context) { bytes in
        AnalyzedFixSchemas.analyzer.analyze(bytes, language: .javascript)
    }
    #expect(String(decoding: outcome.fixedText, as: UTF8.self) == """
        export function sessionsForUser(userId) {
          return db.all(`SELECT * FROM sessions WHERE user_id = ?`, [userId]);
        }
        export function posts(a, b) {
          return db.all(`SELECT * FROM posts WHERE author_id = ? OR author_id = ?`, [a, b]);
        }
        export function user(id) {
          return db.get('SELECT emial FROM users WHERE id = ?', [Number(id)]);
        }
        """)
    #expect(!outcome.stoppedEarly)
    // Nothing safe is left to fix, and the misspelt column (a guess) was left alone.
    let after = AnalyzedFixSchemas.analyzer.analyze(outcome.fixedText, language: .javascript)
    #expect(after.findings.map(\.code) == [.missingColumn])
}

/// Every keystroke is input: each prefix of a file with every kind of fixable finding is
/// analysed and every fix computed and applied; nothing may trap, and every offered edit fits.
@Test func fixesOfEveryPrefixOfAFileNeverTrap() {
    let text = Array("""
        const a = db.all(`SELECT * FROM sessions WHERE user_id = ${parseInt(userId)} AND token = '${t}'`, []);
        db.get('SELECT emial FROM users WHERE id = ' + id + ' AND age > ?', [Number(-+x) * 2], (e, r) => r);
        db.prepare(`SELECT * FROM posts WHERE id = ${(a, b)} AND title = $t`).pluck().get({ t });
        db.run("UPDATE users SET age = ? WHERE name = '" + n + "'", [String(age).trim()]);
        """.utf8)
    var offered = 0
    for end in stride(from: 0, through: text.count, by: 1) {
        let prefix = Array(text[0..<end])
        let analysis = AnalyzedFixSchemas.analyzer.analyze(prefix, language: .javascript)
        let context = CodeFixContext(text: prefix, analysis: analysis, schema: AnalyzedFixSchemas.context)
        for fix in CodeFixProvider().fixes(in: context) {
            offered += 1
            if case .textEdits(let edits) = fix.action {
                #expect(TextEditApplication.apply(edits, to: prefix) != nil, "\(fix.title) at prefix \(end)")
            }
        }
    }
    #expect(offered > 0)
    let outcome = FixAll.applySafeFixes(to: text, schema: AnalyzedFixSchemas.context) { AnalyzedFixSchemas.analyzer.analyze($0, language: .javascript) }
    #expect(outcome.changed && !outcome.stoppedEarly)
}
