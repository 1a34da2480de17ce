// `swift run -c release SQLHealBenchmarks [NAME-FILTER...]`
//
// Each area adds one `BenchmarkSuite` in its own file and one line to `allSuites`.
// Numbers go to stdout as a table; report them in notes, never assert them in tests.
import Foundation

let allSuites: [any BenchmarkSuite] = [
    ScannerBenchmarks(),
    ServerBenchmarks(),
    CheckerBenchmarks(),
    BinderBenchmarks(),
    RepairBenchmarks(),
    FixesBenchmarks(),
    WorkspaceBenchmarks(),
    ModulesBenchmarks(),
    EditingBenchmarks(),
    CorpusBenchmarks(),
]

let filters = Array(CommandLine.arguments.dropFirst())
var ranAny = false
for suite in allSuites {
    for benchmark in suite.benchmarks where filters.isEmpty || filters.contains(where: { benchmark.name.contains($0) || suite.name.contains($0) }) {
        ranAny = true
        let measurement = BenchmarkRunner.measure(benchmark)
        print(measurement.formatted(suiteName: suite.name))
    }
}
if !ranAny { print("no benchmark matched \(filters)") }
