import Foundation

/// A group of related benchmarks (scanner, checker, server, repair).
protocol BenchmarkSuite {
    var name: String { get }
    var benchmarks: [Benchmark] { get }
}

/// One measured operation. `run` is called repeatedly; it returns how many bytes it processed
/// (0 when throughput makes no sense) so the runner can report MB/s.
struct Benchmark {
    var name: String
    /// How many timed repetitions (after one warm-up).
    var iterations: Int = 20
    var run: () -> Int
}

struct BenchmarkMeasurement {
    var name: String
    var samplesSeconds: [Double]
    var bytesPerIteration: Int

    var median: Double { samplesSeconds.sorted()[samplesSeconds.count / 2] }
    var minimum: Double { samplesSeconds.min() ?? 0 }
    var p90: Double { samplesSeconds.sorted()[min(samplesSeconds.count - 1, Int(Double(samplesSeconds.count) * 0.9))] }
    var p99: Double { samplesSeconds.sorted()[min(samplesSeconds.count - 1, Int(Double(samplesSeconds.count) * 0.99))] }

    func formatted(suiteName: String) -> String {
        let throughput = bytesPerIteration > 0 ? String(format: "  %8.1f MB/s", Double(bytesPerIteration) / median / 1_000_000) : ""
        return String(format: "%-14@ %-44@ median %9.3f ms  min %9.3f ms  p90 %9.3f ms  p99 %9.3f ms%@",
                      suiteName as NSString, name as NSString, median * 1000, minimum * 1000, p90 * 1000, p99 * 1000, throughput as NSString)
    }
}

enum BenchmarkRunner {
    /// `SQLHEAL_BENCH_REPEAT=N` runs every benchmark N times as often: long enough to profile
    /// one with `perf record` (setting up all suites takes seconds of its own).
    static let repeatFactor = max(1, Int(ProcessInfo.processInfo.environment["SQLHEAL_BENCH_REPEAT"] ?? "") ?? 1)

    static func measure(_ benchmark: Benchmark) -> BenchmarkMeasurement {
        _ = benchmark.run()  // warm-up: caches, lazy initialisation
        var samples: [Double] = []
        var bytes = 0
        for _ in 0..<max(1, benchmark.iterations * repeatFactor) {
            let start = DispatchTime.now().uptimeNanoseconds
            bytes = benchmark.run()
            let end = DispatchTime.now().uptimeNanoseconds
            samples.append(Double(end - start) / 1e9)
        }
        return BenchmarkMeasurement(name: benchmark.name, samplesSeconds: samples, bytesPerIteration: bytes)
    }
}
