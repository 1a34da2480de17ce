/// Which database, in which dialect, a query runs on, as far as the code shows.
public struct QueryConnection: Sendable, Hashable {
    public enum Database: Sendable, Hashable {
        /// The project's database (the configured or detected schema).
        case main
        /// Another SQLite database: one named in `databases` of `sqlheal.json`, or a file the
        /// code opens at a constant path other than the main database's (the path as written).
        case other(name: String)
        /// Another database whose name nothing tells: never checked against the main schema.
        case unknown
    }

    public var database: Database
    public var dialect: SQLDialect
    /// The client library the connection was made with, when the file shows it.
    public var library: String?
    /// Why sqlheal thinks so, for `sqlheal debug-queries` and notes: "`db` = new Pool(…) (pg)".
    public var evidence: String?

    public init(database: Database = .main, dialect: SQLDialect = .sqlite, library: String? = nil, evidence: String? = nil) {
        self.database = database
        self.dialect = dialect
        self.library = library
        self.evidence = evidence
    }

    public static let main = QueryConnection()

    /// Whether the query runs on the main database, in SQLite.
    public var isMainSQLite: Bool { dialect == .sqlite && database == .main }

    /// Whether the query is checked with SQLite against some schema.
    public var isCheckedAsSQLite: Bool { dialect == .sqlite && database != .unknown }
}

/// What the project says about its connections beyond what one file shows: the `databases` key of
/// `sqlheal.json`, and the main database's file.
public struct ConnectionConfiguration: Sendable, Hashable {
    /// Receiver expressions as written in code (`Zotero.DB`, `this.importDB`, `env.CACHE`) → the
    /// name of the database they run on (a `databases` entry, or `main`).
    public var receivers: [String: String]
    /// The main database's file name (`app.db`), when one is configured or detected: a connection
    /// the code opens at a constant path with another file name runs on another database.
    public var mainDatabaseFileName: String?
    /// The dialect the project sets up a client library for that speaks several (library name →
    /// dialect: `prisma` → PostgreSQL from `schema.prisma`'s datasource).
    public var libraryDialects: [String: SQLDialect]
    /// The file name of each other database configured with its file (`cache.db` → the entry's
    /// name): a connection the code opens on a file of that name, at a constant path or a computed
    /// one ending in it (`path.join(dir, 'cache.db')`), runs on that entry's database. A name two
    /// entries share ties nothing.
    public var databaseFileNames: [String: String]

    public init(receivers: [String: String] = [:], mainDatabaseFileName: String? = nil, libraryDialects: [String: SQLDialect] = [:],
                databaseFileNames: [String: String] = [:]) {
        self.receivers = receivers
        self.mainDatabaseFileName = mainDatabaseFileName
        self.libraryDialects = libraryDialects
        self.databaseFileNames = databaseFileNames
    }

    public static let none = ConnectionConfiguration()

    /// The name a configuration gives the main database in `receivers`.
    public static let mainDatabaseName = "main"
}

/// A module the file imports and the name it binds (`import Database from 'better-sqlite3'`,
/// `const { Pool } = require('pg')`, `import * as SQLite from 'expo-sqlite'`).
public struct ImportedBinding: Sendable, Hashable {
    /// The local name; empty for `import 'x'`.
    public var localName: String
    public var module: String
    /// The export imported (`Pool`), `nil` for a default or namespace import or a whole `require`.
    public var exportName: String?

    public init(localName: String, module: String, exportName: String?) {
        self.localName = localName
        self.module = module
        self.exportName = exportName
    }
}

/// A connection the file creates: `const db = new Database('app.db')`,
/// `this.pool = new Pool(…)`, `const client = createClient({ url: 'file:local.db' })`.
public struct ConnectionSite: Sendable, Hashable {
    /// Where it is held, as written (`db`, `this.pool`, `Zotero.DB`); class fields as `this.name`.
    public var holder: String
    public var library: String?
    /// `nil`: the library speaks several dialects and the call does not say which.
    public var dialect: SQLDialect?
    /// The database file when the call names one with a constant (`'data/cache.db'`,
    /// `'file:local.db'` without its scheme); `nil` when computed at run time or in memory.
    public var databasePath: String?
    /// The call as written (its first 120 bytes), for listings.
    public var creation: String
    /// The database argument as written (`'app.db'`, `this._file`), to tell sites apart.
    public var databaseArgument: String
    /// Held where other files can reach it: at a module's top level, or on a dotted name that is
    /// not `this.` (`Zotero.DB`). An instance's own connection (`this._db = …`) is not.
    public var isShared: Bool
    /// Offset of the creating call in the document.
    public var offset: Int

    /// The database file's name when the path is computed but ends in a constant file name
    /// (`path.join(dataDir, 'cache.db')`, `` `${dir}/cache.sqlite` ``): enough to tell it from the
    /// main database file, not to find it. `nil` for a constant path (``databasePath``) or none.
    public var computedPathFileName: String? {
        guard databasePath == nil else { return nil }
        // The last quoted piece of the argument, up to its last `/`.
        var pieces: [Substring] = []
        var rest = databaseArgument[...]
        while let open = rest.firstIndex(where: { $0 == "'" || $0 == "\"" || $0 == "`" || $0 == "}" }) {
            let quote: Character = rest[open] == "}" ? "`" : rest[open]
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(where: { $0 == quote || quote == "`" && $0 == "$" }) else { break }
            pieces.append(rest[afterOpen..<close])
            rest = rest[rest.index(after: close)...]
        }
        guard let last = pieces.last, let name = last.split(separator: "/").last.map(String.init) else { return nil }
        let lowered = name.lowercased()
        return [".db", ".sqlite", ".sqlite3", ".db3", ".s3db", ".sl3"].contains(where: lowered.hasSuffix) ? name : nil
    }

    /// The same connection without its position: what other files see of it, unchanged by an
    /// edit above it.
    public var positionless: ConnectionSite {
        var copy = self
        copy.offset = 0
        return copy
    }
}
