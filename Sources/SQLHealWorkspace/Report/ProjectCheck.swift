import Foundation
import SQLHealAnalysis

extension ProjectWorkspace {
    /// What `sqlheal check` reports: scans the project (or the requested paths, absolute) and
    /// gathers every finding: configuration and schema findings first, then each file's, then
    /// unused tables when the whole project was read. `sqlheal mcp`'s `check_file` and
    /// `check_project` answer with the same report. `integrityCheck` is the depth of the database
    /// damage check (``DatabaseIntegrity/Check`` says which command uses which, and why).
    public func checkReport(requestedPaths: [String], progress: ProjectScanProgress? = nil,
                            integrityCheck: DatabaseIntegrity.Check = .quick) -> CheckReport {
        let sourceRequests = requestedPaths.filter { path in
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return true }
            return isDirectory.boolValue || SourceFileReader.isSourceFileName(path)
        }
        let scan: ProjectScanResult
        if requestedPaths.isEmpty {
            scan = scanProject(progress: progress)
        } else if sourceRequests.isEmpty {
            scan = ProjectScanResult(files: [], notes: [], wasCancelled: false)
        } else {
            scan = scanProject(limitTo: sourceRequests, progress: progress)
        }

        var findings = workspaceFindings.filter { finding in
            // Configuration errors always show; schema findings when their file was asked for.
            requestedPaths.isEmpty || finding.code == .configurationError
                || requestedPaths.contains { finding.path == $0 || finding.path.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") }
        }
        // A schema that reads fine does not mean sound pages: check them once per report.
        if schema.isCheckedAgainstDatabase, let databasePath = configuration.databasePath,
           requestedPaths.isEmpty || requestedPaths.contains(databasePath),
           let damaged = DatabaseIntegrity.finding(databasePath: databasePath, root: root, check: integrityCheck) {
            findings.append(damaged)
        }
        findings += scan.findings
        if requestedPaths.isEmpty {
            findings += unusedTableFindings(scan)
        }
        return CheckReport(
            root: root,
            findings: findings,
            notes: schema.notes + scan.notes,
            checkedFileCount: scan.files.count { $0.note == nil },
            queryCount: scan.queryCount
        )
    }
}
