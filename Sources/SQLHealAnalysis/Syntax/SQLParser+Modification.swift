// MARK: - INSERT, UPDATE, DELETE

extension SQLParser {
    mutating func parseConflictClause() {
        if accept("OR") {
            for word in ["ROLLBACK", "ABORT", "REPLACE", "FAIL", "IGNORE"] where accept(word) { return }
            noteUnexpected()
        }
    }

    mutating func parseInsert(with: SQLWithClause?) -> SQLInsert {
        var verb = word()
        advance()
        if check("OR") {
            verb += " OR " + word(at: 1)
            parseConflictClause()
        }
        expect("INTO")
        let table = parseQualifiedName()
        let alias = accept("AS") ? parseName() : nil
        let columns = check("(") ? parseNameList() : []
        var source = SQLInsertSource.missing
        var valueRowRanges: [ByteRange] = []
        if accept(sequence: "DEFAULT", "VALUES") {
            source = .defaultValues
        } else if check("VALUES") && check("(", at: 1) {
            advance()
            let (rows, ranges) = parseValueRowsWithRanges()
            source = .values(rows)
            valueRowRanges = ranges
        } else if check("SELECT") || check("WITH") || check("VALUES") {
            source = .select(parseSelect())
        }
        var upserts: [SQLUpsertClause] = []
        while check("ON") && check("CONFLICT", at: 1) {
            upserts.append(parseUpsert())
        }
        let returning = parseReturning()
        return SQLInsert(with: with, verb: verb, table: table, alias: alias, columns: columns, source: source, upserts: upserts, returning: returning,
                         valueRowRanges: valueRowRanges)
    }

    mutating func parseUpsert() -> SQLUpsertClause {
        let start = currentStart
        advance()
        advance()
        var targets: [SQLExpression] = []
        var targetWhere: SQLExpression?
        if accept("(") {
            targets = parseOrderingTerms().map(\.expression)
            expect(")")
            if accept("WHERE") { targetWhere = parseExpression() }
        }
        expect("DO")
        var assignments: [SQLAssignment]?
        var whereClause: SQLExpression?
        if !accept("NOTHING") {
            expect("UPDATE")
            expect("SET")
            assignments = parseAssignments()
            if accept("WHERE") { whereClause = parseExpression() }
        }
        return SQLUpsertClause(targetColumns: targets, targetWhere: targetWhere, assignments: assignments, whereClause: whereClause, range: range(from: start))
    }

    mutating func parseAssignments() -> [SQLAssignment] {
        var assignments: [SQLAssignment] = []
        repeat {
            var columns: [SQLName] = []
            if check("(") {
                columns = parseNameList()
            } else if let name = parseName() {
                columns = [name]
            } else {
                noteUnexpected()
            }
            let value: SQLExpression
            if accept("=") {
                value = parseExpression()
            } else {
                value = missing()
            }
            assignments.append(SQLAssignment(columns: columns, value: value))
        } while accept(",")
        return assignments
    }

    mutating func parseReturning() -> [SQLResultColumn] {
        guard accept("RETURNING") else { return [] }
        var columns: [SQLResultColumn] = []
        repeat {
            columns.append(parseResultColumn())
        } while accept(",")
        return columns
    }

    mutating func parseUpdate(with: SQLWithClause?) -> SQLUpdate {
        expect("UPDATE")
        parseConflictClause()
        let table = parseQualifiedName()
        let alias = accept("AS") ? parseName() : nil
        if accept(sequence: "INDEXED", "BY") { _ = parseName() } else { accept(sequence: "NOT", "INDEXED") }
        var assignments: [SQLAssignment] = []
        if accept("SET") { assignments = parseAssignments() }
        let from = accept("FROM") ? parseJoinClause() : nil
        skipSplicedClauses()
        let whereClause = accept("WHERE") ? parseExpression() : nil
        skipSplicedClauses()
        let returning = parseReturning()
        let (orderBy, limit) = parseOrderByAndLimit()
        return SQLUpdate(with: with, table: table, alias: alias, assignments: assignments, from: from, whereClause: whereClause, returning: returning, orderBy: orderBy, limit: limit)
    }

    /// `ORDER BY … LIMIT …` of UPDATE and DELETE (SQLITE_ENABLE_UPDATE_DELETE_LIMIT).
    mutating func parseOrderByAndLimit() -> ([SQLOrderingTerm], SQLExpression?) {
        let orderBy = accept(sequence: "ORDER", "BY") ? parseOrderingTerms() : []
        var limit: SQLExpression?
        if accept("LIMIT") {
            limit = parseExpression()
            if accept("OFFSET") || accept(",") { _ = parseExpression() }
        }
        return (orderBy, limit)
    }

    mutating func parseDelete(with: SQLWithClause?) -> SQLDelete {
        expect("DELETE")
        expect("FROM")
        let table = parseQualifiedName()
        let alias = accept("AS") ? parseName() : nil
        if accept(sequence: "INDEXED", "BY") { _ = parseName() } else { accept(sequence: "NOT", "INDEXED") }
        skipSplicedClauses()
        let whereClause = accept("WHERE") ? parseExpression() : nil
        skipSplicedClauses()
        let returning = parseReturning()
        let (orderBy, limit) = parseOrderByAndLimit()
        return SQLDelete(with: with, table: table, alias: alias, whereClause: whereClause, returning: returning, orderBy: orderBy, limit: limit)
    }
}
