import Foundation
import SQLHealAnalysis
import SQLHealLSP

extension LanguageServer {
    /// Analyses the document's current text off the message loop and publishes the findings if
    /// the document has not changed meanwhile. Call on any thread.
    ///
    /// At most one analysis per document runs at a time: while one runs, further changes only
    /// bump the generation, and when it ends the latest text is analysed next. Fast typing thus
    /// costs one analysis in flight plus one for the final text, never one per keystroke.
    func scheduleAnalysis(of uri: DocumentURI) {
        let job = state.withLock { state -> (text: [UInt8], language: SourceLanguage, generation: Int, analyzer: DocumentAnalyzer, modules: ModuleIndex?)?? in
            guard var record = state.documents[uri], let language = record.language else { return .some(nil) }
            if record.isAnalysisRunning { return nil }
            record.isAnalysisRunning = true
            state.documents[uri] = record
            return (record.text, language, record.generation, Self.analyzer(forDocument: uri, in: state), Self.moduleIndex(forDocument: uri, in: state)?.index)
        }
        // Outer nil: an analysis is running and will pick up the latest text. Inner nil: the
        // document is not analysable (closed, or a language sqlheal does not read).
        guard let job else { return }
        guard let job else {
            fireAnalysisWaiters(for: uri)
            return
        }
        analysisQueue.async { [self] in
            let path = FileURI.path(fromURI: uri)
            // Too large (a bundle, generated code): not analysed, as the command line skips it;
            // one note at its start says why. Checked first, so such a file costs no module
            // context either. The document's path also decides its default database
            // (`databases[].paths`).
            let tooLarge = DocumentLimits.isTooLarge(job.text)
            let analysis: DocumentAnalysis
            if tooLarge {
                analysis = DocumentAnalysis(queries: [], findings: [])
            } else {
                let modules = path.flatMap { job.modules?.context(forFile: $0) } ?? .empty
                analysis = path.map { job.analyzer.analyze(job.text, language: job.language, path: $0, modules: modules) }
                    ?? job.analyzer.analyze(job.text, language: job.language, modules: modules)
            }
            messageQueue.async { [self] in
                let outcome = state.withLock { state -> (snapshot: OpenDocument?, rerun: Bool, unchanged: Bool) in
                    guard var record = state.documents[uri] else { return (nil, false, false) }
                    record.isAnalysisRunning = false
                    guard record.generation == job.generation else {
                        state.documents[uri] = record
                        return (nil, true, false)
                    }
                    record.analysis = analysis
                    record.analysisGeneration = job.generation
                    let unchanged = record.publishesOnlyChanges && !tooLarge
                        && record.published.map { $0.version == record.version && $0.findings == analysis.findings } == true
                    record.publishesOnlyChanges = false
                    if !tooLarge { record.published = (record.version, analysis.findings) }
                    state.documents[uri] = record
                    return (record.snapshot, false, unchanged)
                }
                if outcome.rerun {
                    // Stale: never published. Analyse the text the client has now.
                    scheduleAnalysis(of: uri)
                    return
                }
                guard let snapshot = outcome.snapshot else { return }
                if outcome.unchanged {
                    // Re-checked for another file's edit, and nothing changed for it: nothing to send.
                } else if tooLarge {
                    publishDiagnostics(uri: uri, version: snapshot.version, diagnostics: [DocumentLimits.notAnalysedDiagnostic(size: job.text.count)])
                } else {
                    publishDiagnostics(uri: uri, version: snapshot.version, findings: analysis.findings, lineIndex: snapshot.lineIndex)
                }
                fireAnalysisWaiters(for: uri)
                // After publishing, so the edited document's own diagnostics never wait for its importers'.
                // An open document belongs to its folder's model even before it is saved.
                if job.modules != nil, !tooLarge, let path { recordModuleSummary(analysis.module, forPath: path, isProjectFile: true) }
            }
        }
    }

    /// Calls the waiters of `uri` whose wait is over (the analysis is current, or the document is gone).
    func fireAnalysisWaiters(for uri: DocumentURI) {
        let ready = state.withLock { state -> (OpenDocument?, [@Sendable (OpenDocument?) -> Void]) in
            let record = state.documents[uri]
            if let record, !record.isAnalysisCurrent { return (nil, []) }
            return (record?.snapshot, state.analysisWaiters.removeValue(forKey: uri) ?? [])
        }
        for waiter in ready.1 { waiter(ready.0) }
    }

    /// The analyzer of the project folder that contains `uri` most closely, else the default.
    static func analyzer(forDocument uri: DocumentURI, in state: State) -> DocumentAnalyzer {
        innermostProjectFolder(holding: uri, in: state, having: \.analyzer)?.part ?? state.defaultAnalyzer
    }

    /// The module index of the innermost project folder holding `uri` that has one.
    static func moduleIndex(forDocument uri: DocumentURI, in state: State) -> (folder: DocumentURI, index: ModuleIndex)? {
        innermostProjectFolder(holding: uri, in: state, having: \.modules).map { ($0.folder, $0.part) }
    }

    /// The innermost project folder holding `uri` that has `part`: the one way the server
    /// decides which project a file belongs to.
    static func innermostProjectFolder<Part>(holding uri: DocumentURI, in state: State, having part: KeyPath<ProjectFolderState, Part?>) -> (folder: DocumentURI, part: Part)? {
        var best: (folder: DocumentURI, part: Part)?
        for (folder, entry) in state.projectFolders where Self.folder(folder, contains: uri) {
            guard let value = entry[keyPath: part], best == nil || folder.count > best!.folder.count else { continue }
            best = (folder, value)
        }
        return best
    }

    /// The entry of the innermost folder holding `uri` (the longest folder URI that is `uri` or a prefix of it).
    static func innermost<Value>(holding uri: DocumentURI, among folders: [DocumentURI: Value]) -> (folder: DocumentURI, part: Value)? {
        var best: (folder: DocumentURI, part: Value)?
        for (folder, value) in folders where Self.folder(folder, contains: uri) {
            if best == nil || folder.count > best!.folder.count { best = (folder, value) }
        }
        return best
    }

    static func folder(_ folderURI: DocumentURI, contains uri: DocumentURI) -> Bool {
        let prefix = folderURI.hasSuffix("/") ? folderURI : folderURI + "/"
        return uri.hasPrefix(prefix) || uri == folderURI
    }
}
