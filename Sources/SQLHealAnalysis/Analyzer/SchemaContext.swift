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
    }
}
