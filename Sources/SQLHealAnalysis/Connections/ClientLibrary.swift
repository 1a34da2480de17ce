/// A database client library sqlheal knows by the module a file imports it from, with the
/// functions that run SQL through it and the dialect it speaks.
///
/// A file that imports one of these gets that library's query functions and tags on top of the
/// configured ones (so `getAllAsync` is a query only where `expo-sqlite` is imported, and an
/// unrelated `get()` elsewhere is not made one), and a connection the file creates with one of its
/// exports (`new Database(…)`, `createClient(…)`, `new Pool(…)`) takes the library's dialect.
public struct ClientLibrary: Sendable, Hashable {
    /// The library's package name, as users know it (`better-sqlite3`).
    public var name: String
    /// Module specifiers that load it, exact (`pg`) or as a prefix ending in `/` (`drizzle-orm/`).
    var modules: [String]
    /// `nil` when the connection's own configuration says (knex, Sequelize, TypeORM, Kysely, Prisma).
    public var dialect: SQLDialect?
    /// Methods that take SQL as their first argument, beyond the configured `queryFunctions`.
    var queryFunctions: [String] = []
    /// Of those, the ones that run the statement at once with the values given in the call (a
    /// statement with placeholders and no value there is a `param-count` error).
    var executingFunctions: [String] = []
    /// Of those, the ones that prepare a statement whose values a later call gives (`const q =
    /// db.query(sql); q.all(x)` in bun). `prepare` always does.
    var preparingFunctions: [String] = []
    /// Of those, the ones taking a list of statements, each SQL text or `{ sql, args }`
    /// (`client.batch([…])`).
    var batchFunctions: [String] = []
    /// Tags whose template is SQL with bound holes, beyond the configured `sqlTags`.
    var tags: [String] = []
    /// Exports called (or constructed) to make a connection; empty: any export.
    var connectionFactories: [String] = []

    func loads(module specifier: String) -> Bool {
        modules.contains { $0.hasSuffix("/") ? specifier.hasPrefix($0) : specifier == $0 }
    }
}

extension ClientLibrary {
    /// Every library sqlheal knows, SQLite's first. Method names come from each library's own
    /// documentation; see README ("Libraries") for the binding style each one uses.
    public static let catalogue: [ClientLibrary] = [
        ClientLibrary(name: "better-sqlite3", modules: ["better-sqlite3", "@signalapp/better-sqlite3", "better-sqlite3-multiple-ciphers"], dialect: .sqlite),
        ClientLibrary(name: "node:sqlite", modules: ["node:sqlite"], dialect: .sqlite, connectionFactories: ["DatabaseSync"]),
        ClientLibrary(name: "bun:sqlite", modules: ["bun:sqlite"], dialect: .sqlite, queryFunctions: ["values"], preparingFunctions: ["query"], connectionFactories: ["Database", "default"]),
        ClientLibrary(name: "sqlite3", modules: ["sqlite3", "@journeyapps/sqlcipher", "@vscode/sqlite3"], dialect: .sqlite, connectionFactories: ["Database", "cached"]),
        ClientLibrary(name: "sqlite", modules: ["sqlite"], dialect: .sqlite, connectionFactories: ["open"]),
        ClientLibrary(name: "@libsql/client", modules: ["@libsql/client", "@libsql/client/", "@libsql/client-wasm"], dialect: .sqlite,
                      queryFunctions: ["execute", "batch", "executeMultiple"], executingFunctions: ["execute", "batch"], batchFunctions: ["batch"], connectionFactories: ["createClient"]),
        ClientLibrary(name: "expo-sqlite", modules: ["expo-sqlite", "expo-sqlite/"], dialect: .sqlite,
                      queryFunctions: ["runAsync", "getAllAsync", "getFirstAsync", "getEachAsync", "execAsync", "prepareAsync",
                                       "runSync", "getAllSync", "getFirstSync", "getEachSync", "execSync", "prepareSync", "executeAsync", "executeSync",
                                       "executeForRawResultAsync", "executeForRawResultSync"],
                      // (The `execute…` ones are a prepared statement's: they run it with the values given.)
                      executingFunctions: ["runAsync", "getAllAsync", "getFirstAsync", "getEachAsync", "runSync", "getAllSync", "getFirstSync", "getEachSync",
                                           "executeAsync", "executeSync", "executeForRawResultAsync", "executeForRawResultSync"],
                      preparingFunctions: ["prepareAsync", "prepareSync"],
                      connectionFactories: ["openDatabaseAsync", "openDatabaseSync", "openDatabase"]),
        ClientLibrary(name: "op-sqlite", modules: ["@op-engineering/op-sqlite"], dialect: .sqlite,
                      queryFunctions: ["execute", "executeSync", "executeAsync", "executeRaw", "executeRawAsync", "executeWithHostObjects"],
                      executingFunctions: ["execute", "executeSync", "executeAsync", "executeRaw", "executeRawAsync", "executeWithHostObjects"],
                      connectionFactories: ["open", "openSync"]),
        ClientLibrary(name: "knex", modules: ["knex"], dialect: nil, queryFunctions: ["raw"], executingFunctions: ["raw"]),
        ClientLibrary(name: "sequelize", modules: ["sequelize", "@sequelize/core"], dialect: nil, connectionFactories: ["Sequelize", "default"]),
        ClientLibrary(name: "typeorm", modules: ["typeorm"], dialect: nil, connectionFactories: ["DataSource", "createConnection"]),
        ClientLibrary(name: "prisma", modules: ["@prisma/client", "@prisma/client/"], dialect: nil,
                      queryFunctions: ["$queryRawUnsafe", "$executeRawUnsafe"], executingFunctions: ["$queryRawUnsafe", "$executeRawUnsafe"],
                      tags: ["$queryRaw", "$executeRaw"], connectionFactories: ["PrismaClient"]),
        ClientLibrary(name: "drizzle-orm (SQLite)", modules: ["drizzle-orm/better-sqlite3", "drizzle-orm/libsql", "drizzle-orm/d1", "drizzle-orm/bun-sqlite",
                                                             "drizzle-orm/expo-sqlite", "drizzle-orm/op-sqlite", "drizzle-orm/sqlite-core", "drizzle-orm/durable-sqlite",
                                                             "drizzle-orm/sql-js", "drizzle-orm/sqlite-proxy"], dialect: .sqlite, connectionFactories: ["drizzle"]),
        ClientLibrary(name: "drizzle-orm (PostgreSQL)", modules: ["drizzle-orm/node-postgres", "drizzle-orm/postgres-js", "drizzle-orm/neon-http", "drizzle-orm/neon-serverless",
                                                                 "drizzle-orm/pg-core", "drizzle-orm/vercel-postgres", "drizzle-orm/pglite", "drizzle-orm/xata-http"],
                      dialect: .postgres, connectionFactories: ["drizzle"]),
        ClientLibrary(name: "drizzle-orm (MySQL)", modules: ["drizzle-orm/mysql2", "drizzle-orm/mysql-core", "drizzle-orm/planetscale-serverless", "drizzle-orm/tidb-serverless"],
                      dialect: .mysql, connectionFactories: ["drizzle"]),
        ClientLibrary(name: "drizzle-orm", modules: ["drizzle-orm"], dialect: nil, connectionFactories: ["drizzle"]),
        ClientLibrary(name: "kysely", modules: ["kysely"], dialect: nil, connectionFactories: ["Kysely"]),
        // Other dialects: their queries are never checked as SQLite.
        ClientLibrary(name: "pg", modules: ["pg", "pg-pool", "pg-promise"], dialect: .postgres, connectionFactories: ["Pool", "Client", "default"]),
        ClientLibrary(name: "postgres", modules: ["postgres"], dialect: .postgres, connectionFactories: ["default"]),
        ClientLibrary(name: "@neondatabase/serverless", modules: ["@neondatabase/serverless"], dialect: .postgres, connectionFactories: ["neon", "Pool", "Client"]),
        ClientLibrary(name: "@vercel/postgres", modules: ["@vercel/postgres"], dialect: .postgres, tags: ["sql"], connectionFactories: ["sql", "db", "createPool", "createClient"]),
        ClientLibrary(name: "@electric-sql/pglite", modules: ["@electric-sql/pglite"], dialect: .postgres, connectionFactories: ["PGlite"]),
        ClientLibrary(name: "mysql2", modules: ["mysql2", "mysql2/promise", "mysql"], dialect: .mysql, connectionFactories: ["createConnection", "createPool", "createPoolCluster"]),
        ClientLibrary(name: "@planetscale/database", modules: ["@planetscale/database"], dialect: .mysql, connectionFactories: ["connect", "Client"]),
        ClientLibrary(name: "mssql", modules: ["mssql", "tedious"], dialect: .otherThanSQLite),
        ClientLibrary(name: "oracledb", modules: ["oracledb"], dialect: .otherThanSQLite),
    ]

    /// Cloudflare's SQL APIs, which no module import names: a D1 binding (`env.DB`) and a Durable
    /// Object's storage (`ctx.storage.sql`).
    static let d1 = "Cloudflare D1"
    static let durableObjectSQL = "Durable Objects SQL"

    /// The library a module specifier loads, most specific first (`drizzle-orm/pg-core` before `drizzle-orm`).
    public static func library(forModule specifier: String) -> ClientLibrary? {
        catalogue.first { $0.loads(module: specifier) }
    }

    /// The dialect a connection configuration names: knex's `client`, Sequelize's `dialect` or URL
    /// scheme, TypeORM's `type`, Kysely's `new SqliteDialect(…)`.
    static func dialect(named word: String) -> SQLDialect? {
        let lower = word.lowercased()
        if lower.contains("sqlite") || lower.contains("libsql") || lower == "d1" || lower == "expo" || lower == "capacitor" { return .sqlite }
        if lower.hasPrefix("pg") || lower.contains("postgres") || lower == "cockroachdb" || lower.hasPrefix("neon") { return .postgres }
        if lower.hasPrefix("mysql") || lower.contains("mariadb") || lower.contains("planetscale") { return .mysql }
        if lower.contains("mssql") || lower.contains("oracle") || lower.contains("oracledb") { return .otherThanSQLite }
        return nil
    }
}
