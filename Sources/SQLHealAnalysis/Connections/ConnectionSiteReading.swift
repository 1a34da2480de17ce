// MARK: - Connections a file creates

extension QueryExtractionPass {
    /// Every connection the file makes with an imported client library: `new Database(path)`,
    /// `new sqlite3.Database(path)`, `await open({ filename })`, `new DatabaseSync(path)`,
    /// `createClient({ url })`, `SQLite.openDatabaseSync(name)`, `new Pool()`, `postgres(url)`,
    /// `require('knex')({ client })`, `new Sequelize(url | { dialect })`, … held in a variable,
    /// a property (`this.db = …`) or a class field.
    func collectConnectionSites(imports: [ImportedBinding]) -> [ConnectionSite] {
        var bindingsByName: [String: (binding: ImportedBinding, library: ClientLibrary)] = [:]
        for binding in imports where !binding.localName.isEmpty {
            if let library = ClientLibrary.library(forModule: binding.module) { bindingsByName[binding.localName] = (binding, library) }
        }
        var sites: [ConnectionSite] = []
        guard !imports.isEmpty else { return constructedConnectionSites(excluding: []) }
        // Looked up without making a string of every identifier of the file.
        let boundNames = ByteNameSet(bindingsByName.keys)
        var index = 0
        while index < tokens.count {
            defer { index += 1 }
            guard tokens[index].kind == .identifier, !(index >= 1 && isMemberDot(index - 1)) else { continue }
            // `require('knex')({ client: 'pg' })`: the module's value called at once.
            if isIdentifier(index, "require"), isPunctuator(index + 1, "("), let module = stringContent(at: index + 2), isPunctuator(index + 3, ")"),
               isPunctuator(index + 4, "("), let library = ClientLibrary.library(forModule: module) {
                if let site = connectionSite(library: library, calleeStart: index, open: index + 4) { sites.append(site) }
                continue
            }
            guard tokenText(index, isIn: boundNames), let (binding, library) = bindingsByName[text(ofToken: index)] else { continue }
            var open = index + 1
            var exportName = binding.exportName ?? "default"
            var isMemberCall = false
            if isMemberDot(index + 1), tokens.indices.contains(index + 2), tokens[index + 2].kind == .identifier, binding.exportName == nil {
                exportName = text(ofToken: index + 2)
                open = index + 3
                isMemberCall = true
            }
            guard isPunctuator(open, "("), tokens[open].link > open else { continue }
            let isFactory = library.connectionFactories.isEmpty ? !isMemberCall : library.connectionFactories.contains(exportName)
            guard isFactory, let site = connectionSite(library: library, calleeStart: index, open: open) else { continue }
            sites.append(site)
        }
        sites += constructedConnectionSites(excluding: Set(sites.map(\.offset)))
        return sites
    }

    /// `new Zotero.DBConnection(name)`, `new Database(path)` with no client library imported
    /// (a global, or the app's own wrapper class): a connection by its constructor's name.
    private func constructedConnectionSites(excluding offsets: Set<Int>) -> [ConnectionSite] {
        var sites: [ConnectionSite] = []
        var index = 0
        while index + 2 < tokens.count {
            defer { index += 1 }
            guard isIdentifier(index, "new"), tokens[index + 1].kind == .identifier, !offsets.contains(tokens[index].start) else { continue }
            var nameIndex = index + 1
            while isMemberDot(nameIndex + 1), tokens.indices.contains(nameIndex + 2), tokens[nameIndex + 2].kind == .identifier { nameIndex += 2 }
            let name = text(ofToken: nameIndex)
            guard name.hasSuffix("Database") || name.hasSuffix("DBConnection") || name.hasSuffix("DbConnection") || name == "DatabaseSync",
                  isPunctuator(nameIndex + 1, "("), tokens[nameIndex + 1].link > nameIndex + 1,
                  let site = connectionSite(library: nil, calleeStart: index + 1, open: nameIndex + 1) else { continue }
            sites.append(site)
        }
        return sites
    }

    /// `this.sql = ctx.storage.sql` (a Durable Object's SQLite held for later): the holder runs
    /// `exec(sql, ...bindings)` as Cloudflare documents it.
    func durableObjectSQLSites() -> [ConnectionSite] {
        var sites: [ConnectionSite] = []
        for index in tokens.indices where index >= 2 && isIdentifier(index, "sql") && isMemberDot(index - 1) && isIdentifier(index - 2, "storage") {
            guard !isMemberDot(index + 1), !isPunctuator(index + 1, "(") else { continue }  // `storage.sql.exec(…)`: used, not held
            var start = index - 2
            while start >= 2, isMemberDot(start - 1), tokens[start - 2].kind == .identifier { start -= 2 }
            guard let holder = assignmentHolder(before: start) else { continue }
            let expression = text(tokens[start].start..<tokens[index].end)
            sites.append(ConnectionSite(holder: holder, library: ClientLibrary.durableObjectSQL, dialect: .sqlite, databasePath: nil,
                                        creation: expression, databaseArgument: expression, isShared: false, offset: tokens[start].start))
        }
        return sites
    }

    private func connectionSite(library: ClientLibrary?, calleeStart: Int, open: Int) -> ConnectionSite? {
        var start = calleeStart
        if start >= 1, isIdentifier(start - 1, "new") { start -= 1 }
        if start >= 1, isIdentifier(start - 1, "await") { start -= 1 }
        let close = tokens[open].link
        // Used where it is made (`new Database('cache.db').prepare(sql).get()`): held by nothing but
        // the expression, which is the receiver its queries name (`Database('cache.db')`).
        let usedInline = isMemberDot(close + 1)
        guard let holder = usedInline ? receiverText(calleeStart..<(close + 1)) : assignmentHolder(before: start) else { return nil }
        let arguments = splitArguments((open + 1)..<close)
        var dialect = library?.dialect
        var databasePath: String?
        if let first = arguments.first, !first.isEmpty {
            if first.count == 1, let literal = stringContent(at: first.lowerBound) {
                databasePath = Self.databaseFile(from: literal)
                if dialect == nil, let scheme = literal.split(separator: ":", maxSplits: 1).first { dialect = ClientLibrary.dialect(named: String(scheme)) }
            } else if isPunctuator(first.lowerBound, "{"), isOpener(first.lowerBound), tokens[first.lowerBound].link == first.upperBound - 1 {
                let members = objectMembers(of: first.lowerBound)
                for key in ["filename", "storage", "database", "url", "name", "path", "connection.filename", "connection"] {
                    guard let value = members[key], value.count == 1, let literal = stringContent(at: value.lowerBound) else { continue }
                    databasePath = Self.databaseFile(from: literal)
                    break
                }
                if dialect == nil {
                    for key in ["client", "dialect", "type", "provider"] {
                        guard let value = members[key] else { continue }
                        if value.count == 1, let literal = stringContent(at: value.lowerBound) {
                            dialect = ClientLibrary.dialect(named: literal)
                        } else if isIdentifier(value.lowerBound, "new"), value.count >= 2 {
                            dialect = ClientLibrary.dialect(named: text(ofToken: value.lowerBound + 1))  // `new SqliteDialect(…)`
                        }
                        if dialect != nil { break }
                    }
                }
            }
        }
        let creation = text(tokens[start].start..<min(tokens[close].end, tokens[start].start + 120))
        let argument = arguments.first.map { text(sourceRange(ofTokens: $0)) } ?? ""
        let isShared = !usedInline && (holder.contains(".") ? !holder.hasPrefix("this.") : isAtTopLevel(start))
        return ConnectionSite(holder: holder, library: library?.name, dialect: dialect, databasePath: databasePath, creation: creation,
                              databaseArgument: String(argument.prefix(120)), isShared: isShared, offset: tokens[start].start)
    }

    /// Whether no `{ … }` encloses the token (a module's top level).
    func isAtTopLevel(_ index: Int) -> Bool {
        var depth = 0
        var cursor = index - 1
        while cursor >= 0 {
            if isPunctuator(cursor, "}"), tokens[cursor].link >= 0, tokens[cursor].link < cursor {
                cursor = tokens[cursor].link - 1
                continue
            }
            if isPunctuator(cursor, "{") { depth += 1; break }
            cursor -= 1
        }
        return depth == 0
    }

    /// The database file a literal names: a path, or a `file:` URL without its scheme; `nil` for
    /// memory databases and remote URLs.
    static func databaseFile(from literal: String) -> String? {
        var path = literal
        if path.hasPrefix("file://") { path.removeFirst(7) } else if path.hasPrefix("file:") { path.removeFirst(5) }
        if let query = path.firstIndex(of: "?") { path = String(path[..<query]) }
        if path.isEmpty || path == ":memory:" || path.contains("://") || path.hasPrefix("sqlite::") { return nil }
        if path.hasPrefix("sqlite:") { path.removeFirst(7) }
        return path
    }

    /// What the value starting at `start` is assigned to: `const db = …` → `db`; `this.db = …` →
    /// `this.db`; `Zotero.DB = …`; `db: Database = …` (a typed variable or class field); a class
    /// field (`private db = …`) → `this.db`.
    func assignmentHolder(before start: Int) -> String? {
        guard start >= 2, isPunctuator(start - 1, "=") else { return nil }
        var end = start - 1
        // `name: Type =`: skip a simple type annotation back to its `:`.
        var cursor = end - 1
        var steps = 0
        while cursor >= 1, steps < 16, tokens[cursor].kind == .identifier || isPunctuator(cursor, ".") || isPunctuator(cursor, "|") {
            cursor -= 1
            steps += 1
        }
        if isPunctuator(cursor, ":"), cursor >= 1, tokens[cursor - 1].kind == .identifier { end = cursor }
        // The dotted name ending before `end`.
        var first = end - 1
        guard first >= 0, tokens[first].kind == .identifier || tokens[first].kind == .privateName else { return nil }
        while first >= 2, isMemberDot(first - 1), tokens[first - 2].kind == .identifier || tokens[first - 2].kind == .privateName { first -= 2 }
        guard let name = receiverText(first..<end) else { return nil }
        if first == end - 1, first >= 1 {
            // A class field: a modifier before it, or nothing that makes it a statement.
            for modifier: StaticString in ["private", "public", "protected", "readonly", "static", "declare", "override"] where isIdentifier(first - 1, modifier) {
                return "this." + name
            }
        }
        return name
    }
}
