import SQLHealAnalysis

/// The outcome of checking a project, and its three output formats (CONTRACT, `sqlheal check`).
///
/// Positions printed are one-based, columns in UTF-16 code units (the findings must have been
/// produced with ``TextColumnUnit/utf16``). Files are shown relative to the root.
public struct CheckReport: Sendable {
    public var root: String
    /// Sorted by file and position.
    public var findings: [FileFinding]
    public var notes: [WorkspaceNote]
    public var checkedFileCount: Int
    public var queryCount: Int

    public init(root: String, findings: [FileFinding], notes: [WorkspaceNote], checkedFileCount: Int, queryCount: Int) {
        self.root = root
        self.findings = findings.sorted(by: FileFinding.isOrderedBefore)
        self.notes = notes
        self.checkedFileCount = checkedFileCount
        self.queryCount = queryCount
    }

    public enum Format: String, Sendable, CaseIterable {
        case text, json, sarif
    }

    public var errorCount: Int { findings.count { $0.severity == .error } }
    public var warningCount: Int { findings.count { $0.severity == .warning } }
    public var informationCount: Int { findings.count { $0.severity >= .information } }
    public var hasConfigurationErrors: Bool { findings.contains { $0.severity == .error && $0.code == .configurationError } }

    /// CONTRACT: 0 when no finding has error severity, 1 when some do, 2 on a configuration error.
    public var exitCode: Int32 {
        if hasConfigurationErrors { return 2 }
        return errorCount > 0 ? 1 : 0
    }

    public func displayPath(_ path: String) -> String {
        WorkspacePath.display(path, root: root)
    }

    public func render(_ format: Format, toolVersion: String) -> String {
        switch format {
        case .text: text()
        case .json: json()
        case .sarif: sarif(toolVersion: toolVersion)
        }
    }

    /// `file:line:col: severity: message [code]`, one a line.
    public func text() -> String {
        var output = ""
        for finding in findings {
            output += "\(displayPath(finding.path)):\(finding.line1):\(finding.column1): \(finding.severity.name): \(oneLine(finding.message)) [\(finding.code.rawValue)]\n"
        }
        return output
    }

    /// An array of `{file, line, column, endLine, endColumn, severity, code, message}`.
    public func json() -> String {
        let array: [ReportJSON] = findings.map { finding in
            .object([
                ("file", .string(displayPath(finding.path))),
                ("line", .integer(finding.line1)),
                ("column", .integer(finding.column1)),
                ("endLine", .integer(finding.endLine1)),
                ("endColumn", .integer(finding.endColumn1)),
                ("severity", .string(finding.severity.name)),
                ("code", .string(finding.code.rawValue)),
                ("message", .string(finding.message)),
            ])
        }
        return ReportJSON.array(array).serialized(pretty: true) + "\n"
    }

    /// `N errors, N warnings, N notes in N files (N queries)`.
    public var summaryLine: String {
        func plural(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }
        var line = "\(plural(errorCount, "error")), \(plural(warningCount, "warning")), \(plural(informationCount, "note")) in \(plural(checkedFileCount, "file")) (\(queryCount == 1 ? "1 query" : "\(queryCount) queries"))"
        if !notes.isEmpty { line += "; \(plural(notes.count, "file")) skipped" }
        return line
    }

    private func oneLine(_ message: String) -> String {
        String(message.map { $0 == "\n" || $0 == "\r" ? " " : $0 })
    }
}

/// An ordered JSON value for the reports (key order kept as written, so output is stable).
indirect enum ReportJSON: Sendable {
    case null
    case bool(Bool)
    case integer(Int)
    case string(String)
    case array([ReportJSON])
    case object([(String, ReportJSON)])

    func serialized(pretty: Bool) -> String {
        var output = ""
        write(into: &output, indent: pretty ? 0 : nil)
        return output
    }

    private func write(into output: inout String, indent: Int?) {
        let newline = indent == nil ? "" : "\n"
        let pad = { (level: Int) in String(repeating: "  ", count: level) }
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .integer(let value): output += String(value)
        case .string(let value): ReportJSON.writeString(value, into: &output)
        case .array(let elements):
            if elements.isEmpty {
                output += "[]"
                return
            }
            output += "[" + newline
            for (index, element) in elements.enumerated() {
                if let indent { output += pad(indent + 1) }
                element.write(into: &output, indent: indent.map { $0 + 1 })
                output += (index + 1 < elements.count ? "," : "") + newline
            }
            if let indent { output += pad(indent) }
            output += "]"
        case .object(let members):
            if members.isEmpty {
                output += "{}"
                return
            }
            output += "{" + newline
            for (index, member) in members.enumerated() {
                if let indent { output += pad(indent + 1) }
                ReportJSON.writeString(member.0, into: &output)
                output += indent == nil ? ":" : ": "
                member.1.write(into: &output, indent: indent.map { $0 + 1 })
                output += (index + 1 < members.count ? "," : "") + newline
            }
            if let indent { output += pad(indent) }
            output += "}"
        }
    }

    static func writeString(_ value: String, into output: inout String) {
        output += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            default:
                output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
