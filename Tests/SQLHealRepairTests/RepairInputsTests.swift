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
