import SQLHealAnalysis

/// One entry of the `databases` key: a connection other than the main one, tied to its own
/// database or schema by receiver expression or by path, so its queries are never checked against
/// the main schema.
///
/// ```json
/// "databases": [{ "name": "import", "database": "data/import.db", "receivers": ["importDB"], "paths": ["src/import/**"] }]
/// ```
public struct DatabaseSetting: Sendable, Hashable {
    /// How queries and messages name it; `main` ties receivers to the main database.
    public var name: String
    /// Its database file, read-only like the main one.
    public var database: String?
    /// Schema files or globs (SQL) when there is no database file to read.
    public var schema: [String]?
    /// Receiver expressions as written in code (`Zotero.DB`, `this.importDB`, `env.CACHE`).
    public var receivers: [String]
    /// Globs of the files whose queries run on it unless the code says otherwise.
    public var paths: [String]

    public init(name: String, database: String? = nil, schema: [String]? = nil, receivers: [String] = [], paths: [String] = []) {
        self.name = name
        self.database = database
        self.schema = schema
        self.receivers = receivers
        self.paths = paths
    }

    static let knownKeys = ["name", "database", "schema", "receivers", "paths"]
}

extension SQLHealSettings {
    /// Reads `databases`: an array of objects each with a `name`. A bad entry is reported and
    /// skipped; the others still count.
    static func readDatabases(_ member: LocatedJSONMember, into issues: inout [SettingsIssue]) -> [DatabaseSetting]? {
        if case .null = member.value.value { return nil }
        guard case .array(let elements) = member.value.value else {
            issues.append(SettingsIssue(severity: .error, message: "\"databases\" must be an array of objects, found \(member.value.value.typeDescription)",
                                        range: member.value.range, key: member.key))
            return nil
        }
        var databases: [DatabaseSetting] = []
        for element in elements {
            guard case .object(let members) = element.value else {
                issues.append(SettingsIssue(severity: .error, message: "every element of \"databases\" must be an object, found \(element.value.typeDescription)",
                                            range: element.range, key: member.key))
                continue
            }
            guard let nameMember = members.last(where: { $0.key == "name" }), case .string(let name) = nameMember.value.value, !name.isEmpty else {
                issues.append(SettingsIssue(severity: .error, message: "every element of \"databases\" needs a \"name\" (a non-empty string)", range: element.range, key: member.key))
                continue
            }
            var setting = DatabaseSetting(name: name)
            for entry in members where entry.key != "name" {
                switch entry.key {
                case "database": setting.database = readPath(entry, into: &issues)
                case "schema": setting.schema = readStrings(entry, into: &issues)
                case "receivers": setting.receivers = readStrings(entry, into: &issues) ?? []
                case "paths": setting.paths = readStrings(entry, into: &issues) ?? []
                default:
                    issues.append(SettingsIssue(severity: .warning, message: "unknown key \"\(entry.key)\" in a \"databases\" entry; known keys: \(DatabaseSetting.knownKeys.joined(separator: ", "))",
                                                range: entry.keyRange, key: member.key))
                }
            }
            if databases.contains(where: { $0.name == name }) {
                issues.append(SettingsIssue(severity: .error, message: "two \"databases\" entries are named \"\(name)\"", range: nameMember.value.range, key: member.key))
                continue
            }
            databases.append(setting)
        }
        return databases
    }
}
