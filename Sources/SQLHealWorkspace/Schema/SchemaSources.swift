import Dispatch
import SQLHealAnalysis
import Synchronization

/// One place the schema was read from, as `sqlheal schema` lists it.
public struct SchemaSource: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The database file (configured, or the single one found).
        case database
        /// A folder of SQL migrations applied in order.
        case migrations
        /// `prisma/migrations/<stamp>/migration.sql`.
        case prismaMigrations = "prisma-migrations"
        /// A Drizzle Kit folder, in its `meta/_journal.json` order.
        case drizzleMigrations = "drizzle-migrations"
        /// A `.sql` file that declares tables (`schema.sql`, `db/schema.sql`, any other outside tests).
        case schemaFile = "schema-file"
        /// A file the `schema` key of `sqlheal.json` lists.
        case configured
        /// A source file whose code runs schema statements.
        case code
        /// A source file with knex schema builder calls.
        case knex
    }

    public var kind: Kind
    /// Absolute path of the file or folder.
    public var path: String

    public init(kind: Kind, path: String) {
        self.kind = kind
        self.path = path
    }
}

/// Finds the schema sources of a project that has no configuration for them, in this order
/// (README, "Where the schema comes from"):
///
/// 1. the database: `database` configured, else the single `*.db` / `*.sqlite` / `*.sqlite3` at
///    the root, else the single one in `db/` and `data/`;
/// 2. SQL migrations: `migrations` configured, else the first of `migrations/`,
///    `db/migrations/`, `prisma/migrations/`, `drizzle/`, `src/migrations/`, `src/db/migrations/`
///    holding `.sql` files;
/// 3. schema files: the `schema` key when set (its entries in order); else `schema.sql`,
///    `db/schema.sql`, then every other `.sql` file outside tests and migrations that declares a
///    table, in natural order;
/// 4. the code: schema statements in the project's source files (tests left out), knex builder
///    calls included, file by file in natural order of their paths.
public enum SchemaSourceDetector {
    /// Folder names whose files are tests or fixtures, never the app's schema.
    static let testFolderNames: Set<String> = ["test", "tests", "__tests__", "spec", "specs", "fixtures", "__fixtures__", "e2e", "testdata", "__mocks__"]

    /// The SQL files to apply, in order, with their role and the sources they make up.
    /// `discoveredSQLFiles`: the `.sql` files a walk of the project already found (``ProjectSources/sqlFiles``).
    public static func sqlFiles(configuration: WorkspaceConfiguration, discoveredSQLFiles: [String]? = nil) -> (files: [SchemaScriptFile], sources: [SchemaSource]) {
        var files: [SchemaScriptFile] = []
        var sources: [SchemaSource] = []
        var seen: Set<String> = []
        let migrationFiles = configuration.migrationsPath.map(MigrationLoader.migrationFiles(at:)) ?? []

        func add(_ path: String, role: SchemaScriptFile.Role) {
            guard seen.insert(path).inserted else { return }
            files.append(SchemaScriptFile(path: path, role: role))
        }

        if let patterns = configuration.schemaPatterns {
            let migrationSet = Set(migrationFiles)
            for pattern in patterns {
                for path in expand(pattern, configuration: configuration) where !seen.contains(path) {
                    add(path, role: migrationSet.contains(path) ? .migration : .schemaFile)
                    sources.append(SchemaSource(kind: .configured, path: path))
                }
            }
            if let folder = configuration.migrationsPath, migrationFiles.contains(where: { !seen.contains($0) }) {
                sources.append(SchemaSource(kind: migrationKind(of: folder), path: folder))
                for path in migrationFiles { add(path, role: .migration) }
            }
            return (files, sources)
        }

        if let folder = configuration.migrationsPath, !migrationFiles.isEmpty {
            sources.append(SchemaSource(kind: migrationKind(of: folder), path: folder))
            for path in migrationFiles { add(path, role: .migration) }
        }
        for path in detectedSchemaFiles(configuration: configuration, migrationFolder: configuration.migrationsPath, candidates: discoveredSQLFiles) where !seen.contains(path) {
            add(path, role: .schemaFile)
            sources.append(SchemaSource(kind: .schemaFile, path: path))
        }
        return (files, sources)
    }

    static func migrationKind(of folder: String) -> SchemaSource.Kind {
        if MigrationLoader.drizzleJournalFiles(in: folder) != nil { return .drizzleMigrations }
        if folder.hasSuffix("prisma/migrations") { return .prismaMigrations }
        return .migrations
    }

    /// A `schema` entry: a file, a folder (its migrations), or a glob relative to the root.
    static func expand(_ pattern: String, configuration: WorkspaceConfiguration) -> [String] {
        let isGlob = pattern.contains { "*?[{".contains($0) }
        guard isGlob else {
            return MigrationLoader.migrationFiles(at: WorkspacePath.resolve(pattern, against: configuration.root))
        }
        let rules = FileDiscoveryRules(include: [GlobPattern(pattern)], exclude: configuration.discovery.exclude, usesGitIgnore: false)
        let found = FileDiscovery.discover(root: configuration.root, rules: rules).files
        return found.sorted { NaturalOrder.isOrderedBefore(WorkspacePath.display($0, root: configuration.root), WorkspacePath.display($1, root: configuration.root)) }
    }

    /// `schema.sql`, `db/schema.sql`, then every other `.sql` file that declares a table, outside
    /// tests, the migrations folder and excluded or ignored folders.
    static func detectedSchemaFiles(configuration: WorkspaceConfiguration, migrationFolder: String?, candidates discovered: [String]? = nil) -> [String] {
        let root = configuration.root
        var result: [String] = []
        // Another database's schema (`databases[].schema`) is never the main one's.
        let otherDatabaseFiles = Set(configuration.databases.flatMap(OtherDatabaseSchemas.schemaFiles))
        // A Prisma project on another database keeps that database's SQL under `prisma/`.
        let prismaSpeaksSQLite = (configuration.analysis.extraction.connections.libraryDialects["prisma"] ?? .sqlite) == .sqlite
        for conventional in ["schema.sql", "db/schema.sql"] {
            let path = WorkspacePath.join(root, conventional)
            if FileKind.of(path) == .regularFile, !otherDatabaseFiles.contains(path) { result.append(path) }
        }
        let rules = FileDiscoveryRules(include: [GlobPattern("**/*.sql")], exclude: configuration.discovery.exclude)
        let candidates = (discovered ?? FileDiscovery.discover(root: root, rules: rules).files).filter { path in
            guard !result.contains(path), !otherDatabaseFiles.contains(path), let relative = WorkspacePath.relative(path, to: root) else { return false }
            if let migrationFolder, path.hasPrefix(migrationFolder + "/") { return false }
            if !prismaSpeaksSQLite, relative.hasPrefix("prisma/") { return false }
            let segments = relative.split(separator: "/").dropLast()
            if segments.contains(where: { testFolderNames.contains($0.lowercased()) }) { return false }
            return !MigrationLoader.isDownMigration(WorkspacePath.lastComponent(path).lowercased())
        }
        let declaring = candidates.filter { path in
            guard case .success(let bytes) = FileBytes.read(path, maximumSize: MigrationLoader.maximumFileSize) else { return false }
            return declaresTable(bytes)
        }
        return result + declaring.sorted { NaturalOrder.isOrderedBefore(WorkspacePath.display($0, root: root), WorkspacePath.display($1, root: root)) }
    }

    /// Whether SQL text holds `CREATE [TEMP|VIRTUAL] TABLE` (any case, any spacing).
    static func declaresTable(_ bytes: [UInt8]) -> Bool {
        var words: [String] = []
        var index = 0
        while index < bytes.count {
            guard MigrationLoader.isIdentifierByte(bytes[index]) else { index += 1; continue }
            let start = index
            while index < bytes.count, MigrationLoader.isIdentifierByte(bytes[index]) { index += 1 }
            guard index - start <= 9 else { words.removeAll(); continue }
            let word = String(decoding: bytes[start..<index].map(MigrationLoader.asciiLowercase), as: UTF8.self)
            if word == "table", let create = words.last(where: { !["temp", "temporary", "virtual"].contains($0) }), create == "create" { return true }
            words.append(word)
            if words.count > 3 { words.removeFirst() }
        }
        return false
    }

    // MARK: - Code

    /// Whether a project file is a test (its statements set up a test database, not the app's).
    static func isTestFile(_ path: String, root: String) -> Bool {
        guard let relative = WorkspacePath.relative(path, to: root) else { return false }
        if relative.split(separator: "/").dropLast().contains(where: { testFolderNames.contains($0.lowercased()) }) { return true }
        let name = WorkspacePath.lastComponent(path).lowercased()
        return name.contains(".test.") || name.contains(".spec.")
    }

    /// The schema statements every project source file runs (tests left out), read in parallel;
    /// files without any are left out. `openBuffers` (absolute path → text) win over the disk.
    ///
    /// Names imported from other files (a table name held in a constant another module exports)
    /// resolve through the project's ``ModuleIndex``. `sources`: the files already read and
    /// extracted for the job (`sqlheal check` shares them with its scan); read here otherwise.
    public static func codeFiles(configuration: WorkspaceConfiguration, openBuffers: [String: [UInt8]] = [:], sources: ProjectSources? = nil) -> [CodeSchemaFile] {
        let sources = sources ?? ProjectSources(configuration: configuration, openBuffers: openBuffers)
        let paths = sources.discovered.files.filter { !isTestFile($0, root: configuration.root) }
        let collected = LockedResults<CodeSchemaFile>(count: paths.count)
        DispatchQueue.concurrentPerform(iterations: paths.count) { index in
            let path = paths[index]
            guard let language = SourceLanguage(fileName: path), case .success(let bytes)? = sources.read(path),
                  CodeSchemaReader.mayHoldSchemaCode(bytes: bytes),
                  let extracted = sources.extractionInContext(of: path, configuration: sources.extraction) else { return }
            let tokens = JavaScriptScanner.scan(bytes, language: language).tokens
            let statements = CodeSchemaReader.statements(in: bytes, tokens: tokens, queries: extracted.queries)
            if !statements.isEmpty { collected.store(CodeSchemaFile(path: path, bytes: bytes, statements: statements), at: index) }
        }
        return runOrder(collected.values(), modules: sources.modules)
    }

    /// Whether the source file at `path`, with the text `bytes`, runs schema statements that
    /// ``codeFiles(configuration:openBuffers:sources:)`` would take into the schema. A file that
    /// starts doing so after the schema was read (a `CREATE TABLE` added to the code) means the
    /// schema must be read again; the others (all but a few files) cost one byte scan.
    public static func runsSchemaStatements(path: String, bytes: [UInt8], configuration: WorkspaceConfiguration) -> Bool {
        guard !isTestFile(path, root: configuration.root), let language = SourceLanguage(fileName: path),
              CodeSchemaReader.mayHoldSchemaCode(bytes: bytes) else { return false }
        let scan = JavaScriptScanner.scan(bytes, language: language)
        let extracted = QueryExtractor.extract(from: bytes, scan: scan, configuration: configuration.analysis.extraction, context: .empty)
        return !CodeSchemaReader.statements(in: bytes, tokens: scan.tokens, queries: extracted.queries).isEmpty
    }

    /// The order code files run their schema statements in, as far as the code shows it: a
    /// file that imports another runs before it (a migration chain calls the next module's steps
    /// after its own: `updateSchema()` ends with `updateSessionSchema()`); otherwise natural order
    /// of the paths.
    static func runOrder(_ files: [CodeSchemaFile], modules: ModuleIndex) -> [CodeSchemaFile] {
        let sorted = files.sorted { NaturalOrder.isOrderedBefore($0.path, $1.path) }
        let byPath = Dictionary(sorted.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        var visited: Set<String> = []
        var postorder: [String] = []
        func visit(_ path: String) {
            guard visited.insert(path).inserted else { return }
            let imported = modules.importedFiles(of: path).filter { byPath[$0] != nil }
            for next in imported.sorted(by: NaturalOrder.isOrderedBefore).reversed() { visit(next) }
            postorder.append(path)
        }
        for file in sorted.reversed() { visit(file.path) }
        return postorder.reversed().compactMap { byPath[$0] }
    }

    /// The sources the code files make up.
    static func codeSources(_ files: [CodeSchemaFile]) -> [SchemaSource] {
        files.map { file in
            SchemaSource(kind: file.statements.allSatisfy { $0.origin == .knex } ? .knex : .code, path: file.path)
        }
    }
}

/// Results stored by concurrent workers, one slot each (`sqlheal mcp`'s `find_queries` uses it too).
public final class LockedResults<Value: Sendable>: Sendable {
    private let slots: Mutex<[Value?]>

    public init(count: Int) {
        slots = Mutex(Array(repeating: nil, count: count))
    }

    public func store(_ value: Value, at index: Int) {
        slots.withLock { $0[index] = value }
    }

    /// The stored values in slot order; slots never stored are left out.
    public func values() -> [Value] {
        slots.withLock { $0.compactMap { $0 } }
    }
}
