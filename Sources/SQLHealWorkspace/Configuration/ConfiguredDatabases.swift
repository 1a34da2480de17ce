import SQLHealAnalysis

/// The `databases` entries with their paths resolved: what ties receivers and files to a
/// database other than the main one.
public struct ConfiguredDatabase: Sendable {
    public var name: String
    /// Its database file (absolute), read-only.
    public var databasePath: String?
    /// SQL files or globs for its schema, resolved against the folder of the file that named them.
    public var schemaEntries: [String]
    public var schemaBase: String
    public var receivers: [String]
    public var pathPatterns: [GlobPattern]

    /// Whether the entry is the main database under another name (`"name": "main"`).
    public var isMain: Bool { name == ConnectionConfiguration.mainDatabaseName }

    static func resolve(_ settings: [DatabaseSetting], base: String) -> [ConfiguredDatabase] {
        settings.map { setting in
            ConfiguredDatabase(
                name: setting.name,
                databasePath: setting.database.map { WorkspacePath.resolve($0, against: base) },
                schemaEntries: setting.schema ?? [],
                schemaBase: base,
                receivers: setting.receivers,
                pathPatterns: setting.paths.map { GlobPattern($0) }
            )
        }
    }
}

/// Which database a project file's queries run on when its code says nothing: the first
/// `databases` entry whose `paths` match it, else the main one.
public struct DocumentDatabaseMapping: Sendable {
    let root: String
    let entries: [(name: String, patterns: [GlobPattern])]

    init(root: String, databases: [ConfiguredDatabase]) {
        self.root = root
        self.entries = databases.filter { !$0.pathPatterns.isEmpty }.map { ($0.name, $0.pathPatterns) }
    }

    public var isEmpty: Bool { entries.isEmpty }

    public func database(forFile path: String) -> QueryConnection.Database {
        guard !entries.isEmpty, let relative = WorkspacePath.relative(WorkspacePath.standardize(path), to: root) else { return .main }
        for entry in entries where entry.patterns.contains(where: { $0.matches(relative) }) {
            return entry.name == ConnectionConfiguration.mainDatabaseName ? .main : .other(name: entry.name)
        }
        return .main
    }
}

extension WorkspaceConfiguration {
    /// What the analysis core needs to know of the connections: configured receivers, and the
    /// main database's file name (a connection the code opens on another file is another database).
    static func connectionConfiguration(databases: [ConfiguredDatabase], mainDatabasePath: String?, prismaDialect: SQLDialect? = nil) -> ConnectionConfiguration {
        var receivers: [String: String] = [:]
        for database in databases {
            for receiver in database.receivers { receivers[receiver] = database.name }
        }
        let mainFileName = mainDatabasePath.map { String($0.split(separator: "/").last ?? Substring($0)) }
        // Each other database's file name, for connections opened on it (a name two entries share ties nothing).
        var entriesByFileName: [String: [String]] = [:]
        for database in databases where !database.isMain {
            guard let path = database.databasePath, let fileName = path.split(separator: "/").last.map(String.init) else { continue }
            entriesByFileName[fileName, default: []].append(database.name)
        }
        return ConnectionConfiguration(receivers: receivers, mainDatabaseFileName: mainFileName,
                                       libraryDialects: prismaDialect.map { ["prisma": $0] } ?? [:],
                                       databaseFileNames: entriesByFileName.compactMapValues { $0.count == 1 ? $0[0] : nil })
    }

    /// Where each project file's queries run by default (`databases[].paths`).
    public var documentDatabases: DocumentDatabaseMapping { DocumentDatabaseMapping(root: root, databases: databases) }
}
