/// The scopes and table references of a piece of SQL, read from its tokens.
///
/// Token indices here are indices into ``tokens`` (the significant tokens: no whitespace or
/// comments). Every loop advances by at least one token and every index is bounds-checked, so
/// malformed SQL (every keystroke produces some) yields fewer bindings, never a trap.
final class SQLStructure {
    let sql: TokenizedSQL
    let schema: SchemaSnapshot
    let tokens: [SQLToken]
    /// Uppercased text of keyword tokens, text of operator tokens, "" otherwise.
    let words: [String]
    /// For `(` and `)`: the index of the matching parenthesis.
    let matching: [Int?]
    /// Parenthesis depth of every token (a parenthesis has the depth outside it).
    let depth: [Int]
    /// For every token, the `(` it sits directly inside, if any.
    let enclosingOpening: [Int?]
    /// For every token, how many commas precede it directly inside its enclosing parentheses.
    let elementIndex: [Int]
    private(set) var scopes: [Scope] = []
    /// Each statement (`;`-separated): its token range and the scopes built for it.
    private(set) var statements: [(tokens: Range<Int>, scopes: Range<Int>)] = []
    /// For every token, the scope whose own tokens hold it.
    private(set) var owningScope: [Int]
    private var scopeByOpenParenthesis: [Int: [Int]] = [:]
    private var derivedColumnsCache: [Int: [DerivedColumn]] = [:]
    private var insertColumnsCache: [Int: [BoundColumn?]] = [:]
    private var derivedColumnsInProgress: Set<Int> = []

    enum TableSource {
        case schema(TableSchema)
        /// A CTE or a subquery in FROM: its select-list columns, from the scope(s) of its body.
        case derived(bodyScopes: [Int], columnNames: [String]?)
        /// A table-valued function, a table not in the schema: anything might resolve here.
        case unknown
    }

    struct TableReference {
        var name: String
        var alias: String?
        var source: TableSource

        func isNamed(_ qualifier: String) -> Bool {
            if let alias { return alias.lowercased() == qualifier.lowercased() }
            return name.lowercased() == qualifier.lowercased()
        }
    }

    struct DerivedColumn {
        var name: String?
        var column: BoundColumn?
    }

    enum ScopeKind { case select, insert, update, delete, other }

    struct Scope {
        var parent: Int?
        var kind: ScopeKind = .other
        /// Token indices that belong to this scope (nested scopes' tokens excluded; their
        /// parentheses included).
        var ownTokens: [Int] = []
        var tables: [TableReference] = []
        var commonTableExpressions: [String: TableReference] = [:]
        /// INSERT or UPDATE target.
        var target: TableReference?
        /// `INSERT INTO t (a, b)`: the names; `nil` when the list is absent.
        var insertColumnNames: [String]?
        /// Opening parentheses of `VALUES (…)` tuples.
        var valuesTupleOpenings: Set<Int> = []
        /// Token ranges of `SET …` assignment lists (UPDATE and upsert).
        var assignmentRegions: [Range<Int>] = []
        /// Token index of the first `SELECT` of a select core, for derived column lists.
        var selectKeywordIndex: Int?
        /// For the second and later cores of a compound SELECT: the first core (which holds the `WITH`).
        var compoundFirstCore: Int?
    }

    init(tokenized: TokenizedSQL, schema: SchemaSnapshot) {
        self.sql = tokenized
        self.schema = schema
        let significant = tokenized.significantTokens
        self.tokens = significant
        var words: [String] = []
        words.reserveCapacity(significant.count)
        for token in significant {
            switch token.kind {
            case .keyword:
                // ASCII-only: keywords are ASCII letters and `_`; no Unicode case mapping needed.
                var upper = ""
                upper.unicodeScalars.append(contentsOf: tokenized.bytes[token.range].map { Unicode.Scalar($0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0) })
                words.append(upper)
            case .operator: words.append(tokenized.text(of: token))
            default: words.append("")
            }
        }
        self.words = words
        var matching = [Int?](repeating: nil, count: significant.count)
        var depth = [Int](repeating: 0, count: significant.count)
        var enclosing = [Int?](repeating: nil, count: significant.count)
        var elements = [Int](repeating: 0, count: significant.count)
        var stack: [(open: Int, commas: Int)] = []
        var topLevelCommas = 0
        for index in significant.indices {
            enclosing[index] = stack.last?.open
            elements[index] = stack.last?.commas ?? topLevelCommas
            if words[index] == "(" {
                depth[index] = stack.count
                stack.append((index, 0))
            } else if words[index] == ")" {
                if let open = stack.popLast() {
                    matching[open.open] = index
                    matching[index] = open.open
                }
                depth[index] = stack.count
                enclosing[index] = stack.last?.open
            } else {
                depth[index] = stack.count
                if words[index] == "," {
                    if stack.isEmpty { topLevelCommas += 1 } else { stack[stack.count - 1].commas += 1 }
                } else if words[index] == ";" {
                    // A `;` inside unbalanced parentheses ends the statement all the same.
                    stack.removeAll()
                    topLevelCommas = 0
                }
            }
        }
        self.matching = matching
        self.depth = depth
        self.enclosingOpening = enclosing
        self.elementIndex = elements
        self.owningScope = [Int](repeating: 0, count: significant.count)
        buildStatements()
    }

    // MARK: - Scopes

    private func buildStatements() {
        var start = 0
        var index = 0
        while index <= tokens.count {
            if index == tokens.count || (words[index] == ";" && depth[index] == 0) {
                if start < index {
                    let first = scopes.count
                    buildScopes(range: start..<index, parent: nil)
                    let built = first..<scopes.count
                    // CTEs first, everywhere, so a body can name a CTE defined beside it.
                    for scope in built { registerCommonTableExpressions(ofScope: scope) }
                    for scope in built { readTables(ofScope: scope) }
                    statements.append((start..<index, built))
                }
                start = index + 1
            }
            index += 1
        }
    }

    /// Builds the scope(s) for `range` (several when it is a compound SELECT), then its nested
    /// scopes. Returns the indices of the cores created for `range` itself.
    /// Deeper subqueries are read as part of the scope around them: real SQL never nests this
    /// deep, and the limit keeps recursion (and the stack) bounded on hostile input.
    static let maximumScopeNesting = 48

    @discardableResult
    private func buildScopes(range: Range<Int>, parent: Int?, nesting: Int = 0) -> [Int] {
        var own: [Int] = []
        var nested: [(open: Int, body: Range<Int>)] = []
        var index = range.lowerBound
        while index < range.upperBound {
            own.append(index)
            if nesting < Self.maximumScopeNesting, words[index] == "(", let close = matching[index], close < range.upperBound, close > index + 1,
               words[index + 1] == "SELECT" || words[index + 1] == "WITH" || words[index + 1] == "VALUES" {
                nested.append((index, (index + 1)..<close))
                index = close
                continue
            }
            index += 1
        }
        // Split compound SELECTs into cores at their base depth.
        let baseDepth = range.isEmpty ? 0 : depth[range.lowerBound]
        var cores: [[Int]] = [[]]
        for tokenIndex in own {
            let word = words[tokenIndex]
            if depth[tokenIndex] == baseDepth && (word == "UNION" || word == "INTERSECT" || word == "EXCEPT") {
                cores.append([])
                continue
            }
            cores[cores.count - 1].append(tokenIndex)
        }
        var coreIndices: [Int] = []
        for core in cores where !core.isEmpty {
            for tokenIndex in core { owningScope[tokenIndex] = scopes.count }
            var scope = Scope(parent: parent)
            scope.ownTokens = core
            coreIndices.append(scopes.count)
            scopes.append(scope)
        }
        // Nested scopes first, so CTE and derived-table bodies exist when tables are read.
        for (open, body) in nested {
            let parentCore = coreIndices.contains(owningScope[open]) ? owningScope[open] : coreIndices.first
            scopeByOpenParenthesis[open] = buildScopes(range: body, parent: parentCore, nesting: nesting + 1)
        }
        // CTEs written before the first core apply to every core of the compound.
        if let first = coreIndices.first {
            for core in coreIndices.dropFirst() { scopes[core].compoundFirstCore = first }
        }
        return coreIndices
    }

    // MARK: - Reading tables

    private static let clauseWords: Set<String> = [
        "SELECT", "FROM", "WHERE", "JOIN", "ON", "USING", "GROUP", "ORDER", "HAVING", "LIMIT", "OFFSET",
        "UNION", "EXCEPT", "INTERSECT", "SET", "VALUES", "AS", "LEFT", "RIGHT", "FULL", "INNER", "OUTER",
        "CROSS", "NATURAL", "WINDOW", "RETURNING", "DEFAULT", "INDEXED", "NOT", "AND", "OR", "IN", "IS",
        "LIKE", "GLOB", "BETWEEN", "WITH", "INTO", "UPDATE", "INSERT", "DELETE", "REPLACE", "DO", "CASE",
        "WHEN", "THEN", "ELSE", "END", "NULL", "EXISTS", "DISTINCT", "ALL", "BY", "COLLATE", "ESCAPE",
        "MATCH", "REGEXP", "ISNULL", "NOTNULL", "CAST", "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP",
    ]

    /// A name token usable as a table, alias or column name.
    func isNameToken(_ index: Int) -> Bool {
        guard index >= 0, index < tokens.count else { return false }
        switch tokens[index].kind {
        case .identifier, .quotedIdentifier: return true
        case .keyword: return !Self.clauseWords.contains(words[index])
        default: return false
        }
    }

    func name(at index: Int) -> String {
        guard index >= 0, index < tokens.count else { return "" }
        return sql.identifierName(of: tokens[index]) ?? sql.text(of: tokens[index])
    }

    private func readTables(ofScope scopeIndex: Int) {
        let own = scopes[scopeIndex].ownTokens
        guard !own.isEmpty else { return }
        let baseDepth = depth[own[0]]
        var position = 0
        var fromClauseDepth: Int?
        var statementKeywordSeen = false
        while position < own.count {
            let tokenIndex = own[position]
            let word = words[tokenIndex]
            switch word {
            case "WITH" where !statementKeywordSeen && depth[tokenIndex] == baseDepth:
                // Registered already (``registerCommonTableExpressions``); skip the definitions.
                position = readCommonTableExpressions(scopeIndex: scopeIndex, own: own, from: position + 1)
                continue
            case "SELECT" where depth[tokenIndex] == baseDepth:
                if !statementKeywordSeen { scopes[scopeIndex].kind = .select }
                if scopes[scopeIndex].selectKeywordIndex == nil { scopes[scopeIndex].selectKeywordIndex = tokenIndex }
                statementKeywordSeen = true
            case "VALUES" where depth[tokenIndex] == baseDepth:
                if !statementKeywordSeen { statementKeywordSeen = true }
                readValuesTuples(scopeIndex: scopeIndex, own: own, after: position)
                fromClauseDepth = nil
            case "DELETE" where !statementKeywordSeen:
                scopes[scopeIndex].kind = .delete
                statementKeywordSeen = true
            case "UPDATE":
                let previous = position > 0 ? words[own[position - 1]] : ""
                if previous == "DO" {
                    // `ON CONFLICT … DO UPDATE SET`: assignments to the INSERT target.
                    readAssignmentRegion(scopeIndex: scopeIndex, own: own, setPosition: position + 1)
                } else if !statementKeywordSeen {
                    scopes[scopeIndex].kind = .update
                    statementKeywordSeen = true
                    var next = position + 1
                    if next < own.count && words[own[next]] == "OR" { next += 2 }
                    let (reference, after) = readTableItem(scopeIndex: scopeIndex, own: own, at: next, isStatementTarget: true)
                    if let reference {
                        scopes[scopeIndex].target = reference
                        scopes[scopeIndex].tables.append(reference)
                    }
                    if after < own.count && words[own[after]] == "SET" {
                        readAssignmentRegion(scopeIndex: scopeIndex, own: own, setPosition: after)
                    }
                    position = max(after, position + 1)
                    continue
                }
            case "INSERT" where !statementKeywordSeen, "REPLACE" where !statementKeywordSeen:
                scopes[scopeIndex].kind = .insert
                statementKeywordSeen = true
            case "INTO" where scopes[scopeIndex].kind == .insert && scopes[scopeIndex].target == nil:
                let (reference, after) = readTableItem(scopeIndex: scopeIndex, own: own, at: position + 1, isStatementTarget: true)
                if let reference {
                    scopes[scopeIndex].target = reference
                    scopes[scopeIndex].tables.append(reference)
                }
                var next = after
                if next < own.count, words[own[next]] == "(", let close = matching[own[next]] {
                    var names: [String] = []
                    var inner = next + 1
                    while inner < own.count && own[inner] < close {
                        if isNameToken(own[inner]) { names.append(name(at: own[inner])) }
                        inner += 1
                    }
                    scopes[scopeIndex].insertColumnNames = names
                    next = inner
                }
                position = max(next, position + 1)
                continue
            case "FROM" where position > 0 && words[own[position - 1]] == "DISTINCT":
                break
            case "FROM", "JOIN":
                fromClauseDepth = depth[tokenIndex]
                if word == "FROM" && !statementKeywordSeen { statementKeywordSeen = true }
                let (reference, after) = readTableItem(scopeIndex: scopeIndex, own: own, at: position + 1)
                if let reference { scopes[scopeIndex].tables.append(reference) }
                position = max(after, position + 1)
                continue
            case ",":
                if let fromDepth = fromClauseDepth, depth[tokenIndex] == fromDepth {
                    let (reference, after) = readTableItem(scopeIndex: scopeIndex, own: own, at: position + 1)
                    if let reference { scopes[scopeIndex].tables.append(reference) }
                    position = max(after, position + 1)
                    continue
                }
            case "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "WINDOW", "RETURNING", "SET":
                if let fromDepth = fromClauseDepth, depth[tokenIndex] <= fromDepth { fromClauseDepth = nil }
                if word == "SET" && scopes[scopeIndex].kind == .update && scopes[scopeIndex].assignmentRegions.isEmpty {
                    readAssignmentRegion(scopeIndex: scopeIndex, own: own, setPosition: position)
                }
            default:
                break
            }
            position += 1
        }
    }

    private func registerCommonTableExpressions(ofScope scopeIndex: Int) {
        let own = scopes[scopeIndex].ownTokens
        guard let first = own.first, words[first] == "WITH" else { return }
        _ = readCommonTableExpressions(scopeIndex: scopeIndex, own: own, from: 1)
    }

    /// `WITH [RECURSIVE] name [(a, b)] AS [NOT] [MATERIALIZED] (body), …`; returns the position
    /// after the last definition.
    private func readCommonTableExpressions(scopeIndex: Int, own: [Int], from start: Int) -> Int {
        var position = start
        if position < own.count && words[own[position]] == "RECURSIVE" { position += 1 }
        while position < own.count, isNameToken(own[position]) {
            let cteName = name(at: own[position])
            position += 1
            var columnNames: [String]?
            if position < own.count, words[own[position]] == "(", let close = matching[own[position]] {
                var names: [String] = []
                position += 1
                while position < own.count && own[position] < close {
                    if isNameToken(own[position]) { names.append(name(at: own[position])) }
                    position += 1
                }
                columnNames = names
                position += 1
            }
            guard position < own.count, words[own[position]] == "AS" else { return position }
            position += 1
            while position < own.count && (words[own[position]] == "NOT" || words[own[position]] == "MATERIALIZED") { position += 1 }
            guard position < own.count, words[own[position]] == "(" else { return position }
            let open = own[position]
            let bodyScopes = scopeByOpenParenthesis[open] ?? []
            scopes[scopeIndex].commonTableExpressions[cteName.lowercased()] = TableReference(
                name: cteName, alias: nil, source: .derived(bodyScopes: bodyScopes, columnNames: columnNames)
            )
            position += 1
            // Skip to the closing parenthesis (it is an own token; the body is not).
            if let close = matching[open] {
                while position < own.count && own[position] <= close { position += 1 }
            }
            guard position < own.count, words[own[position]] == "," else { return position }
            position += 1
        }
        return position
    }

    /// Reads `name [. name] [(args)] [[AS] alias]` or `(subquery) [[AS] alias]` at `position`.
    private func readTableItem(scopeIndex: Int, own: [Int], at start: Int, isStatementTarget: Bool = false) -> (TableReference?, Int) {
        var position = start
        // `FROM (a JOIN b ON …)`: a parenthesized join; its first item is read here, the others
        // by the caller's `JOIN` and `,` handling.
        while position < own.count, words[own[position]] == "(", scopeByOpenParenthesis[own[position]] == nil { position += 1 }
        guard position < own.count else { return (nil, position) }
        var reference: TableReference
        let first = own[position]
        if words[first] == "(" {
            guard let close = matching[first] else { return (nil, position + 1) }
            if let bodyScopes = scopeByOpenParenthesis[first] {
                reference = TableReference(name: "", alias: nil, source: .derived(bodyScopes: bodyScopes, columnNames: nil))
                while position < own.count && own[position] <= close { position += 1 }
            } else {
                return (nil, position + 1)
            }
        } else if isNameToken(first) {
            var tableName = name(at: first)
            position += 1
            if position + 1 < own.count, words[own[position]] == ".", isNameToken(own[position + 1]) {
                tableName = name(at: own[position + 1])
                position += 2
            }
            if !isStatementTarget, position < own.count, words[own[position]] == "(", let close = matching[own[position]] {
                reference = TableReference(name: tableName, alias: nil, source: .unknown)
                while position < own.count && own[position] <= close { position += 1 }
            } else {
                reference = TableReference(name: tableName, alias: nil, source: resolveTableSource(named: tableName, scopeIndex: scopeIndex))
            }
        } else {
            return (nil, position)
        }
        if position < own.count && words[own[position]] == "AS" {
            position += 1
            if position < own.count, isNameToken(own[position]) || tokens[own[position]].kind == .keyword {
                reference.alias = name(at: own[position])
                position += 1
            }
        } else if position < own.count, tokens[own[position]].kind == .identifier || tokens[own[position]].kind == .quotedIdentifier {
            reference.alias = name(at: own[position])
            position += 1
        }
        return (reference, position)
    }

    private func resolveTableSource(named tableName: String, scopeIndex: Int) -> TableSource {
        var current: Int? = scopeIndex
        let key = tableName.lowercased()
        var steps = 0
        while let scope = current, steps < 1_000 {
            if let cte = scopes[scope].commonTableExpressions[key] { return cte.source }
            if let first = scopes[scope].compoundFirstCore, let cte = scopes[first].commonTableExpressions[key] { return cte.source }
            current = scopes[scope].parent
            steps += 1
        }
        if let table = schema.table(named: tableName) { return .schema(table) }
        return .unknown
    }

    private func readValuesTuples(scopeIndex: Int, own: [Int], after valuesPosition: Int) {
        var position = valuesPosition + 1
        while position < own.count, words[own[position]] == "(", let close = matching[own[position]] {
            scopes[scopeIndex].valuesTupleOpenings.insert(own[position])
            while position < own.count && own[position] <= close { position += 1 }
            guard position < own.count, words[own[position]] == "," else { return }
            position += 1
        }
    }

    /// Records the assignment list after `SET` up to `WHERE`, `FROM`, `RETURNING`, `ON`, the
    /// scope's end, or a closing parenthesis of the scope's base.
    private func readAssignmentRegion(scopeIndex: Int, own: [Int], setPosition: Int) {
        guard setPosition < own.count, words[own[setPosition]] == "SET" else { return }
        let setDepth = depth[own[setPosition]]
        var position = setPosition + 1
        while position < own.count {
            let tokenIndex = own[position]
            if depth[tokenIndex] <= setDepth {
                let word = words[tokenIndex]
                if word == "WHERE" || word == "FROM" || word == "RETURNING" || word == "ON" || word == ")" { break }
            }
            position += 1
        }
        let end = position < own.count ? own[position] : (own.last.map { $0 + 1 } ?? 0)
        scopes[scopeIndex].assignmentRegions.append(own[setPosition]..<end)
    }

    // MARK: - Resolving columns

    /// Resolves `qualifier.column` (or a bare `column`) as seen from `scopeIndex`: a bare name
    /// resolves only when exactly one table of the nearest scope that has it has it.
    func resolveColumn(qualifier: String?, column columnName: String, scopeIndex: Int) -> BoundColumn? {
        var current: Int? = scopeIndex
        var steps = 0
        while let scope = current, steps < 1_000 {
            steps += 1
            if let qualifier {
                if qualifier.lowercased() == "excluded", let target = scopes[scope].target, scopes[scope].kind == .insert {
                    return column(named: columnName, in: target)
                }
                if let table = scopes[scope].tables.last(where: { $0.isNamed(qualifier) }) {
                    return column(named: columnName, in: table)
                }
            } else {
                var found: [BoundColumn] = []
                var mightBeElsewhere = false
                for table in scopes[scope].tables {
                    switch table.source {
                    case .unknown:
                        mightBeElsewhere = true
                    default:
                        if hasColumn(named: columnName, in: table) {
                            if let resolved = column(named: columnName, in: table) { found.append(resolved) } else { mightBeElsewhere = true }
                        }
                    }
                }
                if mightBeElsewhere { return nil }
                if found.count == 1 { return found[0] }
                if found.count > 1 { return nil }
            }
            current = scopes[scope].parent
        }
        return nil
    }

    private func hasColumn(named columnName: String, in table: TableReference) -> Bool {
        switch table.source {
        case .schema(let schemaTable):
            return schemaTable.column(named: columnName) != nil || rowidColumn(named: columnName, of: schemaTable) != nil
        case .derived(let bodyScopes, let columnNames):
            return derivedColumns(bodyScopes: bodyScopes, columnNames: columnNames).contains { $0.name?.lowercased() == columnName.lowercased() }
        case .unknown:
            return true
        }
    }

    private func column(named columnName: String, in table: TableReference) -> BoundColumn? {
        switch table.source {
        case .schema(let schemaTable):
            if let column = schemaTable.column(named: columnName) { return BoundColumn(table: schemaTable, column: column) }
            if let rowid = rowidColumn(named: columnName, of: schemaTable) { return BoundColumn(table: schemaTable, column: rowid) }
            return nil
        case .derived(let bodyScopes, let columnNames):
            return derivedColumns(bodyScopes: bodyScopes, columnNames: columnNames)
                .first { $0.name?.lowercased() == columnName.lowercased() }?.column
        case .unknown:
            return nil
        }
    }

    /// `rowid`, `oid`, `_rowid_` of a rowid table without a column of that name: its INTEGER
    /// PRIMARY KEY alias if it has one, else the implicit rowid.
    private func rowidColumn(named columnName: String, of table: TableSchema) -> ColumnSchema? {
        let key = columnName.lowercased()
        guard table.kind == .table, !table.isWithoutRowid, key == "rowid" || key == "oid" || key == "_rowid_" else { return nil }
        if let alias = table.columns.first(where: { $0.isRowidAlias }) { return alias }
        return ColumnSchema(name: columnName, declaredType: "INTEGER", isRowidAlias: true, declaredAt: table.declaredAt)
    }

    /// The select-list columns of a derived table's first core: plain column references keep
    /// their column; other expressions have a name but no column.
    private func derivedColumns(bodyScopes: [Int], columnNames: [String]?) -> [DerivedColumn] {
        guard let core = bodyScopes.first else { return [] }
        var columns: [DerivedColumn]
        if let cached = derivedColumnsCache[core] {
            columns = cached
        } else if derivedColumnsInProgress.contains(core) || derivedColumnsInProgress.count >= Self.maximumScopeNesting {
            // A recursive CTE naming itself: its columns are whatever the first core says, which
            // is being computed; stay unresolved.
            return []
        } else {
            derivedColumnsInProgress.insert(core)
            columns = computeSelectListColumns(core: core)
            derivedColumnsInProgress.remove(core)
            derivedColumnsCache[core] = columns
        }
        if let columnNames {
            for index in columns.indices where index < columnNames.count { columns[index].name = columnNames[index] }
        }
        return columns
    }

    private func computeSelectListColumns(core: Int) -> [DerivedColumn] {
        let scope = scopes[core]
        guard let selectIndex = scope.selectKeywordIndex,
              let selectPosition = scope.ownTokens.firstIndex(of: selectIndex) else {
            return []
        }
        let baseDepth = depth[selectIndex]
        var items: [[Int]] = [[]]
        var position = selectPosition + 1
        if position < scope.ownTokens.count, ["DISTINCT", "ALL"].contains(words[scope.ownTokens[position]]) { position += 1 }
        while position < scope.ownTokens.count {
            let tokenIndex = scope.ownTokens[position]
            if depth[tokenIndex] == baseDepth {
                let word = words[tokenIndex]
                if word == "FROM" || word == "WHERE" || word == "GROUP" || word == "ORDER" || word == "LIMIT" || word == "WINDOW" || word == "HAVING" { break }
                if word == "," {
                    items.append([])
                    position += 1
                    continue
                }
            }
            items[items.count - 1].append(tokenIndex)
            position += 1
        }
        var columns: [DerivedColumn] = []
        for item in items where !item.isEmpty {
            if item.count == 1 && words[item[0]] == "*" {
                for table in scope.tables { columns.append(contentsOf: allColumns(of: table)) }
                continue
            }
            if item.count == 3 && words[item[2]] == "*" && words[item[1]] == "." {
                let qualifier = name(at: item[0])
                if let table = scope.tables.last(where: { $0.isNamed(qualifier) }) { columns.append(contentsOf: allColumns(of: table)) }
                continue
            }
            var expression = item
            var alias: String?
            if item.count >= 3, words[item[item.count - 2]] == "AS" {
                alias = name(at: item[item.count - 1])
                expression = Array(item.dropLast(2))
            } else if item.count >= 2, isNameToken(item[item.count - 1]), isNameToken(item[item.count - 2]) || words[item[item.count - 2]] == ")" {
                alias = name(at: item[item.count - 1])
                expression = Array(item.dropLast(1))
            }
            var resolved: BoundColumn?
            var columnName: String?
            if expression.count == 1, isNameToken(expression[0]) {
                columnName = name(at: expression[0])
                resolved = resolveColumn(qualifier: nil, column: columnName ?? "", scopeIndex: core)
            } else if expression.count >= 3, words[expression[expression.count - 2]] == ".",
                      isNameToken(expression[expression.count - 1]), isNameToken(expression[expression.count - 3]) {
                columnName = name(at: expression[expression.count - 1])
                resolved = resolveColumn(qualifier: name(at: expression[expression.count - 3]), column: columnName ?? "", scopeIndex: core)
            }
            columns.append(DerivedColumn(name: alias ?? columnName, column: resolved))
        }
        return columns
    }

    private func allColumns(of table: TableReference) -> [DerivedColumn] {
        switch table.source {
        case .schema(let schemaTable):
            return schemaTable.columns.filter { !$0.isHidden }.map { DerivedColumn(name: $0.name, column: BoundColumn(table: schemaTable, column: $0)) }
        case .derived(let bodyScopes, let columnNames):
            return derivedColumns(bodyScopes: bodyScopes, columnNames: columnNames)
        case .unknown:
            return []
        }
    }

    /// ``insertColumns(ofScope:)``, computed once per scope (a multi-row INSERT asks per value).
    func cachedInsertColumns(ofScope scopeIndex: Int) -> [BoundColumn?] {
        if let cached = insertColumnsCache[scopeIndex] { return cached }
        let columns = insertColumns(ofScope: scopeIndex)
        insertColumnsCache[scopeIndex] = columns
        return columns
    }

    /// The columns an INSERT fills, in order: its column list, or the table's insertable columns.
    func insertColumns(ofScope scopeIndex: Int) -> [BoundColumn?] {
        let scope = scopes[scopeIndex]
        guard let target = scope.target else { return [] }
        if let names = scope.insertColumnNames {
            return names.map { column(named: $0, in: target) }
        }
        switch target.source {
        case .schema(let table):
            return table.columns.filter { !$0.isHidden }.map { BoundColumn(table: table, column: $0) }
        default:
            return []
        }
    }

    /// The target-table column assigned by `SET name = …` (SET names never take a qualifier
    /// other than the target's own).
    func assignedColumn(named columnName: String, scopeIndex: Int) -> BoundColumn? {
        guard let target = scopes[scopeIndex].target else { return nil }
        return column(named: columnName, in: target)
    }
}
