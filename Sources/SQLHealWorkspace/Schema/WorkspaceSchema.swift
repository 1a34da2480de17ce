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
    /// Where the schema was read from, in the order it was applied (the database first).
    public var sources: [SchemaSource] = []
    /// The tables the code's own statements add on top of the SQL files, `nil` when it runs none.
    public var codeLayer: CodeSchemaLayer?

    public static let empty = WorkspaceSchema(context: .empty, databaseSnapshot: nil, migrations: .none, findings: [], notes: [], databaseProblem: nil)

    /// True when no source declared anything: queries are then checked for syntax only, and
    /// the user is told once how to configure a schema.
    public var isMissing: Bool { context.isEmpty && context.codeDefinedDDL.isEmpty }

    /// Whether queries are checked against the database (it is configured and was read), not
    /// against the declared schema (migrations, schema files, the code's DDL).
    public var isCheckedAgainstDatabase: Bool { databaseSnapshot != nil }

    /// The schema as `sqlheal schema` shows it: the checked schema, with tables only the code
    /// makes at run time (`CREATE TEMP TABLE`) added from the code layer.
    public var assembledSnapshot: SchemaSnapshot {
        let snapshot = context.checkedSchema
        guard isCheckedAgainstDatabase, let codeLayer else { return snapshot }
        let temporary = codeLayer.snapshot.tables.filter { table in
            snapshot.table(named: table.name) == nil && codeLayer.temporaryTableNames.contains(table.name.lowercased())
        }
        guard !temporary.isEmpty else { return snapshot }
        return SchemaSnapshot(tables: snapshot.tables + temporary, ddl: snapshot.ddl, fingerprint: snapshot.fingerprint)
    }

    /// Loads the database (read-only), the SQL files and the code's schema statements of
    /// `configuration` (detected as ``SchemaSourceDetector`` says when not configured), and
    /// compares the database with the files.
    public static func load(
        configuration: WorkspaceConfiguration,
        unit: TextColumnUnit = .utf16,
        databaseReading: DatabaseSchemaReader.Configuration = .default,
        openBuffers: [String: [UInt8]] = [:],
        readsCode: Bool = true,
        projectSources: ProjectSources? = nil
    ) -> WorkspaceSchema {
        let root = configuration.root
        var findings: [FileFinding] = []
        var notes: [WorkspaceNote] = []
        var sources: [SchemaSource] = []

        if let migrationsPath = configuration.migrationsPath, configuration.migrationsSource != .discovered {
            if FileKind.of(migrationsPath) == nil {
                let message = "migrations folder \(WorkspacePath.display(migrationsPath, root: root)) not found"
                findings.append(configurationFinding(configuration, key: "migrations", message: message, fallbackPath: migrationsPath, unit: unit))
            } else if MigrationLoader.migrationFiles(at: migrationsPath).isEmpty {
                notes.append(WorkspaceNote(path: migrationsPath, message: "no .sql migration files here"))
            }
        }
        let sql = SchemaSourceDetector.sqlFiles(configuration: configuration, discoveredSQLFiles: projectSources?.sqlFiles)
        let code = readsCode ? SchemaSourceDetector.codeFiles(configuration: configuration, openBuffers: openBuffers, sources: projectSources) : []
        let assembled = MigrationLoader.assemble(files: sql.files, code: code, root: root, unit: unit)
        let migrations = assembled.files
        findings.append(contentsOf: migrations.findings)

        var databaseSnapshot: SchemaSnapshot?
        var databaseProblem: DatabaseLoadProblem?
        if let databasePath = configuration.databasePath {
            switch DatabaseSchemaReader.read(path: databasePath, configuration: databaseReading) {
            case .success(let snapshot):
                databaseSnapshot = snapshot
                sources.append(SchemaSource(kind: .database, path: databasePath))
            case .failure(let problem):
                databaseProblem = problem
                let display = WorkspacePath.display(databasePath, root: root)
                let fallback = sql.files.isEmpty && code.isEmpty ? "no schema to check against"
                    : sql.files.allSatisfy({ $0.role == .migration }) && code.isEmpty ? "checking against the migrations instead"
                    : "checking against the other schema sources instead"
                let message = "cannot read the database \(display): \(problem); \(fallback)"
                findings.append(configurationFinding(configuration, key: "database", message: message, fallbackPath: databasePath, unit: unit))
            }
        }
        sources += sql.sources
        let contributing = Set(assembled.withCode?.files ?? [])
        sources += SchemaSourceDetector.codeSources(code.filter { contributing.contains($0.path) })

        var context: SchemaContext
        if let databaseSnapshot, let databasePath = configuration.databasePath {
            let display = WorkspacePath.display(databasePath, root: root)
            let explained = SchemaDrift.annotate(databaseSnapshot, with: migrations.snapshot)
            context = SchemaContext(
                checkedSchema: explained,
                declaredSchema: migrations.isEmpty ? nil : migrations.snapshot,
                databaseDisplayName: display,
                codeDefinedDDL: assembled.withCode?.temporaryDDL ?? []
            )
            if !migrations.isEmpty {
                findings.append(contentsOf: SchemaDrift.findings(database: databaseSnapshot, databaseDisplayName: display, migrations: migrations, root: root))
            }
        } else {
            context = SchemaContext(checkedSchema: assembled.withCode?.snapshot ?? migrations.snapshot)
        }
        context.migrationHistory = assembled.withCode?.history ?? [:]
        var schema = WorkspaceSchema(
            context: context,
            databaseSnapshot: databaseSnapshot,
            migrations: migrations,
            findings: findings,
            notes: notes,
            databaseProblem: databaseProblem
        )
        schema.sources = sources
        schema.codeLayer = assembled.withCode
        return schema
    }

    /// One line saying what was looked for when no schema was found, and how to configure one.
    public static let missingSchemaMessage = "no schema found (looked for a database file (*.db, *.sqlite, *.sqlite3) in the project root, db/ and data/; SQL migrations in migrations/, db/migrations/, prisma/migrations/, drizzle/; schema.sql or other .sql files declaring tables; CREATE TABLE statements and knex schema calls in the code): only SQL syntax is checked. Set \"database\", \"migrations\" or \"schema\" in sqlheal.json to say where it is"

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
