/// Collects, from the statements the code runs, which tables and columns it uses and what it says
/// about their types: the evidence from which the repair infers a table that no migration declares.
///
/// A deliberately conservative reader on top of ``TokenizedSQL``: it attributes a column to a
/// table only when the statement leaves no doubt (a qualifier that names the table or its alias, or
/// a single table in the statement), and says nothing about statements whose text is not fully
/// known. Tables the code itself creates (`CREATE TEMP TABLE …`) and CTE names are not tables.
///
/// ```swift
/// let usage = TableUsageCollector.collect(queries)   // [TableUsage]
/// usage.first { $0.name == "sessions" }?.column(named: "user_id")?.inferredType   // "INTEGER"
/// ```
public enum TableUsageCollector {
    /// - Parameter schema: the schema the code meets, for "compared with a typed column" evidence.
    public static func collect(_ queries: [EmbeddedQuery], schema: SchemaSnapshot? = nil) -> [TableUsage] {
        var accumulator = UsageAccumulator()
        var createdNames: Set<String> = []
        for query in queries where query.dynamism == .fullyStatic {
            let sql = TokenizedSQL(query.sql)
            let parameterValues = Self.parameterValues(of: query, sql: sql)
            for statement in Self.statements(sql) {
                var reader = StatementReader(sql: sql, tokens: statement, parameterValues: parameterValues, schema: schema)
                reader.read(into: &accumulator, createdNames: &createdNames)
            }
        }
        return accumulator.tables.filter { !createdNames.contains($0.name.lowercased()) && !$0.name.lowercased().hasPrefix("sqlite_") }
    }

    /// Significant tokens split at top-level `;`.
    static func statements(_ sql: TokenizedSQL) -> [[SQLToken]] {
        var result: [[SQLToken]] = []
        var current: [SQLToken] = []
        for token in sql.significantTokens {
            if sql.isOperator(token, ";") {
                if !current.isEmpty { result.append(current) }
                current = []
            } else {
                current.append(token)
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
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

/// Reads one statement's significant tokens.
struct StatementReader {
    let sql: TokenizedSQL
    let tokens: [SQLToken]
    let parameterValues: [Int: SourceValue]
    let schema: SchemaSnapshot?

    /// Lowercased alias or table name → the table it stands for.
    private var sourcesByName: [String: String] = [:]
    private var tableReferences: [String] = []
    /// Sources that are not tables (subqueries, table functions, CTEs): unqualified columns may come from them.
    private var hasOpaqueSource = false
    private var opaqueNames: Set<String> = []
    private var cteNames: Set<String> = []
    private var resultAliases: Set<String> = []
    /// Token positions that are names but not column references.
    private var notColumns: Set<Int> = []

    init(sql: TokenizedSQL, tokens: [SQLToken], parameterValues: [Int: SourceValue], schema: SchemaSnapshot?) {
        self.sql = sql
        self.tokens = tokens
        self.parameterValues = parameterValues
        self.schema = schema
    }

    private static let comparisonOperators: Set<String> = ["=", "==", "!=", "<>", "<", "<=", ">", ">="]
    private static let statementVerbs: Set<String> = ["SELECT", "INSERT", "UPDATE", "DELETE", "REPLACE", "WITH", "VALUES"]
    private static let pseudoColumns: Set<String> = ["rowid", "oid", "_rowid_", "true", "false"]

    private func keyword(_ index: Int, _ word: String) -> Bool { index >= 0 && index < tokens.count && sql.isKeyword(tokens[index], word) }
    private func op(_ index: Int, _ symbol: String) -> Bool { index >= 0 && index < tokens.count && sql.isOperator(tokens[index], symbol) }

    /// Keywords SQLite also accepts as names (`%fallback ID`) that real schemas use as column
    /// names; other keywords are never taken for names in expressions.
    private static let keywordsUsedAsNames: Set<String> = ["ACTION", "KEY", "PLAN", "QUERY", "FIRST", "LAST", "NO", "ROW"]

    /// A name token that can stand for a table or column (bare or quoted, or one of the
    /// ``keywordsUsedAsNames``).
    private func nameAt(_ index: Int) -> String? {
        guard index >= 0, index < tokens.count else { return nil }
        let token = tokens[index]
        if token.kind == .keyword, Self.keywordsUsedAsNames.contains(sql.text(of: token).uppercased()) { return sql.text(of: token) }
        guard token.kind == .identifier || token.kind == .quotedIdentifier else { return nil }
        return sql.identifierName(of: token)
    }

    /// Any name, keywords included: for places where only a name can stand (a column list).
    private func anyNameAt(_ index: Int) -> String? {
        guard index >= 0, index < tokens.count else { return nil }
        return sql.identifierName(of: tokens[index])
    }

    private func matchingClose(from open: Int) -> Int {
        var depth = 0
        var index = open
        while index < tokens.count {
            if op(index, "(") { depth += 1 }
            if op(index, ")") { depth -= 1; if depth == 0 { return index } }
            index += 1
        }
        return tokens.count - 1
    }

    mutating func read(into usage: inout UsageAccumulator, createdNames: inout Set<String>) {
        guard let first = tokens.first, first.kind == .keyword else { return }
        let verb = sql.text(of: first).uppercased()
        if verb == "CREATE" {
            noteCreatedName(into: &createdNames)
            return
        }
        guard Self.statementVerbs.contains(verb) else { return }
        if verb == "WITH" { readCommonTableExpressions() }
        readSources()
        markNonColumnNames()
        var counted: Set<String> = []
        for table in tableReferences where counted.insert(table.lowercased()).inserted {
            usage.countStatementUse(table)
        }
        readColumns(into: &usage)
        readInsertValues(into: &usage)
    }

    private func noteCreatedName(into createdNames: inout Set<String>) {
        var index = 1
        while index < tokens.count, tokens[index].kind == .keyword, !keyword(index, "TABLE"), !keyword(index, "VIEW") { index += 1 }
        index += 1
        if keyword(index, "IF") { index += 3 }
        if op(index + 1, ".") { index += 2 }
        if let name = nameAt(index) { createdNames.insert(name.lowercased()) }
    }

    private mutating func readCommonTableExpressions() {
        var index = 1
        if keyword(index, "RECURSIVE") { index += 1 }
        while index < tokens.count, let name = nameAt(index) {
            cteNames.insert(name.lowercased())
            notColumns.insert(index)
            index += 1
            if op(index, "(") {
                let close = matchingClose(from: index)
                for position in index...close { notColumns.insert(position) }
                index = close + 1
            }
            guard keyword(index, "AS") else { return }
            index += 1
            if keyword(index, "NOT") { index += 1 }
            if keyword(index, "MATERIALIZED") { index += 1 }
            guard op(index, "(") else { return }
            index = matchingClose(from: index) + 1
            guard op(index, ",") else { return }
            index += 1
        }
    }

    private mutating func readSources() {
        var index = 0
        while index < tokens.count {
            let isSourceKeyword = (keyword(index, "FROM") && !keyword(index - 1, "DISTINCT"))
                || keyword(index, "JOIN") || keyword(index, "INTO") || (keyword(index, "UPDATE") && index == firstVerbIndex)
            guard isSourceKeyword else { index += 1; continue }
            let allowsList = keyword(index, "FROM")
            var position = index + 1
            if keyword(index, "UPDATE"), keyword(position, "OR") { position += 2 }
            let isInsertTarget = keyword(index, "INTO")
            while position < tokens.count {
                position = readOneSource(at: position, isInsertTarget: isInsertTarget)
                guard allowsList, op(position, ",") else { break }
                position += 1
            }
            index += 1
        }
    }

    /// The verb of the main statement (after a WITH clause).
    private var firstVerbIndex: Int {
        var index = 0
        var depth = 0
        while index < tokens.count {
            if op(index, "(") { depth += 1 } else if op(index, ")") { depth -= 1 }
            if depth == 0, tokens[index].kind == .keyword,
               ["SELECT", "INSERT", "UPDATE", "DELETE", "REPLACE", "VALUES"].contains(sql.text(of: tokens[index]).uppercased()) {
                return index
            }
            index += 1
        }
        return 0
    }

    /// Reads `name [AS alias]`, `schema.name [alias]`, `(subquery) [alias]` or `fn(…) [alias]`;
    /// returns the position after it.
    private mutating func readOneSource(at start: Int, isInsertTarget: Bool) -> Int {
        var position = start
        if op(position, "(") {
            hasOpaqueSource = true
            position = matchingClose(from: position) + 1
            return readAlias(at: position, table: nil)
        }
        guard var name = nameAt(position) else { return position }
        notColumns.insert(position)
        if op(position + 1, "."), let qualified = nameAt(position + 2) {
            let schemaName = name.lowercased()
            notColumns.insert(position + 2)
            position += 2
            name = qualified
            if schemaName == "temp" { hasOpaqueSource = true; opaqueNames.insert(name.lowercased()); return readAlias(at: position + 1, table: nil) }
        }
        position += 1
        if op(position, "("), !isInsertTarget {  // table-valued function
            hasOpaqueSource = true
            opaqueNames.insert(name.lowercased())
            position = matchingClose(from: position) + 1
            return readAlias(at: position, table: nil)
        }
        if cteNames.contains(name.lowercased()) {
            hasOpaqueSource = true
            opaqueNames.insert(name.lowercased())
            return readAlias(at: position, table: nil)
        }
        tableReferences.append(name)
        sourcesByName[name.lowercased()] = name
        if isInsertTarget, op(position, "(") { return position }
        return readAlias(at: position, table: name)
    }

    private mutating func readAlias(at start: Int, table: String?) -> Int {
        var position = start
        if keyword(position, "AS") { position += 1 }
        guard let alias = nameAt(position) else { return start }
        notColumns.insert(position)
        if let table {
            sourcesByName[alias.lowercased()] = table
        } else {
            opaqueNames.insert(alias.lowercased())
        }
        return position + 1
    }

    private mutating func markNonColumnNames() {
        for index in tokens.indices {
            guard nameAt(index) != nil else { continue }
            if op(index + 1, "(") { notColumns.insert(index) }  // function name
            if keyword(index - 1, "AS") || keyword(index - 1, "COLLATE") {
                notColumns.insert(index)
                if keyword(index - 1, "AS"), let alias = nameAt(index) { resultAliases.insert(alias.lowercased()) }
            }
        }
    }

    /// A resolved column reference: which table, which column, and the token span it covers.
    private struct ColumnReference {
        var table: String?
        var column: String
        var span: Range<Int>
    }

    /// The column reference starting at `index`, if it is one.
    private func columnReference(at index: Int) -> ColumnReference? {
        guard !notColumns.contains(index), let name = nameAt(index) else { return nil }
        if op(index + 1, "."), let second = nameAt(index + 2) {
            if op(index + 3, "."), let third = nameAt(index + 4) {  // main.t.c
                return ColumnReference(table: sourcesByName[second.lowercased()], column: third, span: index..<(index + 5))
            }
            return ColumnReference(table: sourcesByName[name.lowercased()], column: second, span: index..<(index + 3))
        }
        if op(index - 1, ".") { return nil }
        let lowered = name.lowercased()
        if resultAliases.contains(lowered) || Self.pseudoColumns.contains(lowered) { return nil }
        // `expr alias` without AS: a name right after a value is an alias, not a column.
        if index > 0 {
            let previous = tokens[index - 1]
            if previous.kind == .identifier || previous.kind == .quotedIdentifier || previous.kind == .string
                || previous.kind == .integer || previous.kind == .float || sql.isOperator(previous, ")") {
                return nil
            }
        }
        let distinctTables = Set(tableReferences.map { $0.lowercased() })
        guard distinctTables.count == 1, !hasOpaqueSource, let table = tableReferences.first else {
            return ColumnReference(table: nil, column: name, span: index..<(index + 1))
        }
        return ColumnReference(table: table, column: name, span: index..<(index + 1))
    }

    private mutating func readColumns(into usage: inout UsageAccumulator) {
        var index = 0
        while index < tokens.count {
            guard let reference = columnReference(at: index) else { index += 1; continue }
            defer { index = reference.span.upperBound }
            guard let table = reference.table else { continue }
            usage.noteColumn(reference.column, of: table, evidence: comparisonEvidence(around: reference))
        }
    }

    /// `col op value`, `value op col`, `col IN (value, …)`, `col op typed_col`.
    private func comparisonEvidence(around reference: ColumnReference) -> TypeEvidence? {
        let after = reference.span.upperBound
        if after < tokens.count, tokens[after].kind == .operator, Self.comparisonOperators.contains(sql.text(of: tokens[after])) {
            if let evidence = valueEvidence(at: after + 1) { return evidence }
            if let other = columnReference(at: after + 1), let type = knownType(of: other) { return TypeEvidence(type: type, strength: .comparedColumn) }
        }
        if keyword(after, "IN"), op(after + 1, "("), let evidence = valueEvidence(at: after + 2) { return evidence }
        let before = reference.span.lowerBound - 1
        if before >= 0, tokens[before].kind == .operator, Self.comparisonOperators.contains(sql.text(of: tokens[before])) {
            if let evidence = valueEvidence(endingAt: before - 1) { return evidence }
            if let other = columnReferenceEnding(at: before - 1), let type = knownType(of: other) {
                return TypeEvidence(type: type, strength: .comparedColumn)
            }
        }
        return nil
    }

    private func columnReferenceEnding(at index: Int) -> ColumnReference? {
        for start in [index - 4, index - 2, index] where start >= 0 {
            if let reference = columnReference(at: start), reference.span.upperBound == index + 1 { return reference }
        }
        return nil
    }

    private func knownType(of reference: ColumnReference) -> String? {
        guard let table = reference.table, let column = schema?.table(named: table)?.column(named: reference.column),
              !column.declaredType.isEmpty else { return nil }
        return column.declaredType.uppercased()
    }

    /// A literal (optionally signed) or a bound parameter starting at `index`.
    private func valueEvidence(at index: Int) -> TypeEvidence? {
        guard index < tokens.count else { return nil }
        var position = index
        if op(position, "-") || op(position, "+") { position += 1 }
        guard position < tokens.count else { return nil }
        let token = tokens[position]
        // The value must end there: `col = ? + 1` says nothing certain.
        if position + 1 < tokens.count, tokens[position + 1].kind == .operator,
           !sql.isOperator(tokens[position + 1], ",") && !sql.isOperator(tokens[position + 1], ")") && !sql.isOperator(tokens[position + 1], ";") {
            return nil
        }
        return evidence(of: token)
    }

    private func valueEvidence(endingAt index: Int) -> TypeEvidence? {
        guard index >= 0 else { return nil }
        if index > 0, tokens[index - 1].kind == .operator, !sql.isOperator(tokens[index - 1], "(") && !sql.isOperator(tokens[index - 1], ",") {
            return nil
        }
        return evidence(of: tokens[index])
    }

    private func evidence(of token: SQLToken) -> TypeEvidence? {
        let type: String?
        switch token.kind {
        case .integer: type = "INTEGER"
        case .float: type = "REAL"
        case .string: type = "TEXT"
        case .blob: type = "BLOB"
        case .parameter: type = parameterValues[token.range.lowerBound].flatMap(Self.type(of:))
        default: type = nil
        }
        return type.map { TypeEvidence(type: $0, strength: .value) }
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

    /// `INSERT INTO t (a, b) VALUES (x, y), (…)`: each value is evidence for its column.
    private mutating func readInsertValues(into usage: inout UsageAccumulator) {
        guard let into = tokens.indices.first(where: { keyword($0, "INTO") }), let table = tableReferences.first else { return }
        var position = into + 1
        while position < tokens.count, !op(position, "("), !keyword(position, "VALUES"), !keyword(position, "SELECT"), !keyword(position, "DEFAULT") {
            position += 1
        }
        guard op(position, "(") else { return }
        let close = matchingClose(from: position)
        var columns: [String] = []
        for index in (position + 1)..<max(position + 1, close) where !op(index, ",") {
            if let name = anyNameAt(index) {
                columns.append(name)
                // readColumns took only plain names, and only when the statement left no doubt.
                if nameAt(index) == nil || tableReferences.count > 1 || hasOpaqueSource {
                    usage.noteColumn(name, of: table, evidence: nil)
                }
            }
        }
        guard keyword(close + 1, "VALUES") else { return }
        var tuple = close + 2
        while op(tuple, "(") {
            let tupleClose = matchingClose(from: tuple)
            var valueStart = tuple + 1
            var columnIndex = 0
            var depth = 0
            var index = tuple + 1
            while index <= tupleClose {
                if op(index, "(") { depth += 1 }
                if op(index, ")") && index != tupleClose { depth -= 1 }
                if depth == 0, op(index, ",") || index == tupleClose {
                    if index - valueStart == 1 || (index - valueStart == 2 && (op(valueStart, "-") || op(valueStart, "+"))),
                       columnIndex < columns.count, let evidence = evidence(of: tokens[index - 1]) {
                        usage.addEvidence(evidence, column: columns[columnIndex], of: table)
                    }
                    columnIndex += 1
                    valueStart = index + 1
                }
                index += 1
            }
            tuple = tupleClose + 1
            guard op(tuple, ",") else { break }
            tuple += 1
        }
    }
}
