import Foundation
import SQLHealAnalysis
import SQLHealRepair

/// Applies the safe code fixes (``FixAll``) to files on disk, the way `sqlheal fix` promises:
///
/// 1. a file that does not scan cleanly is never touched;
/// 2. the fixed text must scan cleanly before it is written;
/// 3. each file is copied into the history's backups (`.sqlheal/backups/<id>/files/…`) and the
///    history entry is journaled before the file is written;
/// 4. after writing, `node --check` (for `.js`, `.mjs`, `.cjs`, when Node is installed and accepts
///    the original) must accept it, or the file is restored from the original bytes at once;
/// 5. the entry records every file kept, with its content hash, so `sqlheal rollback` undoes the run.
///
/// With ``Options/dryRun`` nothing is written: the report carries each file's unified diff.
struct FileFixRun {
    struct Options {
        var dryRun: Bool
        /// `nil` when Node is not installed.
        var nodeCheck: NodeSyntaxCheck?
        var fixAll: FixAllConfiguration = .default
    }

    enum FileOutcome {
        /// Nothing safe to fix.
        case unchanged
        /// Written and verified.
        case fixed(fixes: [AppliedCodeFix])
        /// Dry run: what would be written.
        case wouldFix(fixes: [AppliedCodeFix], diff: String)
        /// Not touched: the file as it is does not parse.
        case unparsable(reason: String)
        /// Not written (the fixed text does not scan) or written and restored (Node rejected it).
        case rolledBack(fixes: [AppliedCodeFix], reason: String)
        /// Could not be read, backed up or written.
        case failed(reason: String)
    }

    struct FileResult {
        var path: String
        var outcome: FileOutcome
    }

    struct Report {
        var files: [FileResult]
        /// The history entry of the run, when something was written.
        var historyID: String?
        var historyProblem: String?

        var fixedFileCount: Int { files.filter { if case .fixed = $0.outcome { true } else { false } }.count }
        var fixCount: Int {
            files.reduce(0) { count, file in
                switch file.outcome {
                case .fixed(let fixes), .wouldFix(let fixes, _): count + fixes.count
                default: count
                }
            }
        }
        /// A fix that was computed but not kept (restored, not written, or a write that failed).
        var hasFailures: Bool {
            historyProblem != nil || files.contains {
                switch $0.outcome {
                case .rolledBack, .failed: true
                default: false
                }
            }
        }

        /// Anything left unfixed: failures, and files not touched because they do not parse.
        var leftSomethingUnfixed: Bool {
            hasFailures || files.contains { if case .unparsable = $0.outcome { true } else { false } }
        }
    }

    let root: String
    let analyzer: DocumentAnalyzer
    let options: Options

    func run(files: [String]) -> Report {
        let journal = HistoryJournal(projectRoot: root)
        var entry: HistoryEntry?
        var results: [FileResult] = []
        var historyProblem: String?

        for path in files {
            // Never the history's own backups, whatever the discovery rules say.
            guard let language = SourceLanguage(fileName: path), !path.hasPrefix(journal.directory + "/") else { continue }
            guard let data = FileManager.default.contents(atPath: path) else {
                results.append(FileResult(path: path, outcome: .failed(reason: "cannot read the file")))
                continue
            }
            let original = [UInt8](data)
            let outcome = FixAll.applySafeFixes(to: original, schema: analyzer.schema, configuration: options.fixAll) { text in
                analyzer.analyze(text, language: language)
            }
            guard outcome.changed else {
                results.append(FileResult(path: path, outcome: .unchanged))
                continue
            }
            if let problem = JavaScriptSyntaxCheck.problems(in: original, language: language).first {
                results.append(FileResult(path: path, outcome: .unparsable(reason: "it does not scan cleanly (\(describe(problem, in: original)))")))
                continue
            }
            if let problem = JavaScriptSyntaxCheck.problems(in: outcome.fixedText, language: language).first {
                results.append(FileResult(path: path, outcome: .rolledBack(
                    fixes: outcome.appliedFixes, reason: "the fixed text would not scan cleanly (\(describe(problem, in: outcome.fixedText))); not written")))
                continue
            }
            if options.dryRun {
                let relative = displayPath(path)
                let diff = TextDifference(old: original, new: outcome.fixedText).unifiedDiff(oldLabel: "a/\(relative)", newLabel: "b/\(relative)")
                results.append(FileResult(path: path, outcome: .wouldFix(fixes: outcome.appliedFixes, diff: diff)))
                continue
            }

            // Node judges the fixed file only when it accepts the original: a file Node cannot
            // read as it is (ESM syntax for a bundler, no "type": "module") says nothing about the fix.
            var nodeCheck = options.nodeCheck.flatMap { $0.applies(to: path) ? $0 : nil }
            if let node = nodeCheck, node.problem(checking: path) != nil { nodeCheck = nil }

            // Back up and journal before writing anything.
            var current = entry ?? HistoryEntry(kind: .codeFix, summary: "sqlheal fix")
            let record: HistoryEntry.FileRecord
            do {
                record = try journal.backUpFile(at: path, entryID: current.id)
                current.files.append(record)
                current.summary = summary(of: results, pending: path)
                try journal.record(current)
                entry = current
            } catch {
                results.append(FileResult(path: path, outcome: .failed(reason: "cannot back it up: \(error)")))
                continue
            }
            let recordIndex = current.files.count - 1
            do {
                try write(outcome.fixedText, to: path)
            } catch {
                // A failed write may have left anything: put the original back.
                try? write(original, to: path)
                entry?.files.remove(at: recordIndex)
                results.append(FileResult(path: path, outcome: .failed(reason: "cannot write it: \(error.localizedDescription); restored")))
                continue
            }
            if let node = nodeCheck, let problem = node.problem(checking: path) {
                let restored = (try? write(original, to: path)) != nil
                entry?.files.remove(at: recordIndex)
                let how = restored ? "restored the original" : "COULD NOT RESTORE: the original is in \(record.backupPath)"
                results.append(FileResult(path: path, outcome: .rolledBack(fixes: outcome.appliedFixes, reason: "node --check rejects the fixed file (\(problem)); \(how)")))
                continue
            }
            entry?.files[recordIndex].contentHashAfterChange = ContentHash.sha256Hex(outcome.fixedText)
            results.append(FileResult(path: path, outcome: .fixed(fixes: outcome.appliedFixes)))
        }

        if var finished = entry {
            let report = Report(files: results, historyID: nil)
            finished.summary = summary(of: results, pending: nil)
            if finished.files.isEmpty {
                finished.result = .init(status: .failed, message: "no file kept: every fixed file was restored")
            } else {
                finished.result = .init(
                    status: report.hasFailures ? .partial : .succeeded,
                    message: summary(of: results, pending: nil))
            }
            do {
                try journal.record(finished)
            } catch {
                historyProblem = "the history entry could not be updated: \(error)"
            }
            return Report(files: results, historyID: finished.id, historyProblem: historyProblem)
        }
        return Report(files: results, historyID: nil, historyProblem: historyProblem)
    }

    /// The path relative to the root, for messages and diff labels.
    func displayPath(_ path: String) -> String {
        path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path
    }

    private func summary(of results: [FileResult], pending: String?) -> String {
        var fixes = 0
        var files = 0
        for result in results {
            if case .fixed(let applied) = result.outcome {
                fixes += applied.count
                files += 1
            }
        }
        let done = "\(fixes) \(fixes == 1 ? "fix" : "fixes") in \(files) \(files == 1 ? "file" : "files")"
        if let pending { return "sqlheal fix: writing \(displayPath(pending)) (\(done) so far)" }
        return "sqlheal fix: \(done)"
    }

    private func describe(_ problem: JavaScriptSyntaxProblem, in text: [UInt8]) -> String {
        let position = LineIndex(utf8: text).position(of: problem.range.lowerBound, in: .utf16)
        return "line \(position.line + 1), column \(position.column + 1): \(problem.message)"
    }

    /// Writes atomically (a temporary file renamed over the original), keeping the file's permissions.
    private func write(_ bytes: [UInt8], to path: String) throws {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
        if let permissions = attributes?[.posixPermissions] {
            try? FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: path)
        }
    }
}
