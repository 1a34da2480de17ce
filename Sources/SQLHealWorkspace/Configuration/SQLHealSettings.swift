import SQLHealAnalysis

/// The keys of `sqlheal.json`, every one optional, exactly as the user wrote them.
///
/// The same keys come from three places: the file, LSP `initializationOptions`, and the
/// `workspace/configuration` section `sqlheal`. ``overridden(by:)`` layers them (editor settings
/// win over the file); ``WorkspaceConfiguration`` then resolves paths and fills in defaults.
public struct SQLHealSettings: Sendable, Hashable {
    public var database: String?
    public var migrations: String?
    public var include: [String]?
    public var exclude: [String]?
    public var queryFunctions: [String]?
    public var sqlTags: [String]?
    /// Schema files or globs applied in order, for layouts detection does not find.
    public var schema: [String]?
    /// Connections other than the main one (``DatabaseSetting``).
    public var databases: [DatabaseSetting]?

    public init(
        database: String? = nil,
        migrations: String? = nil,
        include: [String]? = nil,
        exclude: [String]? = nil,
        queryFunctions: [String]? = nil,
        sqlTags: [String]? = nil,
        schema: [String]? = nil,
        databases: [DatabaseSetting]? = nil
    ) {
        self.database = database
        self.migrations = migrations
        self.include = include
        self.exclude = exclude
        self.queryFunctions = queryFunctions
        self.sqlTags = sqlTags
        self.schema = schema
        self.databases = databases
    }

    /// The keys this version understands. Anything else is reported as a warning, not an error,
    /// so a newer `sqlheal.json` still works with an older server.
    public static let knownKeys = ["database", "migrations", "include", "exclude", "queryFunctions", "sqlTags", "schema", "databases"]

    public var isEmpty: Bool { self == SQLHealSettings() }

    /// These settings with every key `other` sets replaced by `other`'s value.
    public func overridden(by other: SQLHealSettings) -> SQLHealSettings {
        SQLHealSettings(
            database: other.database ?? database,
            migrations: other.migrations ?? migrations,
            include: other.include ?? include,
            exclude: other.exclude ?? exclude,
            queryFunctions: other.queryFunctions ?? queryFunctions,
            sqlTags: other.sqlTags ?? sqlTags,
            schema: other.schema ?? schema,
            databases: other.databases ?? databases
        )
    }
}

/// A problem with a configuration text, located in its bytes.
public struct SettingsIssue: Sendable, Hashable {
    public var severity: FindingSeverity
    public var message: String
    public var range: ByteRange
    /// The key the problem is about, when it is about one.
    public var key: String?

    public init(severity: FindingSeverity, message: String, range: ByteRange, key: String? = nil) {
        self.severity = severity
        self.message = message
        self.range = range
        self.key = key
    }
}

/// The outcome of reading settings: what could be read, and every problem met on the way.
/// A key with a wrong type is dropped (its default applies) and the others still count.
public struct ParsedSettings: Sendable, Hashable {
    public var settings: SQLHealSettings
    public var issues: [SettingsIssue]
    /// The range of each key's value, to locate later problems (a database that cannot be opened).
    public var valueRanges: [String: ByteRange]

    public init(settings: SQLHealSettings = SQLHealSettings(), issues: [SettingsIssue] = [], valueRanges: [String: ByteRange] = [:]) {
        self.settings = settings
        self.issues = issues
        self.valueRanges = valueRanges
    }

    public var hasErrors: Bool { issues.contains { $0.severity == .error } }
}

extension SQLHealSettings {
    /// Reads settings from JSON text (a `sqlheal.json` file, or editor settings re-encoded by the
    /// server). Never throws: bad JSON, wrong types and unknown keys become issues.
    ///
    /// Editor settings may nest the keys under `"sqlheal"` (the VS Code settings shape); such a
    /// wrapper is unwrapped when the object holds no known key itself.
    public static func parse(_ bytes: [UInt8]) -> ParsedSettings {
        let root: LocatedJSON
        do {
            root = try LocatedJSONParser.parse(bytes)
        } catch {
            return ParsedSettings(issues: [SettingsIssue(severity: .error, message: "sqlheal.json is not valid JSON: \(error.message)", range: error.range)])
        }
        return parse(root)
    }

    public static func parse(_ text: String) -> ParsedSettings { parse(Array(text.utf8)) }

    /// Reads `sqlheal.json` itself. Unlike editor settings, where `null` means "none given", a
    /// file holding `null` is a configuration that could not be read.
    public static func parseFile(_ bytes: [UInt8]) -> ParsedSettings {
        if let root = try? LocatedJSONParser.parse(bytes), case .null = root.value {
            return ParsedSettings(issues: [SettingsIssue(
                severity: .error, message: "the configuration must be a JSON object, found null", range: root.range)])
        }
        return parse(bytes)
    }

    public static func parse(_ root: LocatedJSON) -> ParsedSettings {
        var root = root
        if case .null = root.value { return ParsedSettings() }
        guard case .object(var members) = root.value else {
            return ParsedSettings(issues: [SettingsIssue(
                severity: .error,
                message: "the configuration must be a JSON object, found \(root.value.typeDescription)",
                range: root.range
            )])
        }
        if !members.contains(where: { knownKeys.contains($0.key) }), let nested = root.member("sqlheal"), case .object(let inner) = nested.value.value {
            root = nested.value
            members = inner
        }

        var parsed = ParsedSettings()
        for member in members {
            parsed.valueRanges[member.key] = member.value.range
            switch member.key {
            case "database":
                parsed.settings.database = readPath(member, into: &parsed.issues)
            case "migrations":
                parsed.settings.migrations = readPath(member, into: &parsed.issues)
            case "include":
                parsed.settings.include = readStrings(member, into: &parsed.issues)
            case "exclude":
                parsed.settings.exclude = readStrings(member, into: &parsed.issues)
            case "queryFunctions":
                parsed.settings.queryFunctions = readStrings(member, into: &parsed.issues)
            case "sqlTags":
                parsed.settings.sqlTags = readStrings(member, into: &parsed.issues)
            case "schema":
                parsed.settings.schema = readStrings(member, into: &parsed.issues)
            case "databases":
                parsed.settings.databases = readDatabases(member, into: &parsed.issues)
            case "$schema":
                continue
            default:
                let suggestion = closestKnownKey(to: member.key).map { " (did you mean \"\($0)\"?)" } ?? ""
                parsed.issues.append(SettingsIssue(
                    severity: .warning,
                    message: "unknown key \"\(member.key)\"\(suggestion); known keys: \(knownKeys.joined(separator: ", "))",
                    range: member.keyRange,
                    key: member.key
                ))
            }
        }
        return parsed
    }

    static func readPath(_ member: LocatedJSONMember, into issues: inout [SettingsIssue]) -> String? {
        switch member.value.value {
        case .string(let path) where !path.isEmpty:
            return path
        case .null:
            return nil
        case .string:
            issues.append(SettingsIssue(severity: .error, message: "\"\(member.key)\" must not be empty", range: member.value.range, key: member.key))
            return nil
        default:
            issues.append(SettingsIssue(
                severity: .error,
                message: "\"\(member.key)\" must be a path (a string), found \(member.value.value.typeDescription)",
                range: member.value.range,
                key: member.key
            ))
            return nil
        }
    }

    static func readStrings(_ member: LocatedJSONMember, into issues: inout [SettingsIssue]) -> [String]? {
        switch member.value.value {
        case .null:
            return nil
        case .string(let single):
            // A lone string where a list belongs is what the user meant; say so quietly.
            issues.append(SettingsIssue(
                severity: .warning,
                message: "\"\(member.key)\" should be an array of strings; read as [\"\(single)\"]",
                range: member.value.range,
                key: member.key
            ))
            return [single]
        case .array(let elements):
            var strings: [String] = []
            for element in elements {
                if case .string(let text) = element.value {
                    strings.append(text)
                } else {
                    issues.append(SettingsIssue(
                        severity: .error,
                        message: "every element of \"\(member.key)\" must be a string, found \(element.value.typeDescription)",
                        range: element.range,
                        key: member.key
                    ))
                }
            }
            return strings
        default:
            issues.append(SettingsIssue(
                severity: .error,
                message: "\"\(member.key)\" must be an array of strings, found \(member.value.value.typeDescription)",
                range: member.value.range,
                key: member.key
            ))
            return nil
        }
    }

    private static func closestKnownKey(to key: String) -> String? {
        let lowered = key.lowercased()
        var best: (key: String, distance: Int)?
        for candidate in knownKeys {
            let distance = editDistance(Array(lowered.utf8), Array(candidate.lowercased().utf8))
            if distance <= max(2, candidate.count / 3), distance < (best?.distance ?? Int.max) {
                best = (candidate, distance)
            }
        }
        return best?.key
    }

    static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
