import SQLHealAnalysis

/// Everything known about a project's schema: what queries are checked against, where it came
/// from, and the findings about the schema sources themselves.
public struct WorkspaceSchema: Sendable {
    /// What the ``DocumentAnalyzer`` checks against (see CONTRACT, "Which schema is the truth").
    public var context: SchemaContext
    /// The database's schema as read, `nil` when no database is configured or it could not be read.
    public var databaseSnapshot: SchemaSnapshot?
    public var migrations: MigrationSchema
    /// `migration-error`, `schema-drift`, and a configured database or migrations folder that
    /// cannot be read (`config-error`, located on its key in `sqlheal.json`, else on the path).
    public var findings: [FileFinding]
    public var notes: [WorkspaceNote]
    /// Set when the configured database could not be read.
    public var databaseProblem: DatabaseLoadProblem?

    public static let empty = WorkspaceSchema(context: .empty, databaseSnapshot: nil, migrations: .none, findings: [], notes: [], databaseProblem: nil)

    /// Loads the database (read-only) and the migrations of `configuration`, and compares them.
    public static func load(
        configuration: WorkspaceConfiguration,
        unit: TextColumnUnit = .utf16,
        databaseReading: DatabaseSchemaReader.Configuration = .default
    ) -> WorkspaceSchema {
        let root = configuration.root
        var findings: [FileFinding] = []
        var notes: [WorkspaceNote] = []

        let migrationFiles = configuration.migrationsPath.map(MigrationLoader.migrationFiles(at:)) ?? []
        if let migrationsPath = configuration.migrationsPath, configuration.migrationsSource != .discovered {
            if FileKind.of(migrationsPath) == nil {
                let message = "migrations folder \(WorkspacePath.display(migrationsPath, root: root)) not found"
                findings.append(configurationFinding(configuration, key: "migrations", message: message, fallbackPath: migrationsPath, unit: unit))
            } else if migrationFiles.isEmpty {
                notes.append(WorkspaceNote(path: migrationsPath, message: "no .sql migration files here"))
            }
        }
        let migrations = MigrationLoader.load(files: migrationFiles, root: root, unit: unit)
        findings.append(contentsOf: migrations.findings)

        var databaseSnapshot: SchemaSnapshot?
        var databaseProblem: DatabaseLoadProblem?
        if let databasePath = configuration.databasePath {
            switch DatabaseSchemaReader.read(path: databasePath, configuration: databaseReading) {
            case .success(let snapshot):
                databaseSnapshot = snapshot
            case .failure(let problem):
                databaseProblem = problem
                let display = WorkspacePath.display(databasePath, root: root)
                let fallback = migrationFiles.isEmpty ? "no schema to check against" : "checking against the migrations instead"
                let message = "cannot read the database \(display): \(problem); \(fallback)"
                findings.append(configurationFinding(configuration, key: "database", message: message, fallbackPath: databasePath, unit: unit))
            }
        }

        let context: SchemaContext
        if let databaseSnapshot, let databasePath = configuration.databasePath {
            let display = WorkspacePath.display(databasePath, root: root)
            let explained = SchemaDrift.annotate(databaseSnapshot, with: migrations.snapshot)
            context = SchemaContext(
                checkedSchema: explained,
                declaredSchema: migrationFiles.isEmpty ? nil : migrations.snapshot,
                databaseDisplayName: display
            )
            if !migrationFiles.isEmpty {
                findings.append(contentsOf: SchemaDrift.findings(database: databaseSnapshot, databaseDisplayName: display, migrations: migrations, root: root))
            }
        } else {
            context = SchemaContext(checkedSchema: migrations.snapshot)
        }
        return WorkspaceSchema(
            context: context,
            databaseSnapshot: databaseSnapshot,
            migrations: migrations,
            findings: findings,
            notes: notes,
            databaseProblem: databaseProblem
        )
    }

    /// A problem with a configured path, on its value in `sqlheal.json` when it came from there,
    /// else at the start of the path itself.
    static func configurationFinding(_ configuration: WorkspaceConfiguration, key: String, message: String, fallbackPath: String, unit: TextColumnUnit) -> FileFinding {
        let code = FindingCode.configurationError
        if let (path, range) = configuration.settingLocation(forKey: key),
           case .success(let bytes) = FileBytes.read(path, maximumSize: 4 * 1024 * 1024) {
            let locator = TextFileLocator(path: path, bytes: bytes, unit: unit)
            return locator.locate(Finding(code: code, severity: .error, range: range, message: message))
        }
        return FileFinding(
            path: fallbackPath,
            finding: Finding(code: code, severity: .error, range: 0..<0, message: message),
            start: TextPosition(line: 0, column: 0),
            end: TextPosition(line: 0, column: 0)
        )
    }
}
