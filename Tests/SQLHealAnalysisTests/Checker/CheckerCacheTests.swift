import Testing
@testable import SQLHealAnalysis

/// A warm analyzer (cache filled by earlier versions of the document) must report exactly what a
/// fresh one reports, after any edit.
@Suite struct CheckerCacheTests {
    static let document = """
        import Database from 'better-sqlite3';
        const db = new Database('app.db');
        export const a = (id) => db.all(`SELECT emial FROM users WHERE id = ${parseInt(id)}`);
        export const b = (x) => db.get('SELECT * FROM userz WHERE id = ? AND name = ?', [x]);
        db.exec('CREATE TEMP TABLE scratch (id INTEGER, label TEXT)');
        export const c = () => db.all('SELECT lable FROM scratch');
        export const d = (email) => db.all(`SELECT * FROM users WHERE email = ${email.toString()} AND age = ${String(age)}`);
        """

    static let edits: [(String, String)] = [
        ("import Database", "// a comment that moves everything\nimport Database"),
        ("export const b", "const filler = 1;\nexport const b"),
        ("SELECT emial", "SELECT email"),
        ("[x]", "[x, y]"),
        ("CREATE TEMP TABLE scratch (id INTEGER, label TEXT)", "CREATE TEMP TABLE scratch (id INTEGER, lable TEXT)"),
        ("export const d", "\n\n\nexport const d"),
    ]

    @Test func warmAnalysisEqualsFreshAnalysisAfterEveryEdit() {
        let warm = DocumentAnalyzer(schema: CheckerFixtures.context)
        var text = Self.document
        _ = warm.analyze(text, language: .javascript)
        for (target, replacement) in Self.edits {
            text = text.replacing(target, with: replacement)
            let cached = warm.analyze(text, language: .javascript).findings
            let fresh = DocumentAnalyzer(schema: CheckerFixtures.context).analyze(text, language: .javascript).findings
            #expect(cached == fresh, "after replacing `\(target)`")
            #expect(!fresh.isEmpty)
        }
    }

    @Test func concurrentAnalysesAgree() async {
        let analyzer = DocumentAnalyzer(schema: CheckerFixtures.context)
        let expected = DocumentAnalyzer(schema: CheckerFixtures.context).analyze(Self.document, language: .javascript).findings
        let results = await withTaskGroup(of: [Finding].self) { group in
            for index in 0..<8 {
                group.addTask {
                    let text = index % 2 == 0 ? Self.document : "\n" + Self.document
                    let findings = analyzer.analyze(text, language: .javascript).findings
                    return index % 2 == 0 ? findings : findings.map { $0.shifted(by: -1) }
                }
            }
            var all: [[Finding]] = []
            for await result in group { all.append(result) }
            return all
        }
        for result in results { #expect(result == expected) }
    }
}
