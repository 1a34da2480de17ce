// MARK: - Which connection each query runs on

/// What one file shows about its connections, read once per extraction.
struct FileConnections {
    let imports: [ImportedBinding]
    var sites: [ConnectionSite]
    /// The connections the project's other files create (from the module index).
    var projectSites: [ConnectionSite] = []
    /// Imported names holding a connection another file creates (from the module index).
    var importedSites: [String: ConnectionSite] = [:]
    /// Imported names → the library they come from.
    var libraryByLocalName: [String: ClientLibrary]
    /// The one dialect every client library the file imports or configures speaks, when they
    /// agree (`nil`: none imported, or several dialects).
    var fileDialect: SQLDialect?
    var fileLibrary: String?
    /// Every client library the file imports, once each, in import order.
    let libraries: [ClientLibrary]

    init(imports: [ImportedBinding], sites: [ConnectionSite]) {
        self.imports = imports
        self.sites = sites
        var libraryByLocalName: [String: ClientLibrary] = [:]
        var dialects: Set<SQLDialect> = []
        var libraries: [String] = []
        for binding in imports {
            guard let library = ClientLibrary.library(forModule: binding.module) else { continue }
            if !binding.localName.isEmpty { libraryByLocalName[binding.localName] = library }
            if let dialect = library.dialect { dialects.insert(dialect) }
            libraries.append(library.name)
        }
        for site in sites { if let dialect = site.dialect { dialects.insert(dialect) } }
        self.libraryByLocalName = libraryByLocalName
        self.fileDialect = dialects.count == 1 ? dialects.first : nil
        self.fileLibrary = Set(libraries).count == 1 ? libraries.first : nil
        var seen: Set<String> = []
        self.libraries = imports.compactMap { ClientLibrary.library(forModule: $0.module) }.filter { seen.insert($0.name).inserted }
    }
}

enum ConnectionResolver {
    /// The connection `query` runs on (see README, "Which database a query runs on"), in order of
    /// certainty: the configured receivers; a connection the file creates and holds where the
    /// receiver reads it; a receiver or tag imported from a client library; Cloudflare's `env.DB`
    /// and `ctx.storage.sql`; the one dialect the file's imports speak; the text itself (certainly
    /// another dialect → not SQLite); else the main database.
    /// What a receiver alone says about a query's connection: ``final`` when that settles it,
    /// else what is known so far (the text may still show another dialect).
    enum ReceiverResolution {
        case final(QueryConnection)
        case tentative(QueryConnection?)
    }

    /// `siteDatabases` keeps each site's database for the file's other queries: it depends on the
    /// site and every other site, not on the query (worked out once per site, not per query).
    /// `byReceiver` keeps what each receiver resolved to where that cannot depend on where the
    /// query stands: no site of the file's own and no wrapper's connection. A file of thousands
    /// of `db.all(…)` calls resolves `db` once.
    static func connection(for query: EmbeddedQuery, in file: FileConnections, configuration: ConnectionConfiguration, defaultDatabase: QueryConnection.Database,
                           siteDatabases: inout [ConnectionSite: QueryConnection.Database], byReceiver: inout [String: ReceiverResolution]) -> QueryConnection {
        let receiver = query.receiver ?? ""
        let resolution: ReceiverResolution
        if file.sites.isEmpty, query.wrapperConnection == nil {
            if let known = byReceiver[receiver] {
                resolution = known
            } else {
                resolution = resolve(query, receiver: receiver, in: file, configuration: configuration, defaultDatabase: defaultDatabase, siteDatabases: &siteDatabases)
                byReceiver[receiver] = resolution
            }
        } else {
            resolution = resolve(query, receiver: receiver, in: file, configuration: configuration, defaultDatabase: defaultDatabase, siteDatabases: &siteDatabases)
        }
        let known: QueryConnection?
        switch resolution {
        case .final(let connection): return connection
        case .tentative(let connection): known = connection
        }
        // The client does not say which dialect: text SQLite would reject in a way no SQLite user
        // writes is another dialect's.
        if let signal = SQLDialectSignals.otherDialect(in: query.sql) {
            return QueryConnection(database: known?.database ?? defaultDatabase, dialect: signal.dialect, library: known?.library,
                                   evidence: "the text has \(signal.evidence)")
        }
        return known ?? QueryConnection(database: defaultDatabase, dialect: .sqlite)
    }

    /// Everything but the text: the configured receivers, the site the receiver reads (or the
    /// wrapper's), an imported client, Cloudflare's bindings, the file's one dialect.
    private static func resolve(_ query: EmbeddedQuery, receiver: String, in file: FileConnections, configuration: ConnectionConfiguration,
                                defaultDatabase: QueryConnection.Database, siteDatabases: inout [ConnectionSite: QueryConnection.Database]) -> ReceiverResolution {
        let root = receiver.prefix { $0 != "." && $0 != "(" && $0 != "[" && $0 != "?" }
        if !receiver.isEmpty, let name = configuredDatabase(for: receiver, configuration: configuration) {
            return .final(QueryConnection(database: name == ConnectionConfiguration.mainDatabaseName ? .main : .other(name: name), dialect: .sqlite,
                                          evidence: "`\(receiver)` is configured in `databases`"))
        }
        let site = query.wrapperConnection
            ?? (receiver.isEmpty ? nil
            : site(holding: receiver, before: query.sourceRange.lowerBound, in: file.sites)
            ?? file.importedSites[String(root)]
            ?? file.projectSites.first { $0.isShared && $0.holder.contains(".") && $0.holder == receiver })
        if let site {
            let evidence = (query.wrapperConnection != nil ? "through a wrapper running on " : "")
                + "`\(site.holder)` = \(site.creation)" + (site.library.map { " (\($0))" } ?? "")
            let dialect = site.dialect ?? site.library.flatMap { configuration.libraryDialects[$0] } ?? file.fileDialect
            var database = defaultDatabase
            if dialect == .sqlite || dialect == nil {
                if let known = siteDatabases[site] {
                    database = known
                } else {
                    database = self.database(of: site, among: file.sites + file.projectSites, configuration: configuration, defaultDatabase: defaultDatabase)
                    siteDatabases[site] = database
                }
            }
            if let dialect { return .final(QueryConnection(database: database, dialect: dialect, library: site.library, evidence: evidence)) }
            return .tentative(QueryConnection(database: database, dialect: .sqlite, library: site.library, evidence: evidence))
        } else if !root.isEmpty, let library = file.libraryByLocalName[String(root)] {
            let evidence = "`\(root)` is imported from \(library.name)"
            if let dialect = library.dialect ?? configuration.libraryDialects[library.name] ?? file.fileDialect {
                return .final(QueryConnection(database: defaultDatabase, dialect: dialect, library: library.name, evidence: evidence))
            }
            return .tentative(QueryConnection(database: defaultDatabase, dialect: .sqlite, library: library.name, evidence: evidence))
        } else if isCloudflareSQLite(receiver) {
            return .final(QueryConnection(database: defaultDatabase, dialect: .sqlite, library: isDurableObjectSQL(receiver) ? ClientLibrary.durableObjectSQL : ClientLibrary.d1,
                                          evidence: "`\(receiver)`"))
        } else if let dialect = file.fileDialect {
            let evidence = "the file imports " + (file.fileLibrary ?? "clients of \(dialect.rawValue)")
            if dialect != .sqlite { return .final(QueryConnection(database: defaultDatabase, dialect: dialect, library: file.fileLibrary, evidence: evidence)) }
            return .tentative(QueryConnection(database: defaultDatabase, dialect: .sqlite, library: file.fileLibrary, evidence: evidence))
        }
        return .tentative(nil)
    }

    /// The database a connection site opens. When the project opens databases at several sites
    /// with different arguments, the main one is the site opening the main database's file, else
    /// the one shared sites agree on (`Zotero.DB = new Zotero.DBConnection('zotero')` against an
    /// importer's own `this._db = new Zotero.DBConnection(this._file)`); any other site opens
    /// another database: named by its constant path, else unknown. A file name (of a constant path,
    /// or the constant end of a computed one) that is the main database's, or a configured other
    /// database's file, says which it is first.
    static func database(of site: ConnectionSite, among sites: [ConnectionSite], configuration: ConnectionConfiguration,
                         defaultDatabase: QueryConnection.Database) -> QueryConnection.Database {
        // A Durable Object's storage (`this.sql = ctx.storage.sql`) is the database its code
        // runs on, like `ctx.storage.sql` itself: no file to tell it from the others by.
        if site.library == ClientLibrary.durableObjectSQL { return defaultDatabase }
        let openedFileName = site.databasePath.map(fileName(of:)) ?? site.computedPathFileName
        if let openedFileName {
            if openedFileName == configuration.mainDatabaseFileName { return .main }
            if let entry = configuration.databaseFileNames[openedFileName] { return .other(name: entry) }
        }
        if configuration.mainDatabaseFileName != nil {
            if let path = site.databasePath { return .other(name: path) }
            if site.computedPathFileName != nil { return .unknown }
        }
        let sqliteSites = sites.filter { ($0.dialect == nil || $0.dialect == .sqlite) && $0.library != ClientLibrary.durableObjectSQL }
        guard Set(sqliteSites.map(\.databaseArgument)).count > 1 else { return defaultDatabase }
        var mainArguments: Set<String> = []
        if let main = configuration.mainDatabaseFileName {
            mainArguments = Set(sqliteSites.filter { $0.databasePath.map { fileName(of: $0) == main } ?? false }.map(\.databaseArgument))
        }
        if mainArguments.isEmpty { mainArguments = Set(sqliteSites.filter(\.isShared).map(\.databaseArgument)) }
        // Several databases and nothing says which is the main one: a file named by a constant is
        // a database of its own (checked against a `databases` entry of that name, else silent);
        // a path computed at run time (`new Database(config.dbPath)`) is taken for the app's own,
        // unless computed paths end in different file names (`path.join(dir, 'app.db')` and
        // `path.join(dir, 'cache.db')`): then none can be told for the main one.
        guard mainArguments.count == 1 else {
            if let path = site.databasePath { return .other(name: path) }
            let computedNames = Set(sqliteSites.compactMap(\.computedPathFileName))
            return computedNames.count > 1 && site.computedPathFileName != nil ? .unknown : defaultDatabase
        }
        if mainArguments.contains(site.databaseArgument) { return defaultDatabase }
        return site.databasePath.map { .other(name: $0) } ?? .unknown
    }

    static func configuredDatabase(for receiver: String, configuration: ConnectionConfiguration) -> String? {
        if let name = configuration.receivers[receiver] { return name }
        // `Zotero.DB.queryAsync` configured as `Zotero.DB` also covers `Zotero.DB.inner.query`.
        for (configured, name) in configuration.receivers where receiver.hasPrefix(configured + ".") { return name }
        return nil
    }

    /// The site whose holder the receiver reads: `db` for `db`, `this.db` for `this.db` or a
    /// class field `db`; the last one before the query, else the first after it.
    static func site(holding receiver: String, before offset: Int, in sites: [ConnectionSite]) -> ConnectionSite? {
        let matching = sites.filter { site in
            site.holder == receiver || "this." + site.holder == receiver || receiver.hasPrefix(site.holder + ".")
        }
        return matching.last { $0.offset < offset } ?? matching.first
    }

    /// `env.DB`, `this.env.DB`, `c.env.DB`, `context.env.DB` (a D1 binding), `ctx.storage.sql`,
    /// `this.ctx.storage.sql`, `state.storage.sql` (a Durable Object's SQLite).
    static func isCloudflareSQLite(_ receiver: String) -> Bool {
        isD1Binding(receiver) || isDurableObjectSQL(receiver)
    }

    /// `env.DB`, `c.env.DB`: a D1 database binding.
    static func isD1Binding(_ receiver: String) -> Bool {
        let parts = receiver.split(separator: ".")
        return parts.count >= 2 && parts[parts.count - 2] == "env"
    }

    /// `ctx.storage.sql`, `this.ctx.storage.sql`, `state.storage.sql`: a Durable Object's SQLite.
    static func isDurableObjectSQL(_ receiver: String) -> Bool {
        let parts = receiver.split(separator: ".")
        return parts.count >= 2 && parts[parts.count - 1] == "sql" && parts[parts.count - 2] == "storage"
    }

    static func fileName(of path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
