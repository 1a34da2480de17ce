import Testing
@testable import SQLHealAnalysis

/// `raw-interpolation`: the spliced value becomes a bound parameter, lined up with the
/// statement's other placeholders.
struct ParameterizeCase: CustomTestStringConvertible, Sendable {
    var name: String
    var source: String
    /// Builds the query (with its bound values) from the fixture.
    var query: @Sendable (FixFixture) -> EmbeddedQuery
    /// Which of the query's holes the finding is about.
    var holeIndex: Int = 0
    var expectedTitle: String
    var expected: String?

    var testDescription: String { name }
}

let parameterizeCases: [ParameterizeCase] = [
    ParameterizeCase(
        name: "template, no values: the array argument is created",
        source: "const rows = db.all(`SELECT * FROM users WHERE id = ${id}`);",
        query: { $0.query(literal: "`SELECT * FROM users WHERE id = ${id}`", holes: ["${id}"]) },
        expectedTitle: "Bind id as a parameter instead of splicing it into the SQL",
        expected: "const rows = db.all(`SELECT * FROM users WHERE id = ?`, [id]);"
    ),
    ParameterizeCase(
        name: "between existing placeholders",
        source: "db.all(`SELECT * FROM t WHERE a = ? AND b = ${req.query.b} AND c = ?`, [a, c]);",
        query: { f in f.query(literal: "`SELECT * FROM t WHERE a = ? AND b = ${req.query.b} AND c = ?`", holes: ["${req.query.b}"], bound: f.positional(["a", "c"], array: "[a, c]")) },
        expectedTitle: "Bind req.query.b as a parameter instead of splicing it into the SQL",
        expected: "db.all(`SELECT * FROM t WHERE a = ? AND b = ? AND c = ?`, [a, req.query.b, c]);"
    ),
    ParameterizeCase(
        name: "before every existing placeholder",
        source: "db.all(`SELECT * FROM t WHERE b = ${b} AND a = ?`, [a]);",
        query: { f in f.query(literal: "`SELECT * FROM t WHERE b = ${b} AND a = ?`", holes: ["${b}"], bound: f.positional(["a"], array: "[a]")) },
        expectedTitle: "Bind b as a parameter instead of splicing it into the SQL",
        expected: "db.all(`SELECT * FROM t WHERE b = ? AND a = ?`, [b, a]);"
    ),
    ParameterizeCase(
        name: "after every existing placeholder",
        source: "db.all(`SELECT * FROM t WHERE a = ? AND b = ${b}`, [a]);",
        query: { f in f.query(literal: "`SELECT * FROM t WHERE a = ? AND b = ${b}`", holes: ["${b}"], bound: f.positional(["a"], array: "[a]")) },
        expectedTitle: "Bind b as a parameter instead of splicing it into the SQL",
        expected: "db.all(`SELECT * FROM t WHERE a = ? AND b = ?`, [a, b]);"
    ),
    ParameterizeCase(
        name: "empty array",
        source: "db.all(`SELECT * FROM t WHERE b = ${b}`, []);",
        query: { f in f.query(literal: "`SELECT * FROM t WHERE b = ${b}`", holes: ["${b}"], bound: f.positional([], array: "[]")) },
        expectedTitle: "Bind b as a parameter instead of splicing it into the SQL",
        expected: "db.all(`SELECT * FROM t WHERE b = ?`, [b]);"
    ),
    ParameterizeCase(
        name: "a placeholder-like text inside a SQL string does not count",
        source: "db.all(`SELECT * FROM t WHERE x = '?' AND b = ${b} AND a = ?`, [a]);",
        query: { f in f.query(literal: "`SELECT * FROM t WHERE x = '?' AND b = ${b} AND a = ?`", holes: ["${b}"], bound: f.positional(["a"], array: "[a]")) },
        expectedTitle: "Bind b as a parameter instead of splicing it into the SQL",
        expected: "db.all(`SELECT * FROM t WHERE x = '?' AND b = ? AND a = ?`, [b, a]);"
    ),
    ParameterizeCase(
        name: "scalar arguments stay scalars",
        source: "db.get(`SELECT * FROM t WHERE a = ? AND b = ${b}`, a);",
        query: { f in f.query(literal: "`SELECT * FROM t WHERE a = ? AND b = ${b}`", function: "get", holes: ["${b}"], bound: f.positional(["a"], array: nil, from: f.range(of: "`, a").upperBound - 1)) },
        expectedTitle: "Bind b as a parameter instead of splicing it into the SQL",
        expected: "db.get(`SELECT * FROM t WHERE a = ? AND b = ?`, a, b);"
    ),
    ParameterizeCase(
        name: "a trailing callback stays last",
        source: "db.all(`SELECT * FROM t WHERE id = ${id}`, (err, rows) => done(rows));",
        query: { $0.query(literal: "`SELECT * FROM t WHERE id = ${id}`", holes: ["${id}"]) },
        expectedTitle: "Bind id as a parameter instead of splicing it into the SQL",
        expected: "db.all(`SELECT * FROM t WHERE id = ?`, [id], (err, rows) => done(rows));"
    ),
    ParameterizeCase(
        name: "scalars before a callback",
        source: "db.get(`SELECT * FROM t WHERE a = ? AND b = ${b}`, a, function (err, row) {});",
        query: { f in f.query(literal: "`SELECT * FROM t WHERE a = ? AND b = ${b}`", function: "get", holes: ["${b}"], bound: f.positional(["a", "function (err, row) {}"], array: nil, from: f.range(of: "`, a").upperBound - 1)) },
        expectedTitle: "Bind b as a parameter instead of splicing it into the SQL",
        expected: "db.get(`SELECT * FROM t WHERE a = ? AND b = ?`, a, b, function (err, row) {});"
    ),
    ParameterizeCase(
        name: "multi-line call: the array goes after the last argument",
        source: "db.all(\n  `SELECT * FROM t WHERE id = ${id}`\n);",
        query: { $0.query(literal: "`SELECT * FROM t WHERE id = ${id}`", holes: ["${id}"]) },
        expectedTitle: "Bind id as a parameter instead of splicing it into the SQL",
        expected: "db.all(\n  `SELECT * FROM t WHERE id = ?`, [id]\n);"
    ),
    ParameterizeCase(
        name: "prepare(…).get() chain gets a scalar",
        source: "const row = db.prepare(`SELECT * FROM t WHERE id = ${id}`).get();",
        query: { $0.query(literal: "`SELECT * FROM t WHERE id = ${id}`", function: "prepare", holes: ["${id}"]) },
        expectedTitle: "Bind id as a parameter instead of splicing it into the SQL",
        expected: "const row = db.prepare(`SELECT * FROM t WHERE id = ?`).get(id);"
    ),
    ParameterizeCase(
        name: "prepare(…).pluck().all() chain",
        source: "db.prepare(`SELECT name FROM t WHERE id = ${id}`)\n  .pluck()\n  .all();",
        query: { $0.query(literal: "`SELECT name FROM t WHERE id = ${id}`", function: "prepare", holes: ["${id}"]) },
        expectedTitle: "Bind id as a parameter instead of splicing it into the SQL",
        expected: "db.prepare(`SELECT name FROM t WHERE id = ?`)\n  .pluck()\n  .all(id);"
    ),
    ParameterizeCase(
        name: "prepare chain with existing scalars",
        source: "db.prepare(`SELECT * FROM t WHERE a = ? AND b = ${b}`).get(a);",
        query: { f in f.query(literal: "`SELECT * FROM t WHERE a = ? AND b = ${b}`", function: "prepare", holes: ["${b}"], bound: f.positional(["a"], array: nil, from: f.range(of: ".get(").upperBound)) },
        expectedTitle: "Bind b as a parameter instead of splicing it into the SQL",
        expected: "db.prepare(`SELECT * FROM t WHERE a = ? AND b = ?`).get(a, b);"
    ),
    ParameterizeCase(
        name: "named $ placeholders keep their style (better-sqlite3 keys)",
        source: "db.get(`SELECT * FROM t WHERE a = $a AND b = ${user.b}`, { a });",
        query: { f in
            let a = f.value("a", occurrence: 3)
            return f.query(literal: "`SELECT * FROM t WHERE a = $a AND b = ${user.b}`", function: "get", holes: ["${user.b}"], bound: .named(["a": a], argumentRange: f.range(of: "{ a }")))
        },
        expectedTitle: "Bind user.b as a parameter instead of splicing it into the SQL",
        expected: "db.get(`SELECT * FROM t WHERE a = $a AND b = $b`, { a, b: user.b });"
    ),
    ParameterizeCase(
        name: "named keys written with their prefix (node-sqlite3)",
        source: "db.get(`SELECT * FROM t WHERE a = $a AND b = ${b}`, { $a: a });",
        query: { f in
            f.query(literal: "`SELECT * FROM t WHERE a = $a AND b = ${b}`", function: "get", holes: ["${b}"], bound: .named(["a": f.value("a", occurrence: 4)], argumentRange: f.range(of: "{ $a: a }")))
        },
        expectedTitle: "Bind b as a parameter instead of splicing it into the SQL",
        expected: "db.get(`SELECT * FROM t WHERE a = $a AND b = $b`, { $a: a, $b: b });"
    ),
    ParameterizeCase(
        name: "named :x placeholders, a taken name gets a number",
        source: "db.get(`SELECT * FROM t WHERE id = :id AND other = ${other.id}`, { id: x, });",
        query: { f in
            f.query(literal: "`SELECT * FROM t WHERE id = :id AND other = ${other.id}`", function: "get", holes: ["${other.id}"], bound: .named(["id": f.value("x")], argumentRange: f.range(of: "{ id: x, }")))
        },
        expectedTitle: "Bind other.id as a parameter instead of splicing it into the SQL",
        expected: "db.get(`SELECT * FROM t WHERE id = :id AND other = :id2`, { id: x, id2: other.id });"
    ),
    ParameterizeCase(
        name: "numbered placeholders: the next number, appended",
        source: "db.all(`SELECT * FROM t WHERE a = ?1 AND b = ${b} OR c = ?1`, [a]);",
        query: { f in f.query(literal: "`SELECT * FROM t WHERE a = ?1 AND b = ${b} OR c = ?1`", holes: ["${b}"], bound: f.positional(["a"], array: "[a]")) },
        expectedTitle: "Bind b as a parameter instead of splicing it into the SQL",
        expected: "db.all(`SELECT * FROM t WHERE a = ?1 AND b = ?2 OR c = ?1`, [a, b]);"
    ),
    ParameterizeCase(
        name: "the second of two spliced holes counts only real placeholders",
        source: "db.all(`SELECT * FROM t WHERE a = ${a} AND b = ${b}`);",
        query: { $0.query(literal: "`SELECT * FROM t WHERE a = ${a} AND b = ${b}`", holes: ["${a}", "${b}"]) },
        holeIndex: 1,
        expectedTitle: "Bind b as a parameter instead of splicing it into the SQL",
        expected: "db.all(`SELECT * FROM t WHERE a = ${a} AND b = ?`, [b]);"
    ),
    ParameterizeCase(
        name: "a sequence expression is parenthesized in the array",
        source: "db.all(`SELECT * FROM t WHERE id = ${(log(x), x)}`);",
        query: { $0.query(literal: "`SELECT * FROM t WHERE id = ${(log(x), x)}`", holes: ["${(log(x), x)}"]) },
        expectedTitle: "Bind (log(x), x) as a parameter instead of splicing it into the SQL",
        expected: "db.all(`SELECT * FROM t WHERE id = ?`, [(log(x), x)]);"
    ),
    ParameterizeCase(
        name: "concatenation at the end of the SQL",
        source: "db.all('SELECT * FROM users WHERE id = ' + userId);",
        query: { $0.concatenationQuery(["'SELECT * FROM users WHERE id = '", "userId"]) },
        expectedTitle: "Bind userId as a parameter instead of splicing it into the SQL",
        expected: "db.all('SELECT * FROM users WHERE id = ?', [userId]);"
    ),
    ParameterizeCase(
        name: "concatenation in the middle merges the two literals",
        source: "db.all(\"SELECT * FROM users WHERE id = \" + userId + \" AND active = 1\", []);",
        query: { f in f.concatenationQuery(["\"SELECT * FROM users WHERE id = \"", "userId", "\" AND active = 1\""], bound: f.positional([], array: "[]")) },
        expectedTitle: "Bind userId as a parameter instead of splicing it into the SQL",
        expected: "db.all(\"SELECT * FROM users WHERE id = ? AND active = 1\", [userId]);"
    ),
    ParameterizeCase(
        name: "concatenation between literals of different quotes",
        source: "db.all('SELECT * FROM users WHERE id = ' + userId + \" AND name = 'x'\");",
        query: { f in f.concatenationQuery(["'SELECT * FROM users WHERE id = '", "userId", "\" AND name = 'x'\""]) },
        expectedTitle: "Bind userId as a parameter instead of splicing it into the SQL",
        expected: "db.all('SELECT * FROM users WHERE id = ?' + \" AND name = 'x'\", [userId]);"
    ),
    ParameterizeCase(
        name: "db.exec takes no values: no fix",
        source: "db.exec(`DELETE FROM t WHERE id = ${id}`);",
        query: { $0.query(literal: "`DELETE FROM t WHERE id = ${id}`", function: "exec", holes: ["${id}"]) },
        expectedTitle: "Bind id as a parameter instead of splicing it into the SQL",
        expected: nil
    ),
    ParameterizeCase(
        name: "a statement prepared and run elsewhere: no fix",
        source: "const stmt = db.prepare(`SELECT * FROM t WHERE id = ${id}`);",
        query: { $0.query(literal: "`SELECT * FROM t WHERE id = ${id}`", function: "prepare", holes: ["${id}"]) },
        expectedTitle: "Bind id as a parameter instead of splicing it into the SQL",
        expected: nil
    ),
    ParameterizeCase(
        name: "values the scanner cannot see: no fix",
        source: "db.all(`SELECT * FROM t WHERE a = ? AND b = ${b}`, params);",
        query: { f in f.query(literal: "`SELECT * FROM t WHERE a = ? AND b = ${b}`", holes: ["${b}"], bound: .unknown(argumentRange: f.range(of: "params"))) },
        expectedTitle: "Bind b as a parameter instead of splicing it into the SQL",
        expected: nil
    ),
]

@Test(arguments: parameterizeCases)
func parameterizeFix(_ testCase: ParameterizeCase) throws {
    let fixture = FixFixture(testCase.source)
    let query = testCase.query(fixture)
    let hole = try #require(query.holes.indices.contains(testCase.holeIndex) ? query.holes[testCase.holeIndex] : nil)
    let finding = rawInterpolation(hole)
    if let expected = testCase.expected {
        let result = applyingFix(titled: testCase.expectedTitle, for: finding, in: fixture, queries: [query])
        #expect(result == expected)
        let fix = try #require(CodeFixProvider().fixes(for: finding, in: CodeFixContext(text: fixture.bytes, queries: [query], findings: [finding], schema: .empty)).first)
        #expect(fix.isPreferred && fix.isSafeForFixAll)
    } else {
        let fixes = CodeFixProvider().fixes(for: finding, in: CodeFixContext(text: fixture.bytes, queries: [query], findings: [finding], schema: .empty))
        #expect(fixes.isEmpty)
    }
}

@Test func aTypeMismatchInsideAnUntaggedTemplateBindsTheUnconvertedValue() {
    let fixture = FixFixture("const session = db.get(`SELECT * FROM sessions WHERE user_id = ${parseInt(userId)}`);")
    let query = fixture.query(literal: "`SELECT * FROM sessions WHERE user_id = ${parseInt(userId)}`", function: "get", holes: ["${parseInt(userId)}"])
    let conversion = fixture.conversion("parseInt", whole: "parseInt(userId)", operand: "userId")
    let mismatch = typeMismatch(conversion.expressionRange, conversion: conversion)
    let expected = "const session = db.get(`SELECT * FROM sessions WHERE user_id = ?`, [userId]);"
    let title = "Remove parseInt() and bind userId as a parameter: sessions.user_id is TEXT"
    #expect(applyingFix(titled: title, for: mismatch, in: fixture, queries: [query]) == expected)
    // The raw-interpolation at the same place offers the very same edit.
    let raw = rawInterpolation(query.holes[0])
    #expect(applyingFix(titled: title, for: raw, in: fixture, queries: [query], otherFindings: [mismatch]) == expected)
    // Without a contradiction the value is bound as written.
    #expect(applyingFix(titled: "Bind parseInt(userId) as a parameter instead of splicing it into the SQL", for: raw, in: fixture, queries: [query])
        == "const session = db.get(`SELECT * FROM sessions WHERE user_id = ?`, [parseInt(userId)]);")
}

@Test func aConcatenatedConversionIsDroppedWhenBound() {
    let fixture = FixFixture("db.get('SELECT * FROM sessions WHERE user_id = ' + Number(id) + ' LIMIT 1');")
    let query = fixture.concatenationQuery(["'SELECT * FROM sessions WHERE user_id = '", "Number(id)", "' LIMIT 1'"], function: "get")
    let conversion = fixture.conversion("Number", whole: "Number(id)", operand: "id")
    let mismatch = typeMismatch(conversion.expressionRange, conversion: conversion)
    #expect(applyingFix(titlePrefix: "Remove Number() and bind id", for: mismatch, in: fixture, queries: [query])
        == "db.get('SELECT * FROM sessions WHERE user_id = ? LIMIT 1', [id]);")
}

@Test func aHoleFillingAWholeSQLStringReplacesTheQuotesToo() {
    let fixture = FixFixture("db.all(`SELECT * FROM users WHERE name = '${name}'`);")
    let query = fixture.query(literal: "`SELECT * FROM users WHERE name = '${name}'`", holes: ["${name}"])
    let finding = Finding(
        code: .rawInterpolation, severity: .warning, range: query.holes[0].sourceRange, message: "",
        fixHints: [.splicedValue(holeSourceRange: fixture.range(of: "'${name}'"), expressionRange: query.holes[0].value.expressionRange)]
    )
    #expect(applyingFix(titlePrefix: "Bind name", for: finding, in: fixture, queries: [query])
        == "db.all(`SELECT * FROM users WHERE name = ?`, [name]);")
}

@Test func aWholeSQLStringBuiltByConcatenationBecomesOnePlaceholder() {
    let fixture = FixFixture("db.all(\"SELECT * FROM users WHERE name = '\" + name + \"'\");")
    let query = fixture.concatenationQuery(["\"SELECT * FROM users WHERE name = '\"", "name", "\"'\""])
    let finding = Finding(
        code: .rawInterpolation, severity: .warning, range: query.holes[0].sourceRange, message: "",
        fixHints: [.splicedValue(holeSourceRange: fixture.range(of: "'\" + name + \"'"), expressionRange: query.holes[0].value.expressionRange)]
    )
    #expect(applyingFix(titlePrefix: "Bind name", for: finding, in: fixture, queries: [query])
        == "db.all(\"SELECT * FROM users WHERE name = ?\", [name]);")
}

@Test func aHoleInsideALongerSQLStringHasNoFix() {
    let fixture = FixFixture("db.all(`SELECT * FROM posts WHERE title LIKE '%${Number(q)}%'`);")
    let query = fixture.query(literal: "`SELECT * FROM posts WHERE title LIKE '%${Number(q)}%'`", holes: ["${Number(q)}"])
    let raw = Finding(code: .rawInterpolation, severity: .warning, range: query.holes[0].sourceRange, message: "")
    let conversion = fixture.conversion("Number", whole: "Number(q)", operand: "q")
    let mismatch = typeMismatch(conversion.expressionRange, conversion: conversion)
    let context = CodeFixContext(text: fixture.bytes, queries: [query], findings: [raw, mismatch], schema: .empty)
    #expect(CodeFixProvider().fixes(for: raw, in: context).isEmpty)
    #expect(CodeFixProvider().fixes(for: mismatch, in: context).isEmpty)
    // Without the binder's finding, the quote count alone tells the hole is inside a string.
    #expect(CodeFixProvider().fixes(for: mismatch, in: CodeFixContext(text: fixture.bytes, queries: [query], findings: [mismatch], schema: .empty)).isEmpty)
}
