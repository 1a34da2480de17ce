// MARK: - Connections, during extraction

extension QueryExtractionPass {
    /// Reads the file's imports and the connections it creates, and adds the query functions and
    /// tags of the client libraries it imports (before queries are looked for).
    mutating func readConnections() -> FileConnections {
        let imports = collectImports()
        var connections = FileConnections(imports: imports, sites: collectConnectionSites(imports: imports) + durableObjectSQLSites())
        connections.projectSites = context.projectConnectionSites
        // A name this file binds itself (a local `db`) is its own, whatever is imported.
        connections.importedSites = context.importedConnectionSites.filter { local, _ in !connections.sites.contains { $0.holder == local } }
        summary.connectionSites = connections.sites
        for library in connections.libraries {
            for name in library.queryFunctions { queryFunctionNames.insert(Array(name.utf8)) }
            for tag in library.tags where !tagNames.contains(Array(tag.utf8)) { tagNames.append(Array(tag.utf8)) }
            preparingFunctionNames.formUnion(library.preparingFunctions)
            batchFunctionNames.formUnion(library.batchFunctions)
        }
        // `.bind(…)` chained on a query gives its values (D1, better-sqlite3): seen in every file,
        // since a D1 binding (`env.DB`) is never imported.
        queryFunctionNames.insert(Array("bind".utf8))
        return connections
    }

    /// Whether a receiver is a Durable Object's SQL storage, as written or held in a name
    /// (`this.sql = ctx.storage.sql`): its `exec(sql)` without bindings binds zero values.
    func isDurableObjectSQL(_ receiver: String, before offset: Int) -> Bool {
        ConnectionResolver.isDurableObjectSQL(receiver)
            || ConnectionResolver.site(holding: receiver, before: offset, in: summary.connectionSites)?.library == ClientLibrary.durableObjectSQL
    }

    /// Sets every query's ``EmbeddedQuery/connection``.
    mutating func assignConnections(_ connections: FileConnections) {
        if connections.libraries.contains(where: { $0.name == "knex" }) { markKnexIdentifierBindings() }
        var siteDatabases: [ConnectionSite: QueryConnection.Database] = [:]
        var byReceiver: [String: ConnectionResolver.ReceiverResolution] = [:]
        for index in queries.indices {
            if queries[index].receiver == nil, case .sqlLikeLiteral = queries[index].origin {
                queries[index].receiver = receiverOfCall(takingArgumentAt: queries[index].sourceRange.lowerBound)
            }
            queries[index].connection = ConnectionResolver.connection(
                for: queries[index], in: connections, configuration: configuration.connections, defaultDatabase: configuration.defaultDatabase,
                siteDatabases: &siteDatabases, byReceiver: &byReceiver
            )
        }
    }

    /// `Zotero.DB.valueQueryAsync("SELECT …")` with a function nobody configured: the literal is
    /// still the first argument of a method call, and its receiver says which connection runs it.
    func receiverOfCall(takingArgumentAt offset: Int) -> String? {
        var low = 0
        var high = tokens.count
        while low < high {
            let middle = (low + high) / 2
            if tokens[middle].start < offset { low = middle + 1 } else { high = middle }
        }
        let open = low - 1
        guard low < tokens.count, tokens[low].start == offset, open >= 3, isPunctuator(open, "("), tokens[open - 1].kind == .identifier, isMemberDot(open - 2) else { return nil }
        let callee = calleeStart(nameIndex: open - 1)
        return callee.start < open - 2 ? receiverText(callee.start..<(open - 2)) : nil
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
