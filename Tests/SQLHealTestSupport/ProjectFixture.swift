import Foundation
import SQLHealAnalysis

/// A multi-file project written as one fixture string, for tests of anything cross-file
/// (the module index, wrappers, project scans, the server's cross-file flow).
///
/// Each file starts with a line `// @file relative/path.ts`; everything up to the next such
/// line is its text. Inside a file, `⟦…⟧` marks a range a finding must cover and `⌖` a
/// position; both are removed from the text.
///
/// ```swift
/// let project = ProjectFixture("""
///     // @file src/tables.ts
///     export const MESSAGES = 'messages';
///     // @file src/read.ts
///     import { MESSAGES } from './tables';
///     db.all(`SELECT ⟦bodyy⟧ FROM ${MESSAGES}`);
///     """)
/// let findings = project.analyze(schema: context)   // path → findings, through a ModuleIndex
/// let root = try project.write()                      // the same files in a temporary folder
/// ```
public struct ProjectFixture: Sendable {
    public struct File: Sendable {
        /// Relative to the project root.
        public var path: String
        public var text: String
        /// `⟦…⟧` ranges, in UTF-8 byte offsets of `text`, sorted.
        public var expectedRanges: [ByteRange]
        /// `⌖` positions, in UTF-8 byte offsets of `text`.
        public var positions: [Int]
    }

    public var files: [File]
    /// The absolute folder the files are given under (`write()` uses its own temporary one).
    public var root: String

    public init(_ fixture: String, root: String = "/project") {
        self.root = root
        var files: [File] = []
        var currentPath: String?
        var currentLines: [Substring] = []
        func flush() {
            guard let path = currentPath else { return }
            files.append(Self.file(path: path, fixtureText: currentLines.joined(separator: "\n") + "\n"))
        }
        for line in fixture.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("// @file ") {
                flush()
                currentPath = String(trimmed.dropFirst("// @file ".count))
                currentLines = []
            } else {
                currentLines.append(line)
            }
        }
        flush()
        self.files = files
    }

    /// The file at `path` (relative).
    public func file(_ path: String) -> File? { files.first { $0.path == path } }

    public func absolutePath(_ relative: String, root: String? = nil) -> String { (root ?? self.root) + "/" + relative }

    /// The project's module index, built from the fixture's text (no IO).
    public func moduleIndex(extraction: QueryExtractionConfiguration = .default, settings: ModuleResolutionSettings = .none) -> ModuleIndex {
        var summaries: [String: ModuleSummary] = [:]
        for file in files {
            guard let language = SourceLanguage(fileName: file.path) else { continue }
            summaries[absolutePath(file.path)] = QueryExtractor.moduleSummary(of: Array(file.text.utf8), language: language, configuration: extraction)
        }
        var index = ModuleIndex(summaries: summaries, settings: settings)
        index.settleWrappers { names, context in
            var again: [String: ModuleSummary] = [:]
            for file in files {
                let bytes = Array(file.text.utf8)
                guard let language = SourceLanguage(fileName: file.path), QueryExtractor.mayCall(names, in: bytes) else { continue }
                again[absolutePath(file.path)] = QueryExtractor.moduleSummary(of: bytes, language: language, configuration: extraction, context: context)
            }
            return again
        }
        return index
    }

    /// Every file analysed with the names it imports resolved through ``moduleIndex(extraction:settings:)``:
    /// relative path → findings.
    public func analyze(with analyzer: DocumentAnalyzer, settings: ModuleResolutionSettings = .none) -> [String: [Finding]] {
        let index = moduleIndex(extraction: analyzer.configuration.extraction, settings: settings)
        var result: [String: [Finding]] = [:]
        for file in files {
            guard let language = SourceLanguage(fileName: file.path) else { continue }
            let context = index.context(forFile: absolutePath(file.path))
            result[file.path] = analyzer.analyze(Array(file.text.utf8), language: language, modules: context).findings
        }
        return result
    }

    /// Writes the files (markers removed) under a new temporary folder and returns its path.
    public func write() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sqlheal-project-\(UUID().uuidString)").path
        try write(to: folder)
        return folder
    }

    public func write(to folder: String) throws {
        for file in files {
            let path = folder + "/" + file.path
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(file.text.utf8).write(to: URL(fileURLWithPath: path))
        }
    }

    static func file(path: String, fixtureText: String) -> File {
        var output: [UInt8] = []
        var ranges: [ByteRange] = []
        var positions: [Int] = []
        var openStack: [Int] = []
        for character in fixtureText {
            switch character {
            case "⟦": openStack.append(output.count)
            case "⟧": if let start = openStack.popLast() { ranges.append(start..<output.count) }
            case "⌖": positions.append(output.count)
            default: output.append(contentsOf: Array(String(character).utf8))
            }
        }
        ranges.sort { ($0.lowerBound, $0.upperBound) < ($1.lowerBound, $1.upperBound) }
        return File(path: path, text: String(decoding: output, as: UTF8.self), expectedRanges: ranges, positions: positions)
    }
}
