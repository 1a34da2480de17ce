import Foundation
import SQLHealAnalysis

/// Scanner and query extraction speed: throughput on a ~1 MB file mixing express handlers,
/// React components, repositories with SQL and regex-heavy utilities, and the extraction time
/// of a 5,000-line file (the didChange budget: a few milliseconds).
struct ScannerBenchmarks: BenchmarkSuite {
    let name = "scanner"

    /// Real-world-style snippets; `ℕ` is replaced by a counter so names differ.
    static let snippets: [String] = [
        """
        app.get('/users/:id', async (req, res) => {
          const idℕ = parseInt(req.params.id, 10);
          const userℕ = db.prepare('SELECT id, name, email FROM users WHERE id = ?').get(idℕ);
          if (!userℕ) return res.status(404).send(`No user with id ${idℕ}`);
          res.json({ user: userℕ, ratio: userℕ.name.length / 2 });
        });

        """,
        """
        export function Listℕ({ rows, title = 'Items' }) {
          return (
            <section aria-label={title} className="list">
              <h3>{title}: {rows.length / 1}</h3>
              {rows.map((r) => <li key={r.id} title={`row ${r.id}`}>{r.name}'s "entry"</li>)}
              <p>Select a theme — don't worry, it's easy.</p>
            </section>
          );
        }

        """,
        """
        const Qℕ = {
          byId: 'SELECT * FROM orders WHERE id = ?',
          recent: `SELECT id, total FROM orders WHERE created_at > ? ORDER BY created_at DESC LIMIT ${PAGE_SIZE}`,
        };
        export function recentℕ(since) {
          const rows = db.prepare(Qℕ.recent).all(since);
          return db.all('SELECT o.id, u.name FROM orders o ' + 'JOIN users u ON u.id = o.user_id WHERE o.status = ' + status, [since]);
        }

        """,
        """
        const slugℕ = /^[a-z0-9]+(?:-[a-z0-9]+)*$/, quotesℕ = /['"`]/g;
        export function parseℕ(text) {
          const parts = text.split(/\\s*,\\s*/);
          const n = parts.length / 2 / 3;
          // a comment with 'quotes' and `backticks` and SELECT * FROM nothing
          return [parts, n, `count: ${parts.length / 2} ${`nested ${'deep'}`}`, typeof /x/];
        }

        """,
        """
        class Repoℕ<T extends { id: number }> {
          #db: Database;
          private readonly limit: number = 1_000;
          find(id: number): T | undefined {
            return this.#db.prepare<[number], T>(sql`SELECT * FROM projects WHERE id = ${id}`.text).get(id) as T;
          }
          many(ids: readonly number[]): T[] {
            return this.#db.prepare(`SELECT * FROM projects WHERE id IN (${ids.map(() => '?').join(',')})`).all(...ids) as T[];
          }
        }

        """,
    ]

    /// A file of about `targetBytes` bytes cycling through the snippets.
    static func mixedFile(targetBytes: Int) -> [UInt8] {
        var bytes: [UInt8] = Array("const db = open(); const PAGE_SIZE = 25; let status = 'paid';\n".utf8)
        var counter = 0
        while bytes.count < targetBytes {
            let snippet = snippets[counter % snippets.count].replacingOccurrences(of: "ℕ", with: "\(counter)")
            bytes.append(contentsOf: snippet.utf8)
            counter += 1
        }
        return bytes
    }

    /// A file of exactly `lineCount` lines.
    static func file(lineCount: Int) -> [UInt8] {
        var lines: [Substring] = []
        var counter = 0
        while lines.count < lineCount {
            let snippet = snippets[counter % snippets.count].replacingOccurrences(of: "ℕ", with: "\(counter)")
            lines.append(contentsOf: snippet.split(separator: "\n", omittingEmptySubsequences: false).dropLast())
            counter += 1
        }
        return Array(lines.prefix(lineCount).joined(separator: "\n").utf8)
    }

    var benchmarks: [Benchmark] {
        let megabyte = Self.mixedFile(targetBytes: 1_000_000)
        let fiveThousandLines = Self.file(lineCount: 5_000)
        return [
            Benchmark(name: "scan 1 MB mixed JSX", iterations: 30) {
                let result = JavaScriptScanner.scan(megabyte, language: .javascriptReact)
                return result.tokens.isEmpty ? 0 : megabyte.count
            },
            Benchmark(name: "extract queries 1 MB mixed JSX", iterations: 30) {
                let queries = QueryExtractor.extractQueries(from: megabyte, language: .javascriptReact, configuration: .default)
                return queries.isEmpty ? 0 : megabyte.count
            },
            Benchmark(name: "extract queries 5,000-line file", iterations: 50) {
                let queries = QueryExtractor.extractQueries(from: fiveThousandLines, language: .typescriptReact, configuration: .default)
                return queries.isEmpty ? 0 : fiveThousandLines.count
            },
            Benchmark(name: "syntax check 5,000-line file", iterations: 50) {
                JavaScriptSyntaxCheck.problems(in: fiveThousandLines, language: .typescriptReact).count >= 0 ? fiveThousandLines.count : 0
            },
        ]
    }
}
