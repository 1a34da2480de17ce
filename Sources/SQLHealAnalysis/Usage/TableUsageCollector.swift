/// Collects, from the statements the code runs, which tables and columns it uses and what it says
/// about their types: the evidence from which the repair infers a table that no migration declares.
///
/// A deliberately conservative reader of the SQL model (``SQLStatement/contents``): it attributes
/// a column to a table only when the statement leaves no doubt (a qualifier that names the table
/// or its alias, an INSERT/UPDATE column of the target, or a single table in the statement), and
/// says nothing about statements whose text is not fully known. Tables the code itself creates
/// (`CREATE TEMP TABLE …`) and CTE names are not tables.
///
/// ```swift
/// let usage = TableUsageCollector.collect(queries)   // [TableUsage]
/// usage.first { $0.name == "sessions" }?.column(named: "user_id")?.inferredType   // "INTEGER"
/// ```
public enum TableUsageCollector {
    static let statementVerbs: Set<String> = ["SELECT", "INSERT", "UPDATE", "DELETE", "REPLACE", "WITH", "VALUES"]

    /// - Parameter schema: the schema the code meets, for "compared with a typed column" evidence.
    public static func collect(_ queries: [EmbeddedQuery], schema: SchemaSnapshot? = nil) -> [TableUsage] {
        var accumulator = UsageAccumulator()
        var createdNames: Set<String> = []
        for query in queries where query.dynamism == .fullyStatic {
            let tree = SQLParser.parse(query.sql)
            let parameterValues = Self.parameterValues(of: query, sql: tree.sql)
            for statement in tree.statements {
                switch statement.kind {
                case .createTable(let create):
                    if let name = create.name { createdNames.insert(name.name.key) }
                case .createView(let view):
                    if let name = view.name { createdNames.insert(name.name.key) }
                case .select, .insert, .update, .delete:
                    // Not `EXPLAIN …` (it runs nothing), nor a fragment such as `(SELECT …) AS n`
                    // that the code splices into a larger statement.
                    guard Self.statementVerbs.contains(tree.sql.text(in: statement.firstKeywordRange).uppercased()) else { continue }
                    let reader = StatementUsageReader(statement: statement, parameterValues: parameterValues, schema: schema)
                    reader.read(into: &accumulator)
                default:
                    break
                }
            }
        }
        return accumulator.tables.filter { !createdNames.contains($0.name.lowercased()) && !$0.name.lowercased().hasPrefix("sqlite_") }
    }

    /// The JavaScript value behind each parameter token, keyed by the token's start offset.
    static func parameterValues(of query: EmbeddedQuery, sql: TokenizedSQL) -> [Int: SourceValue] {
        var result: [Int: SourceValue] = [:]
        var holesByStart: [Int: SourceValue] = [:]
        for hole in query.holes where hole.role == .boundParameter { holesByStart[hole.sqlRange.lowerBound] = hole.value }
        var anonymousIndex = 0
        for token in sql.tokens where token.kind == .parameter {
            let start = token.range.lowerBound
            if let value = holesByStart[start] {
                result[start] = value
                continue
            }
            let text = sql.text(of: token)
            switch query.boundValues {
            case .positional(let values, _, _):
                if text == "?" {
                    if anonymousIndex < values.count { result[start] = values[anonymousIndex] }
                    anonymousIndex += 1
                } else if text.hasPrefix("?"), let number = Int(text.dropFirst()), number >= 1, number <= values.count {
                    result[start] = values[number - 1]
                }
            case .named(let values, _):
                if let prefix = text.first, ":@$".contains(prefix), let value = values[String(text.dropFirst())] {
                    result[start] = value
                }
            case .none, .unknown:
                break
            }
        }
        return result
    }
}

/// Tables and columns in order of first appearance, compared ASCII case-insensitively.
struct UsageAccumulator {
    private(set) var tables: [TableUsage] = []
    private var tableIndex: [String: Int] = [:]

    mutating func noteTable(_ name: String) {
        _ = index(of: name)
    }

    mutating func countStatementUse(_ name: String) {
        let position = index(of: name)
        tables[position].useCount += 1
    }

    mutating func noteColumn(_ column: String, of table: String, evidence: TypeEvidence?) {
        let position = index(of: table)
        let key = column.lowercased()
        if let columnPosition = tables[position].columns.firstIndex(where: { $0.name.lowercased() == key }) {
            tables[position].columns[columnPosition].useCount += 1
            if let evidence { tables[position].columns[columnPosition].typeEvidence.append(evidence) }
        } else {
            tables[position].columns.append(ColumnUsage(name: column, useCount: 1, typeEvidence: evidence.map { [$0] } ?? []))
        }
    }

    mutating func addEvidence(_ evidence: TypeEvidence, column: String, of table: String) {
        let position = index(of: table)
        let key = column.lowercased()
        if let columnPosition = tables[position].columns.firstIndex(where: { $0.name.lowercased() == key }) {
            tables[position].columns[columnPosition].typeEvidence.append(evidence)
        }
    }

    private mutating func index(of name: String) -> Int {
        let key = name.lowercased()
        if let existing = tableIndex[key] { return existing }
        tables.append(TableUsage(name: name))
        tableIndex[key] = tables.count - 1
        return tables.count - 1
    }
}

/// What one statement says about the tables it names: read from its syntax tree, with every
/// table of the statement (subqueries included) in one flat map, so a bare column is attributed
/// only when a single table is anywhere in sight.
struct StatementUsageReader {
    let statement: SQLStatement
    let contents: SQLStatementContents
    let parameterValues: [Int: SourceValue]
    let schema: SchemaSnapshot?
    /// Lowercased alias or table name → the table it stands for.
    private var tableByName: [String: String] = [:]
    /// The tables the statement names, in source order (repeats included).
    private var tables: [String] = []
    /// A source that is not a table (subquery, table function, CTE, `temp.` table) is in sight:
    /// a bare column may come from it.
    private var hasOpaqueSource = false
    /// Names that are not columns when written bare: result and table aliases.
    private var aliasNames: Set<String> = []

    private static let comparisonOperators: Set<String> = ["=", "==", "!=", "<>", "<", "<=", ">", ">="]
    private static let pseudoColumns: Set<String> = ["rowid", "oid", "_rowid_", "true", "false"]

    init(statement: SQLStatement, parameterValues: [Int: SourceValue], schema: SchemaSnapshot?) {
        self.statement = statement
        self.contents = statement.contents
        self.parameterValues = parameterValues
        self.schema = schema
        let commonTables = Set(contents.commonTableNames.map(\.key))
        for mention in contents.tableMentions where mention.role != .schemaObject {
            if let alias = mention.alias { aliasNames.insert(alias.key) }
            let key = mention.name.lowercased()
            guard mention.kind == .table, !commonTables.contains(key), mention.schema?.lowercased() != "temp" else {
                hasOpaqueSource = true
                continue
            }
            tables.append(mention.name)
            tableByName[key] = mention.name
            if let alias = mention.alias { tableByName[alias.key] = mention.name }
        }
        for alias in contents.resultAliases { aliasNames.insert(alias.key) }
    }

    /// A column occurrence: where it is written, its table when the statement leaves no doubt.
    private struct Occurrence {
        var offset: Int
        var table: String?
        var column: String
        var evidence: TypeEvidence?
        /// Evidence for an already noted column (a VALUES row), not a use of its own.
        var isEvidenceOnly = false
    }

    func read(into usage: inout UsageAccumulator) {
        var counted: Set<String> = []
        for table in tables where counted.insert(table.lowercased()).inserted {
            usage.countStatementUse(table)
        }
        var occurrences = comparedColumns()
        occurrences += targetColumns()
        occurrences.sort { $0.offset < $1.offset }
        for occurrence in occurrences {
            guard let table = occurrence.table else { continue }
            if occurrence.isEvidenceOnly {
                if let evidence = occurrence.evidence { usage.addEvidence(evidence, column: occurrence.column, of: table) }
            } else {
                usage.noteColumn(occurrence.column, of: table, evidence: occurrence.evidence)
            }
        }
    }

    // MARK: - Columns in expressions

    /// The table a column reference belongs to, when the statement leaves no doubt.
    private func table(of reference: SQLColumnReference) -> String? {
        if let qualifier = reference.table { return tableByName[qualifier.key] }
        let key = reference.column.key
        if aliasNames.contains(key) || Self.pseudoColumns.contains(key) { return nil }
        let distinct = Set(tables.map { $0.lowercased() })
        guard distinct.count == 1, !hasOpaqueSource else { return nil }
        return tables.first
    }

    /// Every column reference of the statement's expressions, with what its comparison says.
    private func comparedColumns() -> [Occurrence] {
        var evidenceByColumn: [Int: TypeEvidence] = [:]
        func record(_ column: SQLExpression, _ evidence: TypeEvidence?) {
            guard case .column(let reference) = column.kind, let evidence,
                  evidenceByColumn[reference.column.range.lowerBound] == nil else { return }
            evidenceByColumn[reference.column.range.lowerBound] = evidence
        }
        for expression in contents.expressions {
            switch expression.kind {
            case .binary(let op, let left, let right) where Self.comparisonOperators.contains(op):
                record(left, evidence(meeting: right))
                record(right, evidence(meeting: left))
            case .inList(let value, let items, false):
                if let first = items.first { record(value, valueEvidence(first)) }
            default:
                break
            }
        }
        return contents.expressions.compactMap { expression in
            guard case .column(let reference) = expression.kind, !reference.column.text.isEmpty else { return nil }
            let offset = reference.column.range.lowerBound
            return Occurrence(offset: (reference.table ?? reference.column).range.lowerBound, table: table(of: reference),
                              column: reference.column.text, evidence: evidenceByColumn[offset])
        }
    }

    /// What the other side of a comparison says of a column: a value's type, or a typed column's.
    private func evidence(meeting other: SQLExpression) -> TypeEvidence? {
        if let evidence = valueEvidence(other) { return evidence }
        guard case .column(let reference) = other.kind, let table = table(of: reference),
              let column = schema?.table(named: table)?.column(named: reference.column.text), !column.declaredType.isEmpty else { return nil }
        return TypeEvidence(type: column.declaredType.uppercased(), strength: .comparedColumn)
    }

    /// A literal (optionally signed) or a bound parameter.
    private func valueEvidence(_ value: SQLExpression) -> TypeEvidence? {
        var value = value
        if case .unary(let op, let operand) = value.kind, op == "-" || op == "+" { value = operand }
        let type: String?
        switch value.kind {
        case .literal(.integer): type = "INTEGER"
        case .literal(.float): type = "REAL"
        case .literal(.string): type = "TEXT"
        case .literal(.blob): type = "BLOB"
        case .parameter: type = parameterValues[value.range.lowerBound].flatMap(Self.type(of:))
        default: type = nil
        }
        return type.map { TypeEvidence(type: $0, strength: .value) }
    }

    // MARK: - INSERT and UPDATE columns

    /// The columns an INSERT's column list and an UPDATE's or upsert's SET name: the target's,
    /// whatever else is in sight; each VALUES row is evidence for its column.
    private func targetColumns() -> [Occurrence] {
        var occurrences: [Occurrence] = []
        switch statement.kind {
        case .insert(let insert):
            guard let target = insert.table, let table = tableByName[target.name.key] else { return [] }
            for column in insert.columns {
                occurrences.append(Occurrence(offset: column.range.lowerBound, table: table, column: column.text))
            }
            if case .values(let rows) = insert.source {
                for row in rows {
                    for (column, value) in zip(insert.columns, row) {
                        occurrences.append(Occurrence(offset: value.range.lowerBound, table: table, column: column.text,
                                                      evidence: valueEvidence(value), isEvidenceOnly: true))
                    }
                }
            }
            for upsert in insert.upserts {
                occurrences += assigned(upsert.assignments ?? [], table: table)
            }
        case .update(let update):
            guard let target = update.table, let table = tableByName[target.name.key] else { return [] }
            occurrences += assigned(update.assignments, table: table)
        default:
            break
        }
        return occurrences
    }

    private func assigned(_ assignments: [SQLAssignment], table: String) -> [Occurrence] {
        assignments.flatMap { assignment in
            assignment.columns.map { column in
                Occurrence(offset: column.range.lowerBound, table: table, column: column.text,
                           evidence: assignment.columns.count == 1 ? evidence(meeting: assignment.value) : nil)
            }
        }
    }

    static func type(of value: SourceValue) -> String? {
        switch value.kind {
        case .number:
            if value.conversion?.name == "parseFloat" { return "REAL" }
            let text = value.expressionText
            if let first = text.first, first.isNumber || first == ".", text.contains(".") || text.lowercased().contains("e") && !text.lowercased().hasPrefix("0x") {
                return "REAL"
            }
            return "INTEGER"
        case .string, .json: return "TEXT"
        case .boolean: return "INTEGER"
        case .null, .unknown: return nil
        }
    }
}
