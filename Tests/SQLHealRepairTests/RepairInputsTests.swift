import Foundation
import SQLHealAnalysis
import SQLHealRepair
import SQLHealTestSupport
import SQLHealWorkspace
import Testing

/// What a repair infers from is what the diagnostics show: the code read with the project's
/// modules (issue 13), so a table named by a constant another file exports is evidence too.
@Suite struct RepairInputsTests {
    static let project = ProjectFixture("""
        // @file sqlheal.json
        { "database": "app.db" }
        // @file src/tables.js
        export const EVENTS = 'events';
        // @file src/read.js
        import { EVENTS } from './tables.js';
        export const recent = (db, kind) => db.all(`SELECT kind, created_at FROM ${EVENTS} WHERE kind = ?`, [kind]);
        """)

    @Test func aTableNamedByAnImportedConstantIsUsage() throws {
        let root = try Self.project.write()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let inputs = try RepairProjectInputs.load(root: root)
        let events = try #require(inputs.codeUsage.first { $0.name == "events" })
        #expect(events.columns.map(\.name) == ["kind", "created_at"])
    }

    static let otherDatabases = ProjectFixture("""
        // @file sqlheal.json
        { "database": "app.db", "databases": [{ "name": "cache", "schema": ["cache.sql"], "paths": ["cache/**"] }] }
        // @file cache.sql
        CREATE TABLE entries (key TEXT PRIMARY KEY, value TEXT);
        // @file src/main.js
        export const recent = (db) => db.all('SELECT kind FROM events WHERE kind = ?', ['x']);
        // @file src/reports.js
        import { Pool } from 'pg';
        const pool = new Pool({ connectionString: process.env.DATABASE_URL });
        export const totals = () => pool.query('SELECT amount FROM invoices WHERE id = $1', [1]);
        // @file cache/read.js
        export const cached = (db) => db.all('SELECT hits FROM lookups WHERE key = ?', ['k']);
        """)

    @Test func queriesOnAnotherDatabaseOrInAnotherDialectAreNoEvidence() throws {
        // The repair creates tables in the main database: a Postgres query, or one in a folder
        // the configuration gives to another database, says nothing of what it should hold.
        let root = try Self.otherDatabases.write()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let loaded = try RepairProjectInputs.load(root: root)
        #expect(loaded.codeUsage.map(\.name) == ["events"])
        let workspace = ProjectWorkspace.load(root: root, options: .init())
        #expect(RepairProjectInputs(workspace: workspace).codeUsage.map(\.name) == ["events"])
    }

    @Test func anOpenBufferWinsOverTheFileItImports() throws {
        let root = try Self.project.write()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let workspace = ProjectWorkspace.load(root: root, options: .init())
        let buffers = [root + "/src/tables.js": Array("export const EVENTS = 'audit_events';\n".utf8)]
        let inputs = RepairProjectInputs(workspace: workspace, openBuffers: buffers)
        #expect(inputs.codeUsage.map(\.name).contains("audit_events"))
        #expect(!inputs.codeUsage.map(\.name).contains("events"))
    }
}
