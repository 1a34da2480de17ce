// MARK: - CREATE, ALTER, DROP

extension SQLParser {
    mutating func parseIfNotExists() -> Bool { accept(sequence: "IF", "NOT", "EXISTS") }

    mutating func parseCreate() -> SQLStatementKind {
        expect("CREATE")
        let isTemporary = accept("TEMP") || accept("TEMPORARY")
        if accept("UNIQUE") {
            expect("INDEX")
            return .createIndex(parseCreateIndex(isUnique: true))
        }
        if accept("VIRTUAL") {
            expect("TABLE")
            return .createTable(parseCreateVirtualTable())
        }
        switch word() {
        case "TABLE": advance(); return .createTable(parseCreateTable(isTemporary: isTemporary))
        case "VIEW": advance(); return .createView(parseCreateView(isTemporary: isTemporary))
        case "INDEX": advance(); return .createIndex(parseCreateIndex(isUnique: false))
        case "TRIGGER": advance(); return .createTrigger(parseCreateTrigger(isTemporary: isTemporary))
        default:
            noteUnexpected()
            skipToStatementEnd()
            return .other
        }
    }

    mutating func parseCreateTable(isTemporary: Bool) -> SQLCreateTable {
        let ifNotExists = parseIfNotExists()
        let name = parseQualifiedName()
        var table = SQLCreateTable(isTemporary: isTemporary, ifNotExists: ifNotExists, name: name, columns: [], constraints: [], asSelect: nil, options: [], virtualModule: nil, virtualArguments: [])
        if accept("AS") {
            table.asSelect = parseSelect()
            return table
        }
        guard accept("(") else { return table }
        repeat {
            if ["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"].contains(word()) {
                table.constraints.append(parseTableConstraint())
            } else if let column = parseColumnDefinition() {
                table.columns.append(column)
            } else {
                noteUnexpected()
                break
            }
        } while accept(",")
        expect(")")
        repeat {
            if check("WITHOUT"), kind(at: 1) == .identifier, sql.text(of: tokens[position + 1]).uppercased() == "ROWID" {
                advance()
                advance()
                table.options.append("WITHOUT ROWID")
            } else if kind() == .identifier, let token = current, sql.text(of: token).uppercased() == "STRICT" {
                advance()
                table.options.append("STRICT")
            }
        } while accept(",")
        return table
    }

    mutating func parseCreateVirtualTable() -> SQLCreateTable {
        let ifNotExists = parseIfNotExists()
        let name = parseQualifiedName()
        var table = SQLCreateTable(isTemporary: false, ifNotExists: ifNotExists, name: name, columns: [], constraints: [], asSelect: nil, options: [], virtualModule: nil, virtualArguments: [])
        expect("USING")
        table.virtualModule = parseName()
        guard accept("(") else { return table }
        // Module arguments are free text to SQLite; the first word of each that is not an
        // option (`tokenize = 'porter'`) names a column for FTS-like modules.
        var nesting = 0
        var atArgumentStart = true
        while !isAtEnd {
            if check("(") { nesting += 1 }
            if check(")") { if nesting == 0 { break }; nesting -= 1 }
            if check(";") { break }
            if atArgumentStart && nesting == 0 && isName() && !check("=", at: 1) {
                if let argument = parseName() { table.virtualArguments.append(argument) }
                atArgumentStart = false
                continue
            }
            atArgumentStart = check(",") && nesting == 0
            advance()
        }
        expect(")")
        return table
    }

    mutating func parseColumnDefinition() -> SQLColumnDefinition? {
        let start = currentStart
        guard let name = parseName() else { return nil }
        let typeStart = currentStart
        let typeName = parseTypeName()
        let typeRange: ByteRange? = typeName.isEmpty ? nil : typeStart..<lastEnd
        var constraints: [SQLColumnConstraint] = []
        while let constraint = parseColumnConstraint() {
            constraints.append(constraint)
        }
        return SQLColumnDefinition(name: name, typeName: typeName, typeRange: typeRange, constraints: constraints, range: range(from: start))
    }

    mutating func parseOnConflict() {
        if accept(sequence: "ON", "CONFLICT") { _ = parseName() }
    }

    mutating func parseColumnConstraint() -> SQLColumnConstraint? {
        let start = currentStart
        var name: SQLName?
        if accept("CONSTRAINT") { name = parseName() }
        let kind: SQLColumnConstraintKind
        switch word() {
        case "PRIMARY":
            advance()
            expect("KEY")
            let isDescending = accept("DESC")
            accept("ASC")
            parseOnConflict()
            kind = .primaryKey(isDescending: isDescending, isAutoincrement: accept("AUTOINCREMENT"))
        case "NOT":
            advance()
            expect("NULL")
            parseOnConflict()
            kind = .notNull
        case "NULL":
            advance()
            parseOnConflict()
            kind = .null
        case "UNIQUE":
            advance()
            parseOnConflict()
            kind = .unique
        case "CHECK":
            advance()
            kind = .check(parseParenthesizedExpression())
        case "DEFAULT":
            advance()
            if check("(") {
                kind = .defaultValue(parseParenthesizedExpression())
            } else if check("-") || check("+") {
                kind = .defaultValue(parseUnary())
            } else {
                kind = .defaultValue(parsePrimary())
            }
        case "COLLATE":
            advance()
            kind = .collate(parseName()?.text ?? "")
        case "REFERENCES":
            kind = .references(parseForeignKeyClause())
        case "GENERATED", "AS":
            accept(sequence: "GENERATED", "ALWAYS")
            expect("AS")
            let expression = parseParenthesizedExpression()
            var isStored = false
            if self.kind() == .identifier, let token = current, sql.text(of: token).uppercased() == "STORED" {
                isStored = true
                advance()
            } else {
                accept("VIRTUAL")
            }
            kind = .generated(expression, isStored: isStored)
        default:
            if name != nil { noteUnexpected() }
            return nil
        }
        return SQLColumnConstraint(name: name, kind: kind, range: range(from: start))
    }

    mutating func parseParenthesizedExpression() -> SQLExpression {
        guard accept("(") else { noteUnexpected(); return missing() }
        let expression = parseExpression()
        expect(")")
        return expression
    }

    mutating func parseForeignKeyClause() -> SQLForeignKeyClause {
        let start = currentStart
        expect("REFERENCES")
        let table = parseName() ?? SQLName(text: "", range: currentStart..<currentStart)
        let columns = check("(") ? parseNameList() : []
        let actionsStart = currentStart
        var actionsEnd = actionsStart
        while true {
            if accept("ON") {
                if !accept("DELETE") { expect("UPDATE") }
                if !(accept(sequence: "SET", "NULL") || accept(sequence: "SET", "DEFAULT") || accept("CASCADE") || accept("RESTRICT") || accept(sequence: "NO", "ACTION")) {
                    noteUnexpected()
                }
            } else if accept("MATCH") {
                _ = parseName()
            } else if accept(sequence: "NOT", "DEFERRABLE") || accept("DEFERRABLE") {
                if accept("INITIALLY") { if !accept("DEFERRED") { accept("IMMEDIATE") } }
            } else {
                break
            }
            actionsEnd = lastEnd
        }
        return SQLForeignKeyClause(table: table, columns: columns, actions: sql.text(in: actionsStart..<actionsEnd), range: range(from: start))
    }

    mutating func parseTableConstraint() -> SQLTableConstraint {
        let start = currentStart
        var name: SQLName?
        if accept("CONSTRAINT") { name = parseName() }
        let kind: SQLTableConstraintKind
        switch word() {
        case "PRIMARY":
            advance()
            expect("KEY")
            kind = .primaryKey(parseIndexedColumns())
            parseOnConflict()
        case "UNIQUE":
            advance()
            kind = .unique(parseIndexedColumns())
            parseOnConflict()
        case "CHECK":
            advance()
            kind = .check(parseParenthesizedExpression())
        default:
            expect("FOREIGN")
            expect("KEY")
            let columns = parseNameList()
            kind = .foreignKey(columns: columns, parseForeignKeyClause())
        }
        return SQLTableConstraint(name: name, kind: kind, range: range(from: start))
    }

    mutating func parseIndexedColumns() -> [SQLExpression] {
        guard accept("(") else { noteUnexpected(); return [] }
        let terms = parseOrderingTerms()
        expect(")")
        return terms.map(\.expression)
    }

    mutating func parseCreateView(isTemporary: Bool) -> SQLCreateView {
        let ifNotExists = parseIfNotExists()
        let name = parseQualifiedName()
        let columns = check("(") ? parseNameList() : []
        expect("AS")
        let select: SQLSelect? = isAtEnd ? nil : parseSelect()
        return SQLCreateView(isTemporary: isTemporary, ifNotExists: ifNotExists, name: name, columns: columns, select: select)
    }

    mutating func parseCreateIndex(isUnique: Bool) -> SQLCreateIndex {
        let ifNotExists = parseIfNotExists()
        let name = parseQualifiedName()
        expect("ON")
        let table = parseName()
        var columns: [SQLOrderingTerm] = []
        if accept("(") {
            columns = parseOrderingTerms()
            expect(")")
        }
        let whereClause = accept("WHERE") ? parseExpression() : nil
        return SQLCreateIndex(isUnique: isUnique, ifNotExists: ifNotExists, name: name, table: table, columns: columns, whereClause: whereClause)
    }

    mutating func parseCreateTrigger(isTemporary: Bool) -> SQLCreateTrigger {
        let ifNotExists = parseIfNotExists()
        let name = parseQualifiedName()
        var timing = ""
        if accept("BEFORE") { timing = "BEFORE" } else if accept("AFTER") { timing = "AFTER" } else if accept(sequence: "INSTEAD", "OF") { timing = "INSTEAD OF" }
        var event = ""
        var updateColumns: [SQLName] = []
        if accept("DELETE") { event = "DELETE" } else if accept("INSERT") { event = "INSERT" } else if accept("UPDATE") {
            event = "UPDATE"
            if accept("OF") {
                repeat {
                    if let column = parseName() { updateColumns.append(column) }
                } while accept(",")
            }
        } else {
            noteUnexpected()
        }
        expect("ON")
        let table = parseQualifiedName()
        accept(sequence: "FOR", "EACH", "ROW")
        let when = accept("WHEN") ? parseExpression() : nil
        var body: [SQLStatement] = []
        if accept("BEGIN") {
            while !isAtEnd && !check("END") {
                if accept(";") { continue }
                let before = position
                if let statement = parseStatement() { body.append(statement) }
                if position == before { noteUnexpected(); advance() }
                if !isAtEnd && !check(";") && !check("END") { noteUnexpected(); skipToStatementEnd() }
            }
            expect("END")
        }
        return SQLCreateTrigger(isTemporary: isTemporary, ifNotExists: ifNotExists, name: name, timing: timing, event: event, updateColumns: updateColumns, table: table, when: when, body: body)
    }

    mutating func parseAlterTable() -> SQLAlterTable {
        expect("ALTER")
        expect("TABLE")
        let table = parseQualifiedName()
        var action = SQLAlterAction.missing
        if accept("RENAME") {
            if accept("TO") {
                if let name = parseName() { action = .renameTable(to: name) }
            } else {
                accept("COLUMN")
                if let from = parseName() {
                    expect("TO")
                    if let to = parseName() { action = .renameColumn(from: from, to: to) }
                }
            }
        } else if accept("ADD") {
            accept("COLUMN")
            if let column = parseColumnDefinition() { action = .addColumn(column) }
        } else if accept("DROP") {
            accept("COLUMN")
            if let column = parseName() { action = .dropColumn(column) }
        }
        return SQLAlterTable(table: table, action: action)
    }

    mutating func parseDrop() -> SQLDrop {
        expect("DROP")
        let objectKind = word()
        if ["TABLE", "VIEW", "INDEX", "TRIGGER"].contains(objectKind) { advance() } else { noteUnexpected() }
        let ifExists = accept(sequence: "IF", "EXISTS")
        return SQLDrop(objectKind: objectKind, ifExists: ifExists, name: parseQualifiedName())
    }
}

extension SQLParser {
    /// `ATTACH [DATABASE] expr AS name`; whatever follows the name is skipped to the statement's end.
    mutating func parseAttach() -> SQLAttach {
        expect("ATTACH")
        accept("DATABASE")
        let file = parseExpression()
        let schemaName = accept("AS") ? parseName() : nil
        skipToStatementEnd()
        return SQLAttach(file: file, schemaName: schemaName)
    }
}
