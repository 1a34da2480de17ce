import Foundation
import Testing
import SQLHealAnalysis
import SQLHealTestSupport
@testable import SQLHealWorkspace

/// The project model of modules through a whole project scan (what `sqlheal check` runs): files
/// read from disk, tsconfig.json aliases, each finding on its `⟦…⟧` range.
@Suite struct ProjectModulesTests {
    @Test func scanResolvesConstantsImportedThroughAliasesAndBarrels() throws {
        let project = ProjectFixture("""
            // @file migrations/1_init.sql
            CREATE TABLE messages (id INTEGER PRIMARY KEY, body TEXT, sent_at INTEGER);
            // @file tsconfig.json
            {
              // comments and trailing commas, as TypeScript allows
              "compilerOptions": { "baseUrl": ".", "paths": { "@db/*": ["src/db/*"], }, },
            }
            // @file src/db/tables.ts
            export const TABLES = { messages: 'messages' } as const;
            // @file src/db/index.ts
            export * from './tables.js';
            // @file src/read.ts
            import { TABLES } from '@db/index';
            db.all(`SELECT ⟦bodyy⟧ FROM ${TABLES.messages}`);
            // @file lib/legacy.js
            const { TABLES } = require('../src/db');
            db.all('SELECT ⟦sentat⟧ FROM ' + TABLES.messages);
            """)
        let root = try project.write()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let workspace = ProjectWorkspace.load(root: root)
        let scan = workspace.scanProject()
        for file in project.files where SourceLanguage(fileName: file.path) != nil {
            let findings = scan.findings.filter { $0.path.hasSuffix("/" + file.path) && $0.finding.code == .missingColumn }
            #expect(findings.map(\.finding.range) == file.expectedRanges, "\(file.path): \(findings.map(\.finding.message))")
        }
    }

    @Test func scanChecksCallsOfWrappersDefinedInOtherFiles() throws {
        let project = ProjectFixture("""
            // @file migrations/1_init.sql
            CREATE TABLE messages (id INTEGER PRIMARY KEY, body TEXT);
            // @file lib/store.js
            class Store {
              getRows(query, params) { return this.db.prepare(query).all(params); }
            }
            // @file lib/feature.js
            store.getRows('SELECT ⟦bodi⟧ FROM messages WHERE id = ?', [id]);
            """)
        let root = try project.write()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let scan = ProjectWorkspace.load(root: root).scanProject()
        let findings = scan.findings.filter { $0.path.hasSuffix("/lib/feature.js") && $0.finding.code == .missingColumn }
        #expect(findings.map(\.finding.range) == project.file("lib/feature.js")?.expectedRanges)
    }

    @Test func aBrokenOrMissingTSConfigMeansNoAliases() {
        #expect(TSConfigReader.settings(fromJSON: Array("{ not json".utf8), directory: "/p") == .none)
        let settings = TSConfigReader.settings(fromJSON: Array(#"{"compilerOptions":{"baseUrl":"src","paths":{"~/*":["app/*"]}}}"#.utf8), directory: "/p")
        #expect(settings == ModuleResolutionSettings(baseURL: "/p/src", paths: [.init(pattern: "~/*", targets: ["/p/src/app/*"])]))
    }
}
