// MARK: - SELECT, WITH, FROM

extension SQLParser {
    mutating func parseWith() -> SQLWithClause {
        let start = currentStart
        expect("WITH")
        let isRecursive = accept("RECURSIVE")
        var tables: [SQLCommonTableExpression] = []
        repeat {
            let tableStart = currentStart
            guard let name = parseName() else { noteUnexpected(); break }
            let columns = parseNameList()
            expect("AS")
            if !accept(sequence: "NOT", "MATERIALIZED") { accept("MATERIALIZED") }
            let select: SQLSelect
            if accept("(") {
                select = parseSelect()
                expect(")")
            } else {
                select = emptySelect()
            }
            tables.append(SQLCommonTableExpression(name: name, columns: columns, select: select, range: range(from: tableStart)))
        } while accept(",")
        return SQLWithClause(isRecursive: isRecursive, tables: tables, range: range(from: start))
    }

    func emptySelect() -> SQLSelect {
        SQLSelect(with: nil, cores: [], compoundOperators: [], orderBy: [], limit: nil, offset: nil, range: currentStart..<currentStart)
    }

    mutating func parseSelect(with given: SQLWithClause? = nil) -> SQLSelect {
        let start = given?.range.lowerBound ?? currentStart
        guard depth < Self.maximumDepth else { skipNested(); return emptySelect() }
        depth += 1
        defer { depth -= 1 }
        let with = given ?? (check("WITH") ? parseWith() : nil)
        var cores: [SQLSelectCore] = [parseSelectCore()]
        var operators: [String] = []
        while true {
            let op: String
            if accept(sequence: "UNION", "ALL") { op = "UNION ALL" }
            else if accept("UNION") { op = "UNION" }
            else if accept("INTERSECT") { op = "INTERSECT" }
            else if accept("EXCEPT") { op = "EXCEPT" }
            else { break }
            operators.append(op)
            cores.append(parseSelectCore())
        }
        skipSplicedClauses()
        let orderBy = accept(sequence: "ORDER", "BY") ? parseOrderingTerms() : []
        skipSplicedClauses()
        var limit: SQLExpression?
        var offset: SQLExpression?
        if accept("LIMIT") {
            limit = parseExpression()
            if accept("OFFSET") {
                offset = parseExpression()
            } else if accept(",") {
                // `LIMIT offset, count`: SQLite reads the first as the offset.
                offset = limit
                limit = parseExpression()
            }
        }
        return SQLSelect(with: with, cores: cores, compoundOperators: operators, orderBy: orderBy, limit: limit, offset: offset, range: range(from: start))
    }

    /// Placeholders standing where a clause goes (`WHERE x = 1 ${orderBy} LIMIT ?`): an embedded
    /// query's holes splicing SQL text the statement does not show. Skipped, so the clauses after
    /// them are still read.
    mutating func skipSplicedClauses() {
        while kind() == .parameter { advance() }
    }

    /// Too deep: skip the parenthesized rest so the caller's `)` still matches.
    mutating func skipNested() {
        var nesting = 0
        while !isAtEnd {
            if check("(") { nesting += 1 }
            if check(")") { if nesting == 0 { return }; nesting -= 1 }
            if check(";") && nesting == 0 { return }
            advance()
        }
    }

    mutating func parseSelectCore() -> SQLSelectCore {
        let start = currentStart
        if accept("VALUES") {
            let rows = parseValueRows()
            return SQLSelectCore(isDistinct: false, resultColumns: [], from: nil, whereClause: nil, groupBy: [], having: nil, windows: [], valueRows: rows, range: range(from: start))
        }
        if check("(") && (check("SELECT", at: 1) || check("WITH", at: 1) || check("VALUES", at: 1)) {
            // `(SELECT …) UNION …` is not SQLite syntax, but a parenthesized select as a whole
            // statement is common enough when typing; read it as a subquery source.
            advance()
            let inner = parseSelect()
            expect(")")
            let source = SQLTableSource(kind: .subquery(inner), alias: nil, range: range(from: start))
            let from = SQLJoinClause(items: [SQLJoinItem(joinOperator: "", source: source, constraint: .none)], range: source.range)
            return SQLSelectCore(isDistinct: false, resultColumns: [.all(range: start..<start)], from: from, whereClause: nil, groupBy: [], having: nil, windows: [], valueRows: nil, range: range(from: start))
        }
        expect("SELECT")
        var isDistinct = false
        if accept("DISTINCT") { isDistinct = true } else { accept("ALL") }
        var columns: [SQLResultColumn] = []
        repeat {
            columns.append(parseResultColumn())
        } while accept(",")
        let from = accept("FROM") ? parseJoinClause() : nil
        skipSplicedClauses()
        let whereClause = accept("WHERE") ? parseExpression() : nil
        skipSplicedClauses()
        var groupBy: [SQLExpression] = []
        var having: SQLExpression?
        if accept(sequence: "GROUP", "BY") {
            groupBy = parseExpressionList()
        }
        skipSplicedClauses()
        if accept("HAVING") { having = parseExpression() }
        skipSplicedClauses()
        var windows: [SQLNamedWindow] = []
        if accept("WINDOW") {
            repeat {
                guard let name = parseName() else { noteUnexpected(); break }
                expect("AS")
                windows.append(SQLNamedWindow(name: name, specification: parseWindowSpecification()))
            } while accept(",")
        }
        return SQLSelectCore(isDistinct: isDistinct, resultColumns: columns, from: from, whereClause: whereClause, groupBy: groupBy, having: having, windows: windows, valueRows: nil, range: range(from: start))
    }

    mutating func parseValueRows() -> [[SQLExpression]] {
        parseValueRowsWithRanges().rows
    }

    /// The rows of `VALUES (…), (…)` and where each is written, from its `(` to its `)`.
    mutating func parseValueRowsWithRanges() -> (rows: [[SQLExpression]], ranges: [ByteRange]) {
        var rows: [[SQLExpression]] = []
        var ranges: [ByteRange] = []
        repeat {
            let start = currentStart
            guard accept("(") else { noteUnexpected(); break }
            rows.append(check(")") ? [] : parseExpressionList())
            expect(")")
            ranges.append(range(from: start))
        } while accept(",")
        return (rows, ranges)
    }

    mutating func parseResultColumn() -> SQLResultColumn {
        let start = currentStart
        if accept("*") { return .all(range: range(from: start)) }
        if isName(), check(".", at: 1), check("*", at: 2), let table = parseName() {
            advance()
            advance()
            return .allOf(table: table, range: range(from: start))
        }
        let expression = parseExpression()
        let alias = parseAlias()
        return .expression(expression, alias: alias, range: range(from: start))
    }

    mutating func parseOrderingTerms() -> [SQLOrderingTerm] {
        var terms: [SQLOrderingTerm] = []
        repeat {
            let expression = parseExpression()
            var isDescending = false
            if accept("DESC") { isDescending = true } else { accept("ASC") }
            if accept("NULLS") { if !accept("FIRST") { accept("LAST") } }
            terms.append(SQLOrderingTerm(expression: expression, isDescending: isDescending))
        } while accept(",")
        return terms
    }

    // MARK: FROM

    static let joinWords: Set<String> = ["NATURAL", "LEFT", "RIGHT", "FULL", "OUTER", "INNER", "CROSS", "JOIN"]

    mutating func parseJoinClause() -> SQLJoinClause {
        let start = currentStart
        var items: [SQLJoinItem] = []
        var joinOperator = ""
        while true {
            let source = parseTableSource()
            var constraint = SQLJoinConstraint.none
            if check("ON") && !check("CONFLICT", at: 1) {
                advance()
                constraint = .on(parseExpression())
            } else if accept("USING") {
                constraint = .using(parseNameList())
            }
            items.append(SQLJoinItem(joinOperator: joinOperator, source: source, constraint: constraint))
            if accept(",") {
                joinOperator = ","
                continue
            }
            var words: [String] = []
            while Self.joinWords.contains(word()) {
                words.append(word())
                advance()
                if words.last == "JOIN" { break }
            }
            guard !words.isEmpty else { break }
            joinOperator = words.joined(separator: " ")
        }
        return SQLJoinClause(items: items, range: range(from: start))
    }

    mutating func parseTableSource() -> SQLTableSource {
        let start = currentStart
        guard depth < Self.maximumDepth else {
            skipNested()
            return SQLTableSource(kind: .join(SQLJoinClause(items: [], range: start..<start)), alias: nil, range: start..<start)
        }
        depth += 1
        defer { depth -= 1 }
        if accept("(") {
            let kind: SQLTableSourceKind
            if check("SELECT") || check("WITH") || check("VALUES") {
                kind = .subquery(parseSelect())
            } else {
                kind = .join(parseJoinClause())
            }
            expect(")")
            let alias = parseAlias()
            return SQLTableSource(kind: kind, alias: alias, range: range(from: start))
        }
        guard let name = parseQualifiedName() else {
            // `FROM ` still being typed: an empty table name at the cursor.
            let empty = SQLName(text: "", range: currentStart..<currentStart)
            return SQLTableSource(kind: .table(SQLQualifiedName(schema: nil, name: empty)), alias: nil, range: empty.range)
        }
        if check("(") {
            let call = parseFunctionCall(name: name.name)
            let alias = parseAlias()
            return SQLTableSource(kind: .function(call), alias: alias, range: range(from: start))
        }
        let alias = parseAlias()
        if accept(sequence: "INDEXED", "BY") { _ = parseName() } else { accept(sequence: "NOT", "INDEXED") }
        return SQLTableSource(kind: .table(name), alias: alias, range: range(from: start))
    }

    // MARK: Windows

    mutating func parseWindowSpecification() -> SQLWindowSpecification {
        let start = currentStart
        if !check("(") {
            let base = parseName()
            return SQLWindowSpecification(baseName: base, partitionBy: [], orderBy: [], frameExpressions: [], range: range(from: start))
        }
        advance()
        var base: SQLName?
        if isName() && !check("PARTITION") && !check("ORDER") && !check("RANGE") && !check("ROWS") && !check("GROUPS") {
            base = parseName()
        }
        let partition = accept(sequence: "PARTITION", "BY") ? parseExpressionList() : []
        let orderBy = accept(sequence: "ORDER", "BY") ? parseOrderingTerms() : []
        var frame: [SQLExpression] = []
        if accept("RANGE") || accept("ROWS") || accept("GROUPS") {
            let hasBetween = accept("BETWEEN")
            frame += parseFrameBound()
            if hasBetween {
                expect("AND")
                frame += parseFrameBound()
            }
            if accept("EXCLUDE") {
                if !accept(sequence: "NO", "OTHERS") && !accept(sequence: "CURRENT", "ROW") { if !accept("GROUP") { accept("TIES") } }
            }
        }
        expect(")")
        return SQLWindowSpecification(baseName: base, partitionBy: partition, orderBy: orderBy, frameExpressions: frame, range: range(from: start))
    }

    mutating func parseFrameBound() -> [SQLExpression] {
        if accept(sequence: "UNBOUNDED", "PRECEDING") || accept(sequence: "UNBOUNDED", "FOLLOWING") || accept(sequence: "CURRENT", "ROW") {
            return []
        }
        let expression = parseExpression(stopAtAnd: true)
        if !accept("PRECEDING") { expect("FOLLOWING") }
        return [expression]
    }
}
