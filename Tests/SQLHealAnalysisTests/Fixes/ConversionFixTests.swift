import Testing
@testable import SQLHealAnalysis

/// `type-mismatch` on a bound value: drop the conversion that contradicts the column, keeping
/// the expression's meaning (parentheses where the context binds tighter), or add one.
struct ConversionFixCase: CustomTestStringConvertible, Sendable {
    var source: String
    var conversionName: String
    var whole: String
    var operand: String
    var column: String = "user_id"
    var table: String = "sessions"
    var affinity: String = "TEXT"
    var valueKind: ValueKind = .number
    var expectedTitle: String
    var expected: String

    var testDescription: String { source }
}

@Test(arguments: [
    ConversionFixCase(
        source: "db.get('SELECT * FROM sessions WHERE user_id = ?', [parseInt(userId)]);",
        conversionName: "parseInt", whole: "parseInt(userId)", operand: "userId",
        expectedTitle: "Remove parseInt(): sessions.user_id is TEXT",
        expected: "db.get('SELECT * FROM sessions WHERE user_id = ?', [userId]);"
    ),
    ConversionFixCase(
        source: "db.get('SELECT * FROM sessions WHERE user_id = ?', parseInt(req.params.id, 10));",
        conversionName: "parseInt", whole: "parseInt(req.params.id, 10)", operand: "req.params.id",
        expectedTitle: "Remove parseInt(): sessions.user_id is TEXT",
        expected: "db.get('SELECT * FROM sessions WHERE user_id = ?', req.params.id);"
    ),
    ConversionFixCase(
        source: "stmt.get(Number(id));",
        conversionName: "Number", whole: "Number(id)", operand: "id",
        expectedTitle: "Remove Number(): sessions.user_id is TEXT", expected: "stmt.get(id);"
    ),
    ConversionFixCase(
        source: "db.all(sql, [+id]);",
        conversionName: "unary +", whole: "+id", operand: "id",
        expectedTitle: "Remove unary +: sessions.user_id is TEXT", expected: "db.all(sql, [id]);"
    ),
    ConversionFixCase(
        source: "db.all(sql, [-+id]);",
        conversionName: "unary +", whole: "+id", operand: "id",
        expectedTitle: "Remove unary +: sessions.user_id is TEXT", expected: "db.all(sql, [-id]);"
    ),
    ConversionFixCase(
        source: "db.all(sql, [-+-id]);",
        conversionName: "unary +", whole: "+-id", operand: "-id",
        expectedTitle: "Remove unary +: sessions.user_id is TEXT", expected: "db.all(sql, [-(-id)]);"
    ),
    ConversionFixCase(
        source: "db.all(sql, [parseInt(a + b) * 2]);",
        conversionName: "parseInt", whole: "parseInt(a + b)", operand: "a + b",
        expectedTitle: "Remove parseInt(): sessions.user_id is TEXT", expected: "db.all(sql, [(a + b) * 2]);"
    ),
    ConversionFixCase(
        source: "db.all(sql, [parseInt(a + b)]);",
        conversionName: "parseInt", whole: "parseInt(a + b)", operand: "a + b",
        expectedTitle: "Remove parseInt(): sessions.user_id is TEXT", expected: "db.all(sql, [a + b]);"
    ),
    ConversionFixCase(
        source: "db.all(sql, [1 + parseInt(a ? b : c)]);",
        conversionName: "parseInt", whole: "parseInt(a ? b : c)", operand: "a ? b : c",
        expectedTitle: "Remove parseInt(): sessions.user_id is TEXT", expected: "db.all(sql, [1 + (a ? b : c)]);"
    ),
    ConversionFixCase(
        source: "db.all(sql, [Number(-x) ** 2]);",
        conversionName: "Number", whole: "Number(-x)", operand: "-x",
        expectedTitle: "Remove Number(): sessions.user_id is TEXT", expected: "db.all(sql, [(-x) ** 2]);"
    ),
    ConversionFixCase(
        source: "db.all(sql, { id: parseFloat(price) });",
        conversionName: "parseFloat", whole: "parseFloat(price)", operand: "price",
        expectedTitle: "Remove parseFloat(): sessions.user_id is TEXT", expected: "db.all(sql, { id: price });"
    ),
    ConversionFixCase(
        source: "db.run('UPDATE users SET age = ?', [age.toString()]);",
        conversionName: "toString", whole: "age.toString()", operand: "age",
        column: "age", table: "users", affinity: "INTEGER", valueKind: .string,
        expectedTitle: "Remove .toString(): users.age is INTEGER", expected: "db.run('UPDATE users SET age = ?', [age]);"
    ),
    ConversionFixCase(
        source: "db.run(sql, [(a + b).toString()]);",
        conversionName: "toString", whole: "(a + b).toString()", operand: "a + b",
        column: "age", table: "users", affinity: "INTEGER", valueKind: .string,
        expectedTitle: "Remove .toString(): users.age is INTEGER", expected: "db.run(sql, [a + b]);"
    ),
    ConversionFixCase(
        source: "db.run(sql, [String(a || b).trim()]);",
        conversionName: "String", whole: "String(a || b)", operand: "a || b",
        column: "age", table: "users", affinity: "INTEGER", valueKind: .string,
        expectedTitle: "Remove String(): users.age is INTEGER", expected: "db.run(sql, [(a || b).trim()]);"
    ),
    ConversionFixCase(
        source: "db.run(sql, [String(age)]);",
        conversionName: "String", whole: "String(age)", operand: "age",
        column: "age", table: "users", affinity: "INTEGER", valueKind: .string,
        expectedTitle: "Remove String(): users.age is INTEGER", expected: "db.run(sql, [age]);"
    ),
    // The reverse: a conversion that changes the value stays, its result is converted.
    ConversionFixCase(
        source: "db.all(sql, [Math.round(x)]);",
        conversionName: "Math.round", whole: "Math.round(x)", operand: "x",
        expectedTitle: "Convert with String(): sessions.user_id is TEXT", expected: "db.all(sql, [String(Math.round(x))]);"
    ),
    ConversionFixCase(
        source: "db.all(sql, [n.toFixed(0)]);",
        conversionName: "toFixed", whole: "n.toFixed(0)", operand: "n",
        column: "age", table: "users", affinity: "INTEGER", valueKind: .string,
        expectedTitle: "Convert with Number(): users.age is INTEGER", expected: "db.all(sql, [Number(n.toFixed(0))]);"
    ),
])
func conversionFix(_ testCase: ConversionFixCase) {
    let fixture = FixFixture(testCase.source)
    let conversion = fixture.conversion(testCase.conversionName, whole: testCase.whole, operand: testCase.operand)
    let finding = typeMismatch(
        conversion.expressionRange, conversion: conversion, table: testCase.table, column: testCase.column,
        affinity: testCase.affinity, valueKind: testCase.valueKind
    )
    let result = applyingFix(titled: testCase.expectedTitle, for: finding, in: fixture, queries: [])
    #expect(result == testCase.expected)
}

@Test func removingAConversionIsPreferredAndSafeAndComesWithTheSchemaAlternative() throws {
    let fixture = FixFixture("db.get('SELECT * FROM sessions WHERE user_id = ?', [parseInt(userId)]);")
    let conversion = fixture.conversion("parseInt", whole: "parseInt(userId)", operand: "userId")
    let finding = typeMismatch(conversion.expressionRange, conversion: conversion)
    let fixes = CodeFixProvider().fixes(for: finding, in: CodeFixContext(text: fixture.bytes, queries: [], findings: [finding], schema: FixSchemas.context))
    #expect(fixes.map(\.title) == [
        "Remove parseInt(): sessions.user_id is TEXT",
        "Change column sessions.user_id from TEXT to INTEGER (rebuilds table sessions after a backup)",
    ])
    let code = try #require(fixes.first)
    #expect(code.isPreferred && code.isSafeForFixAll && code.kind == .quickFix)
    let schema = try #require(fixes.last)
    #expect(schema.repairStepIdentifier == "change-column-type:sessions.user_id:INTEGER")
    #expect(!schema.isSafeForFixAll && !schema.isPreferred && schema.kind == .schemaRepair)
}

@Test func aStringConversionCanAlsoBecomeANumberConversion() {
    // `String(published)` of a boolean: `Number(published)` stores 1/0 where dropping String() would bind a boolean.
    let fixture = FixFixture("db.run('UPDATE posts SET published = ? WHERE id = ?', [String(published), id]);")
    let conversion = fixture.conversion("String", whole: "String(published)", operand: "published")
    let finding = typeMismatch(conversion.expressionRange, conversion: conversion, table: "posts", column: "published", affinity: "INTEGER", valueKind: .string)
    #expect(applyingFix(titled: "Convert with Number() instead of String(): posts.published is INTEGER", for: finding, in: fixture, queries: [], schema: .empty)
        == "db.run('UPDATE posts SET published = ? WHERE id = ?', [Number(published), id]);")
    let fixes = CodeFixProvider().fixes(for: finding, in: CodeFixContext(text: fixture.bytes, queries: [], findings: [finding], schema: .empty))
    #expect(fixes.map(\.title) == ["Remove String(): posts.published is INTEGER", "Convert with Number() instead of String(): posts.published is INTEGER"])
    // Neither is applied unattended: the operand may be a boolean or an object.
    #expect(fixes.map(\.isSafeForFixAll) == [false, false])
    #expect(fixes.map(\.isPreferred) == [true, false])
}

@Test func aStringConversionOnAnIntegerColumnOffersChangingItToText() {
    let fixture = FixFixture("db.run('UPDATE users SET age = ?', [String(age)]);")
    let conversion = fixture.conversion("String", whole: "String(age)", operand: "age")
    let finding = typeMismatch(conversion.expressionRange, conversion: conversion, table: "users", column: "age", affinity: "INTEGER", valueKind: .string)
    let fixes = CodeFixProvider().fixes(for: finding, in: CodeFixContext(text: fixture.bytes, queries: [], findings: [finding], schema: FixSchemas.context))
    #expect(fixes.compactMap(\.repairStepIdentifier) == ["change-column-type:users.age:TEXT"])
}

@Test func aConversionThatCannotBeUndoneOffersOnlyTheSchemaFix() {
    // `Number(date.toISOString())` would be NaN: no code fix.
    let fixture = FixFixture("db.run('UPDATE users SET age = ?', [date.toISOString()]);")
    let conversion = fixture.conversion("toISOString", whole: "date.toISOString()", operand: "date")
    let finding = typeMismatch(conversion.expressionRange, conversion: conversion, table: "users", column: "age", affinity: "INTEGER", valueKind: .string)
    let fixes = CodeFixProvider().fixes(for: finding, in: CodeFixContext(text: fixture.bytes, queries: [], findings: [finding], schema: FixSchemas.context))
    #expect(fixes.map(\.kind) == [.schemaRepair])
}

@Test func aConversionOutsideTheTextOffersNoEdit() {
    let fixture = FixFixture("db.all(sql, [x]);")
    let conversion = ValueConversion(name: "parseInt", expressionRange: 10..<400, operandRange: 20..<30)
    let finding = typeMismatch(10..<12, conversion: conversion)
    let fixes = CodeFixProvider().fixes(for: finding, in: CodeFixContext(text: fixture.bytes, queries: [], findings: [finding], schema: .empty))
    #expect(fixes.isEmpty)
}

@Test(arguments: [
    ("db.run('UPDATE sessions SET user_id = ?', [42]);", "42", ValueKind.number, "sessions", "user_id", "TEXT",
     "Write 42 as the text '42': sessions.user_id is TEXT", "db.run('UPDATE sessions SET user_id = ?', ['42']);"),
    ("db.run('UPDATE users SET age = ?', ['42']);", "'42'", ValueKind.string, "users", "age", "INTEGER",
     "Write '42' as the number 42: users.age is INTEGER", "db.run('UPDATE users SET age = ?', [42]);"),
])
func aLiteralIsRewrittenInTheColumnsType(source: String, literal: String, kind: ValueKind, table: String, column: String, affinity: String, title: String, expected: String) {
    let fixture = FixFixture(source)
    let range = fixture.range(of: literal, occurrence: literal == "'42'" ? 1 : 1)
    let conversion = ValueConversion(name: "literal", expressionRange: range, operandRange: range)
    let finding = typeMismatch(range, conversion: conversion, table: table, column: column, affinity: affinity, valueKind: kind)
    #expect(applyingFix(titled: title, for: finding, in: fixture, queries: []) == expected)
}

@Test func aLiteralThatIsNotAPlainNumberGetsOnlyTheSchemaFix() {
    let fixture = FixFixture("db.run('UPDATE users SET age = ?', ['042']);")
    let range = fixture.range(of: "'042'")
    let finding = typeMismatch(range, conversion: ValueConversion(name: "literal", expressionRange: range, operandRange: range),
                               table: "users", column: "age", affinity: "INTEGER", valueKind: .string)
    let fixes = CodeFixProvider().fixes(for: finding, in: CodeFixContext(text: fixture.bytes, queries: [], findings: [finding], schema: FixSchemas.context))
    #expect(fixes.map(\.kind) == [.schemaRepair])
}

@Test func withoutADatabaseThereIsNoSchemaRepair() {
    let fixture = FixFixture("db.get('SELECT * FROM sessions WHERE user_id = ?', [parseInt(userId)]);")
    let conversion = fixture.conversion("parseInt", whole: "parseInt(userId)", operand: "userId")
    let finding = typeMismatch(conversion.expressionRange, conversion: conversion)
    let migrationsOnly = SchemaContext(checkedSchema: FixSchemas.context.checkedSchema)
    let fixes = CodeFixProvider().fixes(for: finding, in: CodeFixContext(text: fixture.bytes, queries: [], findings: [finding], schema: migrationsOnly))
    #expect(fixes.map(\.title) == ["Remove parseInt(): sessions.user_id is TEXT"])
}
