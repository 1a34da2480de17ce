import Testing
@testable import SQLHealAnalysis

@Test func fixAllAppliesEverySafeFixAndNoSchemaChange() {
    let fixture = FixFixture("""
        db.get('SELECT * FROM sessions WHERE user_id = ?', [parseInt(a)]);
        db.get('SELECT emial FROM users WHERE id = ?', [Number(b)]);
        """)
    let first = fixture.conversion("parseInt", whole: "parseInt(a)", operand: "a")
    let second = fixture.conversion("Number", whole: "Number(b)", operand: "b")
    let findings = [
        typeMismatch(first.expressionRange, conversion: first),
        Finding(code: .missingColumn, severity: .error, range: fixture.range(of: "emial"), message: "", fixHints: [.replaceName(suggestions: ["email"])]),
        typeMismatch(second.expressionRange, conversion: second, table: "sessions", column: "user_id"),
    ]
    let original = fixture.bytes
    let outcome = FixAll.applySafeFixes(to: original, schema: FixSchemas.context) { text in
        // The analysis of the original text; after the fixes, nothing is left.
        text == original ? DocumentAnalysis(queries: [], findings: findings) : DocumentAnalysis(queries: [], findings: [])
    }
    #expect(String(decoding: outcome.fixedText, as: UTF8.self) == """
        db.get('SELECT * FROM sessions WHERE user_id = ?', [a]);
        db.get('SELECT emial FROM users WHERE id = ?', [b]);
        """)
    #expect(outcome.appliedFixes.map(\.title) == ["Remove parseInt(): sessions.user_id is TEXT", "Remove Number(): sessions.user_id is TEXT"])
    #expect(outcome.rounds == 1 && !outcome.stoppedEarly)
}

@Test func conflictingFixesWaitForTheNextRound() {
    // Two values added to the same call insert at the same point: one per round.
    let fixture = FixFixture("db.all(`SELECT * FROM t WHERE a = ${a} AND b = ${b}`);")
    let query = fixture.query(literal: "`SELECT * FROM t WHERE a = ${a} AND b = ${b}`", holes: ["${a}", "${b}"])
    let findings = query.holes.map(rawInterpolation)
    let context = CodeFixContext(text: fixture.bytes, queries: [query], findings: findings, schema: .empty)
    let fixes = CodeFixProvider().fixes(in: context)
    #expect(fixes.count == 2)
    #expect(FixAll.selectNonConflicting(fixes).count == 1)
}

@Test func aFixThatNeverClearsItsFindingIsAppliedOnceAndTheRunEnds() {
    // An analysis that keeps reporting a mismatch at the same place whatever the text: the
    // fix is not applied twice there, and the run stops.
    let outcome = FixAll.applySafeFixes(to: Array("f([Number(x)]);".utf8), schema: .empty, configuration: FixAllConfiguration(maximumRounds: 50)) { text in
        let fixture = FixFixture(String(decoding: text, as: UTF8.self))
        guard fixture.text.contains("Number(") else {
            // Pretend the fixed value still mismatches through a non-removable conversion.
            let range = fixture.range(of: "x")
            let conversion = ValueConversion(name: "Number", expressionRange: range, operandRange: range)
            return DocumentAnalysis(queries: [], findings: [typeMismatch(range, conversion: conversion)])
        }
        let conversion = fixture.conversion("Number", whole: "Number(x)", operand: "x")
        return DocumentAnalysis(queries: [], findings: [typeMismatch(conversion.expressionRange, conversion: conversion)])
    }
    #expect(outcome.rounds <= 3)
    #expect(outcome.appliedFixes.filter { $0.title.hasPrefix("Remove Number()") }.count == 1)
}

@Test func theRoundBoundStopsALoop() {
    // A finding that always reappears one byte further: bounded by maximumRounds.
    let outcome = FixAll.applySafeFixes(to: Array("f([Number(x)]);".utf8), schema: .empty, configuration: FixAllConfiguration(maximumRounds: 4)) { text in
        let fixture = FixFixture(String(decoding: text, as: UTF8.self))
        let range = fixture.range(of: "x")
        let conversion = ValueConversion(name: "Math.round", expressionRange: range, operandRange: range)
        return DocumentAnalysis(queries: [], findings: [typeMismatch(range, conversion: conversion)])
    }
    #expect(outcome.rounds == 4)
    #expect(outcome.stoppedEarly)
}

@Test func editsThatConflictAreRejected() {
    let text = Array("abcdef".utf8)
    #expect(TextEditApplication.apply([ByteRangeEdit(range: 1..<3, newText: "X"), ByteRangeEdit(range: 2..<4, newText: "Y")], to: text) == nil)
    #expect(TextEditApplication.apply([.insertion(at: 2, "X"), .insertion(at: 2, "Y")], to: text) == nil)
    #expect(TextEditApplication.apply([ByteRangeEdit(range: 1..<3, newText: "X"), ByteRangeEdit(range: 3..<4, newText: "Y")], to: text) == Array("aXYef".utf8))
    #expect(TextEditApplication.apply([ByteRangeEdit(range: 4..<9, newText: "X")], to: text) == nil)
    #expect(TextEditApplication.mapOffset(5, through: [ByteRangeEdit(range: 1..<3, newText: "XYZ")]) == 6)
}
