import Foundation
import SQLHealAnalysis
import SQLHealLSP

extension LanguageServer {
    /// Analyses the document's current text off the message loop and publishes the findings if
    /// the document has not changed meanwhile. Call on any thread.
    func scheduleAnalysis(of uri: DocumentURI) {
        let job = state.withLock { state -> (text: [UInt8], language: SourceLanguage, generation: Int, analyzer: DocumentAnalyzer)? in
            guard let record = state.documents[uri], let language = record.language else { return nil }
            return (record.text, language, record.generation, Self.analyzer(forDocument: uri, in: state))
        }
        guard let job else {
            fireAnalysisWaiters(for: uri)
            return
        }
        analysisQueue.async { [self] in
            // A newer change may already have superseded this one while it waited: skip the work.
            guard isCurrent(uri: uri, generation: job.generation) else { return }
            let analysis = job.analyzer.analyze(job.text, language: job.language)
            messageQueue.async { [self] in
                let snapshot = state.withLock { state -> OpenDocument? in
                    guard var record = state.documents[uri], record.generation == job.generation else { return nil }
                    record.analysis = analysis
                    record.analysisGeneration = job.generation
                    state.documents[uri] = record
                    return record.snapshot
                }
                // Stale: a newer version's analysis will publish.
                guard let snapshot else { return }
                publishDiagnostics(uri: uri, version: snapshot.version, findings: analysis.findings, lineIndex: snapshot.lineIndex)
                fireAnalysisWaiters(for: uri)
            }
        }
    }

    private func isCurrent(uri: DocumentURI, generation: Int) -> Bool {
        state.withLock { $0.documents[uri]?.generation == generation }
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

    /// The analyzer of the workspace folder that contains `uri` most closely, else the default.
    static func analyzer(forDocument uri: DocumentURI, in state: State) -> DocumentAnalyzer {
        var best: (length: Int, analyzer: DocumentAnalyzer)?
        for (folder, analyzer) in state.analyzersByFolder where Self.folder(folder, contains: uri) {
            if best == nil || folder.count > best!.length { best = (folder.count, analyzer) }
        }
        return best?.analyzer ?? state.defaultAnalyzer
    }

    static func folder(_ folderURI: DocumentURI, contains uri: DocumentURI) -> Bool {
        let prefix = folderURI.hasSuffix("/") ? folderURI : folderURI + "/"
        return uri.hasPrefix(prefix) || uri == folderURI
    }
}
