import Foundation
import SQLHealAnalysis
import Testing
@testable import SQLHealWorkspace

@Suite("Check report")
struct CheckReportTests {
    /// A report over a file with non-ASCII text before the finding and a space in its name.
    static func sampleReport() throws -> (CheckReport, TemporaryProject) {
        let source = "const é = 1; // 𝄞\ndb.all('SELECT emial FROM users')\n"
        let project = try TemporaryProject(["src/my file.js": source])
        let bytes = Array(source.utf8)
        let start = "const é = 1; // 𝄞\ndb.all('SELECT ".utf8.count
        let lineIndex = LineIndex(utf8: bytes)
        let missing = Finding(
            code: .missingColumn,
            severity: .error,
            range: start..<(start + 5),
            message: "no such column: emial (did you mean email?)",
            related: [RelatedLocation(location: SchemaLocation(path: "migrations/1_init.sql", line: 3), message: "users is declared here")]
        )
        let unused = Finding(code: .unusedTable, severity: .information, range: 0..<5, message: "table audit is not referred to")
        let report = CheckReport(
            root: project.root,
            findings: [
                FileFinding(path: project.path("src/my file.js"), finding: missing, lineIndex: lineIndex),
                FileFinding(path: project.path("src/my file.js"), finding: unused, lineIndex: lineIndex),
            ],
            notes: [WorkspaceNote(path: project.path("src/big.js"), message: "file is 9 MiB, over the 8 MiB limit; skipped")],
            checkedFileCount: 1,
            queryCount: 1
        )
        return (report, project)
    }

    @Test func textIsOneFindingPerLineOneBased() throws {
        let (report, _) = try Self.sampleReport()
        #expect(report.text() == """
            src/my file.js:1:1: info: table audit is not referred to [unused-table]
            src/my file.js:2:16: error: no such column: emial (did you mean email?) [missing-column]

            """)
        #expect(report.exitCode == 1)
        #expect(report.summaryLine == "1 error, 0 warnings, 1 note in 1 file (1 query); 1 file skipped")
    }

    @Test func jsonHasExactlyTheContractFields() throws {
        let (report, _) = try Self.sampleReport()
        let decoded = try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [[String: Any]]
        let last = try #require(decoded?.last)
        #expect(Set(last.keys) == ["file", "line", "column", "endLine", "endColumn", "severity", "code", "message"])
        #expect(last["file"] as? String == "src/my file.js")
        #expect(last["line"] as? Int == 2)
        #expect(last["column"] as? Int == 16)
        #expect(last["endColumn"] as? Int == 21)
        #expect(last["severity"] as? String == "error")
        #expect(last["code"] as? String == "missing-column")
    }

    @Test func exitCodes() throws {
        let project = try TemporaryProject()
        let configError = FileFinding(path: project.path("sqlheal.json"), finding: Finding(code: .configurationError, severity: .error, range: 0..<1, message: "bad"), start: .init(line: 0, column: 0), end: .init(line: 0, column: 1))
        let warning = FileFinding(path: project.path("a.js"), finding: Finding(code: .rawInterpolation, severity: .warning, range: 0..<1, message: "w"), start: .init(line: 0, column: 0), end: .init(line: 0, column: 1))
        #expect(CheckReport(root: project.root, findings: [], notes: [], checkedFileCount: 0, queryCount: 0).exitCode == 0)
        #expect(CheckReport(root: project.root, findings: [warning], notes: [], checkedFileCount: 1, queryCount: 1).exitCode == 0)
        #expect(CheckReport(root: project.root, findings: [warning, configError], notes: [], checkedFileCount: 1, queryCount: 1).exitCode == 2)
    }

    // Under scripts/test (SQLHEAL_TEST_PYTHON set) it always runs: a missing jsonschema fails it.
    @Test(.enabled(if: SchemaValidator.isAvailable || SchemaValidator.isRequired, "needs python3 with jsonschema (scripts/test installs it in .venv-e2e)"))
    func sarifIsValidAgainstTheOfficialSchema() throws {
        let (report, project) = try Self.sampleReport()
        let sarif = report.sarif(toolVersion: "0.1.0")
        try project.write("out.sarif", sarif)
        let result = try SchemaValidator.validate(project.path("out.sarif"))
        #expect(result == "valid", "\(result)")

        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any])
        let run = try #require((decoded["runs"] as? [[String: Any]])?.first)
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == 2)
        let location = try #require((results.last?["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        #expect((location["artifactLocation"] as? [String: Any])?["uri"] as? String == "src/my%20file.js")
        #expect((location["region"] as? [String: Any])?["startColumn"] as? Int == 16)
        #expect(results.first?["level"] as? String == "note")
    }
}

/// Validates a JSON file against the SARIF 2.1.0 schema kept in `Tests/schemas` with Python's
/// `jsonschema` (the schema is OASIS's `sarif-schema-2.1.0.json`, draft-04). scripts/test names
/// its interpreter in `SQLHEAL_TEST_PYTHON` (the .venv-e2e it has just made): then only that one
/// is used, and the check is required rather than skipped.
enum SchemaValidator {
    static var repositoryRoot: String {
        var path = #filePath
        for _ in 0..<3 { path = WorkspacePath.parent(path) }
        return path
    }

    static var schemaPath: String { repositoryRoot + "/Tests/schemas/sarif-schema-2.1.0.json" }

    static let requiredPython = ProcessInfo.processInfo.environment["SQLHEAL_TEST_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }

    static var isRequired: Bool { requiredPython != nil }

    static var python: String? {
        let candidates = requiredPython.map { [$0] } ?? [repositoryRoot + "/.venv-e2e/bin/python", "/usr/bin/python3", "/usr/local/bin/python3"]
            + (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/python3" }
        return candidates.first { candidate in
            FileManager.default.isExecutableFile(atPath: candidate) && (try? run(candidate, ["-c", "import jsonschema"]))?.status == 0
        }
    }

    static let isAvailable: Bool = python != nil

    static func validate(_ file: String) throws -> String {
        guard let python else { return "no python with jsonschema (SQLHEAL_TEST_PYTHON=\(requiredPython ?? "unset"))" }
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            document = json.load(open(sys.argv[2]))
            jsonschema.Draft4Validator.check_schema(schema)
            errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(document), key=str)
            print("valid" if not errors else "\\n".join(e.message + " at " + "/".join(map(str, e.absolute_path)) for e in errors))
            """
        let result = try run(python, ["-c", script, schemaPath, file])
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
