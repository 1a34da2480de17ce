import SQLHealAnalysis

/// The schemas of the `databases` entries: each read from its database file (read-only, like the
/// main one) or built from its schema files. An entry with neither, or whose sources cannot be
/// read, has no schema: its queries are not checked (a `config-error` says why when it was
/// configured with a source).
public struct OtherDatabaseSchemas: Sendable {
    /// By entry name.
    public var contexts: [String: SchemaContext]
    public var findings: [FileFinding]

    public static let none = OtherDatabaseSchemas(contexts: [:], findings: [])

    /// The entries' schemas by lowercased name, for ``SchemaContext/attachableSchemas``: the one
    /// whose name an `ATTACH DATABASE … AS name` gives is that attached schema.
    public var attachableSchemas: [String: [String]] {
        Dictionary(contexts.map { ($0.key.lowercased(), $0.value.checkedSchema.ddl) }, uniquingKeysWith: { first, _ in first })
    }

    public static func load(configuration: WorkspaceConfiguration, unit: TextColumnUnit = .utf16,
                            databaseReading: DatabaseSchemaReader.Configuration = .default) -> OtherDatabaseSchemas {
        var result = OtherDatabaseSchemas.none
        for database in configuration.databases where !database.isMain {
            if let path = database.databasePath {
                switch DatabaseSchemaReader.read(path: path, configuration: databaseReading) {
                case .success(let snapshot):
                    result.contexts[database.name] = SchemaContext(checkedSchema: snapshot, databaseDisplayName: WorkspacePath.display(path, root: configuration.root))
                    continue
                case .failure(let problem):
                    let message = "cannot read the database \(WorkspacePath.display(path, root: configuration.root)) of \"\(database.name)\": \(problem); its queries are not checked"
                    result.findings.append(WorkspaceSchema.configurationFinding(configuration, key: "databases", message: message, fallbackPath: path, unit: unit))
                }
            }
            let files = schemaFiles(database)
            if !files.isEmpty {
                let schema = MigrationLoader.load(files: files, root: configuration.root, unit: unit)
                result.findings += schema.findings
                result.contexts[database.name] = SchemaContext(checkedSchema: schema.snapshot)
            } else if !database.schemaEntries.isEmpty {
                let message = "no schema file found for \"\(database.name)\" (\(database.schemaEntries.joined(separator: ", "))); its queries are not checked"
                result.findings.append(WorkspaceSchema.configurationFinding(configuration, key: "databases", message: message, fallbackPath: database.schemaBase, unit: unit))
            }
        }
        return result
    }

    /// The SQL files an entry's `schema` names, in order: a file, a folder's migrations in natural
    /// order, or a glob's matches in path order.
    static func schemaFiles(_ database: ConfiguredDatabase) -> [String] {
        var files: [String] = []
        for entry in database.schemaEntries {
            if entry.contains("*") || entry.contains("{") || entry.contains("?") {
                let rules = FileDiscoveryRules(include: [GlobPattern(entry)], exclude: [], usesGitIgnore: false)
                files += FileDiscovery.discover(root: database.schemaBase, rules: rules).files.sorted()
            } else {
                files += MigrationLoader.migrationFiles(at: WorkspacePath.resolve(entry, against: database.schemaBase))
            }
        }
        var seen: Set<String> = []
        return files.filter { seen.insert($0).inserted }
    }
}
