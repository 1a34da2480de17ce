// MARK: - Connections, during extraction

extension QueryExtractionPass {
    /// Reads the file's imports and the connections it creates, and adds the query functions and
    /// tags of the client libraries it imports (before queries are looked for).
    mutating func readConnections() -> FileConnections {
        let imports = collectImports()
        let connections = FileConnections(imports: imports, sites: collectConnectionSites(imports: imports))
        for library in connections.libraries {
            for name in library.queryFunctions where !queryFunctionNames.contains(Array(name.utf8)) { queryFunctionNames.append(Array(name.utf8)) }
            for tag in library.tags where !tagNames.contains(Array(tag.utf8)) { tagNames.append(Array(tag.utf8)) }
        }
        return connections
    }

    /// Sets every query's ``EmbeddedQuery/connection``.
    mutating func assignConnections(_ connections: FileConnections) {
        for index in queries.indices {
            queries[index].connection = ConnectionResolver.connection(
                for: queries[index], in: connections, configuration: configuration.connections, defaultDatabase: configuration.defaultDatabase
            )
        }
    }

    /// The receiver tokens as one string without spaces (`this.db`, `env.DB`, `getDb()`), at most 200 bytes.
    func receiverText(_ range: Range<Int>) -> String? {
        guard !range.isEmpty else { return nil }
        var result = ""
        for index in range {
            result += isPunctuator(index, "?.") ? "." : text(ofToken: index)
            if result.utf8.count > 200 { break }
        }
        return result
    }
}
