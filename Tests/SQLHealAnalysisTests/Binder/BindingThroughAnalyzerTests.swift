import Testing
@testable import SQLHealAnalysis

/// The binder's findings as the whole analysis publishes them: scanner → checker → rules.
struct BindingThroughAnalyzerTests {
    private func analyze(_ fixture: String) throws -> (findings: [Finding], expected: [ByteRange], text: [UInt8]) {
        let (source, markers) = BinderFixtures.strip(["⟦", "⟧"], from: fixture)
        var expected: [ByteRange] = []
        var openings: [Int] = []
        for (marker, offset) in markers {
            if marker == "⟦" { openings.append(offset) } else if let open = openings.popLast() { expected.append(open..<offset) }
        }
        expected.sort { ($0.lowerBound, $0.upperBound) < ($1.lowerBound, $1.upperBound) }
        let analyzer = DocumentAnalyzer(schema: SchemaContext(checkedSchema: try BinderFixtures.schema()))
        let analysis = analyzer.analyze(source, language: .typescript)
        let ours = analysis.findings.filter { $0.code == .typeMismatch || $0.code == .rawInterpolation }
        return (ours, expected, Array(source.utf8))
    }

    @Test func seedCaseAndNeighboursInOneFile() throws {
        let (findings, expected, text) = try analyze("""
            import Database from 'better-sqlite3';
            const db = new Database('app.db');
            const TABLE = 'sessions';

            export function sessionsFor(userId: string) {
              return db.prepare(`SELECT * FROM sessions WHERE user_id = ⟦${⟦parseInt(userId)⟧}⟧`).all();
            }

            export function byToken(token: string, limit: number) {
              // Correct: bound, and a string into a TEXT column.
              return db.prepare(`SELECT * FROM ${TABLE} WHERE token = ? LIMIT ?`).all(token, limit);
            }

            export function touch(id: string) {
              db.prepare('UPDATE sessions SET created_at = ? WHERE id = ?').run(⟦String(Date.now())⟧, parseInt(id));
            }

            export function strictInsert() {
              db.prepare('INSERT INTO strict_items (qty, label) VALUES (?, ?)').run(⟦'lots'⟧, 'x');
            }

            export function byIds(ids: number[]) {
              return db.prepare(`SELECT * FROM users WHERE id IN (${ids.map(() => '?').join(',')})`).all(...ids);
            }

            // Prose is not SQL: "Select the users whose id = 5".
            const label = `Select a user: ${name}`;
            """)
        #expect(findings.map { String(decoding: text[$0.range], as: UTF8.self) } == expected.map { String(decoding: text[$0], as: UTF8.self) })
        #expect(findings.map(\.code) == [.rawInterpolation, .typeMismatch, .typeMismatch, .typeMismatch])
        #expect(findings.map(\.severity) == [.warning, .warning, .warning, .error])
    }
}
