import SQLHealAnalysis

/// The dialect a Prisma project's `datasource` block names (`provider = "postgresql"`), read
/// from its schema file: `prisma/schema.prisma`, `schema.prisma`, or the files of a multi-file
/// schema in `prisma/schema/`. Prisma's client speaks whichever database that is, so its raw
/// queries (`$queryRaw`, `$executeRawUnsafe`, …) are SQLite only when the provider says so, and
/// `prisma/migrations` holds that database's SQL.
enum PrismaDatasource {
    static let schemaFileCandidates = ["prisma/schema.prisma", "schema.prisma"]
    static let multiFileSchemaFolder = "prisma/schema"

    /// The provider's dialect, or `nil` when the project has no Prisma schema or it names no
    /// provider sqlheal knows (`env(…)`-only values cannot name one).
    static func dialect(root: String) -> SQLDialect? {
        var files = schemaFileCandidates.map { WorkspacePath.join(root, $0) }
        let folder = WorkspacePath.join(root, multiFileSchemaFolder)
        if FileKind.of(folder) == .directory, let names = FileDiscovery.listDirectory(folder) {
            files += names.filter { $0.hasSuffix(".prisma") }.sorted().map { WorkspacePath.join(folder, $0) }
        }
        for file in files where FileKind.of(file) == .regularFile {
            guard case .success(let bytes) = FileBytes.read(file, maximumSize: 1 << 20),
                  let provider = provider(inSchema: String(decoding: bytes, as: UTF8.self)) else { continue }
            return dialect(ofProvider: provider)
        }
        return nil
    }

    /// The `provider` of the first `datasource` block in a Prisma schema's text.
    static func provider(inSchema text: String) -> String? {
        var rest = Substring(text)
        while let keyword = rest.range(of: "datasource") {
            let lineStart = rest[..<keyword.lowerBound].lastIndex(of: "\n").map { rest.index(after: $0) } ?? rest.startIndex
            let before = rest[lineStart..<keyword.lowerBound]
            rest = rest[keyword.upperBound...]
            // `// datasource …` is a comment.
            guard before.allSatisfy({ $0 == " " || $0 == "\t" }), let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") else { continue }
            for line in rest[rest.index(after: open)..<close].split(separator: "\n") {
                let trimmed = line.drop { $0 == " " || $0 == "\t" }
                guard trimmed.hasPrefix("provider") else { continue }
                let value = trimmed.dropFirst("provider".count).drop { $0 == " " || $0 == "\t" || $0 == "=" }
                guard value.first == "\"", let end = value.dropFirst().firstIndex(of: "\"") else { return nil }
                return String(value[value.index(after: value.startIndex)..<end])
            }
            return nil
        }
        return nil
    }

    static func dialect(ofProvider provider: String) -> SQLDialect {
        switch provider.lowercased() {
        case "sqlite": .sqlite
        case "postgresql", "postgres", "cockroachdb": .postgres
        case "mysql": .mysql
        default: .otherThanSQLite  // sqlserver, mongodb
        }
    }
}
