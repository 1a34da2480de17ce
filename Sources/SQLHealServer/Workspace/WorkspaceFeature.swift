import Dispatch
import Foundation
import SQLHealAnalysis
import SQLHealJSONRPC
import SQLHealLSP
import SQLHealWorkspace

/// Workspace folders, configuration, live schema and project-wide diagnostics.
///
/// - **Folders**: each workspace folder (from `workspaceFolders`, else `rootUri`) is a
///   ``ProjectWorkspace`` with its own `sqlheal.json`, schema and analyzer; a document belongs to
///   the innermost folder holding it. `workspace/didChangeWorkspaceFolders` adds and drops folders.
/// - **Configuration**: `sqlheal.json` < `initializationOptions` < the `workspace/configuration`
///   section `sqlheal` (pulled per folder when the client supports it, again on
///   `workspace/didChangeConfiguration`; a pushed `settings.sqlheal` is used as is). Problems are
///   diagnostics on `sqlheal.json` plus one `window/showMessage`; the server keeps working.
/// - **Live schema**: `workspace/didChangeWatchedFiles` is registered dynamically when the client
///   allows it; otherwise (Helix, older clients) the schema sources are polled with `stat` every
///   second, and the project's source files too (less often in very large projects). A schema
///   change reloads the folder (retrying while the database is mid-rewrite), installs the new
///   analyzer (the core re-checks open documents) and re-checks the project files; a source file
///   changed, added or deleted on disk is re-checked or cleared alone.
/// - **Project diagnostics**: after each load, every project file that is not open is checked in
///   the background (with work-done progress) and its diagnostics published; files fixed or
///   deleted are cleared. Migration files carry `migration-error`, `schema-drift` and
///   `unused-table`; `sqlheal.json` carries `config-error`.
public final class WorkspaceFeature: ServerFeature {
    public let name = "workspace"

    /// How often schema sources are polled when the client cannot watch files for us.
    let pollInterval: DispatchTimeInterval
    /// Coalesces bursts of file events (a migration tool writing several files).
    let reloadDelay: DispatchTimeInterval

    let state = Locked(FeatureState())
    /// Loads and scans run here, one at a time; a newer request cancels the scan in flight.
    let workQueue = DispatchQueue(label: "sqlheal.workspace", qos: .utility)
    let timerQueue = DispatchQueue(label: "sqlheal.workspace.timers")

    public init(pollIntervalMilliseconds: Int = 1_000, reloadDelayMilliseconds: Int = 100) {
        self.pollInterval = .milliseconds(pollIntervalMilliseconds)
        self.reloadDelay = .milliseconds(reloadDelayMilliseconds)
    }

    /// One project: a workspace folder, or an app inside one (``ProjectRoots``).
    struct FolderRecord {
        var uri: DocumentURI
        var root: String
        /// The workspace folder the editor sent that holds this project.
        var workspaceFolderURI: DocumentURI
        /// The schema sources as the last load found them (its project's
        /// ``ProjectWorkspace/stamp``, which the server holds): the poller compares and advances
        /// it, so one change triggers one reload.
        var schemaStamp: SchemaSourceStamp?
        /// Settings pulled with `workspace/configuration` for this folder.
        var pulledSettings: JSONValue?
        /// Bumped by every reload request; a scan of an older generation stops.
        var generation = 0
        /// URIs this feature published non-empty diagnostics for (files not open, sqlheal.json,
        /// migrations), to clear them when they are fixed or the folder goes away.
        var publishedURIs: Set<DocumentURI> = []
        /// What was last published for `sqlheal.json` and migration files, so an unchanged
        /// list is not sent again.
        var publishedSchemaFindings: [DocumentURI: [Finding]] = [:]
        /// The configuration messages already shown, so a reload does not repeat them.
        var shownConfigurationMessages: Set<String> = []
        /// The "no schema found" message was shown (once per folder, until a schema appears).
        var shownMissingSchema = false
        /// The schema report last logged, so a reload that changed nothing logs nothing.
        var loggedSchemaReport: String?
        var pendingReload: DispatchWorkItem?
        /// Mentions of the migrations' tables per project file (open or not), for unused tables.
        var mentionsByPath: [String: Set<String>] = [:]
        /// The tables the last complete scan looked for: the only ones its mentions can call unused.
        var tablesTrackedByLastScan: Set<String> = []
        var lastScanCompleted = false
        /// The project files and folders as the last complete scan found them, compared by the
        /// poller when the client does not watch files for us.
        var sourceStamp: SourceTreeStamp?
        /// A source poll is queued or running: the next tick does not queue another.
        var isPollingSources = false
        /// Closed files that edits elsewhere affected, waiting for the edits to pause
        /// (``scheduleDependentsRecheck(_:server:)``); each edit bumps the count, and only the
        /// check scheduled by the latest one runs.
        var pendingDependents: ClosedFilesToRecheck?
        var dependentsEditCount = 0
    }

    struct FeatureState {
        var folders: [DocumentURI: FolderRecord] = [:]
        var initializationOptions: JSONValue?
        /// Settings pushed by `workspace/didChangeConfiguration` (`settings.sqlheal`).
        var pushedSettings: JSONValue?
        var isInitialized = false
        var isShutDown = false
        var usesClientFileWatching = false
        var poller: DispatchSourceTimer?
        var pollTicks = 0
    }

    // MARK: - Registration

    public func register(with registry: ServerHandlerRegistry) {
        registry.onNotification(DidChangeWorkspaceFoldersNotification.self) { [self] change, server in
            for folder in change.event.removed { removeFolder(folder.uri, server: server) }
            for folder in change.event.added { addFolder(folder.uri, server: server) }
            if !change.event.added.isEmpty, server.clientCapabilities.supportsConfigurationRequest {
                pullConfiguration(server: server)
            }
        }
        registry.onNotification(DidChangeConfigurationNotification.self) { [self] change, server in
            let before = Dictionary(uniqueKeysWithValues: folderURIs.map { ($0, effectiveSettings(for: $0)) })
            if let pushed = change.settings?["sqlheal"], !pushed.isNull {
                state.withLock { $0.pushedSettings = pushed }
            }
            if server.clientCapabilities.supportsConfigurationRequest {
                pullConfiguration(server: server)
            } else {
                // Editors send this notification right after `initialized` with settings that
                // change nothing: only a real change reloads (else the workspace loads twice).
                for uri in folderURIs where before[uri] != effectiveSettings(for: uri) {
                    scheduleReload(uri, server: server, delay: .milliseconds(0))
                }
            }
        }
        registry.onNotification(DidChangeWatchedFilesNotification.self) { [self] change, server in
            handleFileEvents(change.changes.map { ($0.uri, $0.type) }, server: server)
        }
        registry.onNotification(DidSaveTextDocumentNotification.self) { [self] saved, server in
            // A saved sqlheal.json or migration reloads even when nobody watches files for us.
            handleFileEvents([(saved.textDocument.uri, .changed)], server: server, onlySchemaSources: true)
        }
        registry.onDatabaseWritten { [self] projectRoot, server in
            // A repair or rollback: no need to wait for the client's file event (or the poller).
            let root = WorkspacePath.standardize(projectRoot)
            for record in state.withLock({ Array($0.folders.values) }) where WorkspacePath.standardize(record.root) == root {
                scheduleReload(record.uri, server: server, delay: .milliseconds(0))
            }
        }
        registry.onNotification(DidOpenTextDocumentNotification.self) { [self] opened, server in
            republishSchemaFindings(opened.textDocument.uri, server: server)
        }
        registry.onCommand(Self.showSchemaCommand) { [self] arguments, server in
            try showSchema(arguments.first, server: server)
        }
        registry.onModuleDependentsChanged { [self] recheck, server in
            // An edit changed what these closed files see of another: only they are checked
            // again, once the edits pause.
            scheduleDependentsRecheck(recheck, server: server)
        }
        registry.onNotification(DidCloseTextDocumentNotification.self) { [self] closed, server in
            // The core cleared the closed document's diagnostics; the file on disk still counts.
            recheckFileFromDisk(closed.textDocument.uri, server: server)
        }
    }

    public func contributeCapabilities(_ capabilities: inout ServerCapabilities, for params: InitializeRequest) {
        var workspace = capabilities.workspace ?? WorkspaceServerCapabilities()
        workspace.workspaceFolders = .init(supported: true, changeNotifications: true)
        capabilities.workspace = workspace
    }

    public func initialize(_ params: InitializeRequest, server: LanguageServer) {
        state.withLock { $0.initializationOptions = params.initializationOptions }
        // Load before answering, so the first didOpen is already checked against the schema: a
        // document published twice (without, then with the schema) would flicker. But never hold
        // the answer longer than `initialLoadBudget`: a database a writer keeps locked is read on
        // (the serial work queue runs the first scan after it), and open documents are checked
        // again when its analyzer is installed.
        let loading = DispatchGroup()
        for folder in server.workspaceFolders {
            for project in registerFolder(folder.uri, server: server) {
                workQueue.async(group: loading) { [self] in load(project, server: server) }
            }
        }
        if loading.wait(timeout: .now() + Self.initialLoadBudget) == .timedOut {
            server.log("the schema is still being read (is the database locked by a writer?); documents are checked again once it is", type: .warning)
        }
    }

    /// The pause between reads of a database that stayed locked through a whole read attempt.
    static let lockedDatabaseRetrySeconds = 2

    /// How long `initialize` waits for the workspace folders' schemas.
    static let initialLoadBudget: DispatchTimeInterval = .seconds(1)

    public func initialized(server: LanguageServer) {
        let watchesForUs = server.clientCapabilities.supportsWatchedFilesRegistration
        state.withLock {
            $0.isInitialized = true
            $0.usesClientFileWatching = watchesForUs
        }
        if watchesForUs {
            registerFileWatchers(server: server)
        } else {
            startPolling(server: server)
        }
        for uri in folderURIs {
            workQueue.async { [self] in
                publishWorkspaceFindings(uri, server: server)
                scanProject(uri, server: server)
            }
        }
        if server.clientCapabilities.supportsConfigurationRequest {
            pullConfiguration(server: server)
        }
    }

    public func shutdown(server: LanguageServer) {
        let poller = state.withLock { state -> DispatchSourceTimer? in
            state.isShutDown = true
            for key in state.folders.keys {
                state.folders[key]?.generation += 1
                state.folders[key]?.pendingReload?.cancel()
            }
            defer { state.poller = nil }
            return state.poller
        }
        poller?.cancel()
    }

    var folderURIs: [DocumentURI] { state.withLock { Array($0.folders.keys).sorted() } }

    /// A migration or `sqlheal.json` just opened gets its findings again: eglot (Emacs) keeps no
    /// diagnostics for files it has not opened, so those the project scan published are lost.
    func republishSchemaFindings(_ uri: DocumentURI, server: LanguageServer) {
        let findings = state.withLock { state in state.folders.values.lazy.compactMap { $0.publishedSchemaFindings[uri] }.first }
        guard let findings, !findings.isEmpty else { return }
        server.publishDiagnostics(uri: uri, version: nil, findings: findings)
    }

    var isShutDown: Bool { state.withLock { $0.isShutDown } }

    // MARK: - Folders

    /// Records a workspace folder as the projects inside it (``ProjectRoots``: the folder itself,
    /// or the apps deeper down that hold a `sqlheal.json`, a schema source or a `package.json`),
    /// each with its own configuration, schema and analyzer. Returns the project URIs newly
    /// recorded (none when the folder is already known or not a `file:` URI).
    func registerFolder(_ uri: DocumentURI, server: LanguageServer) -> [DocumentURI] {
        guard let folderPath = FileURI.path(fromURI: uri) else {
            server.log("workspace folder \(uri) is not a file: URI; ignored", type: .warning)
            return []
        }
        guard state.withLock({ state in !state.folders.values.contains { $0.workspaceFolderURI == uri } }) else { return [] }
        let projects = Self.projects(inWorkspaceFolder: uri, path: folderPath)
        if projects.count > 1 || projects.first?.0 != uri {
            let standardized = WorkspacePath.standardize(folderPath)
            server.log("workspace folder \(folderPath): projects \(projects.map { WorkspacePath.display($0.1, root: standardized) }.joined(separator: ", "))", type: .info)
        }
        return state.withLock { state -> [DocumentURI] in
            var added: [DocumentURI] = []
            for (projectURI, root) in projects where state.folders[projectURI] == nil {
                state.folders[projectURI] = FolderRecord(uri: projectURI, root: root, workspaceFolderURI: uri)
                added.append(projectURI)
            }
            return added
        }
    }

    /// The projects inside the workspace folder `uri` (at `path`) as its files are now: URI and root.
    static func projects(inWorkspaceFolder uri: DocumentURI, path folderPath: String) -> [(uri: DocumentURI, root: String)] {
        let standardized = WorkspacePath.standardize(folderPath)
        return ProjectRoots.find(in: folderPath).map { root in
            // The folder itself keeps the editor's spelling of its URI, which its documents share.
            root == standardized ? (uri, folderPath) : (Self.projectURI(under: uri, folderPath: standardized, root: root), root)
        }
    }

    /// Files whose appearing or going away can make a folder a project of its own or end one
    /// (``ProjectRoots/marker(of:names:)``).
    static func marksProjectRoot(_ path: String) -> Bool {
        let name = WorkspacePath.lastComponent(path)
        return name == WorkspaceConfiguration.fileName || name == "package.json" || name == "schema.sql"
    }

    /// Finds the projects of a workspace folder again after a project marker appeared or went
    /// away (a new app with its own `sqlheal.json` or `package.json`): projects that are no longer
    /// roots are dropped, new ones recorded, and every project of the folder reloaded, since which
    /// project owns a file may have changed. Returns whether the projects changed.
    @discardableResult
    func refreshProjects(ofWorkspaceFolder workspaceFolderURI: DocumentURI, server: LanguageServer) -> Bool {
        guard let folderPath = FileURI.path(fromURI: workspaceFolderURI) else { return false }
        let wanted = Self.projects(inWorkspaceFolder: workspaceFolderURI, path: folderPath)
        let wantedURIs = Set(wanted.map(\.uri))
        let (dropped, added) = state.withLock { state -> ([FolderRecord], [DocumentURI]) in
            let current = state.folders.values.filter { $0.workspaceFolderURI == workspaceFolderURI }
            guard Set(current.map(\.uri)) != wantedURIs else { return ([], []) }
            let dropped = current.filter { !wantedURIs.contains($0.uri) }
            for record in dropped {
                state.folders[record.uri]?.pendingReload?.cancel()
                state.folders.removeValue(forKey: record.uri)
            }
            var added: [DocumentURI] = []
            for project in wanted where state.folders[project.uri] == nil {
                state.folders[project.uri] = FolderRecord(uri: project.uri, root: project.root, workspaceFolderURI: workspaceFolderURI)
                added.append(project.uri)
            }
            return (dropped, added)
        }
        guard !dropped.isEmpty || !added.isEmpty else { return false }
        let standardized = WorkspacePath.standardize(folderPath)
        server.log("workspace folder \(folderPath): projects now \(wanted.map { WorkspacePath.display($0.root, root: standardized) }.joined(separator: ", "))", type: .info)
        for record in dropped { forgetProject(record, server: server) }
        for project in wanted { scheduleReload(project.uri, server: server, delay: .milliseconds(0)) }
        return true
    }

    /// Drops what the server and the client hold for a project that is gone.
    private func forgetProject(_ record: FolderRecord, server: LanguageServer) {
        server.removeProject(forFolder: record.uri)
        server.removeModuleIndex(forWorkspaceFolder: record.uri)
        for published in record.publishedURIs where server.document(published) == nil || !isSourceURI(published) {
            server.publishDiagnostics(uri: published, version: nil, diagnostics: [])
        }
    }

    /// A nested project's URI spelt as the workspace folder's URI plus the relative path, so the
    /// editor's document URIs (which start with the folder's) start with it too.
    static func projectURI(under folderURI: DocumentURI, folderPath: String, root: String) -> DocumentURI {
        guard let relative = WorkspacePath.relative(root, to: folderPath), !relative.isEmpty else { return folderURI }
        let base = folderURI.hasSuffix("/") ? String(folderURI.dropLast()) : folderURI
        let encoded = FileURI.uri(fromPath: "/" + relative).dropFirst("file://".count)
        return base + encoded
    }

    /// A folder added after `initialize`: its projects loaded and scanned in the background.
    func addFolder(_ uri: DocumentURI, server: LanguageServer) {
        for project in registerFolder(uri, server: server) {
            scheduleReload(project, server: server, delay: .milliseconds(0))
        }
    }

    func removeFolder(_ uri: DocumentURI, server: LanguageServer) {
        let records = state.withLock { state -> [FolderRecord] in
            let projects = state.folders.values.filter { $0.workspaceFolderURI == uri }
            for project in projects {
                state.folders[project.uri]?.pendingReload?.cancel()
                state.folders.removeValue(forKey: project.uri)
            }
            return projects
        }
        for record in records { forgetProject(record, server: server) }
    }

    /// Reads configuration and schema of a folder and installs its analyzer. Runs on the caller's
    /// thread; a database being rewritten is retried a few times before its absence is reported.
    @discardableResult
    func load(_ uri: DocumentURI, server: LanguageServer) -> ProjectWorkspace? {
        guard let (record, nestedRoots) = state.withLock({ state -> (FolderRecord, [String])? in
            guard let record = state.folders[uri] else { return nil }
            let nested = state.folders.values.filter { other in
                other.workspaceFolderURI == record.workspaceFolderURI && other.uri != uri && WorkspacePath.relative(other.root, to: record.root).map { !$0.isEmpty } == true
            }
            return (record, nested.map(\.root))
        }) else { return nil }
        let settings = editorSettings(for: uri)
        // quick_check on every load (the database changed): DatabaseIntegrity.Check says why not the full one.
        let options = ProjectWorkspace.LoadOptions(editorSettings: settings, unit: server.columnUnit, openBuffers: server.openBuffersByPath,
                                                   integrityCheck: .quick, nestedProjectRoots: nestedRoots)
        let previous = server.project(forFolder: uri)
        var workspace = ProjectWorkspace.load(root: record.root, options: options)
        var attempts = 0
        while workspace.schema.databaseProblem != nil, previous?.schema.databaseProblem == nil, previous != nil, attempts < 4 {
            // The database was fine before: most likely a migration tool is rewriting it.
            attempts += 1
            Thread.sleep(forTimeInterval: 0.25)
            workspace = ProjectWorkspace.load(root: record.root, options: options)
        }
        let stillPresent = state.withLock { state -> Bool in
            guard state.folders[uri] != nil else { return false }
            state.folders[uri]?.schemaStamp = workspace.stamp
            return true
        }
        guard stillPresent else { return nil }
        server.setProject(workspace, forFolder: uri)
        if case .busy? = workspace.schema.databaseProblem, !isShutDown {
            // A writer letting go of its lock changes nothing on disk that a watcher would report:
            // read again until the lock is gone.
            server.log("\(record.root): the database is locked by a writer; reading its schema again in \(Self.lockedDatabaseRetrySeconds) s", type: .info)
            scheduleReload(uri, server: server, delay: .seconds(Self.lockedDatabaseRetrySeconds))
        }
        let schema = workspace.schema
        server.log(
            "workspace \(record.root): \(schema.context.checkedSchema.tables.count) tables from \(schema.context.databaseDisplayName ?? "\(schema.sources.count) schema sources"), \(schema.migrations.files.count) migration files, \(workspace.workspaceFindings.count) findings",
            type: .info)
        reportSchema(of: workspace, folder: uri, server: server)
        return workspace
    }

    /// The editor's settings for a folder: `initializationOptions`, overridden by pushed or
    /// pulled `sqlheal` settings. Unknown keys are not reported: editors add their own
    /// (`trace.server`).
    func editorSettings(for uri: DocumentURI) -> ParsedSettings? {
        let (initial, pushed, pulled) = state.withLock { ($0.initializationOptions, $0.pushedSettings, $0.folders[uri]?.pulledSettings) }
        var layers: [ParsedSettings] = []
        for value in [initial, pushed, pulled] {
            guard let value, !value.isNull else { continue }
            var parsed = SQLHealSettings.parse(JSONSerializer.serialize(value))
            parsed.issues.removeAll { $0.severity != .error }
            layers.append(parsed)
        }
        guard var merged = layers.first else { return nil }
        for layer in layers.dropFirst() {
            merged.settings = merged.settings.overridden(by: layer.settings)
            merged.issues += layer.issues
        }
        return merged
    }

    /// What a folder's editor settings amount to, for telling whether new settings change
    /// anything: `null`, `{}` and a missing section are all "no settings", and where in the
    /// JSON a value stood does not matter.
    struct EffectiveSettings: Equatable {
        var settings: SQLHealSettings
        var problems: [String]
    }

    func effectiveSettings(for uri: DocumentURI) -> EffectiveSettings {
        let parsed = editorSettings(for: uri)
        return EffectiveSettings(settings: parsed?.settings ?? SQLHealSettings(), problems: parsed?.issues.map(\.message) ?? [])
    }

    // MARK: - Reloads

    /// Reloads a folder after `delay` (coalescing requests made meanwhile), then re-checks the project.
    func scheduleReload(_ uri: DocumentURI, server: LanguageServer, delay: DispatchTimeInterval? = nil) {
        let item = DispatchWorkItem { [self] in
            guard !isShutDown else { return }
            workQueue.async { [self] in
                guard !isShutDown, load(uri, server: server) != nil else { return }
                publishWorkspaceFindings(uri, server: server)
                scanProject(uri, server: server)
            }
        }
        let cancelled = state.withLock { state -> Bool in
            guard state.folders[uri] != nil, !state.isShutDown else { return true }
            state.folders[uri]?.pendingReload?.cancel()
            state.folders[uri]?.pendingReload = item
            // A scan in flight is now stale.
            state.folders[uri]?.generation += 1
            return false
        }
        guard !cancelled else { return }
        timerQueue.asyncAfter(deadline: .now() + (delay ?? reloadDelay), execute: item)
    }

    func pullConfiguration(server: LanguageServer) {
        let uris = folderURIs
        guard !uris.isEmpty else { return }
        let items = uris.map { ConfigurationItem(scopeUri: $0, section: "sqlheal") }
        server.sendRequest(ConfigurationRequest(items: items)) { [self] result in
            guard case .success(let values) = result else {
                server.log("workspace/configuration failed; keeping the current settings", type: .log)
                return
            }
            for (index, uri) in uris.enumerated() {
                let value = index < values.count ? values[index] : .null
                let before = effectiveSettings(for: uri)
                let known = state.withLock { state -> Bool in
                    guard state.folders[uri] != nil else { return false }
                    state.folders[uri]?.pulledSettings = value
                    return true
                }
                // The pull right after `initialized` usually answers what `initialize` already
                // used: reload only when the settings really differ.
                if known, effectiveSettings(for: uri) != before { scheduleReload(uri, server: server, delay: .milliseconds(0)) }
            }
        }
    }

    // MARK: - File events

    /// Routes changed files: schema sources reload their folder; project source files that are
    /// not open are re-checked from disk (or cleared when deleted).
    func handleFileEvents(_ events: [(uri: DocumentURI, type: FileChangeType)], server: LanguageServer, onlySchemaSources: Bool = false) {
        var foldersToReload = Set<DocumentURI>()
        var filesToRecheck: [DocumentURI] = []
        var savedSourceFiles: [(uri: DocumentURI, folder: DocumentURI)] = []
        // A project marker created or deleted may start or end a project (a new app's sqlheal.json).
        let markerFolders = state.withLock { state in
            Set(events.filter { $0.type != .changed }.compactMap { event -> DocumentURI? in
                guard let path = FileURI.path(fromURI: event.uri), Self.marksProjectRoot(path) else { return nil }
                return state.folders.values.first { LanguageServer.folder($0.workspaceFolderURI, contains: event.uri) }?.workspaceFolderURI
            })
        }
        var refreshed = Set<DocumentURI>()
        for workspaceFolder in markerFolders.sorted() where refreshProjects(ofWorkspaceFolder: workspaceFolder, server: server) {
            refreshed.insert(workspaceFolder)
        }
        let records = state.withLock { $0.folders }.filter { !refreshed.contains($0.value.workspaceFolderURI) }
        for event in events {
            guard let path = FileURI.path(fromURI: event.uri) else { continue }
            let owners = records.values.filter { record in
                WorkspacePath.relative(path, to: record.root) != nil
            }
            for record in owners {
                let name = WorkspacePath.lastComponent(path)
                let isSchemaSource = name == WorkspaceConfiguration.fileName
                    || (record.schemaStamp?.covers(path) ?? false)
                    || server.project(forFolder: record.uri).map { isSchemaPath(path, of: $0) } ?? false
                if isSchemaSource {
                    foldersToReload.insert(record.uri)
                } else if server.project(forFolder: record.uri)?.isProjectSourceFile(path) == true {
                    if onlySchemaSources {
                        savedSourceFiles.append((event.uri, record.uri))
                    } else {
                        filesToRecheck.append(event.uri)
                    }
                }
            }
        }
        for uri in foldersToReload.sorted() { scheduleReload(uri, server: server) }
        let remaining = filesToRecheck.filter { uri in !foldersToReload.contains { LanguageServer.folder($0, contains: uri) } }
        for uri in remaining { recheckFileFromDisk(uri, server: server) }
        // A saved file the core checks already: it matters here only if it now runs schema statements.
        for (uri, folder) in savedSourceFiles where !foldersToReload.contains(folder) {
            workQueue.async { [self] in
                guard let text = server.document(uri)?.text, let path = FileURI.path(fromURI: uri) else { return }
                reloadIfSchemaCodeAppeared(path, text: text, folder: folder, server: server)
            }
        }
    }

    /// Reloads the project when a source file the schema did not take statements from runs some
    /// now (a `CREATE TABLE` added to the code). Files it already took are schema sources: any
    /// change to them reloads, so one that stops running them is seen too. Run on the work queue.
    /// Returns whether a reload was scheduled.
    @discardableResult
    func reloadIfSchemaCodeAppeared(_ path: String, text: [UInt8], folder: DocumentURI, server: LanguageServer) -> Bool {
        guard let workspace = server.project(forFolder: folder), state.withLock({ $0.folders[folder]?.schemaStamp?.covers(path) }) == false,
              SchemaSourceDetector.runsSchemaStatements(path: path, bytes: text, configuration: workspace.configuration) else { return false }
        server.log("\(WorkspacePath.display(path, root: workspace.root)) now runs schema statements; reading the schema again", type: .log)
        scheduleReload(folder, server: server)
        return true
    }

    private func isSchemaPath(_ path: String, of workspace: ProjectWorkspace) -> Bool {
        if let database = workspace.configuration.databasePath, path.hasPrefix(database) { return true }
        if let migrations = workspace.configuration.migrationsPath, path == migrations || path.hasPrefix(migrations + "/") { return true }
        let lowered = path.lowercased()
        // A database appearing at the root may change discovery.
        if WorkspacePath.parent(path) == workspace.root, lowered.hasSuffix(".db") || lowered.hasSuffix(".sqlite") || lowered.hasSuffix(".sqlite3") {
            return workspace.configuration.databaseSource != .file && workspace.configuration.databaseSource != .editor
        }
        return false
    }

    func isSourceURI(_ uri: DocumentURI) -> Bool {
        SourceLanguage(fileName: FileURI.fileName(ofURI: uri)) != nil
    }

    /// The folder record owning a URI (the innermost).
    func owningFolder(of uri: DocumentURI) -> FolderRecord? {
        state.withLock { state in
            LanguageServer.innermost(holding: uri, among: state.folders)?.part
        }
    }
}

// MARK: - What the schema is and where it came from

extension WorkspaceFeature {
    /// `workspace/executeCommand` `sqlheal.showSchema` `[{ uri? }]`: the schema of the project
    /// holding `uri` (default: the first folder) as `sqlheal schema --format json` prints it,
    /// plus `root`.
    public static let showSchemaCommand = "sqlheal.showSchema"

    /// How many tables the start-up log lists (all of them are in `sqlheal.showSchema`).
    static let loggedTableLimit = 100

    /// Logs the schema and its sources after a load that changed them.
    func reportSchema(of workspace: ProjectWorkspace, folder uri: DocumentURI, server: LanguageServer) {
        let report = SchemaReport(schema: workspace.schema, root: workspace.root)
        let text = report.text(maximumTables: Self.loggedTableLimit)
        let logs = state.withLock { state -> Bool in
            guard state.folders[uri] != nil else { return false }
            defer { state.folders[uri]?.loggedSchemaReport = text }
            return state.folders[uri]?.loggedSchemaReport != text
        }
        if logs { server.log("schema of \(workspace.root):\n\(text)", type: .info) }
    }

    /// After a complete scan: tells the user once when the project runs SQL but no schema was
    /// found (a folder without any query is not a sqlheal project, and hears nothing).
    func reportMissingSchema(of workspace: ProjectWorkspace, folder uri: DocumentURI, queryCount: Int, server: LanguageServer) {
        let shows = state.withLock { state -> Bool in
            guard state.folders[uri] != nil else { return false }
            let missing = workspace.schema.isMissing
            let shows = missing && queryCount > 0 && state.folders[uri]?.shownMissingSchema == false
            if shows || !missing { state.folders[uri]?.shownMissingSchema = missing }
            return shows
        }
        if shows {
            server.showMessage("sqlheal: \(WorkspacePath.lastComponent(workspace.root)): \(WorkspaceSchema.missingSchemaMessage)", type: .warning)
        }
    }

    func showSchema(_ argument: JSONValue?, server: LanguageServer) throws -> JSONValue {
        var record: FolderRecord?
        if let uri = argument?["uri"]?.stringValue {
            record = owningFolder(of: uri)
        } else if argument != nil, argument?.isNull == false, argument?["uri"] != nil {
            throw ResponseError(code: .invalidParams, message: "sqlheal.showSchema: \"uri\" must be a string")
        }
        if record == nil { record = state.withLock { $0.folders.values.min { $0.uri < $1.uri } } }
        guard let record, let workspace = server.project(forFolder: record.uri) else {
            throw ResponseError(code: .invalidParams, message: "sqlheal.showSchema: no project is loaded for that document")
        }
        let report = SchemaReport(schema: workspace.schema, root: workspace.root)
        guard case .object(var members) = try JSONParser.parse(report.json()) else { return .null }
        members["root"] = .string(workspace.root)
        return .object(members)
    }
}
