import SQLHealAnalysis

/// A project folder's configuration with every path resolved and every default filled in.
///
/// Precedence: built-in defaults and discovery < `sqlheal.json` < editor settings
/// (`initializationOptions`, then `workspace/configuration`). Paths in the file are relative to
/// the file's folder; paths in editor settings are relative to the workspace folder.
///
/// Loading never fails: a broken `sqlheal.json` yields ``findings`` (`config-error`, located on
/// the file) and the defaults apply for whatever could not be read.
public struct WorkspaceConfiguration: Sendable {
    public static let fileName = "sqlheal.json"

    /// The project folder (absolute, standardized).
    public var root: String
    /// The database checked against, opened read-only; `nil` when none is configured or found.
    public var databasePath: String?
    /// A folder of `*.sql` migrations, or a single `.sql` file; `nil` when none.
    public var migrationsPath: String?
    /// The `schema` key: schema files or globs (relative to the root), applied in order; `nil`
    /// when not configured (the schema files are then detected, see ``SchemaSourceDetector``).
    public var schemaPatterns: [String]?
    public var discovery: FileDiscoveryRules
    /// The `databases` entries: connections other than the main one.
    public var databases: [ConfiguredDatabase]
    public var analysis: AnalysisConfiguration
    /// The `sqlheal.json` that was read, when there is one.
    public var configurationFilePath: String?
    /// How each setting was decided, for `--verbose` output and tests.
    public var databaseSource: SettingSource
    public var migrationsSource: SettingSource
    /// Problems with `sqlheal.json` (located on it) and with editor settings (located on the file
    /// path `<editor settings>`), code `config-error`.
    public var findings: [FileFinding]
    /// The parsed file settings' value ranges, to locate later problems (a database that cannot
    /// be opened is reported on the `"database"` value).
    var fileValueRanges: [String: ByteRange]

    public enum SettingSource: String, Sendable, Hashable {
        case file = "sqlheal.json"
        case editor = "editor settings"
        case discovered = "discovered"
        case none = "none"
    }

    /// The pseudo-path editor-setting problems are reported on.
    public static let editorSettingsPath = "<editor settings>"

    public var hasConfigurationErrors: Bool { findings.contains { $0.severity == .error } }

    /// Reads `sqlheal.json` in `root` (if any), layers `editorSettings` over it and fills in defaults.
    public static func load(
        root: String,
        editorSettings: ParsedSettings? = nil,
        unit: TextColumnUnit = .utf16
    ) -> WorkspaceConfiguration {
        let root = WorkspacePath.standardize(root)
        let filePath = WorkspacePath.join(root, fileName)
        var findings: [FileFinding] = []
        var fileSettings = SQLHealSettings()
        var fileRanges: [String: ByteRange] = [:]
        var configurationFilePath: String?

        switch FileBytes.read(filePath, maximumSize: 4 * 1024 * 1024) {
        case .success(let bytes):
            configurationFilePath = filePath
            let parsed = SQLHealSettings.parseFile(bytes)
            fileSettings = parsed.settings
            fileRanges = parsed.valueRanges
            let locator = TextFileLocator(path: filePath, bytes: bytes, unit: unit)
            for issue in parsed.issues {
                findings.append(locator.locate(Finding(code: .configurationError, severity: issue.severity, range: issue.range, message: issue.message)))
            }
        case .failure(.missing):
            break
        case .failure(let problem):
            configurationFilePath = filePath
            findings.append(FileFinding(
                path: filePath,
                finding: Finding(code: .configurationError, severity: .error, range: 0..<0, message: "sqlheal.json: \(problem)"),
                start: TextPosition(line: 0, column: 0),
                end: TextPosition(line: 0, column: 0)
            ))
        }

        if let editorSettings {
            for issue in editorSettings.issues {
                findings.append(FileFinding(
                    path: editorSettingsPath,
                    finding: Finding(code: .configurationError, severity: issue.severity, range: issue.range, message: "editor settings: \(issue.message)"),
                    start: TextPosition(line: 0, column: 0),
                    end: TextPosition(line: 0, column: 0)
                ))
            }
        }
        let editor = editorSettings?.settings ?? SQLHealSettings()

        // Paths: each layer resolves against its own base.
        var databasePath: String?
        var databaseSource = SettingSource.none
        if let path = editor.database {
            databasePath = WorkspacePath.resolve(path, against: root)
            databaseSource = .editor
        } else if let path = fileSettings.database {
            databasePath = WorkspacePath.resolve(path, against: WorkspacePath.parent(filePath))
            databaseSource = .file
        } else if let discovered = discoverDatabase(root: root) {
            databasePath = discovered
            databaseSource = .discovered
        }

        let prismaDialect = PrismaDatasource.dialect(root: root)
        var migrationsPath: String?
        var migrationsSource = SettingSource.none
        if let path = editor.migrations {
            migrationsPath = WorkspacePath.resolve(path, against: root)
            migrationsSource = .editor
        } else if let path = fileSettings.migrations {
            migrationsPath = WorkspacePath.resolve(path, against: WorkspacePath.parent(filePath))
            migrationsSource = .file
        } else if let discovered = discoverMigrations(root: root, prismaDialect: prismaDialect) {
            migrationsPath = discovered
            migrationsSource = .discovered
        }

        let merged = fileSettings.overridden(by: editor)
        let include = (merged.include ?? FileDiscoveryRules.defaultIncludePatterns).map { GlobPattern($0) }
        let exclude = (merged.exclude ?? FileDiscoveryRules.defaultExcludePatterns).map { GlobPattern($0) }
        let databases: [ConfiguredDatabase]
        if let configured = editor.databases {
            databases = ConfiguredDatabase.resolve(configured, base: root)
        } else {
            databases = ConfiguredDatabase.resolve(fileSettings.databases ?? [], base: WorkspacePath.parent(filePath))
        }
        let extraction = QueryExtractionConfiguration(
            queryFunctionNames: Set(merged.queryFunctions ?? QueryExtractionConfiguration.defaultQueryFunctionNames),
            sqlTagNames: Set(merged.sqlTags ?? QueryExtractionConfiguration.defaultSQLTagNames),
            connections: connectionConfiguration(databases: databases, mainDatabasePath: databasePath, prismaDialect: prismaDialect)
        )

        return WorkspaceConfiguration(
            root: root,
            databasePath: databasePath,
            migrationsPath: migrationsPath,
            schemaPatterns: merged.schema,
            discovery: FileDiscoveryRules(include: include, exclude: exclude),
            databases: databases,
            analysis: AnalysisConfiguration(extraction: extraction),
            configurationFilePath: configurationFilePath,
            databaseSource: databaseSource,
            migrationsSource: migrationsSource,
            findings: findings,
            fileValueRanges: fileRanges
        )
    }

    /// The SQL migration folders of the common tools, looked for in this order: plain
    /// `migrations/`, `db/migrations/` (Rails-style and many Node apps), Prisma, Drizzle's default
    /// output folder.
    public static let migrationFolderCandidates = ["migrations", "db/migrations", "prisma/migrations", "drizzle", "src/migrations", "src/db/migrations"]

    /// The first of ``migrationFolderCandidates`` that holds SQL migrations (a `migrations/` of
    /// knex `.js` files holds none: those are read as code).
    /// `prisma/migrations` of a Prisma project on another database holds that database's SQL.
    public static func discoverMigrations(root: String, prismaDialect: SQLDialect? = nil) -> String? {
        for candidate in migrationFolderCandidates {
            if candidate == "prisma/migrations", let prismaDialect, prismaDialect != .sqlite { continue }
            let path = WorkspacePath.join(root, candidate)
            if FileKind.of(path) == .directory, !MigrationLoader.migrationFiles(at: path).isEmpty { return path }
        }
        return nil
    }

    /// The folders a database file is looked for in, in order: the root, then the conventional
    /// `db/` and `data/`.
    public static let databaseFolders = ["", "db", "data"]

    /// The database file found without configuration: the single `*.db`, `*.sqlite` or
    /// `*.sqlite3` at the root; when the root has none, the single one in `db/` and `data/`
    /// together. Two candidates in the same place are ambiguous: none is taken.
    public static func discoverDatabase(root: String) -> String? {
        let rootCandidates = databaseCandidates(in: root)
        if !rootCandidates.isEmpty { return rootCandidates.count == 1 ? rootCandidates[0] : nil }
        let nested = databaseFolders.dropFirst().flatMap { databaseCandidates(in: WorkspacePath.join(root, $0)) }
        return nested.count == 1 ? nested[0] : nil
    }

    static func databaseCandidates(in folder: String) -> [String] {
        guard let names = FileDiscovery.listDirectory(folder) else { return [] }
        return names.filter(isDatabaseFileName).map { WorkspacePath.join(folder, $0) }.filter { FileKind.of($0) == .regularFile }.sorted()
    }

    public static func isDatabaseFileName(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return lowered.hasSuffix(".db") || lowered.hasSuffix(".sqlite") || lowered.hasSuffix(".sqlite3")
    }

    /// Where a problem with a configured path is reported: on its value in `sqlheal.json` when it
    /// came from there.
    func settingLocation(forKey key: String) -> (path: String, range: ByteRange)? {
        guard let filePath = configurationFilePath, let range = fileValueRanges[key] else { return nil }
        return (filePath, range)
    }

    /// Leaves the folders of other projects inside this one (a monorepo's apps with their own
    /// `sqlheal.json`, schema or `package.json`: ``ProjectRoots``) out of its files and schema
    /// sources, so that each is checked once, as its own project, against its own schema.
    public mutating func leaveOut(nestedProjectRoots: [String]) {
        for nested in nestedProjectRoots {
            guard let relative = WorkspacePath.relative(nested, to: root), !relative.isEmpty else { continue }
            discovery.exclude.append(GlobPattern(relative + "/**"))
        }
    }

    /// The files the project scan reads.
    public func discoverFiles(limitTo paths: [String]? = nil) -> DiscoveredFiles {
        FileDiscovery.discover(root: root, rules: discovery, limitTo: paths)
    }

    /// Whether a file belongs to the project scan (inside the root, matched by include, not
    /// excluded). `.gitignore` is not consulted: a file the user opened is checked anyway.
    public func isProjectSourceFile(_ path: String) -> Bool {
        guard SourceFileReader.isSourceFileName(path), let relative = WorkspacePath.relative(path, to: root), !relative.isEmpty else { return false }
        return discovery.includes(relativePath: relative)
    }
}
