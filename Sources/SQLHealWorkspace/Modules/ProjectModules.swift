import Dispatch
import Foundation
import SQLHealAnalysis

/// Builds a project's ``ModuleIndex``: reads every source file (in parallel) and summarizes what
/// it exports and imports. The IO half of the project model; the core joins the summaries.
public enum ProjectModules {
    /// `text(path)` gives an open editor buffer's bytes, which win over the file on disk.
    public static func index(
        files: [String],
        root: String,
        extraction: QueryExtractionConfiguration,
        text: (@Sendable (String) -> [UInt8]?)? = nil,
        isCancelled: (@Sendable () -> Bool)? = nil
    ) -> ModuleIndex {
        var index = ModuleIndex(summaries: summaries(of: files, extraction: extraction, context: .empty, text: text, isCancelled: isCancelled),
                                settings: TSConfigReader.settings(forProjectRoot: root))
        index.settleWrappers { names, context in
            isCancelled?() == true ? [:] : summaries(of: files, extraction: extraction, context: context, text: text, isCancelled: isCancelled, onlyCalling: names)
        }
        return index
    }

    /// The summaries of `files` read with `context`; with `onlyCalling`, only of the files that may call one of those names.
    private static func summaries(
        of files: [String], extraction: QueryExtractionConfiguration, context: ModuleContext,
        text: (@Sendable (String) -> [UInt8]?)?, isCancelled: (@Sendable () -> Bool)?, onlyCalling names: [String]? = nil
    ) -> [String: ModuleSummary] {
        let summaries = SummaryCollector(count: files.count)
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            if isCancelled?() == true { return }
            let path = files[index]
            guard let language = SourceLanguage(fileName: path) else { return }
            let bytes: [UInt8]
            if let open = text?(path) {
                bytes = open
            } else if case .success(let read) = SourceFileReader.read(path) {
                bytes = read
            } else {
                return
            }
            if let names, !QueryExtractor.mayCall(names, in: bytes) { return }
            summaries.store(QueryExtractor.moduleSummary(of: bytes, language: language, configuration: extraction, context: context), at: index)
        }
        var byPath: [String: ModuleSummary] = [:]
        for (index, summary) in summaries.values() { byPath[files[index]] = summary }
        return byPath
    }
}

/// Collects summaries from concurrent workers.
private final class SummaryCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [(Int, ModuleSummary)] = []

    init(count: Int) { storage.reserveCapacity(count) }

    func store(_ summary: ModuleSummary, at index: Int) {
        lock.lock()
        storage.append((index, summary))
        lock.unlock()
    }

    func values() -> [(Int, ModuleSummary)] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }
}
