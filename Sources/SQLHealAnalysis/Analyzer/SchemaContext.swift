/// The schema queries are checked against, and what explains its differences.
///
/// With a database configured, ``checkedSchema`` is the database as it is (that is what the code
/// will meet when it runs) and ``declaredSchema`` is what the migrations build: a table the
/// migrations declare but the database lacks is reported against the database, and the message
/// says which migration declares it. With migrations only, ``checkedSchema`` is what they build
/// and ``declaredSchema`` is `nil`.
public struct SchemaContext: Sendable, Hashable {
    public var checkedSchema: SchemaSnapshot
    public var declaredSchema: SchemaSnapshot?
    /// How messages name the checked database (`data/app.db`), `nil` when checking migrations only.
    public var databaseDisplayName: String?
    /// CREATE statements the project's own code runs (`CREATE TEMP TABLE …` in a setup module),
    /// gathered from every file with ``QueryChecker/schemaStatements(in:)``. The checker runs them
    /// after the schema, so tables the code creates at run time are known in every file (a
    /// document's own CREATE statements are always known in that document). They are never drift
    /// and never feed the repair.
    public var codeDefinedDDL: [String]
    /// Migration code, keyed by absolute path: for each file whose code changes the schema
    /// (versioned migration functions, a migrations array), the schema as it stands before the
    /// file's statements run. Its queries are checked against the schema at their point of
    /// history (see ``SchemaHistory``), never against the final one.
    public var migrationHistory: [String: SchemaHistory] = [:]
    /// Schemas the configuration gives databases the code attaches (`ATTACH DATABASE … AS x`):
    /// alias, lowercased → its DDL. Names in `x.` are checked against it; other attached names
    /// stay unknown and silent.
    public var attachableSchemas: [String: [String]] = [:]

    public init(checkedSchema: SchemaSnapshot, declaredSchema: SchemaSnapshot? = nil, databaseDisplayName: String? = nil) {
        self.init(checkedSchema: checkedSchema, declaredSchema: declaredSchema, databaseDisplayName: databaseDisplayName, codeDefinedDDL: [])
    }

    public init(checkedSchema: SchemaSnapshot, declaredSchema: SchemaSnapshot?, databaseDisplayName: String?, codeDefinedDDL: [String]) {
        self.checkedSchema = checkedSchema
        self.declaredSchema = declaredSchema
        self.databaseDisplayName = databaseDisplayName
        self.codeDefinedDDL = codeDefinedDDL
    }

    public static let empty = SchemaContext(checkedSchema: .empty)

    /// True when no schema was found at all: the checker then reports nothing that depends on
    /// names (a project with no database and no migrations must not drown in `missing-table`).
    public var isEmpty: Bool { checkedSchema.tables.isEmpty && (declaredSchema?.tables.isEmpty ?? true) }

    /// Changes whenever anything that can change a finding changes.
    public var fingerprint: String {
        "\(checkedSchema.fingerprint)|\(declaredSchema?.fingerprint ?? "-")|\(databaseDisplayName ?? "-")"
            + (codeDefinedDDL.isEmpty ? "" : "|code:\(SchemaSnapshot.fingerprint(ofDDL: codeDefinedDDL))")
            + (migrationHistory.isEmpty ? "" : "|history:\(migrationHistory.keys.sorted().joined(separator: ","))")
            + attachableSchemas.keys.sorted().map { "|attach:\($0):\(SchemaSnapshot.fingerprint(ofDDL: attachableSchemas[$0] ?? []))" }.joined()
    }
}

/// The schema a migration file starts from: its statements are checked in source order, each
/// against this schema plus the file's earlier statements (a table renamed, created or dropped
/// above is seen as such), and the file's own schema statements are never reported for what
/// only the point of history decides (a table that already exists, an index already gone).
public struct SchemaHistory: Sendable, Hashable {
    /// CREATE statements that rebuild the starting schema, in an order that replays.
    public var startingDDL: [String]
    /// False when the starting schema is a snapshot of the final one (a `schema.sql`), not the
    /// history before the file: upgrade steps written for an older version then meet tables in
    /// their final form, and only what does not depend on that (syntax, bound values, spliced
    /// values) is reported.
    public var startsFromHistory: Bool

    public init(startingDDL: [String], startsFromHistory: Bool = true) {
        self.startingDDL = startingDDL
        self.startsFromHistory = startsFromHistory
    }
}
