/// `ATTACH DATABASE … AS x` in the code: names under `x.` belong to another database.
///
/// The checking database attaches an empty in-memory database under each name a document
/// attaches, so the tables the code creates there (`CREATE TABLE x.t …`) are known while the
/// document is checked and their columns are checked; a table of `x` the code does not create is
/// not known, and is left alone (the qualifier rule in ``StatementChecker``), as is any
/// `unknown database` (attached where the file does not show). `main.` and `temp.` are SQLite's own.
enum AttachedDatabases {
    /// SQLite allows 10 attached databases by default; leave room for `temp` and spares.
    static let maximumAttached = 8

    /// The schema names the queries' `ATTACH` statements give, lowercased, in order.
    static func names(attachedBy queries: [EmbeddedQuery]) -> [String] {
        var names: [String] = []
        for query in queries where query.dynamism != .unresolved && mayAttach(query.sql) {
            for statement in SQLParser.parse(query.sql).statements {
                guard case .attach(let attach) = statement.kind, let name = attach.schemaName, !name.isPlaceholder else { continue }
                let lowered = name.text.lowercased()
                guard !["main", "temp"].contains(lowered), !names.contains(lowered) else { continue }
                names.append(lowered)
            }
        }
        return names
    }

    /// A cheap byte test before parsing: does `attach` appear in any case?
    private static func mayAttach(_ sql: String) -> Bool {
        let needle = Array("attach".utf8)
        var matched = 0
        for byte in sql.utf8 {
            let lowered = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            matched = lowered == needle[matched] ? matched + 1 : (lowered == needle[0] ? 1 : 0)
            if matched == needle.count { return true }
        }
        return false
    }
}

extension CheckingDatabase {
    /// Attaches an empty in-memory database under each name not attached yet (outside any
    /// transaction: SQLite refuses `ATTACH` inside one). Attached names stay for later documents,
    /// where they change nothing: a table of an attached database that is not known is left alone.
    func attach(_ names: [String]) {
        for name in names where !attachedSchemaNames.contains(name) && attachedSchemaNames.count < AttachedDatabases.maximumAttached {
            guard execute("ATTACH DATABASE ':memory:' AS \(StatementChecker.quoted(name))") else { continue }
            attachedSchemaNames.insert(name)
            if let ddl = attachableSchemas[name] {
                for statement in ddl {
                    if let qualified = AttachedDatabases.qualified(statement, schema: name) { execute(qualified) }
                }
                knownAttachedSchemaNames.insert(name)
            }
        }
    }
}

extension AttachedDatabases {
    /// `statement` (a `CREATE TABLE/VIEW/INDEX` of another database's schema) creating its object in
    /// the attached schema `schema` instead of `main`; `nil` for anything else (a trigger, text the
    /// SQL model cannot read).
    static func qualified(_ statement: String, schema: String) -> String? {
        let tree = SQLParser.parse(statement)
        guard tree.statements.count == 1 else { return nil }
        let name: SQLQualifiedName?
        switch tree.statements[0].kind {
        case .createTable(let table): name = table.name
        case .createView(let view): name = view.name
        case .createIndex(let index): name = index.name
        default: return nil
        }
        guard let name, name.schema == nil else { return nil }
        var bytes = Array(statement.utf8)
        bytes.insert(contentsOf: Array("\(StatementChecker.quoted(schema)).".utf8), at: name.range.lowerBound)
        return String(decoding: bytes, as: UTF8.self)
    }
}
