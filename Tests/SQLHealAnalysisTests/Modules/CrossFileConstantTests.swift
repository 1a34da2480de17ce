import Testing
import SQLHealTestSupport
@testable import SQLHealAnalysis

/// Names from other files: a query's holes resolve through the project's ``ModuleIndex`` when
/// they hold constants, whatever way the constant is exported and imported.
@Suite struct CrossFileConstantTests {
    static let schema = SchemaContext(checkedSchema: CheckerFixtures.schema("""
        CREATE TABLE messages (id INTEGER PRIMARY KEY, body TEXT, sent_at INTEGER);
        CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL);
        """))

    /// Checks every file of the project; each file's findings (of `codes`) must be exactly its `⟦…⟧`
    /// ranges with `expected[path]`, in order. Files not named in `expected` must have none.
    func checkProject(
        _ fixture: String,
        _ expected: [String: [ExpectedFinding]],
        settings: ModuleResolutionSettings = .none,
        codes: Set<FindingCode> = checkerCodes,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let project = ProjectFixture(fixture)
        let findings = project.analyze(with: DocumentAnalyzer(schema: Self.schema), settings: settings)
        for file in project.files {
            compare(findings: (findings[file.path] ?? []).filter { codes.contains($0.code) }, source: file.text,
                    expectedRanges: file.expectedRanges, expected: expected[file.path] ?? [], sourceLocation: sourceLocation)
        }
    }

    @Test func namedExportOfATableName() {
        checkProject("""
            // @file src/tables.ts
            export const MESSAGES_TABLE = 'messages';
            // @file src/read.ts
            import { MESSAGES_TABLE } from './tables';
            db.all(`SELECT ⟦bodyy⟧ FROM ${MESSAGES_TABLE} WHERE id = ?`, [id]);
            """, ["src/read.ts": [ExpectedFinding(.missingColumn, "`bodyy`")]])
    }

    @Test func misspeltImportedTableIsReportedOnTheName() {
        checkProject("""
            // @file src/tables.js
            exports.MESSAGES = 'mesages';
            // @file src/read.js
            const { MESSAGES } = require('./tables');
            db.all(`SELECT body FROM ${⟦MESSAGES⟧}`);
            """, ["src/read.js": [ExpectedFinding(.missingTable, "mesages")]])
    }

    @Test func aliasesReExportsAndStar() {
        checkProject("""
            // @file src/db/names.ts
            export const T = 'messages';
            // @file src/db/index.ts
            export { T as MESSAGES } from './names';
            export * from './columns';
            // @file src/db/columns.ts
            const BODY = 'body';
            export { BODY as BODY_COLUMN };
            // @file src/read.ts
            import { MESSAGES, BODY_COLUMN } from './db';
            db.all(`SELECT ${BODY_COLUMN}, ⟦sentat⟧ FROM ${MESSAGES}`);
            """, ["src/read.ts": [ExpectedFinding(.missingColumn, "`sentat`")]])
    }

    @Test func objectsEnumsNamespacesAndDefaults() {
        checkProject("""
            // @file src/tables.ts
            export const TABLES = { messages: 'messages', users: 'users' } as const;
            export enum Column { Body = 'body', Sent = 'sent_at' }
            export default { USERS: 'users' };
            // @file src/read.ts
            import * as names from './tables';
            import defaults, { TABLES, Column } from './tables';
            db.all(`SELECT ${Column.Body}, ⟦bdy⟧ FROM ${TABLES.messages}`);
            db.all(`SELECT ⟦mail⟧ FROM ${names.TABLES.users}`);
            db.all(`SELECT email FROM ${defaults.USERS}`);
            """, ["src/read.ts": [ExpectedFinding(.missingColumn, "`bdy`"), ExpectedFinding(.missingColumn, "`mail`")]])
    }

    @Test func commonJSModuleExportsObjectAndTemplatesOfConstants() {
        checkProject("""
            // @file lib/prefix.js
            const PREFIX = 'mess';
            module.exports = { PREFIX };
            // @file lib/tables.js
            const { PREFIX } = require('./prefix');
            const MESSAGES = `${PREFIX}ages`;
            module.exports = { MESSAGES, USERS: 'users' };
            // @file lib/read.js
            const tables = require('./tables');
            const USERS = require('./tables').USERS;
            db.all('SELECT ⟦bodi⟧ FROM ' + tables.MESSAGES);
            db.all(`SELECT email FROM ${USERS}`);
            """, ["lib/read.js": [ExpectedFinding(.missingColumn, "`bodi`")]])
    }

    @Test func jsExtensionIndexFilesAndTSConfigPaths() {
        checkProject("""
            // @file src/db/tables.ts
            export const MESSAGES = 'messages';
            // @file src/db/index.ts
            export * from './tables.js';
            // @file src/features/read.ts
            import { MESSAGES } from '@/db';
            import { MESSAGES as M2 } from 'db/tables';
            db.all(`SELECT ⟦bodyy⟧ FROM ${MESSAGES}`);
            db.all(`SELECT ⟦sent⟧ FROM ${M2}`);
            """, ["src/features/read.ts": [ExpectedFinding(.missingColumn, "`bodyy`"), ExpectedFinding(.missingColumn, "`sent`")]],
            settings: ModuleResolutionSettings(baseURL: "/project/src", paths: [.init(pattern: "@/*", targets: ["/project/src/*"])]))
    }

    @Test func unknownImportsAndPackagesStayHoles() {
        // A value that is not a constant, or a package the project does not hold, is unknown text:
        // nothing is reported about the SQL around it.
        checkProject("""
            // @file src/tables.ts
            export const TABLE = process.env.TABLE;
            // @file src/read.ts
            import { TABLE } from './tables';
            import { OTHER } from 'some-package';
            db.all(`SELECT body FROM ${TABLE}`);
            db.all(`SELECT body FROM ${OTHER}`);
            """, [:])
    }

    @Test func importedNumbersAndStringsAreNotRawInterpolation() {
        checkProject("""
            // @file src/limits.ts
            export const pageSize = 50;
            export const status = 'sent';
            // @file src/read.ts
            import { pageSize, status } from './limits';
            db.all(`SELECT body FROM messages WHERE body = '${status}' LIMIT ${pageSize}`);
            """, [:], codes: [.rawInterpolation])
    }

    @Test func editingTheExportingFileNamesItsDependents() {
        var index = ProjectFixture("""
            // @file src/tables.ts
            export const MESSAGES = 'messages';
            // @file src/barrel.ts
            export * from './tables';
            // @file src/a.ts
            import { MESSAGES } from './barrel';
            // @file src/b.ts
            import { MESSAGES } from './tables';
            // @file src/c.ts
            import { other } from './other';
            """).moduleIndex()
        let edited = QueryExtractor.moduleSummary(of: Array("export const MESSAGES = 'msgs';".utf8), language: .typescript, configuration: .default)
        #expect(index.update("/project/src/tables.ts", summary: edited) == ["/project/src/barrel.ts", "/project/src/a.ts", "/project/src/b.ts"])
        #expect(index.context(forFile: "/project/src/a.ts").constants["MESSAGES"] == .text("msgs"))
        // Same exports, other text: nobody else needs checking.
        let reformatted = QueryExtractor.moduleSummary(of: Array("// renamed\nexport const MESSAGES = 'msgs'".utf8), language: .typescript, configuration: .default)
        #expect(index.update("/project/src/tables.ts", summary: reformatted).isEmpty)
    }

    /// The module creating a connection its importers use: a new database file re-checks them; an
    /// edit that only moves the connection does not.
    @Test func editingAnImportedConnectionNamesItsImporters() {
        let connectionModule = """
            import Database from 'better-sqlite3';
            export const cache = new Database('cache.db');
            """
        var index = ProjectFixture("""
            // @file src/db.ts
            \(connectionModule)
            // @file src/users.ts
            import { cache } from './db';
            cache.prepare('SELECT value FROM entries').all();
            // @file src/other.ts
            import { other } from './other';
            """).moduleIndex()
        #expect(index.context(forFile: "/project/src/users.ts").importedConnectionSites["cache"]?.databasePath == "cache.db")
        let summary = { (text: String) in QueryExtractor.moduleSummary(of: Array(text.utf8), language: .typescript, configuration: .default) }
        #expect(index.update("/project/src/db.ts", summary: summary("// moved\n" + connectionModule)).isEmpty)
        let otherFile = connectionModule.replacingOccurrences(of: "cache.db", with: "other.db")
        #expect(index.update("/project/src/db.ts", summary: summary(otherFile)) == ["/project/src/users.ts"])
        #expect(index.context(forFile: "/project/src/users.ts").importedConnectionSites["cache"]?.databasePath == "other.db")
    }

    /// What an edit changes for files that do not import the edited one: the wrappers it defines
    /// (called by name anywhere) and the connections it creates (a global every file reaches).
    @Test func recordingAnEditNamesChangedWrappersAndConnections() {
        let store = """
            import Database from 'better-sqlite3';
            App.DB = new Database('app.db');
            export function rows(text, values) { return App.DB.prepare(text).all(values); }
            """
        var index = ProjectFixture("""
            // @file src/store.js
            \(store)
            // @file src/list.js
            rows('SELECT id FROM users WHERE id = ?', []);
            """).moduleIndex()
        let summary = { (text: String) in QueryExtractor.moduleSummary(of: Array(text.utf8), language: .javascript, configuration: .default) }
        #expect(index.record("/project/src/store.js", summary: summary("// moved\n" + store)).isEmpty)

        let notAWrapper = index.record("/project/src/store.js", summary: summary(store.replacingOccurrences(of: "prepare(text)", with: "prepare('SELECT 1')")))
        #expect(notAWrapper.changedWrapperNames == ["rows"])
        #expect(!notAWrapper.connectionSitesChanged)
        #expect(notAWrapper.importers.isEmpty)

        let postgres = index.record("/project/src/store.js", summary: summary(store.replacingOccurrences(of: "import Database from 'better-sqlite3';", with: "import { Pool } from 'pg';")
            .replacingOccurrences(of: "new Database('app.db')", with: "new Pool()")))
        #expect(postgres.connectionSitesChanged)
        #expect(postgres.changedWrapperNames.contains("rows"))
    }
}
