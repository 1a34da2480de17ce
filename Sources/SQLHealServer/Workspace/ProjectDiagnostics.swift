import Dispatch
import Foundation
import SQLHealAnalysis
import SQLHealJSONRPC
import SQLHealLSP
import SQLHealWorkspace

extension WorkspaceFeature {
    // MARK: - Configuration and schema findings

    /// Publishes the folder's configuration and schema findings (`sqlheal.json`, migrations, a
    /// damaged database on the database file) with the unused tables of the last complete scan,
    /// clears files that no longer have any, and shows new configuration errors and database
    /// damage once.
    ///
    /// After a schema reload the last scan's table mentions still hold (the sources did not
    /// change with the schema), so unused-table notes stay until the new scan ends, but only for
    /// the tables that scan looked for: a table new since then was not looked for.
    func publishWorkspaceFindings(_ uri: DocumentURI, server: LanguageServer) {
        guard let record = state.withLock({ $0.folders[uri] }), let workspace = server.project(forFolder: uri) else { return }
        var unusedTables: [FileFinding] = []
        if record.lastScanCompleted {
            let scan = ProjectScanResult(
                files: record.mentionsByPath.map { FileAnalysisResult(path: $0.key, findings: [], queryCount: 0, mentionedTableNames: $0.value) },
                notes: [],
                wasCancelled: false)
            unusedTables = workspace.unusedTableFindings(scan, onlyAmong: record.tablesTrackedByLastScan)
        }
        var byPath: [String: [Finding]] = [:]
        for finding in workspace.workspaceFindings + unusedTables {
            // Editor-setting problems have no file: they are shown as a message below.
            if finding.path == WorkspaceConfiguration.editorSettingsPath { continue }
            byPath[finding.path, default: []].append(finding.finding)
        }
        // Files of this kind this feature published before and that are clean now.
        let schemaURIs = Set(byPath.keys.map { FileURI.uri(fromPath: $0) })
        let previouslyPublished = record.publishedURIs.filter { !isSourceURI($0) }
        let alreadyPublished = record.publishedSchemaFindings
        var nowPublished: [DocumentURI: [Finding]] = [:]
        for (path, findings) in byPath.sorted(by: { $0.key < $1.key }) {
            let uri = FileURI.uri(fromPath: path)
            let sorted = findings.sorted { ($0.range.lowerBound, $0.code.rawValue) < ($1.range.lowerBound, $1.code.rawValue) }
            nowPublished[uri] = sorted
            if alreadyPublished[uri] == sorted { continue }
            server.publishDiagnostics(uri: uri, version: nil, findings: sorted)
        }
        for stale in previouslyPublished.subtracting(schemaURIs) {
            server.publishDiagnostics(uri: stale, version: nil, diagnostics: [])
        }
        let configurationMessages = workspace.configuration.findings.filter { $0.severity == .error }.map { finding in
            finding.path == WorkspaceConfiguration.editorSettingsPath
                ? "sqlheal: \(finding.message)"
                : "sqlheal: \(WorkspacePath.display(finding.path, root: workspace.root)):\(finding.line1):\(finding.column1): \(finding.message) (using defaults for it)"
        } + workspace.schema.findings.filter { $0.code == .configurationError || $0.code == .databaseDamaged }.map { "sqlheal: \($0.message)" }
        let newMessages = state.withLock { state -> [String] in
            guard state.folders[uri] != nil else { return [] }
            let shown = state.folders[uri]?.shownConfigurationMessages ?? []
            state.folders[uri]?.shownConfigurationMessages = Set(configurationMessages)
            state.folders[uri]?.publishedURIs.subtract(previouslyPublished)
            state.folders[uri]?.publishedURIs.formUnion(schemaURIs)
            state.folders[uri]?.publishedSchemaFindings = nowPublished
            return configurationMessages.filter { !shown.contains($0) }
        }
        for message in newMessages { server.showMessage(message, type: .error) }
    }

    // MARK: - Project scan

    /// Checks every project file that is not open, publishes what changed, then the unused
    /// tables. Runs on the work queue; stops early when a newer reload supersedes it.
    func scanProject(_ uri: DocumentURI, server: LanguageServer) {
        guard let record = state.withLock({ $0.folders[uri] }), let workspace = server.project(forFolder: uri), !isShutDown else { return }
        let generation = record.generation
        let isStale: @Sendable () -> Bool = { [self] in
            state.withLock { $0.isShutDown || $0.folders[uri]?.generation != generation }
        }
        let discovered = workspace.discoverFiles()
        let files = discovered.files
        // Stamped before reading, so a write during the scan is seen by the next source poll.
        let sourceStamp = isPollingForSourceChanges ? SourceTreeStamp.current(of: discovered) : nil
        let progress = ScanProgress(server: server, title: "sqlheal: checking \(files.count) \(files.count == 1 ? "file" : "files")", total: files.count)
        progress.begin()
        // The project model of modules first: every file's imported constants resolve through it.
        let modules = workspace.moduleIndex(files: files, text: { path in server.document(FileURI.uri(fromPath: path))?.text }, isCancelled: isStale)
        guard !isStale() else { progress.end(); return }
        server.setModuleIndex(modules, forWorkspaceFolder: uri)
        let results = Locked([String: Set<String>]())
        let completed = Locked(0)
        let queries = Locked(0)
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            guard !isStale() else { return }
            let path = files[index]
            let fileURI = FileURI.uri(fromPath: path)
            let result: FileAnalysisResult
            let text: [UInt8]?
            if let open = server.document(fileURI) {
                // Open documents are the core's; only their table mentions count here.
                result = workspace.analyzeText(open.text, path: path, modules: modules.context(forFile: path))
                text = nil
            } else {
                switch SourceFileReader.read(path) {
                case .success(let bytes):
                    result = workspace.analyzeText(bytes, path: path, modules: modules.context(forFile: path))
                    text = bytes
                case .failure(let problem):
                    result = FileAnalysisResult(path: path, findings: [], queryCount: 0, note: WorkspaceNote(path: path, message: problem.description))
                    text = nil
                    server.log("\(path): \(problem)", type: .log)
                }
            }
            results.withLock { $0[path] = result.mentionedTableNames }
            queries.withLock { $0 += result.queryCount }
            if let text { publishProjectFile(fileURI, folder: uri, findings: result.findings.map(\.finding), text: text, server: server) }
            let done = completed.withLock { value -> Int in
                value += 1
                return value
            }
            progress.report(done)
        }
        progress.end()
        guard !isStale() else { return }

        // Files published before that are gone from the project now (deleted, now ignored).
        let present = Set(files.map { FileURI.uri(fromPath: $0) })
        let vanished = state.withLock { state -> [DocumentURI] in
            let published = state.folders[uri]?.publishedURIs ?? []
            return published.filter { isSourceURI($0) && !present.contains($0) }
        }
        for gone in vanished { clearProjectFile(gone, folder: uri, server: server) }

        let mentions = results.withLock { $0 }
        state.withLock { state in
            state.folders[uri]?.mentionsByPath = mentions
            state.folders[uri]?.tablesTrackedByLastScan = workspace.tablesTrackedForUse
            state.folders[uri]?.lastScanCompleted = true
            state.folders[uri]?.sourceStamp = sourceStamp
        }
        publishWorkspaceFindings(uri, server: server)
        reportMissingSchema(of: workspace, folder: uri, queryCount: queries.withLock { $0 }, server: server)
    }

    /// Publishes a closed project file's findings, unless the editor opened it meanwhile (the
    /// core owns open documents). Done on the message queue, in order with `didOpen`.
    func publishProjectFile(_ fileURI: DocumentURI, folder: DocumentURI, findings: [Finding], text: [UInt8], server: LanguageServer) {
        server.onMessageQueue { [self] in
            guard server.document(fileURI) == nil else { return }
            let hadDiagnostics = state.withLock { $0.folders[folder]?.publishedURIs.contains(fileURI) ?? false }
            // A clean file that never had diagnostics needs no message.
            guard !findings.isEmpty || hadDiagnostics else { return }
            server.publishDiagnostics(uri: fileURI, version: nil, findings: findings, text: text)
            state.withLock { state in
                if findings.isEmpty {
                    state.folders[folder]?.publishedURIs.remove(fileURI)
                } else {
                    state.folders[folder]?.publishedURIs.insert(fileURI)
                }
            }
        }
    }

    func clearProjectFile(_ fileURI: DocumentURI, folder: DocumentURI, server: LanguageServer) {
        server.onMessageQueue { [self] in
            let had = state.withLock { $0.folders[folder]?.publishedURIs.remove(fileURI) != nil }
            if had, server.document(fileURI) == nil {
                server.publishDiagnostics(uri: fileURI, version: nil, diagnostics: [])
            }
        }
    }

    /// Re-checks one project file from disk (after it changed or was closed); clears it when it
    /// is gone or no longer part of the project.
    func recheckFileFromDisk(_ fileURI: DocumentURI, server: LanguageServer) {
        guard isSourceURI(fileURI), let record = owningFolder(of: fileURI), let workspace = server.project(forFolder: record.uri),
              let path = FileURI.path(fromURI: fileURI) else { return }
        let folder = record.uri
        workQueue.async { [self] in
            guard workspace.isProjectSourceFile(path), case .success(let bytes) = SourceFileReader.read(path) else {
                clearProjectFile(fileURI, folder: folder, server: server)
                updateMentions(of: path, to: nil, folder: folder, server: server)
                return
            }
            // The reload checks it (and every file) against the schema with its statements.
            if reloadIfSchemaCodeAppeared(path, text: bytes, folder: folder, server: server) { return }
            let result = workspace.analyzeText(bytes, path: path, modules: server.moduleContext(forPath: path))
            publishProjectFile(fileURI, folder: folder, findings: result.findings.map(\.finding), text: bytes, server: server)
            updateMentions(of: path, to: result.mentionedTableNames, folder: folder, server: server)
            // A file written outside the editor may change what others import from it.
            server.recordModuleSummary(result.module, forPath: path, isProjectFile: true)
        }
    }

    /// How long closed files affected by an edit elsewhere wait before they are checked again:
    /// typing in an exported constant or a wrapper re-checks each of them once, when it pauses.
    static let dependentsDelay: DispatchTimeInterval = .milliseconds(300)

    /// Queues the closed files an edit affected (merged with those already waiting) and
    /// (re)starts the pause after which they are checked.
    func scheduleDependentsRecheck(_ recheck: ClosedFilesToRecheck, server: LanguageServer) {
        guard let folder = owningFolder(of: FileURI.uri(fromPath: recheck.changedPath))?.uri else { return }
        let editCount = state.withLock { state -> Int? in
            guard var record = state.folders[folder] else { return nil }
            if record.pendingDependents == nil { record.pendingDependents = recheck } else { record.pendingDependents!.merge(recheck) }
            record.dependentsEditCount += 1
            state.folders[folder] = record
            return record.dependentsEditCount
        }
        guard let editCount else { return }
        timerQueue.asyncAfter(deadline: .now() + Self.dependentsDelay) { [self] in
            guard state.withLock({ $0.folders[folder]?.dependentsEditCount == editCount }) else { return }  // a later edit waits its own pause
            workQueue.async { [self] in recheckDependents(in: folder, server: server) }
        }
    }

    /// Checks the waiting closed files again: the importers, the files whose text may call a
    /// changed wrapper, or every project file when a connection they all see changed.
    private func recheckDependents(in folder: DocumentURI, server: LanguageServer) {
        let waiting = state.withLock { state -> ClosedFilesToRecheck? in
            guard let pending = state.folders[folder]?.pendingDependents else { return nil }
            state.folders[folder]?.pendingDependents = nil
            return pending
        }
        guard let pending = waiting, let workspace = server.project(forFolder: folder), !isShutDown else { return }
        var paths = pending.importers
        if pending.everyFile || !pending.callersOf.isEmpty {
            let wrapperNames = pending.callersOf.sorted()
            for path in workspace.discoverFiles().files where !paths.contains(path) && server.document(FileURI.uri(fromPath: path)) == nil {
                if pending.everyFile {
                    paths.insert(path)
                } else if case .success(let bytes) = SourceFileReader.read(path), QueryExtractor.mayCall(wrapperNames, in: bytes) {
                    paths.insert(path)
                }
            }
        }
        for path in paths.sorted() { recheckFileFromDisk(FileURI.uri(fromPath: path), server: server) }
    }

    /// Records which tables a file names now (nil: it left the project) and republishes the
    /// unused tables when that changes what the last complete scan knew.
    private func updateMentions(of path: String, to mentions: Set<String>?, folder: DocumentURI, server: LanguageServer) {
        let changed = state.withLock { state -> Bool in
            guard state.folders[folder]?.lastScanCompleted == true else { return false }
            let before = state.folders[folder]?.mentionsByPath[path]
            state.folders[folder]?.mentionsByPath[path] = mentions
            return before != mentions
        }
        if changed { publishWorkspaceFindings(folder, server: server) }
    }

    // MARK: - Watching

    /// Asks the client to tell us about schema sources and source files.
    func registerFileWatchers(server: LanguageServer) {
        var patterns = [
            "**/" + WorkspaceConfiguration.fileName,
            "**/package.json",
            "**/*.sql",
            "**/*.{db,sqlite,sqlite3}",
            "**/*.{db,sqlite,sqlite3}-wal",
            "**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}",
        ]
        // A configured database with another extension is watched by name.
        let folders = state.withLock { Array($0.folders.keys) }
        let extraNames = folders.compactMap { server.project(forFolder: $0)?.configuration.databasePath }.map(WorkspacePath.lastComponent)
        for name in Set(extraNames) where !name.lowercased().hasSuffix(".db") && !name.lowercased().hasSuffix(".sqlite") && !name.lowercased().hasSuffix(".sqlite3") {
            patterns.append("**/" + name)
            patterns.append("**/" + name + "-wal")
        }
        let options = DidChangeWatchedFilesRegistrationOptions(watchers: patterns.map { FileSystemWatcher(globPattern: $0) })
        let registration = Registration(
            id: "sqlheal-watched-files",
            method: DidChangeWatchedFilesNotification.method,
            registerOptions: JSONValueCoding.encode(options))
        server.sendRequest(RegisterCapabilityRequest(registrations: [registration])) { [self] result in
            if case .failure(let error) = result {
                server.log("the client refused file watching (\(error.message)); watching schema files ourselves", type: .info)
                state.withLock { $0.usesClientFileWatching = false }
                startPolling(server: server)
            }
        }
    }

    /// Our own watcher for clients that cannot watch files (Neovim on Linux turns dynamic
    /// registration off): a few `stat` calls per folder each interval, comparing
    /// ``SchemaSourceStamp``s.
    func startPolling(server: LanguageServer) {
        let timer = DispatchSource.makeTimerSource(queue: timerQueue)
        timer.schedule(deadline: .now() + pollInterval, repeating: pollInterval, leeway: .milliseconds(100))
        timer.setEventHandler { [self] in
            let (records, tick) = state.withLock { state -> ([FolderRecord], Int) in
                state.pollTicks += 1
                return (state.isShutDown ? [] : Array(state.folders.values), state.pollTicks)
            }
            for record in records {
                guard let workspace = server.project(forFolder: record.uri), let stamp = record.schemaStamp else { continue }
                let current = stamp.refreshed(for: workspace.configuration)
                let changed = current.changedPaths(comparedWith: stamp)
                if !changed.isEmpty {
                    // A new schema source may be a new app's (with its own sqlheal.json): find the
                    // projects again first, so no project reloads with another's schema.
                    if refreshProjects(ofWorkspaceFolder: record.workspaceFolderURI, server: server) { continue }
                    server.log("schema sources changed: \(changed.map { WorkspacePath.display($0, root: record.root) }.joined(separator: ", ")); reloading", type: .log)
                    // Record the stamp now, so one change triggers one reload.
                    state.withLock { state in
                        state.folders[record.uri]?.schemaStamp = current
                    }
                    scheduleReload(record.uri, server: server)
                } else {
                    pollSourceTree(of: record, server: server, tick: tick)
                }
            }
        }
        let (installed, previous) = state.withLock { state -> (Bool, DispatchSourceTimer?) in
            if state.isShutDown { return (false, nil) }
            defer { state.poller = timer }
            return (true, state.poller)
        }
        previous?.cancel()
        if installed { timer.resume() }
    }
}

extension WorkspaceFeature {
    /// Project files one source poll may `stat` per tick; a larger project is polled every few
    /// ticks, so the poller costs about the same in any project.
    static let sourcePollStatsPerTick = 4_000

    /// Whether scans stamp the source tree for ``pollSourceTree(of:server:tick:)``.
    var isPollingForSourceChanges: Bool {
        state.withLock { !$0.usesClientFileWatching && $0.isInitialized }
    }

    /// Compares a folder's source files and folders with the last scan's stamp (on the work
    /// queue, after any scan in flight) and re-checks or clears only what changed. New files are
    /// found by listing the project again when a folder's listing changed.
    func pollSourceTree(of record: FolderRecord, server: LanguageServer, tick: Int) {
        guard let stamp = record.sourceStamp else { return }
        let every = max(1, (stamp.statCount + Self.sourcePollStatsPerTick - 1) / Self.sourcePollStatsPerTick)
        guard tick % every == 0 else { return }
        let folder = record.uri
        let claimed = state.withLock { state -> Bool in
            guard state.folders[folder] != nil, state.folders[folder]?.isPollingSources == false else { return false }
            state.folders[folder]?.isPollingSources = true
            return true
        }
        guard claimed else { return }
        workQueue.async { [self] in
            defer { state.withLock { $0.folders[folder]?.isPollingSources = false } }
            // A reload or scan since the tick replaced the stamp (or the folder): start over next tick.
            guard !isShutDown, let current = state.withLock({ $0.folders[folder] }), current.sourceStamp == stamp,
                  let workspace = server.project(forFolder: folder) else { return }
            var (changes, refreshed) = stamp.changesOnDisk()
            guard !changes.isEmpty else { return }
            var recheck = changes.modifiedFiles
            var clear = changes.removedFiles
            if changes.listingChanged {
                // A new app with its own sqlheal.json or package.json: the projects are found
                // again and reloaded, which re-checks their files.
                if refreshProjects(ofWorkspaceFolder: current.workspaceFolderURI, server: server) { return }
                let relisted = refreshed.relisted(as: workspace.discoverFiles())
                refreshed = relisted.stamp
                recheck += relisted.addedFiles
                clear += relisted.droppedFiles
            }
            let stillCurrent = state.withLock { state -> Bool in
                guard state.folders[folder]?.sourceStamp == stamp else { return false }
                state.folders[folder]?.sourceStamp = refreshed
                return true
            }
            guard stillCurrent else { return }
            let changed = Set(recheck).union(clear).sorted()
            guard !changed.isEmpty else { return }
            server.log("source files changed on disk: \(changed.prefix(5).map { WorkspacePath.display($0, root: current.root) }.joined(separator: ", "))\(changed.count > 5 ? " and \(changed.count - 5) more" : ""); checking them again", type: .log)
            // Deleted files, and files a new ignore rule took out of the project (which
            // recheckFileFromDisk, ignoring .gitignore like an opened file, would check).
            for path in clear {
                clearProjectFile(FileURI.uri(fromPath: path), folder: folder, server: server)
                updateMentions(of: path, to: nil, folder: folder, server: server)
            }
            for path in Set(recheck).subtracting(clear).sorted() {
                recheckFileFromDisk(FileURI.uri(fromPath: path), server: server)
            }
        }
    }
}
