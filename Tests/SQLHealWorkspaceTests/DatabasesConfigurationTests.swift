import Foundation
import SQLHealAnalysis
import SQLHealSQLite
import SQLHealTestSupport
import Testing
@testable import SQLHealWorkspace

/// The `databases` key: receivers and paths tie queries to a database other than the main one,
/// checked against its own database file or schema files, or not at all.
@Suite("Databases configuration")
struct DatabasesConfigurationTests {
    static let files: [String: String] = [
        "migrations/1_init.sql": "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL);",
        "import/schema.sql": "CREATE TABLE documents (id INTEGER PRIMARY KEY, title TEXT);",
        "sqlheal.json": """
            { "databases": [
                { "name": "import", "schema": ["import/*.sql"], "receivers": ["this.importDB"], "paths": ["src/import/**"] },
                { "name": "cache", "receivers": ["cacheDB"] },
                { "name": "main", "receivers": ["Zotero.DB"] }
            ] }
            """,
        "src/app.js": """
            db.all('SELECT emial FROM users');
            class Importer { run() { return this.importDB.all('SELECT titel FROM documents'); } }
            cacheDB.all('SELECT nothing FROM whatever');
            Zotero.DB.queryAsync('SELECT email FROM documents');
            """,
        "src/import/reader.js": """
            db.all('SELECT id, titl FROM documents');
            db.all('SELECT * FROM users');
            """,
    ]

    /// `data/app.db` (the main database: `users`) and `data/cache.db` (another: `entries`).
    static func makeAppAndCacheDatabases(in project: TemporaryProject) throws {
        try project.makeDirectory("data")
        for (name, ddl) in [("data/app.db", "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL);"), ("data/cache.db", "CREATE TABLE entries (key TEXT PRIMARY KEY, value BLOB, expires INTEGER);")] {
            let connection = try SQLiteConnection(path: project.path(name), mode: .readWriteCreate)
            try connection.execute(ddl)
        }
    }

    func findings(_ project: TemporaryProject) -> [String] {
        let workspace = ProjectWorkspace.load(root: project.root)
        let scan = workspace.scanProject()
        return (workspace.workspaceFindings + scan.findings).map { finding in
            "\(WorkspacePath.display(finding.path, root: project.root)):\(finding.line1) \(finding.finding.code.rawValue) \(finding.finding.message.prefix(40))"
        }.sorted()
    }

    @Test func receiversAndPathsChooseTheSchema() throws {
        let project = try TemporaryProject(Self.files)
        let found = findings(project)
        #expect(found.count == 5, "\(found)")
        #expect(found.contains { $0.hasPrefix("src/app.js:1 missing-column") && $0.contains("emial") })
        #expect(found.contains { $0.hasPrefix("src/app.js:2 missing-column") && $0.contains("titel") }, "checked against import/schema.sql")
        #expect(found.contains { $0.hasPrefix("src/app.js:4 missing-table") && $0.contains("documents") }, "Zotero.DB is the main database")
        #expect(found.contains { $0.hasPrefix("src/import/reader.js:1 missing-column") && $0.contains("titl") })
        #expect(found.contains { $0.hasPrefix("src/import/reader.js:2 missing-table") && $0.contains("users") }, "a file under import's paths runs there")
    }

    @Test func anotherDatabaseFileIsReadLikeTheMainOne() throws {
        let project = try TemporaryProject([
            "migrations/1_init.sql": "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL);",
            "sqlheal.json": #"{ "database": "data/app.db", "databases": [{ "name": "data/cache.db", "database": "data/cache.db" }] }"#,
            "src/cache.js": """
                import Database from 'better-sqlite3';
                const db = new Database('data/app.db');
                const cache = new Database('data/cache.db');
                db.prepare('SELECT email FROM users').all();
                cache.prepare('SELECT value, expirez FROM entries').all();
                """,
        ])
        try Self.makeAppAndCacheDatabases(in: project)
        let found = findings(project)
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.hasPrefix("src/cache.js:5 missing-column") == true)
    }

    /// The connections are created in one module and imported by others (directly, through a
    /// re-export, under another name): each query runs where its imported connection points.
    @Test func aConnectionImportedFromAnotherFileKeepsItsDatabase() throws {
        let project = try TemporaryProject([
            "migrations/1_init.sql": "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL);",
            "sqlheal.json": #"{ "database": "data/app.db", "databases": [{ "name": "data/cache.db", "database": "data/cache.db" }] }"#,
            "src/db.ts": """
                import Database from 'better-sqlite3';
                export const db = new Database('data/app.db');
                export const cache = new Database('data/cache.db');
                """,
            "src/index.ts": "export { cache as cacheDB, db } from './db';\n",
            "src/users.ts": """
                import { db, cache } from './db';
                export const emails = () => db.prepare('SELECT emial FROM users').all();
                export const entries = () => cache.prepare('SELECT value, expirez FROM entries').all();
                export const notInCache = () => cache.prepare('SELECT email FROM users').all();
                """,
            "src/reexported.ts": """
                import { cacheDB } from './index';
                export const keys = () => cacheDB.prepare('SELECT kee FROM entries').all();
                """,
        ])
        try Self.makeAppAndCacheDatabases(in: project)
        let found = findings(project)
        #expect(found.count == 4, "\(found)")
        #expect(found.contains { $0.hasPrefix("src/users.ts:2 missing-column") && $0.contains("emial") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("src/users.ts:3 missing-column") && $0.contains("expirez") }, "checked against data/cache.db: \(found)")
        #expect(found.contains { $0.hasPrefix("src/users.ts:4 missing-table") && $0.contains("users") }, "not against the main database: \(found)")
        #expect(found.contains { $0.hasPrefix("src/reexported.ts:2 missing-column") && $0.contains("kee") }, "through a re-export under another name: \(found)")
    }

    /// Three databases opened on paths computed at run time, in a module other files import:
    /// each is told by the file name its path ends in. The main database's file (`database`)
    /// is the main one, a `databases` entry's file is that entry's, and one nothing names is
    /// never checked against the main schema.
    @Test func connectionsOnComputedPathsAreToldByTheirFileNames() throws {
        let project = ProjectFixture("""
            // @file sqlheal.json
            { "database": "data/app.db", "databases": [{ "name": "cache", "database": "data/cache.db" }] }
            // @file src/paths.ts
            import path from 'node:path';
            export const dataDir = process.env.DATA_DIR ?? path.join(__dirname, '..', 'data');
            // @file src/db.ts
            import Database from 'better-sqlite3';
            import path from 'node:path';
            import { dataDir } from './paths';
            export const db = new Database(path.join(dataDir, 'app.db'));
            export const cache = new Database(path.join(dataDir, 'cache.db'));
            export const sessions = new Database(`${dataDir}/sessions.sqlite`);
            // @file src/users.ts
            import { db, cache, sessions } from './db';
            export const emails = () => db.prepare('SELECT ⟦emial⟧ FROM users').all();
            export const entries = () => cache.prepare('SELECT value, ⟦expirez⟧ FROM entries').all();
            export const notInCache = () => cache.prepare('SELECT email FROM ⟦users⟧').all();
            export const tokens = () => sessions.prepare('SELECT token FROM sessions WHERE expires > ?').all(Date.now());
            """)
        let root = try project.write()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/data", withIntermediateDirectories: true)
        for (name, ddl) in [("data/app.db", "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL);"), ("data/cache.db", "CREATE TABLE entries (key TEXT PRIMARY KEY, value BLOB, expires INTEGER);")] {
            try SQLiteConnection(path: root + "/" + name, mode: .readWriteCreate).execute(ddl)
        }
        let workspace = ProjectWorkspace.load(root: root)
        let scan = workspace.scanProject()
        #expect(workspace.workspaceFindings.isEmpty, "\(workspace.workspaceFindings.map(\.finding.message))")
        for file in project.files where SourceLanguage(fileName: file.path) != nil {
            let findings = scan.findings.filter { $0.path.hasSuffix("/" + file.path) }
            #expect(findings.map(\.finding.range) == file.expectedRanges, "\(file.path): \(findings.map(\.finding.message))")
        }
    }

    /// No configuration: the database file the project holds (`data/app.db`, found) is the main
    /// one, and a connection on a computed path ending in its name runs there; the others are
    /// checked against no schema (syntax and values' count only).
    @Test func aComputedPathEndingInTheFoundDatabaseFileIsTheMainOne() throws {
        let project = ProjectFixture("""
            // @file src/db.ts
            import Database from 'better-sqlite3';
            import path from 'node:path';
            export const db = new Database(path.join(process.env.DATA_DIR ?? 'data', 'app.db'));
            export const cache = new Database(path.join(process.env.DATA_DIR ?? 'data', 'cache.db'));
            // @file src/users.ts
            import { db, cache } from './db';
            export const emails = () => db.prepare('SELECT ⟦emial⟧ FROM users').all();
            export const entries = () => cache.prepare('SELECT value, expirez FROM entries WHERE key = ?').all(key);
            export const broken = () => cache.prepare('SELECT value FROM entries WHERE key = ⟦?⟧').all();
            """)
        let root = try project.write()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/data", withIntermediateDirectories: true)
        try SQLiteConnection(path: root + "/data/app.db", mode: .readWriteCreate).execute("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL);")
        let workspace = ProjectWorkspace.load(root: root)
        #expect(workspace.configuration.databasePath?.hasSuffix("/data/app.db") == true)
        let scan = workspace.scanProject()
        for file in project.files where SourceLanguage(fileName: file.path) != nil {
            let findings = scan.findings.filter { $0.path.hasSuffix("/" + file.path) }
            #expect(findings.map(\.finding.range) == file.expectedRanges, "\(file.path): \(findings.map(\.finding.message))")
        }
    }

    /// A class holding its own connection, whose method is a query wrapper, used from another
    /// file: its callers' queries run on the class's database.
    @Test func aWrapperClassKeepsItsConnectionAcrossFiles() throws {
        let project = try TemporaryProject([
            "migrations/1_init.sql": "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL);",
            "sqlheal.json": #"{ "database": "data/app.db", "databases": [{ "name": "data/cache.db", "database": "data/cache.db" }] }"#,
            "src/store.ts": """
                import Database from 'better-sqlite3';
                export class CacheStore {
                  private db: Database.Database;
                  constructor() { this.db = new Database('data/cache.db'); }
                  getRows(query: string, params: unknown[] = []) { return this.db.prepare(query).all(...params); }
                }
                """,
            "src/users.ts": """
                import { CacheStore } from './store';
                const store = new CacheStore();
                export const entries = () => store.getRows('SELECT value, expirez FROM entries');
                export const notThere = () => store.getRows('SELECT email FROM users');
                """,
        ])
        try Self.makeAppAndCacheDatabases(in: project)
        let found = findings(project)
        #expect(found.count == 2, "\(found)")
        #expect(found.contains { $0.hasPrefix("src/users.ts:3 missing-column") && $0.contains("expirez") }, "checked against data/cache.db: \(found)")
        #expect(found.contains { $0.hasPrefix("src/users.ts:4 missing-table") && $0.contains("users") }, "not against the main database: \(found)")
    }

    /// A `databases` entry named like the schema the code attaches gives `x.` names their schema;
    /// a database attached without one stays silent.
    @Test func anAttachedDatabaseTakesItsSchemaFromConfiguration() throws {
        let project = try TemporaryProject([
            "migrations/1_init.sql": "CREATE TABLE items (id INTEGER PRIMARY KEY, title TEXT);",
            "fulltext/schema.sql": "CREATE TABLE words (wordID INTEGER PRIMARY KEY, word TEXT UNIQUE);\nCREATE INDEX words_by_word ON words(word);",
            "sqlheal.json": #"{ "databases": [{ "name": "ftindex", "schema": ["fulltext/schema.sql"] }] }"#,
            "src/index.js": """
                db.exec("ATTACH DATABASE 'fulltext.sqlite' AS ftindex");
                db.exec("ATTACH DATABASE 'cache.sqlite' AS cache");
                db.all('SELECT wordID, word FROM ftindex.words JOIN items ON items.id = ftindex.words.wordID');
                db.all('SELECT wrd FROM ftindex.words');
                db.all('SELECT * FROM ftindex.wordz');
                db.all('SELECT anything FROM cache.whatever');
                """,
        ])
        let found = findings(project)
        #expect(found.count == 2, "\(found)")
        #expect(found.contains { $0.hasPrefix("src/index.js:4 missing-column") && $0.contains("wrd") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("src/index.js:5 missing-table") && $0.contains("wordz") }, "\(found)")
    }

    static let brokenEntries: [(text: String, expected: String)] = [
        (#"{ "databases": {} }"#, "\"databases\" must be an array of objects, found an object"),
        (#"{ "databases": [{ "receivers": ["x"] }] }"#, "needs a \"name\""),
        (#"{ "databases": [{ "name": "a" }, { "name": "a" }] }"#, "two \"databases\" entries are named \"a\""),
        (#"{ "databases": [{ "name": "a", "recievers": ["x"] }] }"#, "unknown key \"recievers\" in a \"databases\" entry"),
        (#"{ "databases": [{ "name": "a", "schema": ["nothing/*.sql"] }] }"#, "no schema file found for \"a\""),
    ]

    @Test(arguments: brokenEntries)
    func brokenEntriesAreReportedOnTheConfiguration(_ testCase: (text: String, expected: String)) throws {
        let project = try TemporaryProject(["sqlheal.json": testCase.text])
        let workspace = ProjectWorkspace.load(root: project.root)
        let messages = workspace.workspaceFindings.map(\.finding.message)
        #expect(messages.contains { $0.contains(testCase.expected) }, "\(messages)")
        #expect(workspace.workspaceFindings.allSatisfy { $0.path == project.path("sqlheal.json") })
    }
}

/// A Prisma project says its database in `schema.prisma`: raw queries through its client are
/// checked as SQLite only when the datasource's provider is `sqlite`, and `prisma/migrations` of
/// another database is not read as the schema.
@Suite("Prisma datasource")
struct PrismaDatasourceTests {
    static func project(provider: String) -> [String: String] {
        [
            "package.json": #"{ "name": "app", "dependencies": { "@prisma/client": "5" } }"#,
            "prisma/schema.prisma": """
                // datasource old { provider = "mysql" }
                generator client {
                  provider = "prisma-client-js"
                }
                datasource db {
                  provider = "\(provider)"
                  url      = env("DATABASE_URL")
                }
                """,
            "prisma/migrations/20240101000000_init/migration.sql": """
                CREATE TABLE "User" ("id" INTEGER NOT NULL PRIMARY KEY, "email" TEXT NOT NULL);
                """,
            "src/users.ts": """
                import { PrismaClient } from '@prisma/client';
                const prisma = new PrismaClient();
                export const byEmail = (email: string) => prisma.$queryRaw`SELECT id, emial FROM "User" WHERE email = ${email}`;
                export const posts = () => prisma.$queryRawUnsafe('SELECT title FROM "Post"');
                """,
        ]
    }

    func errors(_ files: [String: String]) throws -> (errors: [String], sources: [String]) {
        let project = try TemporaryProject(files)
        let workspace = ProjectWorkspace.load(root: project.root)
        let scan = workspace.scanProject()
        let errors = (workspace.workspaceFindings + scan.findings).filter { $0.finding.severity == .error }.map { finding in
            "\(WorkspacePath.display(finding.path, root: project.root)):\(finding.line1) \(finding.finding.code.rawValue)"
        }.sorted()
        return (errors, workspace.schema.sources.map { WorkspacePath.display($0.path, root: project.root) })
    }

    @Test func aSQLiteProviderIsCheckedAgainstItsMigrations() throws {
        let (errors, sources) = try errors(Self.project(provider: "sqlite"))
        #expect(errors == ["src/users.ts:3 missing-column", "src/users.ts:4 missing-table"])
        #expect(sources == ["prisma/migrations"])
    }

    @Test(arguments: ["postgresql", "mysql", "sqlserver"])
    func anotherProviderIsNotSQLite(_ provider: String) throws {
        let (errors, sources) = try errors(Self.project(provider: provider))
        #expect(errors.isEmpty, "\(errors)")
        #expect(sources.isEmpty, "\(sources)")
    }

    @Test func theProviderIsReadFromTheDatasourceBlockOnly() {
        #expect(PrismaDatasource.provider(inSchema: """
            // datasource db { provider = "mysql" }
            datasource db {
              url      = env("DATABASE_URL")
              provider = "postgresql"
            }
            """) == "postgresql")
        #expect(PrismaDatasource.provider(inSchema: "generator client {\n  provider = \"prisma-client-js\"\n}") == nil)
    }
}
