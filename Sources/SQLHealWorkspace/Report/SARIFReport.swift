import SQLHealAnalysis

/// What each finding code means, for SARIF's rule list and `--help`-style listings.
public enum FindingCodeCatalog {
    public struct Entry: Sendable {
        public var code: FindingCode
        public var defaultSeverity: FindingSeverity
        public var summary: String
    }

    public static let entries: [Entry] = [
        Entry(code: .missingTable, defaultSeverity: .error, summary: "A table or view the query names does not exist."),
        Entry(code: .missingColumn, defaultSeverity: .error, summary: "A column the query names does not exist in the tables in scope."),
        Entry(code: .typeMismatch, defaultSeverity: .warning, summary: "A value converted in code meets a column of a contradicting type."),
        Entry(code: .parameterCount, defaultSeverity: .error, summary: "The number of values bound differs from the placeholders in the statement."),
        Entry(code: .sqlSyntax, defaultSeverity: .error, summary: "SQLite cannot parse the statement."),
        Entry(code: .sqlError, defaultSeverity: .error, summary: "SQLite rejects the statement when preparing it."),
        Entry(code: .rawInterpolation, defaultSeverity: .warning, summary: "A non-constant value is spliced into SQL text where a bound parameter belongs."),
        Entry(code: .schemaDrift, defaultSeverity: .warning, summary: "The database differs from what the migrations declare."),
        Entry(code: .unusedTable, defaultSeverity: .information, summary: "No code refers to the table."),
        Entry(code: .migrationError, defaultSeverity: .error, summary: "A migration statement fails when applied."),
        Entry(code: .configurationError, defaultSeverity: .error, summary: "The sqlheal configuration cannot be used as written."),
        Entry(code: .databaseDamaged, defaultSeverity: .error, summary: "The database file is damaged (SQLite's integrity_check or quick_check fails)."),
    ]
}

extension CheckReport {
    /// SARIF 2.1.0 (OASIS), one run, columns in UTF-16 code units, file URIs relative to the
    /// `PROJECTROOT` base so the log is portable between machines (GitHub code scanning reads it so).
    public func sarif(toolVersion: String) -> String {
        var rules = FindingCodeCatalog.entries.map(\.code)
        for finding in findings where !rules.contains(finding.code) { rules.append(finding.code) }
        let ruleIndex = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1, $0) })
        let summaries = Dictionary(uniqueKeysWithValues: FindingCodeCatalog.entries.map { ($0.code, $0) })

        let ruleObjects: [ReportJSON] = rules.map { code in
            let entry = summaries[code]
            return .object([
                ("id", .string(code.rawValue)),
                ("name", .string(code.rawValue)),
                ("shortDescription", .object([("text", .string(entry?.summary ?? code.rawValue))])),
                ("defaultConfiguration", .object([("level", .string(Self.sarifLevel(entry?.defaultSeverity ?? .warning)))])),
            ])
        }

        let results: [ReportJSON] = findings.map { finding in
            var members: [(String, ReportJSON)] = [
                ("ruleId", .string(finding.code.rawValue)),
                ("ruleIndex", .integer(ruleIndex[finding.code] ?? 0)),
                ("level", .string(Self.sarifLevel(finding.severity))),
                ("message", .object([("text", .string(finding.message))])),
                ("locations", .array([.object([("physicalLocation", physicalLocation(
                    path: finding.path,
                    region: .object([
                        ("startLine", .integer(finding.line1)),
                        ("startColumn", .integer(finding.column1)),
                        ("endLine", .integer(finding.endLine1)),
                        ("endColumn", .integer(finding.endColumn1)),
                    ])
                ))])])),
            ]
            let related: [ReportJSON] = finding.finding.related.enumerated().map { index, related in
                var location: [(String, ReportJSON)] = [("id", .integer(index))]
                let path = WorkspacePath.resolve(related.location.path, against: root)
                let region: ReportJSON? = related.location.line > 0 ? .object([("startLine", .integer(related.location.line))]) : nil
                location.append(("physicalLocation", physicalLocation(path: path, region: region)))
                location.append(("message", .object([("text", .string(related.message))])))
                return .object(location)
            }
            if !related.isEmpty { members.append(("relatedLocations", .array(related))) }
            return .object(members)
        }

        let notifications: [ReportJSON] = notes.map { note in
            var members: [(String, ReportJSON)] = [
                ("level", .string("note")),
                ("message", .object([("text", .string(note.message))])),
            ]
            if let path = note.path {
                members.append(("locations", .array([.object([("physicalLocation", physicalLocation(path: path, region: nil))])])))
            }
            return .object(members)
        }

        var invocation: [(String, ReportJSON)] = [("executionSuccessful", .bool(!hasConfigurationErrors))]
        if !notifications.isEmpty { invocation.append(("toolExecutionNotifications", .array(notifications))) }

        let run: ReportJSON = .object([
            ("tool", .object([("driver", .object([
                ("name", .string("sqlheal")),
                ("version", .string(toolVersion)),
                ("semanticVersion", .string(toolVersion)),
                ("rules", .array(ruleObjects)),
            ]))])),
            ("invocations", .array([.object(invocation)])),
            ("originalUriBaseIds", .object([("PROJECTROOT", .object([("uri", .string(Self.directoryURI(root)))]))])),
            ("columnKind", .string("utf16CodeUnits")),
            ("results", .array(results)),
        ])
        let log: ReportJSON = .object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([run])),
        ])
        return log.serialized(pretty: true) + "\n"
    }

    static func sarifLevel(_ severity: FindingSeverity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .information, .hint: "note"
        }
    }

    private func physicalLocation(path: String, region: ReportJSON?) -> ReportJSON {
        var artifact: [(String, ReportJSON)]
        if let relative = WorkspacePath.relative(path, to: root), !relative.isEmpty {
            artifact = [("uri", .string(Self.percentEncodedPath(relative))), ("uriBaseId", .string("PROJECTROOT"))]
        } else {
            artifact = [("uri", .string(WorkspacePath.fileURI(fromPath: path)))]
        }
        var members: [(String, ReportJSON)] = [("artifactLocation", .object(artifact))]
        if let region { members.append(("region", region)) }
        return .object(members)
    }

    static func percentEncodedPath(_ relative: String) -> String {
        String(WorkspacePath.fileURI(fromPath: relative).dropFirst("file://".count))
    }

    static func directoryURI(_ path: String) -> String {
        let uri = WorkspacePath.fileURI(fromPath: path)
        return uri.hasSuffix("/") ? uri : uri + "/"
    }
}
