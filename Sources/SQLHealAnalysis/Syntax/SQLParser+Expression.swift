// MARK: - Expressions, by SQLite's precedence (parse.y, lowest first):
// OR; AND; NOT; = == != <> IS IN LIKE GLOB MATCH REGEXP BETWEEN ISNULL NOTNULL; < <= > >=;
// & | << >>; + -; * / %; || -> ->>; COLLATE; unary - + ~.

extension SQLParser {
    mutating func parseExpression(stopAtAnd: Bool = false) -> SQLExpression {
        stopAtAnd ? parseComparison() : parseOr()
    }

    mutating func parseExpressionList() -> [SQLExpression] {
        var list: [SQLExpression] = []
        repeat {
            list.append(parseExpression())
        } while accept(",")
        return list
    }

    func missing() -> SQLExpression {
        SQLExpression(kind: .missing, range: currentStart..<currentStart)
    }

    func binary(_ op: String, _ left: SQLExpression, _ right: SQLExpression) -> SQLExpression {
        SQLExpression(kind: .binary(operator: op, left: left, right: right), range: left.range.lowerBound..<max(left.range.lowerBound, lastEnd))
    }

    mutating func parseOr() -> SQLExpression {
        var left = parseAnd()
        while accept("OR") {
            let right = parseAnd()
            left = binary("OR", left, right)
        }
        return left
    }

    mutating func parseAnd() -> SQLExpression {
        var left = parseNot()
        while accept("AND") {
            let right = parseNot()
            left = binary("AND", left, right)
        }
        return left
    }

    mutating func parseNot() -> SQLExpression {
        let start = currentStart
        if check("NOT") && !check("EXISTS", at: 1) {
            guard depth < Self.maximumDepth else { advance(); return missing() }
            depth += 1
            defer { depth -= 1 }
            advance()
            let operand = parseNot()
            return SQLExpression(kind: .unary(operator: "NOT", operand: operand), range: range(from: start))
        }
        return parseEquality()
    }

    mutating func parseEquality() -> SQLExpression {
        var left = parseComparison()
        while true {
            let start = left.range.lowerBound
            let op = word()
            switch op {
            case "=", "==", "!=", "<>":
                advance()
                let right = parseComparison()
                left = binary(op, left, right)
            case "IS":
                advance()
                var name = "IS"
                if accept("NOT") { name = "IS NOT" }
                if accept(sequence: "DISTINCT", "FROM") { name += " DISTINCT FROM" }
                let right = parseComparison()
                left = binary(name, left, right)
            case "ISNULL", "NOTNULL":
                advance()
                left = SQLExpression(kind: .postfix(operator: op, operand: left), range: range(from: start))
            case "NOT" where check("NULL", at: 1):
                advance(); advance()
                left = SQLExpression(kind: .postfix(operator: "NOT NULL", operand: left), range: range(from: start))
            case "NOT", "IN", "LIKE", "GLOB", "REGEXP", "MATCH", "BETWEEN":
                let negated = op == "NOT"
                let operatorWord = negated ? word(at: 1) : op
                guard ["IN", "LIKE", "GLOB", "REGEXP", "MATCH", "BETWEEN"].contains(operatorWord) else { return left }
                if negated { advance() }
                advance()
                switch operatorWord {
                case "IN": left = parseInRest(value: left, negated: negated)
                case "BETWEEN":
                    let lower = parseComparison()
                    expect("AND")
                    let upper = parseComparison()
                    left = SQLExpression(kind: .between(value: left, lower: lower, upper: upper, negated: negated), range: range(from: start))
                default:
                    let pattern = parseComparison()
                    left = binary(negated ? "NOT \(operatorWord)" : operatorWord, left, pattern)
                    if accept("ESCAPE") {
                        let escape = parseComparison()
                        left = binary("ESCAPE", left, escape)
                    }
                }
            default:
                return left
            }
        }
    }

    mutating func parseInRest(value: SQLExpression, negated: Bool) -> SQLExpression {
        let start = value.range.lowerBound
        if accept("(") {
            if check("SELECT") || check("WITH") || check("VALUES") {
                let select = parseSelect()
                expect(")")
                return SQLExpression(kind: .inSelect(value: value, select: select, negated: negated), range: range(from: start))
            }
            let items = check(")") ? [] : parseExpressionList()
            expect(")")
            return SQLExpression(kind: .inList(value: value, items: items, negated: negated), range: range(from: start))
        }
        if let table = parseQualifiedName() {
            if check("(") {
                // `x IN json_each(?)`: a table-valued function.
                _ = parseFunctionCall(name: table.name)
            }
            return SQLExpression(kind: .inTable(value: value, table: table, negated: negated), range: range(from: start))
        }
        return SQLExpression(kind: .inList(value: value, items: [missing()], negated: negated), range: range(from: start))
    }

    mutating func parseComparison() -> SQLExpression {
        var left = parseBitwise()
        while ["<", "<=", ">", ">="].contains(word()) {
            let op = word()
            advance()
            let right = parseBitwise()
                left = binary(op, left, right)
        }
        return left
    }

    mutating func parseBitwise() -> SQLExpression {
        var left = parseAdditive()
        while ["&", "|", "<<", ">>"].contains(word()) {
            let op = word()
            advance()
            let right = parseAdditive()
                left = binary(op, left, right)
        }
        return left
    }

    mutating func parseAdditive() -> SQLExpression {
        var left = parseMultiplicative()
        while check("+") || check("-") {
            let op = word()
            advance()
            let right = parseMultiplicative()
                left = binary(op, left, right)
        }
        return left
    }

    mutating func parseMultiplicative() -> SQLExpression {
        var left = parseConcatenation()
        while check("*") || check("/") || check("%") {
            let op = word()
            advance()
            let right = parseConcatenation()
                left = binary(op, left, right)
        }
        return left
    }

    mutating func parseConcatenation() -> SQLExpression {
        var left = parseCollate()
        while check("||") || check("->") || check("->>") {
            let op = word()
            advance()
            let right = parseCollate()
                left = binary(op, left, right)
        }
        return left
    }

    mutating func parseCollate() -> SQLExpression {
        var expression = parseUnary()
        while accept("COLLATE") {
            let collation = parseName()?.text ?? ""
            expression = SQLExpression(kind: .collate(expression, collation: collation), range: range(from: expression.range.lowerBound))
        }
        return expression
    }

    mutating func parseUnary() -> SQLExpression {
        let start = currentStart
        if check("-") || check("+") || check("~") {
            guard depth < Self.maximumDepth else { advance(); return missing() }
            depth += 1
            defer { depth -= 1 }
            let op = word()
            advance()
            let operand = parseUnary()
            return SQLExpression(kind: .unary(operator: op, operand: operand), range: range(from: start))
        }
        return parsePrimary()
    }

    // MARK: Primary

    mutating func parsePrimary() -> SQLExpression {
        guard let token = current else { return missing() }
        let start = token.range.lowerBound
        guard depth < Self.maximumDepth else {
            skipNested()
            return missing()
        }
        depth += 1
        defer { depth -= 1 }
        switch token.kind {
        case .integer: advance(); return SQLExpression(kind: .literal(.integer), range: token.range)
        case .float: advance(); return SQLExpression(kind: .literal(.float), range: token.range)
        case .blob: advance(); return SQLExpression(kind: .literal(.blob), range: token.range)
        case .parameter where check(".", at: 1):
            // `${table}.column`: a hole splicing a qualifier; read on as a column reference.
            break
        case .parameter:
            advance()
            // `?${more}`: a hole glued to the placeholder splices text into the same value.
            while kind() == .parameter, let next = current, next.range.lowerBound == lastEnd { advance() }
            return SQLExpression(kind: .parameter(sql.text(of: token)), range: token.range)
        case .string:
            advance()
            return SQLExpression(kind: .literal(.string), range: token.range)
        default: break
        }
        switch word() {
        case "NULL": advance(); return SQLExpression(kind: .literal(.null), range: token.range)
        case "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP":
            advance()
            return SQLExpression(kind: .literal(.currentTime), range: token.range)
        case "(":
            advance()
            if check("SELECT") || check("WITH") || check("VALUES") {
                let select = parseSelect()
                expect(")")
                return SQLExpression(kind: .subquery(select), range: range(from: start))
            }
            let list = parseExpressionList()
            expect(")")
            if list.count == 1, var only = list.first {
                only.range = range(from: start)
                return only
            }
            return SQLExpression(kind: .row(list), range: range(from: start))
        case "CAST" where check("(", at: 1):
            advance(); advance()
            let operand = parseExpression()
            expect("AS")
            let typeName = parseTypeName()
            expect(")")
            return SQLExpression(kind: .cast(operand, typeName: typeName), range: range(from: start))
        case "CASE":
            advance()
            let operand: SQLExpression? = check("WHEN") ? nil : parseExpression()
            var branches: [SQLCaseBranch] = []
            while accept("WHEN") {
                let condition = parseExpression()
                expect("THEN")
                branches.append(SQLCaseBranch(condition: condition, result: parseExpression()))
            }
            let otherwise = accept("ELSE") ? parseExpression() : nil
            expect("END")
            return SQLExpression(kind: .caseWhen(operand: operand, branches: branches, otherwise: otherwise), range: range(from: start))
        case "EXISTS", "NOT":
            let negated = accept("NOT")
            expect("EXISTS")
            expect("(")
            let select = parseSelect()
            expect(")")
            return SQLExpression(kind: .exists(select, negated: negated), range: range(from: start))
        case "RAISE" where check("(", at: 1):
            advance(); advance()
            _ = parseName()
            if accept(",") { _ = parseExpression() }
            expect(")")
            return SQLExpression(kind: .raise, range: range(from: start))
        default: break
        }
        guard let first = parseName() else {
            return missing()
        }
        if check("(") {
            let call = parseFunctionCall(name: first)
            return SQLExpression(kind: .function(call), range: range(from: start))
        }
        guard check(".") else {
            return SQLExpression(kind: .column(SQLColumnReference(schema: nil, table: nil, column: first)), range: first.range)
        }
        advance()
        // `alias.` still being typed: an empty column name right after the dot.
        guard let second = parseName() else {
            let empty = SQLName(text: "", range: lastEnd..<lastEnd)
            return SQLExpression(kind: .column(SQLColumnReference(schema: nil, table: first, column: empty)), range: range(from: start))
        }
        if check("."), isName(at: 1) {
            advance()
            if let third = parseName() {
                return SQLExpression(kind: .column(SQLColumnReference(schema: first, table: second, column: third)), range: range(from: start))
            }
        }
        return SQLExpression(kind: .column(SQLColumnReference(schema: nil, table: first, column: second)), range: range(from: start))
    }

    mutating func parseFunctionCall(name: SQLName) -> SQLFunctionCall {
        let listStart = currentStart
        expect("(")
        var arguments: [SQLExpression] = []
        var isStar = false
        var isDistinct = false
        if accept("*") {
            isStar = true
        } else if !check(")") && !isAtEnd {
            isDistinct = accept("DISTINCT")
            arguments = parseExpressionList()
            // Aggregate ORDER BY inside the call (`group_concat(x ORDER BY y)`).
            if accept(sequence: "ORDER", "BY") { arguments += parseOrderingTerms().map(\.expression) }
        }
        expect(")")
        let listRange = range(from: listStart)
        var filter: SQLExpression?
        if check("FILTER") && check("(", at: 1) {
            advance()
            expect("(")
            expect("WHERE")
            filter = parseExpression()
            expect(")")
        }
        var window: SQLWindowSpecification?
        if check("OVER") {
            advance()
            window = parseWindowSpecification()
        }
        return SQLFunctionCall(name: name, arguments: arguments, isStar: isStar, isDistinct: isDistinct, argumentListRange: listRange, filter: filter, window: window)
    }

    /// A type name: words, then an optional `(n)` or `(n, m)`; single-spaced as written.
    mutating func parseTypeName() -> String {
        var parts: [String] = []
        while isName() && !check("GENERATED") && !check("AS") && !check("CONSTRAINT") {
            if let name = parseName() { parts.append(sql.text(in: name.range)) }
        }
        guard !parts.isEmpty else { return "" }
        var text = parts.joined(separator: " ")
        if check("(") {
            let start = currentStart
            advance()
            var nesting = 1
            while !isAtEnd && nesting > 0 {
                if check("(") { nesting += 1 }
                if check(")") { nesting -= 1 }
                if check(";") { break }
                advance()
            }
            text += sql.text(in: start..<lastEnd).filter { $0 != " " && $0 != "\n" && $0 != "\t" }
        }
        return text
    }
}
