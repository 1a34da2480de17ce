/// A statement that changes the schema, found in a JavaScript/TypeScript file: DDL the code runs
/// itself (`db.exec("CREATE TABLE …")`, a migration function's `ALTER TABLE`), or what a knex
/// schema builder call (`knex.schema.createTable(…)`) makes SQLite run.
public struct CodeSchemaStatement: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        /// `CREATE [TEMP] TABLE / VIEW / INDEX / TRIGGER / VIRTUAL TABLE`.
        case create
        /// `ALTER TABLE … ADD / RENAME / DROP COLUMN`, `ALTER TABLE … RENAME TO`.
        case alter
        /// `DROP TABLE / VIEW / INDEX / TRIGGER`.
        case drop
    }

    public enum Origin: String, Sendable, Hashable {
        /// SQL text in the code.
        case sql
        /// Generated from a knex schema builder call.
        case knex
    }

    /// The statement as SQLite runs it (for knex, the SQL knex generates for SQLite).
    public var sql: String
    public var kind: Kind
    /// `CREATE TEMP TABLE`: a table that exists only on the connection that made it.
    public var isTemporary: Bool
    /// The object the statement creates, changes or drops (unquoted, as written).
    public var objectName: String
    /// `TABLE`, `VIEW`, `INDEX` or `TRIGGER`.
    public var objectType: String
    /// For `ALTER TABLE x RENAME TO y`: `y`.
    public var renamedTo: String?
    public var origin: Origin
    /// Maps the bytes of ``sql`` back to the source file.
    public var sourceMap: SQLSourceMap
    /// Where ``sql`` starts in the SQL ``sourceMap`` describes (a query may hold several statements).
    public var sqlOffsetInMap: Int

    /// The source bytes of a byte range of ``sql``.
    public func sourceRange(ofStatementRange range: ByteRange) -> ByteRange {
        sourceMap.sourceRange(forSQLRange: (range.lowerBound + sqlOffsetInMap)..<(range.upperBound + sqlOffsetInMap))
    }

    /// The whole statement's source bytes.
    public var sourceRange: ByteRange { sourceRange(ofStatementRange: 0..<sql.utf8.count) }

    /// ``sql`` with `TEMP`/`TEMPORARY` blanked out (same length, so offsets still map): how a
    /// table the code creates at run time is recorded in an assembled schema.
    public var permanentSQL: String {
        guard isTemporary else { return sql }
        var bytes = Array(sql.utf8)
        let tokens = SQLLexer.tokenize(bytes)
        if let temp = tokens.prefix(3).first(where: { $0.isKeyword("TEMP") || $0.isKeyword("TEMPORARY") }) {
            for index in temp.range { bytes[index] = UInt8(ascii: " ") }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Reads the schema statements a document's code runs, in source order.
///
/// SQL statements come from the same extraction the checker uses (query calls, tagged templates,
/// SQL-like literals, constants resolved), so a `CREATE TABLE` wherever the code keeps it is
/// seen; only statements whose text is fully known count (a hole of unknown text could name any
/// table). knex schema builder calls are translated by ``KnexSchemaTranslator``.
public enum CodeSchemaReader {
    /// `modules` resolves names imported from other files (`CREATE TABLE ${MESSAGES_TABLE}`).
    public static func statements(in text: [UInt8], language: SourceLanguage, configuration: QueryExtractionConfiguration, modules: ModuleContext = .empty) -> [CodeSchemaStatement] {
        guard mayHoldSchemaCode(text) else { return [] }
        let scan = JavaScriptScanner.scan(text, language: language)
        let queries = QueryExtractor.extract(from: text, scan: scan, configuration: configuration, context: modules).queries
        return statements(in: text, tokens: scan.tokens, queries: queries)
    }

    /// The schema statements of a document whose queries are already extracted (a project check
    /// extracts each file once); `tokens` are its scan's (knex calls and rollbacks are read from them).
    public static func statements(in text: [UInt8], tokens: [JavaScriptToken], queries: [EmbeddedQuery]) -> [CodeSchemaStatement] {
        var found = statements(in: queries)
        found += KnexSchemaTranslator.statements(in: text, tokens: tokens)
        let rollbacks = rollbackRanges(in: text, tokens: tokens)
        found.removeAll { statement in rollbacks.contains { $0.contains(statement.sourceRange.lowerBound) } }
        found.sort { $0.sourceRange.lowerBound < $1.sourceRange.lowerBound }
        return found
    }

    /// The bodies of rollback functions (`exports.down = …`, `down(knex) { … }`,
    /// `async down(queryRunner)`, `export function down`): they undo the schema, never build it.
    static func rollbackRanges(in text: [UInt8], tokens: [JavaScriptToken]) -> [ByteRange] {
        let reader = KnexTokenReader(text: text, tokens: tokens)
        var ranges: [ByteRange] = []
        var index = 0
        while index < tokens.count {
            defer { index += 1 }
            guard tokens[index].kind == .identifier, reader.word(index) == "down" else { continue }
            let before = index > 0 ? reader.word(index - 1) : ""
            let after = index + 1 < tokens.count ? reader.word(index + 1) : ""
            guard before == "." || before == "function" || after == ":" || after == "(" || after == "=" else { continue }
            // The function's body: the first `{` (a function or method) or what follows `=>`.
            var cursor = index + 1
            var end: Int?
            while cursor < tokens.count, end == nil {
                let word = reader.word(cursor)
                if word == "{", tokens[cursor].link > cursor {
                    end = tokens[tokens[cursor].link].end
                } else if word == "=>", cursor + 1 < tokens.count {
                    if reader.word(cursor + 1) == "{", tokens[cursor + 1].link > cursor + 1 {
                        end = tokens[tokens[cursor + 1].link].end
                    } else {
                        // An expression body: up to the `;` (or the end) at its own depth.
                        var last = cursor + 1
                        while last < tokens.count, reader.word(last) != ";" {
                            if tokens[last].link > last, tokens[last].kind == .punctuator { last = tokens[last].link }
                            if last + 1 < tokens.count, tokens[last + 1].flags.contains(.precededByLineBreak), reader.word(last + 1) != "." { break }
                            last += 1
                        }
                        end = tokens[min(last, tokens.count - 1)].end
                    }
                } else if word == ";" || (word == "(" && cursor > index + 1 && tokens[cursor].link < 0) {
                    break
                } else if word == "(", tokens[cursor].link > cursor {
                    cursor = tokens[cursor].link
                }
                cursor += 1
            }
            if let end { ranges.append(tokens[index].start..<end) }
        }
        return ranges
    }

    /// The schema statements among already extracted queries.
    public static func statements(in queries: [EmbeddedQuery]) -> [CodeSchemaStatement] {
        var found: [CodeSchemaStatement] = []
        // Runs on every keystroke for every query: a byte scan first, tokens only when it hits.
        // DDL run on another database or in another dialect builds nothing of the main schema.
        // A statement a rewriting wrapper runs (Zotero's `Zotero.DB.queryAsync` expands its own
        // placeholders) is still DDL as written when its text was fully known before the wrapper.
        for query in queries where (query.dynamism == .fullyStatic || query.dynamismBeforeRewrite == .fullyStatic) && query.holes.isEmpty && query.connection.isMainSQLite
            && mayHoldSchemaCode(query.sql.utf8) {
            let tree = SQLParser.parse(query.sql)
            for statement in tree.statements {
                // DDL on an attached database (`DROP TABLE IF EXISTS ftindex.fulltextContent`)
                // changes that database: it neither builds the main schema nor makes its file
                // migration code of the main one.
                guard let shape = StatementShape(statement.kind), !shape.isOnAttachedDatabase else { continue }
                let range = statement.range
                found.append(CodeSchemaStatement(
                    sql: tree.sql.text(in: range),
                    kind: shape.kind,
                    isTemporary: shape.isTemporary,
                    objectName: shape.objectName,
                    objectType: shape.objectType,
                    renamedTo: shape.renamedTo,
                    origin: .sql,
                    sourceMap: query.sourceMap,
                    sqlOffsetInMap: range.lowerBound
                ))
            }
        }
        return found
    }

    /// A cheap test before scanning: the text mentions `create`, `alter` or `drop` in some case.
    /// Whether a file's text may hold schema code at all (``mayHoldSchemaCode(_:)``), for readers
    /// outside the module (a generic call from there would not be specialized).
    public static func mayHoldSchemaCode(bytes text: [UInt8]) -> Bool {
        mayHoldSchemaCode(text)
    }

    static func mayHoldSchemaCode<Bytes: Sequence>(_ text: Bytes) -> Bool where Bytes.Element == UInt8 {
        // Runs on every query of every keystroke and every file of a scan: over contiguous bytes,
        // one comparison per byte, the needle checked only where its first letter stands.
        if let found = text.withContiguousStorageIfAvailable(Self.mayHoldSchemaCode(contiguous:)) { return found }
        var create = SubstringMatcher(needle: "create")
        var alter = SubstringMatcher(needle: "alter")
        var drop = SubstringMatcher(needle: "drop")
        for byte in text {
            let lowered = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            if create.advance(lowered) || alter.advance(lowered) || drop.advance(lowered) { return true }
        }
        return false
    }

    private static func mayHoldSchemaCode(contiguous bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        func matches(_ needle: StaticString, at start: Int) -> Bool {
            let count = needle.utf8CodeUnitCount
            guard start + count <= bytes.count else { return false }
            let letters = needle.utf8Start
            for offset in 1..<count {
                let byte = bytes[start + offset]
                let lowered = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                if lowered != letters[offset] { return false }
            }
            return true
        }
        for index in bytes.indices {
            switch bytes[index] {
            case 0x63, 0x43: if matches("create", at: index) { return true }  // c, C
            case 0x61, 0x41: if matches("alter", at: index) { return true }  // a, A
            case 0x64, 0x44: if matches("drop", at: index) { return true }  // d, D
            default: continue
            }
        }
        return false
    }

    /// How much of a needle the bytes read so far end with (restarting at a mismatch, as the
    /// needles have no repeated prefix).
    private struct SubstringMatcher {
        let needle: StaticString
        var matched = 0

        init(needle: StaticString) { self.needle = needle }

        @inline(__always)
        mutating func advance(_ byte: UInt8) -> Bool {
            let start = needle.utf8Start
            matched = byte == start[matched] ? matched + 1 : (byte == start[0] ? 1 : 0)
            return matched == needle.utf8CodeUnitCount
        }
    }

    /// Whether a file's statements are migration code: history, not only setup. A file that
    /// alters or drops tables or views (versioned upgrade steps, a rebuild) is checked as history
    /// (``SchemaHistory``); one that only creates what it needs (`CREATE TABLE IF NOT EXISTS` at
    /// start-up, temporary tables) is checked against the final schema with its own tables.
    public static func isMigrationCode(_ statements: [CodeSchemaStatement]) -> Bool {
        let temporary = Set(statements.filter(\.isTemporary).map { $0.objectName.lowercased() })
        return statements.contains { statement in
            guard !temporary.contains(statement.objectName.lowercased()) else { return false }
            return statement.kind == .alter || (statement.kind == .drop && (statement.objectType == "TABLE" || statement.objectType == "VIEW"))
        }
    }

    /// Lowercased names of the tables the statements create, alter, rename (either name) or drop.
    public static func changedTables(_ statements: [CodeSchemaStatement]) -> Set<String> {
        var tables: Set<String> = []
        for statement in statements where statement.objectType == "TABLE" {
            tables.insert(statement.objectName.lowercased())
            if let renamed = statement.renamedTo { tables.insert(renamed.lowercased()) }
        }
        return tables
    }

    /// Lowercased names of the tables and views the statements make (created, or renamed to),
    /// and of the columns they add: a migration file's queries may run before or after the
    /// function that makes them, which the file does not say.
    public static func madeNames(_ statements: [CodeSchemaStatement]) -> (tables: Set<String>, columns: Set<String>) {
        var tables: Set<String> = []
        var columns: Set<String> = []
        for statement in statements {
            if statement.kind == .create, statement.objectType == "TABLE" || statement.objectType == "VIEW" {
                tables.insert(statement.objectName.lowercased())
            }
            if let renamed = statement.renamedTo { tables.insert(renamed.lowercased()) }
            switch statement.alteration {
            case .addColumn(let column)?: columns.insert(column.name.key)
            case .renameColumn(_, let to)?: columns.insert(to.key)
            default: break
            }
        }
        return (tables, columns)
    }

    /// The statements a schema assembled from code should apply, in order.
    ///
    /// Code only adds to what the SQL files declare (`fileObjects`, lowercased names): a
    /// statement that renames, drops or drops a column of one of those is history the files
    /// already contain (a migration function rebuilding a table the schema file holds in its
    /// final form), and is left out. A `DROP TABLE` or `DROP VIEW` counts only when the same file
    /// made that name before (a table created, used, then dropped by a migration) or makes it
    /// again later (a rebuild: create new, copy, drop old, rename): elsewhere it is cleanup code
    /// (`DROP TABLE IF EXISTS tmp`, a reset function) that must not erase a table every other
    /// query uses. A `TEMP` table is never dropped: it is known wherever the code may use it.
    public static func appliedStatements(_ statements: [CodeSchemaStatement], fileObjects: Set<String> = []) -> [CodeSchemaStatement] {
        var applied: [CodeSchemaStatement] = []
        let isMigration = isMigrationCode(statements)
        for (index, statement) in statements.enumerated() {
            let name = statement.objectName.lowercased()
            if fileObjects.contains(name), statement.kind == .drop || (statement.kind == .alter && statement.changesExistingDefinition) { continue }
            if let target = statement.renamedTo?.lowercased(), fileObjects.contains(target) {
                // A rebuilt table renamed onto one the files hold in its final form: the files'
                // version stands, and the stand-in made by the rebuild goes away.
                var drop = statement
                drop.sql = "DROP TABLE " + StatementChecker.quoted(statement.objectName)
                drop.kind = .drop
                drop.renamedTo = nil
                applied.append(drop)
                continue
            }
            if statement.kind == .drop, statement.objectType == "TABLE" || statement.objectType == "VIEW" {
                let makes = { (other: CodeSchemaStatement) in
                    (other.kind == .create && other.objectName.lowercased() == name) || other.renamedTo?.lowercased() == name
                }
                guard statements[..<index].contains(where: makes) || statements[(index + 1)...].contains(where: makes) else { continue }
                // A temporary table lives while the code uses it; queries anywhere may name it.
                // Not one a migration step makes and drops: that is the step's scaffolding.
                if !isMigration, statements.contains(where: { $0.isTemporary && makes($0) }) { continue }
            }
            applied.append(statement)
        }
        return applied
    }
}

extension CodeSchemaStatement {
    /// What an `ALTER TABLE` does, as the SQL model reads it (`nil` for another statement).
    public var alteration: SQLAlterAction? {
        guard kind == .alter, case .alterTable(let alter)? = SQLParser.parse(sql).statements.first?.kind else { return nil }
        return alter.action
    }

    /// An `ALTER TABLE` that renames the table or a column, or drops a column (not one that
    /// only adds a column).
    public var changesExistingDefinition: Bool {
        guard kind == .alter else { return false }
        if case .addColumn? = alteration { return false }
        return true
    }
}

/// What a schema statement makes, changes or drops, read from the SQL model's tree.
struct StatementShape {
    var kind: CodeSchemaStatement.Kind
    var isTemporary = false
    var objectType: String
    var objectName: String
    var renamedTo: String?
    /// The schema the object's name is qualified with (`ftindex` in `ftindex.content`), if any.
    var schemaName: String?

    /// Qualified with a schema other than `main` and `temp`: an attached database's object.
    var isOnAttachedDatabase: Bool {
        guard let schemaName = schemaName?.lowercased() else { return false }
        return schemaName != "main" && schemaName != "temp"
    }

    init?(_ statement: SQLStatementKind) {
        let qualified: SQLQualifiedName?
        switch statement {
        case .createTable(let create):
            guard let name = create.name?.name.text else { return nil }
            (kind, isTemporary, objectType, objectName, qualified) = (.create, create.isTemporary, "TABLE", name, create.name)
        case .createView(let create):
            guard let name = create.name?.name.text else { return nil }
            (kind, isTemporary, objectType, objectName, qualified) = (.create, create.isTemporary, "VIEW", name, create.name)
        case .createIndex(let create):
            guard let name = create.name?.name.text else { return nil }
            (kind, objectType, objectName, qualified) = (.create, "INDEX", name, create.name)
        case .createTrigger(let create):
            guard let name = create.name?.name.text else { return nil }
            (kind, isTemporary, objectType, objectName, qualified) = (.create, create.isTemporary, "TRIGGER", name, create.name)
        case .alterTable(let alter):
            guard let name = alter.table?.name.text else { return nil }
            (kind, objectType, objectName, qualified) = (.alter, "TABLE", name, alter.table)
            if case .renameTable(let target) = alter.action { renamedTo = target.text }
        case .drop(let drop):
            guard let name = drop.name?.name.text, ["TABLE", "VIEW", "INDEX", "TRIGGER"].contains(drop.objectKind) else { return nil }
            (kind, objectType, objectName, qualified) = (.drop, drop.objectKind, name, drop.name)
        default:
            return nil
        }
        schemaName = qualified?.schema?.text
    }
}
