import Foundation
import SQLHealAnalysis
import SQLHealWorkspace

/// A real project on this machine, named by `SQLHEAL_BENCH_CORPUS` (nothing of it is part of
/// the repository): `sqlheal check`'s phases on it, and the files whose extraction costs most
/// (printed once, so a super-linear pass shows up by name). Without the variable the suite is empty.
///
/// `SQLHEAL_BENCH_CORPUS=/path/to/app swift run -c release SQLHealBenchmarks corpus`
struct CorpusBenchmarks: BenchmarkSuite {
    let name = "corpus"

    var benchmarks: [Benchmark] {
        guard let root = ProcessInfo.processInfo.environment["SQLHEAL_BENCH_CORPUS"], !root.isEmpty else { return [] }
        let workspace = ProjectWorkspace.load(root: root)
        let files = workspace.discoverFiles().files
        let extraction = workspace.configuration.analysis.extraction
        let texts: [(path: String, language: SourceLanguage, bytes: [UInt8])] = files.compactMap { path in
            guard let language = SourceLanguage(fileName: path), case .success(let bytes) = SourceFileReader.read(path) else { return nil }
            return (path, language, bytes)
        }
        let totalBytes = texts.reduce(0) { $0 + $1.bytes.count }
        Self.printSlowestFiles(texts, extraction: extraction, root: root)
        return [
            Benchmark(name: "load (configuration, schema, code DDL)", iterations: 3) {
                _ = ProjectWorkspace.load(root: root).schema.context.checkedSchema.tables.count
                return 0
            },
            Benchmark(name: "module summaries, one thread", iterations: 3) {
                for text in texts { _ = QueryExtractor.moduleSummary(of: text.bytes, language: text.language, configuration: extraction) }
                return totalBytes
            },
            Benchmark(name: "extraction, one thread", iterations: 3) {
                for text in texts {
                    _ = QueryExtractor.extractQueries(from: text.bytes, language: text.language, configuration: extraction)
                }
                return totalBytes
            },
            Benchmark(name: "check (load + scan), all cores", iterations: 3) {
                let loaded = ProjectWorkspace.load(root: root, options: .init(keepsSources: true))
                _ = loaded.scanProject().findings.count
                return totalBytes
            },
        ]
    }

    /// The ten files whose module summary + extraction take longest, with their size.
    static func printSlowestFiles(_ texts: [(path: String, language: SourceLanguage, bytes: [UInt8])], extraction: QueryExtractionConfiguration, root: String) {
        var timings: [(seconds: Double, path: String, bytes: Int)] = []
        for text in texts {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = QueryExtractor.moduleSummary(of: text.bytes, language: text.language, configuration: extraction)
            let end = DispatchTime.now().uptimeNanoseconds
            timings.append((Double(end - start) / 1e9, text.path, text.bytes.count))
        }
        for timing in timings.sorted(by: { $0.seconds > $1.seconds }).prefix(10) {
            let relative = timing.path.hasPrefix(root) ? String(timing.path.dropFirst(root.count + 1)) : timing.path
            print(String(format: "corpus         slowest summary %8.2f ms  %8d bytes  %@", timing.seconds * 1000, timing.bytes, relative as NSString))
        }
    }
}
