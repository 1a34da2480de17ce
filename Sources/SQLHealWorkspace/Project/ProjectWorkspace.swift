import SQLHealAnalysis

/// One project folder, loaded: its configuration, its schema, and the analyzer that checks its
/// code. This is what the `check` and `watch` commands and each workspace folder of the language
/// server hold.
///
/// Loading never fails and never throws: every problem (a broken `sqlheal.json`, a failing
/// migration, a damaged database) is a finding in ``workspaceFindings`` and the rest works with
/// what could be read. When a schema source or the configuration changes, load a new one
/// (``SchemaSourceStamp`` tells when).
///
/// ```swift
/// let workspace = ProjectWorkspace.load(root: "/path/to/app")
/// let scan = workspace.scanProject()
/// let all = workspace.workspaceFindings + scan.findings + workspace.unusedTableFindings(scan)
/// ```
public struct ProjectWorkspace: Sendable {
    public var configuration: WorkspaceConfiguration
    public var schema: WorkspaceSchema
    public var analyzer: DocumentAnalyzer
    /// How columns are counted in every ``FileFinding`` this workspace produces.
    public var unit: TextColumnUnit
    /// The state of the schema sources when they were read.
    public var stamp: SchemaSourceStamp
    /// The project's files as the load read and extracted them, when loaded with
    /// ``LoadOptions/keepsSources``: ``scanProject(limitTo:progress:isCancelled:)`` takes them
    /// from here instead of reading and extracting every file again.
    public var sources: ProjectSources?

    public struct LoadOptions: Sendable {
        /// Editor settings, layered over `sqlheal.json`.
        public var editorSettings: ParsedSettings?
        public var unit: TextColumnUnit
        public var databaseReading: DatabaseSchemaReader.Configuration
        /// Editor buffers (absolute path → text): they win over the files on disk wherever the
        /// load reads source files (the schema statements the code runs).
        public var openBuffers: [String: [UInt8]]
        /// When set, the configured database is checked for damage while loading and a damaged one
        /// is a `database-damaged` finding in ``workspaceFindings`` (the language server, which
        /// loads again whenever the database changes). `nil`: not checked here (`check` runs its own,
        /// ``checkReport(requestedPaths:progress:integrityCheck:)``).
        public var integrityCheck: DatabaseIntegrity.Check?
        /// Keep the source files read for the code's schema (``ProjectWorkspace/sources``) for one
        /// scan right after the load (`sqlheal check`): each file is then read and extracted once.
        /// Not for a workspace that lives on while files change.
        public var keepsSources: Bool
        /// Roots of the other projects inside this one, left out of it (``WorkspaceConfiguration/leaveOut(nestedProjectRoots:)``).
        public var nestedProjectRoots: [String]

        public init(editorSettings: ParsedSettings? = nil, unit: TextColumnUnit = .utf16, databaseReading: DatabaseSchemaReader.Configuration = .default,
                    openBuffers: [String: [UInt8]] = [:], integrityCheck: DatabaseIntegrity.Check? = nil, keepsSources: Bool = false,
                    nestedProjectRoots: [String] = []) {
            self.nestedProjectRoots = nestedProjectRoots
            self.editorSettings = editorSettings
            self.unit = unit
            self.databaseReading = databaseReading
            self.openBuffers = openBuffers
            self.integrityCheck = integrityCheck
            self.keepsSources = keepsSources
        }
    }

    public static func load(root: String, options: LoadOptions = LoadOptions()) -> ProjectWorkspace {
        var configuration = WorkspaceConfiguration.load(root: root, editorSettings: options.editorSettings, unit: options.unit)
        configuration.leaveOut(nestedProjectRoots: options.nestedProjectRoots)
        // Stamp before reading, so a change made while reading is seen as a change next time.
        let configurationStamp = SchemaSourceStamp.current(for: configuration)
        let sources = options.keepsSources ? ProjectSources(configuration: configuration, openBuffers: options.openBuffers) : nil
        var schema = WorkspaceSchema.load(configuration: configuration, unit: options.unit, databaseReading: options.databaseReading, openBuffers: options.openBuffers,
                                          projectSources: sources)
        // The schema and code files are known only now; the ones the configuration names were
        // stamped before reading.
        var stamp = configurationStamp
        let sourceFiles = schema.migrations.schemaFiles + (schema.codeLayer?.files ?? [])
        if !sourceFiles.isEmpty { stamp = SchemaSourceStamp.current(for: configuration, sourceFiles: sourceFiles) }
        let otherDatabases = OtherDatabaseSchemas.load(configuration: configuration, unit: options.unit, databaseReading: options.databaseReading)
        schema.context.attachableSchemas = otherDatabases.attachableSchemas
        let mapping = configuration.documentDatabases
        var databaseForPath: (@Sendable (String) -> QueryConnection.Database)?
        if !mapping.isEmpty { databaseForPath = { @Sendable path in mapping.database(forFile: path) } }
        let analyzer = DocumentAnalyzer(schema: schema.context, configuration: configuration.analysis, otherDatabases: otherDatabases.contexts,
                                        databaseForPath: databaseForPath)
        schema.findings += otherDatabases.findings
        if let check = options.integrityCheck, schema.isCheckedAgainstDatabase, let databasePath = configuration.databasePath,
           let damaged = DatabaseIntegrity.finding(databasePath: databasePath, root: configuration.root, check: check) {
            schema.findings.append(damaged)
        }
        return ProjectWorkspace(configuration: configuration, schema: schema, analyzer: analyzer, unit: options.unit, stamp: stamp, sources: sources)
    }

    public var root: String { configuration.root }

    /// Findings about the configuration and the schema sources: `config-error` on `sqlheal.json`,
    /// `migration-error` and `schema-drift` on migration files, `database-damaged` on the database
    /// (when loaded with ``LoadOptions/integrityCheck``).
    public var workspaceFindings: [FileFinding] {
        (configuration.findings + schema.findings).sorted(by: FileFinding.isOrderedBefore)
    }

    /// The files a project scan reads (all of them, or those under `paths`).
    public func discoverFiles(limitTo paths: [String]? = nil) -> DiscoveredFiles {
        configuration.discoverFiles(limitTo: paths)
    }

    /// Checks every project file (or those under `paths`) in parallel, names imported from any
    /// project file resolved through the project's modules (with ``sources``, the files as the
    /// load read and extracted them).
    public func scanProject(
        limitTo paths: [String]? = nil,
        progress: ProjectScanProgress? = nil,
        isCancelled: (@Sendable () -> Bool)? = nil
    ) -> ProjectScanResult {
        let all = sources?.discovered ?? discoverFiles()
        let discovered = paths == nil ? all : discoverFiles(limitTo: paths)
        let modules = sources?.modules ?? moduleIndex(files: all.files, isCancelled: isCancelled)
        var result = ProjectScanner.scan(files: discovered.files, analyzer: analyzer, options: ProjectScanner.Options(
            unit: unit,
            tableNamesToTrack: tablesTrackedForUse,
            progress: progress,
            isCancelled: isCancelled,
            modules: modules,
            sources: sources
        ))
        result.notes = discovered.notes + result.notes
        return result
    }

    /// The project's modules: what each of `files` exports and imports (`text` gives open
    /// editor buffers, which win over disk), with tsconfig.json's aliases.
    public func moduleIndex(files: [String], text: (@Sendable (String) -> [UInt8]?)? = nil, isCancelled: (@Sendable () -> Bool)? = nil) -> ModuleIndex {
        ProjectModules.index(files: files, root: root, extraction: configuration.analysis.extraction, text: text, isCancelled: isCancelled)
    }

    /// Checks the given files in parallel.
    public func scanFiles(_ files: [String], modules: ModuleIndex? = nil, progress: ProjectScanProgress? = nil, isCancelled: (@Sendable () -> Bool)? = nil) -> ProjectScanResult {
        ProjectScanner.scan(files: files, analyzer: analyzer, options: ProjectScanner.Options(
            unit: unit,
            tableNamesToTrack: tablesTrackedForUse,
            progress: progress,
            isCancelled: isCancelled,
            modules: modules
        ))
    }

    /// Checks one file's text (an editor buffer, or the file read from disk).
    public func analyzeText(_ bytes: [UInt8], path: String, modules: ModuleContext = .empty) -> FileAnalysisResult {
        ProjectScanner.analyzeText(bytes, path: path, analyzer: analyzer, unit: unit, tableNamesToTrack: tablesTrackedForUse, modules: modules)
    }

    /// Whether `path` is a source file this project checks.
    public func isProjectSourceFile(_ path: String) -> Bool {
        configuration.isProjectSourceFile(path)
    }

    /// Every path whose change means the schema (or configuration) must be read again:
    /// `sqlheal.json`, the database with its `-wal` and `-journal`, the migrations folder and files.
    public var schemaSourcePaths: [String] { stamp.paths }

    // MARK: - Unused tables

    /// Tables the migrations create that no project file names: informational `unused-table`
    /// findings on each one's CREATE. Archiving one is only ever offered as the explicit repair
    /// step `archive-table:<table>`.
    ///
    /// Only meaningful after a scan of the whole project: pass that scan. Tables whose name is
    /// already `_archived_…`, and every table when the scan read no file, are left alone.
    ///
    /// `onlyAmong` (lowercased names) limits the candidates to the tables `scan` looked for, when
    /// its mentions come from a scan made with an older schema: a table that is new since then
    /// was not looked for, so its absence from the mentions says nothing.
    public func unusedTableFindings(_ scan: ProjectScanResult, onlyAmong candidates: Set<String>? = nil) -> [FileFinding] {
        guard !scan.wasCancelled, scan.files.contains(where: { $0.note == nil }) else { return [] }
        var mentioned: Set<String> = []
        for file in scan.files { mentioned.formUnion(file.mentionedTableNames) }
        // A table a view or trigger of the schema reads is used through it.
        for statement in schema.context.checkedSchema.ddl + (schema.context.declaredSchema?.ddl ?? []) {
            let upper = statement.prefix(40).uppercased()
            guard upper.contains("VIEW") || upper.contains("TRIGGER") else { continue }
            mentioned.formUnion(WordScanner.words(in: Array(statement.utf8), among: tablesTrackedForUse))
        }
        var findings: [FileFinding] = []
        for table in schema.migrations.snapshot.tables where table.kind == .table {
            let key = table.name.lowercased()
            guard !mentioned.contains(key), candidates?.contains(key) ?? true, !key.hasPrefix("_archived_"), !key.hasPrefix("sqlite_"),
                  let site = schema.migrations.tableSites[key] else { continue }
            let finding = Finding(
                code: .unusedTable,
                severity: .information,
                range: site.range,
                message: "table \(table.name) is not referred to anywhere in the code; if it is no longer needed, the repair step archive-table:\(table.name) renames it to _archived_\(table.name) (never applied automatically)",
                fixHints: [.repairStep(identifier: RepairStepIdentifier.archiveTable(table.name), title: "Archive table \(table.name): rename it to _archived_\(table.name)")]
            )
            if let located = schema.migrations.locate(finding, in: site.path) { findings.append(located) }
        }
        return findings
    }

    /// The tables a scan looks for in the code (lowercased): those the migrations declare.
    public var tablesTrackedForUse: Set<String> {
        Set(schema.migrations.snapshot.tables.map { $0.name.lowercased() })
    }
}
