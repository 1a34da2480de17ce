/// The `type-mismatch` and `raw-interpolation` rules: what the code puts into a query's value
/// positions, compared with the columns those values meet.
///
/// Called by the checker for every query it checks; findings are in source byte offsets.
///
/// Fix-hint conventions (for the `fixes` owner):
/// - `type-mismatch` carries `.contradictingConversion(conversion:table:column:columnAffinity:valueKind:)`.
///   When the value came from an explicit conversion (`parseInt(x)`), `conversion` is the
///   scanner's: dropping it keeps `operandRange`'s text. When the value is a literal (`42`,
///   `'abc'`) there is nothing to strip: `conversion.name` is `"literal"` and `operandRange ==
///   expressionRange`; only the column change applies. The column change is
///   `change-column-type:<table>.<column>:<NEWTYPE>` with NEWTYPE `INTEGER` for a `.number`
///   value (`REAL` when the conversion is `parseFloat`) and `TEXT` for a `.string` value.
/// - `raw-interpolation`'s range is the whole hole (`${parseInt(userId)}`, `${` and `}` included),
///   or the concatenated operand; a hole inside a SQL string literal underlines the whole
///   literal, which is what a parameter replaces.
///   It carries `.splicedValue(holeSourceRange:expressionRange:)`: replacing
///   `holeSourceRange` with `?` and binding the text at `expressionRange` parameterizes it. For a
///   hole that fills a whole string literal (`'${name}'`), `holeSourceRange` covers the quotes
///   too. A hole inside a longer literal (`'%${q}%'`) gets no fix hint: it needs `'%' || ? || '%'`.
///   When the value, once bound, would contradict its column (`${id.toString()}` against an
///   INTEGER column: SQL text now, a string when bound), it also carries that
///   `.contradictingConversion`, so the fix binds what the column holds.
public enum QueryBindingRules {
    public static func findings(for query: EmbeddedQuery, schema: SchemaContext) -> [Finding] {
        findings(for: query, schema: schema, tree: nil)
    }

    /// - Parameter tree: the query's SQL already parsed (the checker's), so it is parsed once.
    static func findings(for query: EmbeddedQuery, schema: SchemaContext, tree: SQLSyntaxTree?) -> [Finding] {
        if query.dynamism == .unresolved { return [] }
        let tree = tree ?? SQLParser.parse(query.sql)
        var findings: [Finding] = []
        var bindingsByHole: [Int: PlaceholderBinding] = [:]
        // What a spliced value would contradict once bound (`${id.toString()}` against an INTEGER
        // column): not a finding while it is SQL text, but the fix that binds it must know.
        var contradictionsOnceBound: [Int: [FindingFixHint]] = [:]
        for binding in QueryBinder.bindings(tree: tree, query: query, schema: schema.checkedSchema) {
            if case .hole(let index) = binding.identity {
                bindingsByHole[index] = binding
                // Spliced unquoted, a string is not a text value but SQL text (`age = 42`
                // compares numbers): only a spliced number keeps its type (`user_id = 42`).
                if query.holes[index].role == .splicedText && binding.value?.kind != .number {
                    contradictionsOnceBound[index] = typeMismatch(binding, schema: schema)?.fixHints
                    continue
                }
            }
            if let finding = typeMismatch(binding, schema: schema) { findings.append(finding) }
        }
        // Only spliced text asks where it stands: most queries never read their sites.
        let sites = query.holes.contains { $0.role == .splicedText } ? BindingSites(tree: tree) : nil
        for (index, hole) in query.holes.enumerated() where hole.role == .splicedText {
            guard let sites else { break }
            if var finding = rawInterpolation(hole: hole, binding: bindingsByHole[index], query: query, sites: sites) {
                finding.fixHints += contradictionsOnceBound[index] ?? []
                findings.append(finding)
            }
        }
        var seen: Set<String> = []
        return findings
            .filter { !(query.suppression?.suppresses($0.code.rawValue) ?? false) }
            .filter { seen.insert("\($0.code.rawValue)@\($0.range)").inserted }
            .sorted { ($0.range.lowerBound, $0.range.upperBound, $0.code.rawValue) < ($1.range.lowerBound, $1.range.upperBound, $1.code.rawValue) }
    }

    // MARK: - type-mismatch

    static func typeMismatch(_ binding: PlaceholderBinding, schema: SchemaContext) -> Finding? {
        guard let value = binding.value, let bound = binding.column, let context = binding.context else { return nil }
        // LIKE and GLOB match text whatever the operands are; LIMIT has no column.
        if context == .pattern || context == .limit { return nil }
        let column = bound.column
        let table = bound.table
        let affinity = column.affinity
        let strictBlob = table.isStrict && context.stores && column.declaredType.uppercased() == "BLOB"
        let contradicts: Bool
        switch value.kind {
        case .number: contradicts = affinity == .text || strictBlob
        case .string: contradicts = affinity == .integer || affinity == .real || strictBlob
        default: return nil
        }
        guard contradicts else { return nil }

        let expression = value.expressionText
        let head = describeColumn(bound, schema: schema)
        let madeBy = value.conversion.map { "\($0.name) makes this" } ?? "the value is"
        var severity = FindingSeverity.warning
        var consequence: String

        if strictBlob {
            severity = .error
            let storedClass = value.kind == .number ? "INT" : "TEXT"
            consequence = "\(madeBy) \(value.kind == .number ? "a number" : "text"), which a STRICT table rejects in a BLOB column (\"cannot store \(storedClass) value in BLOB column \(bound.qualifiedName)\")"
        } else if value.kind == .number {
            switch context {
            case .ordering:
                consequence = "\(madeBy) a number, which SQLite compares as text, so '10' sorts before '9' and ranges miss rows"
            case .insertValue, .updateValue:
                consequence = "\(madeBy) a number, which SQLite stores as text '42' and which the row returns as \"42\""
            default:
                consequence = "\(madeBy) a number, which SQLite compares as text '42' (never matching '042' or ' 42') and which the row returns as \"42\""
            }
        } else {
            let rejection: String? = column.isRowidAlias
                ? "datatype mismatch"
                : (table.isStrict ? "cannot store TEXT value in \(affinity.rawValue) column \(bound.qualifiedName)" : nil)
            switch context {
            case .insertValue, .updateValue:
                if let rejection {
                    let why = column.isRowidAlias ? "an INTEGER PRIMARY KEY (the rowid)" : "a STRICT table's \(affinity.rawValue) column"
                    if let literal = stringLiteralText(expression), !isStorable(literal, in: affinity) {
                        severity = .error
                        consequence = "the value is text that is not \(affinity == .integer ? "an integer" : "a number"), which SQLite rejects in \(why) (\"\(rejection)\")"
                    } else {
                        consequence = "\(madeBy) text, which SQLite turns back into a number here, and rejects when it is not one (\"\(rejection)\")"
                    }
                } else {
                    consequence = "\(madeBy) text, which SQLite stores as a number only when it looks like one; anything else stays text in the \(affinity.rawValue) column"
                }
            default:
                consequence = "\(madeBy) text, which SQLite converts back to a number to compare; text that is not a well-formed number ('', '42abc') never matches"
            }
        }
        let message = "`\(expression)`: \(head.text); \(consequence)"
        let conversion = value.conversion ?? ValueConversion(name: "literal", expressionRange: value.expressionRange, operandRange: value.expressionRange)
        let related = head.related
        return Finding(
            code: .typeMismatch,
            severity: severity,
            range: value.expressionRange,
            message: message,
            related: related,
            fixHints: [.contradictingConversion(conversion: conversion, table: table.name, column: column.name, columnAffinity: affinity.rawValue, valueKind: value.kind)]
        )
    }

    /// "sessions.user_id is TEXT (migrations/001_init.sql:11)", or, when the checked database
    /// differs from what the migrations declare, "sessions.user_id is TEXT in data/app.db, but
    /// migrations/2_sessions.sql:5 declares it INTEGER (not applied)".
    static func describeColumn(_ bound: BoundColumn, schema: SchemaContext) -> (text: String, related: [RelatedLocation]) {
        let column = bound.column
        let declaredTable = schema.declaredSchema?.table(named: bound.table.name)
        let declaredColumn = declaredTable?.column(named: column.name)
        let declaredLocation = declaredColumn?.declaredAt ?? declaredTable?.declaredAt
        let checkedLocation = column.declaredAt ?? bound.table.declaredAt
        var text = "\(bound.qualifiedName) is \(declaredTypeDescription(column))"
        var related: [RelatedLocation] = []
        let drifted = declaredColumn.map { TypeAffinity(declaredType: $0.declaredType) != column.affinity
            || trimmed($0.declaredType).uppercased() != trimmed(column.declaredType).uppercased() } ?? false
        if let declaredColumn, drifted {
            let database = schema.databaseDisplayName ?? "the database"
            // The checked column's location may point at the very migration that disagrees (the
            // workspace fills locations from the migrations); the database is what has this type.
            if let checkedLocation, checkedLocation != declaredLocation, schema.databaseDisplayName == nil {
                text += " (\(checkedLocation))"
            } else {
                text += " in \(database)"
            }
            let declaredType = declaredColumn.declaredType.isEmpty ? "without a type" : declaredColumn.declaredType
            text += ", but \(declaredLocation.map(\.description) ?? "the migrations") declare\(declaredLocation == nil ? "" : "s") it \(declaredType) (not applied to \(database))"
            if let declaredLocation {
                related.append(RelatedLocation(location: declaredLocation, message: "\(bound.qualifiedName) declared \(declaredType), not applied"))
            }
        } else if let location = checkedLocation ?? declaredLocation {
            text += " (\(location))"
            related.append(RelatedLocation(location: location, message: "\(bound.qualifiedName) declared \(column.declaredType.isEmpty ? "without a type" : column.declaredType)"))
        } else if let database = schema.databaseDisplayName {
            text += " in \(database)"
        }
        return (text, related)
    }

    private static func declaredTypeDescription(_ column: ColumnSchema) -> String {
        let declared = trimmed(column.declaredType)
        if declared.isEmpty { return "untyped (\(column.affinity.rawValue) affinity)" }
        if declared.uppercased() == column.affinity.rawValue { return declared.uppercased() }
        return "\(declared) (\(column.affinity.rawValue) affinity)"
    }

    /// The text of a JS string literal without escapes (`'abc'`, `"abc"`, `` `abc` ``), else `nil`.
    static func stringLiteralText(_ expression: String) -> String? {
        guard expression.count >= 2, let first = expression.first, first == "'" || first == "\"" || first == "`",
              expression.last == first else { return nil }
        let inner = String(expression.dropFirst().dropLast())
        if inner.contains("\\") || inner.contains(first) || (first == "`" && inner.contains("${")) { return nil }
        return inner
    }

    /// Whether SQLite converts `text` losslessly into `affinity` when storing into a STRICT
    /// column or a rowid alias (checked against 3.40: `' 42'` and `'4.0'` go in; `''`, `'abc'`,
    /// `'4.5'` into INTEGER do not).
    static func isStorable(_ text: String, in affinity: TypeAffinity) -> Bool {
        let trimmed = trimmed(text)
        guard !trimmed.isEmpty, let number = Double(trimmed), number.isFinite else { return false }
        if affinity == .integer { return number.rounded() == number && abs(number) < 9.2e18 }
        return true
    }

    // MARK: - raw-interpolation

    static func rawInterpolation(hole: QueryHole, binding: PlaceholderBinding?, query: EmbeddedQuery, sites: BindingSites) -> Finding? {
        let value = hole.value
        if hole.isPlaceholderList || hole.holdsSQLOrConstant || isConstantExpression(value.expressionText) { return nil }
        let isTemplateHole = hole.sourceRange != value.expressionRange
        let written = isTemplateHole ? "${\(value.expressionText)}" : value.expressionText

        // A hole inside a string literal: `'${name}'`, `'%${q}%'`. The finding covers the whole
        // literal (quotes included): that is what a bound parameter replaces, and replacing only
        // `${q}` with `?` would leave a `'?'` string.
        if let literal = sites.stringToken(containing: hole.sqlRange) {
            guard !sites.isSchemaStatement(at: literal.range.lowerBound) else { return nil }
            let mapped = query.sourceMap.sourceRange(forSQLRange: literal.range)
            let literalSource = mapped.lowerBound <= hole.sourceRange.lowerBound && hole.sourceRange.upperBound <= mapped.upperBound ? mapped : hole.sourceRange
            let wholeLiteral = literal.range.count == hole.sqlRange.count + 2
            let hints: [FindingFixHint] = wholeLiteral ? [.splicedValue(holeSourceRange: literalSource, expressionRange: value.expressionRange)] : []
            let message = "`\(written)` is spliced into a SQL string literal, not bound: a quote in the value ends the literal and opens SQL injection; bind \(wholeLiteral ? "it" : "the whole string") as a parameter (`?`)"
            return Finding(code: .rawInterpolation, severity: .warning, range: literalSource, message: message, fixHints: hints)
        }

        guard let binding else { return nil }
        let inValuePosition: Bool
        if binding.context != nil {
            inValuePosition = true
        } else {
            inValuePosition = sites.isValuePosition(sqlRange: binding.sqlRange)
        }
        guard inValuePosition else { return nil }
        if binding.context == .membership && isPlaceholderList(value: value, binding: binding, query: query, sites: sites) { return nil }

        let consequence: String
        switch value.kind {
        case .number:
            consequence = "it becomes SQL text like `42`, or `NaN`, which SQLite reads as a column name"
        case .boolean:
            consequence = "it becomes SQL text `true` or `false`"
        default:
            consequence = "a value containing a quote breaks the statement and opens SQL injection"
        }
        let message = "`\(written)` is spliced into the SQL text where a bound parameter belongs: \(consequence); pass it as a parameter (`?`)"
        return Finding(
            code: .rawInterpolation,
            severity: .warning,
            range: hole.sourceRange,
            message: message,
            fixHints: [.splicedValue(holeSourceRange: hole.sourceRange, expressionRange: value.expressionRange)]
        )
    }

    /// Literals the code wrote itself: `42`, `-1`, `'active'`, `true`, `null`.
    static func isConstantExpression(_ expression: String) -> Bool {
        let text = trimmed(expression)
        if text.isEmpty { return true }
        if ["true", "false", "null", "undefined"].contains(text) { return true }
        if stringLiteralText(text) != nil { return true }
        // `PAGE_SIZE`, `Limits.MAX_ROWS`: named as constants, imported from where the scanner
        // cannot see. Flagging them would be noise on code that is fine.
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        if let last = parts.last, last.count >= 2, last.first?.isUppercase == true,
           last.allSatisfy({ ($0.isASCII && $0.isUppercase) || $0.isNumber || $0 == "_" }),
           parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "$" } }) {
            return true
        }
        var digits = text[...]
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        return !digits.isEmpty && digits.allSatisfy { $0.isNumber || $0 == "." || $0 == "_" || $0 == "e" || $0 == "E" || $0 == "x" || $0 == "n" || $0.isHexDigit }
            && digits.first?.isNumber == true
    }

    /// `IN (${ids.map(() => '?').join(',')})` and `IN (${placeholders})` with the values bound:
    /// the hole is SQL text made of `?`s, not a value.
    private static func isPlaceholderList(value: SourceValue, binding: PlaceholderBinding, query: EmbeddedQuery, sites: BindingSites) -> Bool {
        let text = value.expressionText
        if text.contains("'?") || text.contains("\"?") || text.contains("`?") || text.lowercased().contains("placeholder") { return true }
        guard sites.isSoleListElement(sqlRange: binding.sqlRange) else { return false }
        switch query.boundValues {
        case .positional(let values, _, _): return !values.isEmpty  // `.run()` binds no `?` of a list
        case .unknown: return true
        case .named, .none: return false
        }
    }
}

extension QueryBindingRules {
    static func trimmed(_ text: String) -> String {
        var view = text[...]
        while let first = view.first, first.isWhitespace { view = view.dropFirst() }
        while let last = view.last, last.isWhitespace { view = view.dropLast() }
        return String(view)
    }
}
