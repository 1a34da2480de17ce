import Dispatch
import Foundation
import SQLHealAnalysis

/// The analysis of one project file.
public struct FileAnalysisResult: Sendable {
    /// Absolute path.
    public var path: String
    /// Sorted by position.
    public var findings: [FileFinding]
    public var queryCount: Int
    /// Set when the file was skipped (too large, not UTF-8, unreadable): the reason.
    public var note: WorkspaceNote?
    /// Lowercased names of the schema's tables that appear as a word anywhere in the file (in
    /// SQL or not): a table named nowhere in the code is unused.
    public var mentionedTableNames: Set<String>
    /// What the file exports and imports, read while it was analysed.
    public var module: ModuleSummary

    public init(path: String, findings: [FileFinding], queryCount: Int, note: WorkspaceNote? = nil, mentionedTableNames: Set<String> = [], module: ModuleSummary = .empty) {
        self.path = path
        self.findings = findings
        self.queryCount = queryCount
        self.note = note
        self.mentionedTableNames = mentionedTableNames
        self.module = module
    }
}

/// The analysis of a whole project (or of the files a `check PATH…` names).
public struct ProjectScanResult: Sendable {
    /// In the order of the files given (sorted by discovery).
    public var files: [FileAnalysisResult]
    public var notes: [WorkspaceNote]
    /// True when the scan stopped early because it was cancelled.
    public var wasCancelled: Bool

    public init(files: [FileAnalysisResult], notes: [WorkspaceNote], wasCancelled: Bool) {
        self.files = files
        self.notes = notes
        self.wasCancelled = wasCancelled
    }

    public var findings: [FileFinding] { files.flatMap(\.findings) }
    public var queryCount: Int { files.reduce(0) { $0 + $1.queryCount } }
}

/// Progress of a running scan, reported from worker threads.
public typealias ProjectScanProgress = @Sendable (_ completedFiles: Int, _ totalFiles: Int) -> Void

/// Analyzes project files in parallel on every core.
///
/// Each file is read, checked by the same ``DocumentAnalyzer`` the editor uses (it is
/// thread-safe and caches per statement), and its findings converted to line/column positions
/// with ``LineIndex``. A file that cannot be read becomes a note, never a failure.
public enum ProjectScanner {
    public struct Options: Sendable {
        /// How columns are counted in ``FileFinding/start`` and ``FileFinding/end``.
        public var unit: TextColumnUnit
        /// Table names (any case) whose mentions to record, for unused-table detection.
        public var tableNamesToTrack: Set<String>
        public var progress: ProjectScanProgress?
        /// Polled between files; returning `true` stops the scan (the editor typed again, the
        /// schema changed).
        public var isCancelled: (@Sendable () -> Bool)?
        /// The project's modules: each file's imported constants are resolved through it.
        public var modules: ModuleIndex?
        /// The files already read and extracted for this job: their text and extraction are
        /// taken from here (files it does not hold are read from disk).
        public var sources: ProjectSources?

        public init(unit: TextColumnUnit = .utf16, tableNamesToTrack: Set<String> = [], progress: ProjectScanProgress? = nil, isCancelled: (@Sendable () -> Bool)? = nil,
                    modules: ModuleIndex? = nil, sources: ProjectSources? = nil) {
            self.modules = modules
            self.sources = sources
            self.unit = unit
            self.tableNamesToTrack = tableNamesToTrack
            self.progress = progress
            self.isCancelled = isCancelled
        }
    }

    public static func scan(files: [String], analyzer: DocumentAnalyzer, options: Options = Options()) -> ProjectScanResult {
        let collector = ResultCollector(count: files.count)
        let tracked = WordScanner(names: Set(options.tableNamesToTrack.map { $0.lowercased() }))
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            if options.isCancelled?() == true {
                collector.markCancelled()
                return
            }
            let path = files[index]
            let result: FileAnalysisResult
            if let sources = options.sources, let read = sources.read(path) {
                result = analyzeFile(path, read: read, sources: sources, analyzer: analyzer, unit: options.unit, mentions: tracked)
            } else {
                switch SourceFileReader.read(path) {
                case .failure(let problem):
                    result = FileAnalysisResult(path: path, findings: [], queryCount: 0, note: WorkspaceNote(path: path, message: problem.description))
                case .success(let bytes):
                    result = analyzeText(bytes, path: path, analyzer: analyzer, unit: options.unit, mentions: tracked, modules: options.modules?.context(forFile: path) ?? .empty)
                }
            }
            let completed = collector.store(result, at: index)
            options.progress?(completed, files.count)
        }
        let results = collector.results()
        return ProjectScanResult(
            files: results,
            notes: results.compactMap(\.note),
            wasCancelled: collector.cancelled
        )
    }

    /// Reads and analyzes one file from disk.
    public static func analyzeFile(_ path: String, analyzer: DocumentAnalyzer, unit: TextColumnUnit = .utf16, tableNamesToTrack: Set<String> = [], modules: ModuleContext = .empty) -> FileAnalysisResult {
        switch SourceFileReader.read(path) {
        case .failure(let problem):
            return FileAnalysisResult(path: path, findings: [], queryCount: 0, note: WorkspaceNote(path: path, message: problem.description))
        case .success(let bytes):
            return analyzeText(bytes, path: path, analyzer: analyzer, unit: unit, tableNamesToTrack: tableNamesToTrack, modules: modules)
        }
    }

    /// Analyzes a file of `sources` from its text and extraction there (each file of a
    /// `check` is read and extracted once; the module index and the code's schema took theirs
    /// from the same place).
    static func analyzeFile(_ path: String, read: Result<[UInt8], FileReadProblem>, sources: ProjectSources, analyzer: DocumentAnalyzer, unit: TextColumnUnit, mentions: WordScanner) -> FileAnalysisResult {
        switch read {
        case .failure(let problem):
            return FileAnalysisResult(path: path, findings: [], queryCount: 0, note: WorkspaceNote(path: path, message: problem.description))
        case .success(let bytes):
            guard let extracted = sources.extractionInContext(of: path, configuration: analyzer.extractionConfiguration(forPath: path)) else {
                return FileAnalysisResult(path: path, findings: [], queryCount: 0)
            }
            let analysis = analyzer.analyze(bytes, extracted: (extracted.queries, extracted.summary), path: path)
            return result(of: analysis, bytes: bytes, path: path, unit: unit, mentions: mentions)
        }
    }

    /// Analyzes text already in memory (an open editor buffer) as the file at `path`.
    public static func analyzeText(_ bytes: [UInt8], path: String, analyzer: DocumentAnalyzer, unit: TextColumnUnit = .utf16, tableNamesToTrack: Set<String> = [], modules: ModuleContext = .empty) -> FileAnalysisResult {
        analyzeText(bytes, path: path, analyzer: analyzer, unit: unit, mentions: WordScanner(names: tableNamesToTrack), modules: modules)
    }

    static func analyzeText(_ bytes: [UInt8], path: String, analyzer: DocumentAnalyzer, unit: TextColumnUnit, mentions: WordScanner, modules: ModuleContext) -> FileAnalysisResult {
        guard let language = SourceLanguage(fileName: path) else {
            return FileAnalysisResult(path: path, findings: [], queryCount: 0)
        }
        let analysis = analyzer.analyze(bytes, language: language, path: path, modules: modules)
        return result(of: analysis, bytes: bytes, path: path, unit: unit, mentions: mentions)
    }

    /// A document's analysis as a file's result: findings in lines and columns, mentioned tables.
    private static func result(of analysis: DocumentAnalysis, bytes: [UInt8], path: String, unit: TextColumnUnit, mentions: WordScanner) -> FileAnalysisResult {
        let lineIndex = LineIndex(utf8: bytes)
        let findings = analysis.findings.map { FileFinding(path: path, finding: $0, lineIndex: lineIndex, unit: unit) }
        let mentioned = mentions.isEmpty ? [] : mentions.words(in: bytes)
        return FileAnalysisResult(path: path, findings: findings, queryCount: analysis.queries.count, mentionedTableNames: mentioned, module: analysis.module)
    }
}

/// Collects per-file results from concurrent workers.
private final class ResultCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [FileAnalysisResult?]
    private var completed = 0
    private(set) var cancelled = false

    init(count: Int) {
        storage = Array(repeating: nil, count: count)
    }

    func store(_ result: FileAnalysisResult, at index: Int) -> Int {
        lock.lock()
        defer { lock.unlock() }
        storage[index] = result
        completed += 1
        return completed
    }

    func markCancelled() {
        lock.lock()
        cancelled = true
        lock.unlock()
    }

    func results() -> [FileAnalysisResult] {
        lock.lock()
        defer { lock.unlock() }
        return storage.compactMap { $0 }
    }
}

/// Finds which of a set of names appear as whole words (ASCII case-insensitive) in a text.
struct WordScanner: Sendable {
    /// The names (lowercased), their bytes, and for each length the names that long.
    private let names: [String]
    private let nameBytes: [[UInt8]]
    private let namesByLength: [[Int]]

    /// Prepared once per scan: the same names are looked for in every file.
    init(names: Set<String>) {
        self.names = Array(names)
        nameBytes = self.names.map { Array($0.utf8) }
        var byLength = Array(repeating: [Int](), count: (nameBytes.map { $0.count }.max() ?? 0) + 1)
        for (position, bytes) in nameBytes.enumerated() { byLength[bytes.count].append(position) }
        namesByLength = byLength
    }

    var isEmpty: Bool { names.isEmpty }

    /// The names that stand as whole words in `bytes`, any case: words are compared as bytes
    /// with the names of their length, never made into strings.
    func words(in bytes: [UInt8]) -> Set<String> {
        let maximumLength = namesByLength.count - 1
        guard maximumLength > 0 else { return [] }
        var found: Set<String> = []
        var index = 0
        let count = bytes.count
        while index < count {
            guard MigrationLoader.isIdentifierByte(bytes[index]) else {
                index += 1
                continue
            }
            let start = index
            while index < count, MigrationLoader.isIdentifierByte(bytes[index]) { index += 1 }
            let length = index - start
            guard length <= maximumLength else { continue }
            for position in namesByLength[length] {
                let name = nameBytes[position]
                var offset = 0
                while offset < length, MigrationLoader.asciiLowercase(bytes[start + offset]) == name[offset] { offset += 1 }
                guard offset == length else { continue }
                found.insert(names[position])
                if found.count == names.count { return found }
                break
            }
        }
        return found
    }

    /// One search (`names` lowercased).
    static func words(in bytes: [UInt8], among names: Set<String>) -> Set<String> {
        WordScanner(names: names).words(in: bytes)
    }
}
