import Dispatch
import SQLHealAnalysis
import Synchronization

/// A project's source files, read and extracted once for one whole-project job (`sqlheal
/// check`): the module index, the schema statements the code runs and the scan all take them
/// from here instead of reading and extracting every file again.
///
/// Each file is read once and extracted on its own, for what it exports, imports, wraps and
/// connects (its ``ModuleSummary``, which the ``ModuleIndex`` joins; a file that may call a
/// wrapper another file defines is summarized again, ``ModuleIndex/settleWrappers(rereading:)``),
/// then once with what it sees of the rest of the project (``ModuleIndex/context(forFile:)``),
/// unless it sees nothing: the first extraction already is that one. The extraction in context
/// is made by the first reader that needs it (the code's schema statements, or the scan) and
/// kept for the others.
///
/// A snapshot of the files as they were read: hold it for the job it was made for only (the
/// server and `watch` read files afresh).
public final class ProjectSources: Sendable {
    /// The result of extracting one file: its queries and its ``ModuleSummary``.
    public struct Extraction: Sendable {
        public var queries: [EmbeddedQuery]
        public var summary: ModuleSummary
    }

    /// Every project file (the discovery the job started from).
    public let discovered: DiscoveredFiles
    /// Every `.sql` file under the root that the project's excludes and `.gitignore` leave in,
    /// found by the same walk: the candidates for schema files (one walk of the tree, not two).
    public let sqlFiles: [String]
    /// The project's modules, joined from every file's own summary.
    public let modules: ModuleIndex
    /// The configuration every extraction here was made with.
    public let extraction: QueryExtractionConfiguration
    private let files: [String: SourceFile]
    /// Extractions under each file's module context, by path, as readers made them.
    private let extractionsInContext = Mutex<[String: Extraction]>([:])

    private struct SourceFile: Sendable {
        var read: Result<[UInt8], FileReadProblem>
        var language: SourceLanguage?
        /// The extraction without the rest of the project.
        var alone: Extraction?
    }

    /// Reads and extracts every project file of `configuration` in parallel; `openBuffers`
    /// (absolute path → text) win over the disk.
    public init(configuration: WorkspaceConfiguration, openBuffers: [String: [UInt8]] = [:]) {
        var rules = configuration.discovery
        rules.include.append(GlobPattern("**/*.sql"))
        var discovered = FileDiscovery.discover(root: configuration.root, rules: rules)
        let sqlFiles = discovered.files.filter { $0.lowercased().hasSuffix(".sql") }
        // A `.sql` file is a source file only when the project's own includes name it.
        discovered.files.removeAll { path in
            path.lowercased().hasSuffix(".sql") && !(WorkspacePath.relative(path, to: configuration.root).map(configuration.discovery.includes(relativePath:)) ?? false)
        }
        self.sqlFiles = sqlFiles
        let paths = discovered.files
        let extraction = configuration.analysis.extraction
        let slots = Mutex([SourceFile?](repeating: nil, count: paths.count))
        DispatchQueue.concurrentPerform(iterations: paths.count) { index in
            let path = paths[index]
            let read = openBuffers[path].map { .success($0) } ?? SourceFileReader.read(path)
            let language = SourceLanguage(fileName: path)
            var file = SourceFile(read: read, language: language)
            if let language, case .success(let bytes) = read {
                file.alone = Self.extract(bytes, language: language, configuration: extraction, context: .empty)
            }
            slots.withLock { $0[index] = file }
        }
        var files: [String: SourceFile] = [:]
        var summaries: [String: ModuleSummary] = [:]
        slots.withLock { slots in
            for (path, file) in zip(paths, slots) {
                guard let file else { continue }
                files[path] = file
                if let summary = file.alone?.summary { summaries[path] = summary }
            }
        }
        var modules = ModuleIndex(summaries: summaries, settings: TSConfigReader.settings(forProjectRoot: configuration.root))
        // As ``ProjectModules/index(files:root:extraction:text:isCancelled:)`` does: wrappers of
        // wrappers defined in other files, from the text already read.
        let readFiles = files
        modules.settleWrappers { names, context in
            let candidates = paths.filter { path in
                guard let file = readFiles[path], file.language != nil, case .success(let bytes) = file.read else { return false }
                return QueryExtractor.mayCall(names, in: bytes)
            }
            let reread = Mutex([String: ModuleSummary]())
            DispatchQueue.concurrentPerform(iterations: candidates.count) { index in
                let path = candidates[index]
                guard let file = readFiles[path], let language = file.language, case .success(let bytes) = file.read else { return }
                let summary = QueryExtractor.moduleSummary(of: bytes, language: language, configuration: extraction, context: context)
                reread.withLock { $0[path] = summary }
            }
            return reread.withLock { $0 }
        }
        self.discovered = discovered
        self.extraction = extraction
        self.files = files
        self.modules = modules
    }

    /// The file's text as read, or why it could not be (`nil`: not one of the discovered files).
    public func read(_ path: String) -> Result<[UInt8], FileReadProblem>? {
        files[path]?.read
    }

    /// The file's queries and summary with the names it imports resolved, extracted with
    /// `configuration` (`nil` when the file is not a readable source file of the project). Made
    /// once per file for the job's configuration; another configuration (a file whose queries
    /// run on another database by default) is extracted afresh each time.
    public func extractionInContext(of path: String, configuration: QueryExtractionConfiguration) -> Extraction? {
        guard let file = files[path], let language = file.language, case .success(let bytes) = file.read else { return nil }
        let context = modules.context(forFile: path)
        guard configuration == extraction else { return Self.extract(bytes, language: language, configuration: configuration, context: context) }
        if let made = extractionsInContext.withLock({ $0[path] }) { return made }
        let made = context == .empty ? file.alone ?? Self.extract(bytes, language: language, configuration: configuration, context: context)
            : Self.extract(bytes, language: language, configuration: configuration, context: context)
        extractionsInContext.withLock { $0[path] = made }
        return made
    }

    private static func extract(_ bytes: [UInt8], language: SourceLanguage, configuration: QueryExtractionConfiguration, context: ModuleContext) -> Extraction {
        let scan = JavaScriptScanner.scan(bytes, language: language)
        let extracted = QueryExtractor.extract(from: bytes, scan: scan, configuration: configuration, context: context)
        return Extraction(queries: extracted.queries, summary: extracted.summary)
    }
}
