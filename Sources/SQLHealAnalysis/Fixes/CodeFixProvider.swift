/// Everything a fix is computed from: one document's text and its analysis, and the schema.
public struct CodeFixContext: Sendable {
    public var text: [UInt8]
    public var queries: [EmbeddedQuery]
    /// All findings of the document: a fix for one finding may depend on another at the same
    /// place (a `raw-interpolation` whose value also contradicts its column).
    public var findings: [Finding]
    public var schema: SchemaContext

    public init(text: [UInt8], queries: [EmbeddedQuery], findings: [Finding], schema: SchemaContext) {
        self.text = text
        self.queries = queries
        self.findings = findings
        self.schema = schema
    }

    public init(text: [UInt8], analysis: DocumentAnalysis, schema: SchemaContext) {
        self.init(text: text, queries: analysis.queries, findings: analysis.findings, schema: schema)
    }
}

/// Turns findings into code fixes: byte-range edits of the document, or one repair step.
///
/// Pure: no IO, no protocol. The same finding in the same text always yields the same fixes
/// with the same titles, in the same order (the preferred one first).
///
/// Titles, by finding code (`T.C` is `table.column`, `TYPE` the declared or target type):
/// - `type-mismatch`, bound value: `Remove parseInt(): T.C is TEXT` (also `parseFloat()`,
///   `Number()`, `unary +`, `.toString()`, `String()`), or `Convert with String(): T.C is TEXT` /
///   `Convert with Number(): T.C is INTEGER` when the conversion cannot simply be dropped.
/// - `type-mismatch` in an untagged template or concatenation:
///   `Remove parseInt() and bind userId as a parameter: T.C is TEXT`.
/// - `type-mismatch`, schema side: `Change column T.C from TEXT to INTEGER (rebuilds table T after a backup)`.
/// - `raw-interpolation`: `Bind userId as a parameter instead of splicing it into the SQL`.
/// - `missing-table` / `missing-column`: `Replace 'emial' with 'email'`;
///   `Create table T (from migrations/002_x.sql:3)`; `Add column T.C TYPE (from migrations/003_y.sql:2)`.
public struct CodeFixProvider: Sendable {
    public init() {}

    /// The fixes for one finding, the preferred first.
    public func fixes(for finding: Finding, in context: CodeFixContext) -> [CodeFix] {
        let builder = FixBuilder(context: context, finding: finding)
        var fixes: [CodeFix]
        switch finding.code {
        case .typeMismatch:
            fixes = builder.typeMismatchFixes()
        case .rawInterpolation:
            fixes = builder.rawInterpolationFixes()
        case .missingTable, .missingColumn:
            fixes = builder.missingNameFixes()
        default:
            fixes = []
        }
        // The same edit reached two ways (two hints) is offered once; an edit outside the text
        // (ranges from a stale analysis) or colliding with its sibling is never offered.
        var seen: Set<CodeFixAction> = []
        let textCount = context.text.count
        fixes = fixes.filter { fix in
            let edits = fix.textEdits
            let fits = edits.allSatisfy { $0.range.lowerBound >= 0 && $0.range.upperBound <= textCount }
            let collides = edits.indices.contains { index in edits[(index + 1)...].contains { $0.conflicts(with: edits[index]) } }
            return fits && !collides && seen.insert(fix.action).inserted
        }
        if let preferred = fixes.firstIndex(where: \.isPreferred), preferred != 0 {
            fixes.insert(fixes.remove(at: preferred), at: 0)
        }
        return fixes
    }

    /// The fixes for every finding of the document, in finding order.
    public func fixes(in context: CodeFixContext) -> [CodeFix] {
        context.findings.flatMap { fixes(for: $0, in: context) }
    }
}

/// The fixes of one finding. A struct per call keeps the provider itself stateless.
private struct FixBuilder {
    let context: CodeFixContext
    let finding: Finding
    let text: JavaScriptFixText

    init(context: CodeFixContext, finding: Finding) {
        self.context = context
        self.finding = finding
        self.text = JavaScriptFixText(context.text)
    }

    private func makeFix(_ title: String, preferred: Bool, safe: Bool, edits: [ByteRangeEdit]) -> CodeFix {
        CodeFix(
            title: title, kind: .quickFix, isPreferred: preferred, isSafeForFixAll: safe,
            action: .textEdits(edits.sorted { $0.range.lowerBound < $1.range.lowerBound }),
            findingCode: finding.code, findingRange: finding.range
        )
    }

    private func makeRepairFix(_ title: String, step: String) -> CodeFix {
        CodeFix(
            title: title, kind: .schemaRepair, isPreferred: false, isSafeForFixAll: false,
            action: .repairStep(stepIdentifier: step), findingCode: finding.code, findingRange: finding.range
        )
    }

    private func isInsideText(_ range: ByteRange) -> Bool {
        range.lowerBound >= 0 && range.upperBound <= context.text.count && range.lowerBound <= range.upperBound
    }

    // MARK: type-mismatch

    func typeMismatchFixes() -> [CodeFix] {
        var fixes: [CodeFix] = []
        for case .contradictingConversion(let conversion, let table, let column, let affinity, let valueKind) in finding.fixHints {
            let columnLabel = "\(table).\(column) is \(declaredType(table: table, column: column) ?? affinity)"
            if let (hole, query) = splicedHole(containing: conversion.expressionRange) {
                // Dropping the conversion alone would splice raw text: bind the value instead.
                if let replacing = spliceRange(of: hole, in: query),
                    let fix = parameterizeFix(hole: hole, query: query, replacing: replacing,
                                              correcting: (conversion, valueKind, columnLabel))
                {
                    fixes.append(fix)
                }
            } else {
                if let fix = conversionFix(conversion, valueKind: valueKind, columnLabel: columnLabel) { fixes.append(fix) }
                if let fix = numberInsteadOfStringFix(conversion, valueKind: valueKind, columnLabel: columnLabel) { fixes.append(fix) }
            }
            if let fix = changeColumnTypeFix(table: table, column: column, conversion: conversion, valueKind: valueKind) {
                fixes.append(fix)
            }
        }
        return fixes
    }

    /// Conversions that only change the type, so removing them keeps the value's meaning.
    static let removableNumberConversions: Set<String> = ["parseInt", "parseFloat", "Number", "Number.parseInt", "Number.parseFloat", "BigInt", "unary +", "+"]
    /// String conversions of numbers whose result `Number(…)` turns back into the same number.
    static let numericStringConversions: Set<String> = ["toFixed", "toPrecision"]
    static let removableStringConversions: Set<String> = ["toString", "String"]

    static func displayName(ofConversion name: String) -> String {
        switch name {
        case "+", "unary +": "unary +"
        case "toString": ".toString()"
        default: name.hasSuffix(")") ? name : "\(name)()"
        }
    }

    private func conversionFix(_ conversion: ValueConversion, valueKind: ValueKind, columnLabel: String) -> CodeFix? {
        guard isInsideText(conversion.expressionRange), let correction = correction(of: conversion, valueKind: valueKind) else { return nil }
        let title: String
        switch correction.change {
        case .removed(let name): title = "Remove \(name): \(columnLabel)"
        case .rewrittenLiteral(let literal): title = "Write \(literal) as \(correction.replacement.hasPrefix("'") ? "the text" : "the number") \(correction.replacement): \(columnLabel)"
        case .wrapped(let wrapper): title = "Convert with \(wrapper)(): \(columnLabel)"
        }
        return makeFix(title, preferred: true, safe: correction.isSafe,
                       edits: [ByteRangeEdit(range: conversion.expressionRange, newText: correction.replacement)])
    }

    /// How a converted value is written so that the column it meets gets what it holds, with the
    /// value itself unchanged.
    struct ConversionCorrection {
        enum Change {
            /// The conversion only changed the type: it goes (`parseInt(x)` → `x`).
            case removed(conversion: String)
            /// A literal in the other type: `42` → `'42'`, `'42'` → `42`.
            case rewrittenLiteral(String)
            /// The conversion changes the value (`Math.round(x)`, `n.toFixed(2)`): it stays, and
            /// its result is converted to what the column holds.
            case wrapped(wrapper: String)
        }

        var change: Change
        /// The text that takes the conversion's place.
        var replacement: String
        /// Whether fix-all may apply it unattended.
        var isSafe: Bool
    }

    /// The correction of a conversion that contradicts its column, or `nil` when none keeps the
    /// value (`d.toISOString()` against an INTEGER column): then no fix is better than one that
    /// trades this finding for another.
    func correction(of conversion: ValueConversion, valueKind: ValueKind) -> ConversionCorrection? {
        guard isInsideText(conversion.expressionRange) else { return nil }
        if conversion.name == "literal" {
            return literalCorrection(conversion.expressionRange, valueKind: valueKind)
        }
        let removable = valueKind == .string ? Self.removableStringConversions : Self.removableNumberConversions
        if removable.contains(conversion.name), let operand = operandReplacingConversion(conversion, in: text) {
            // Dropping a number conversion leaves the string the TEXT column wants. Dropping a
            // string conversion leaves a value of unknown type (a boolean makes better-sqlite3
            // throw), so that one waits for a person.
            return ConversionCorrection(change: .removed(conversion: Self.displayName(ofConversion: conversion.name)),
                                        replacement: operand, isSafe: valueKind != .string)
        }
        let wrapper: String
        switch valueKind {
        case .number: wrapper = "String"
        case .string where Self.numericStringConversions.contains(conversion.name): wrapper = "Number"
        default: return nil
        }
        return ConversionCorrection(change: .wrapped(wrapper: wrapper), replacement: "\(wrapper)(\(text[conversion.expressionRange]))",
                                    isSafe: wrapper == "String")
    }

    /// `String(flag)` → `Number(flag)`: when the value is a boolean, dropping `String()` would
    /// hand the driver a boolean (better-sqlite3 rejects it); `Number()` stores `1`/`0`, and a
    /// number unchanged. Offered beside the removal, never applied unattended.
    private func numberInsteadOfStringFix(_ conversion: ValueConversion, valueKind: ValueKind, columnLabel: String) -> CodeFix? {
        guard valueKind == .string, Self.removableStringConversions.contains(conversion.name), isInsideText(conversion.operandRange),
            !conversion.operandRange.isEmpty
        else { return nil }
        let operand = text[conversion.operandRange].trimmingCharacters()
        guard !operand.isEmpty else { return nil }
        return makeFix(
            "Convert with Number() instead of \(Self.displayName(ofConversion: conversion.name)): \(columnLabel)", preferred: false, safe: false,
            edits: [ByteRangeEdit(range: conversion.expressionRange, newText: "Number(\(operand))")]
        )
    }

    /// A literal the code wrote in the other type: `42` for a TEXT column becomes `'42'`, `'42'`
    /// for an INTEGER column becomes `42` (only when the text is a plain number).
    private func literalCorrection(_ range: ByteRange, valueKind: ValueKind) -> ConversionCorrection? {
        let literal = text[range].trimmingCharacters()
        switch valueKind {
        case .number:
            guard !literal.isEmpty, literal.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" }) else { return nil }
            return ConversionCorrection(change: .rewrittenLiteral(literal), replacement: "'\(literal)'", isSafe: true)
        case .string:
            guard literal.count >= 3, let quote = literal.first, quote == "'" || quote == "\"", literal.last == quote else { return nil }
            let inner = String(literal.dropFirst().dropLast())
            guard !inner.isEmpty, inner.allSatisfy({ $0.isASCII && $0.isNumber }), !(inner.hasPrefix("0") && inner.count > 1) else { return nil }
            return ConversionCorrection(change: .rewrittenLiteral(literal), replacement: inner, isSafe: true)
        default:
            return nil
        }
    }

    private func changeColumnTypeFix(table: String, column: String, conversion: ValueConversion, valueKind: ValueKind) -> CodeFix? {
        // Only a configured database can be repaired; with migrations alone the schema is their text.
        guard context.schema.databaseDisplayName != nil || context.schema.declaredSchema != nil else { return nil }
        guard let tableSchema = context.schema.checkedSchema.table(named: table), tableSchema.kind == .table,
            let columnSchema = tableSchema.column(named: column)
        else { return nil }
        let newType: String
        switch valueKind {
        case .number: newType = conversion.name == "parseFloat" ? "REAL" : "INTEGER"
        case .string, .json: newType = "TEXT"
        default: return nil
        }
        guard TypeAffinity(declaredType: newType) != columnSchema.affinity else { return nil }
        let currentType = columnSchema.declaredType.isEmpty ? "no type" : columnSchema.declaredType
        let title = "Change column \(tableSchema.name).\(columnSchema.name) from \(currentType) to \(newType) (rebuilds table \(tableSchema.name) after a backup)"
        return makeRepairFix(title, step: RepairStepIdentifier.changeColumnType(table: tableSchema.name, column: columnSchema.name, to: newType))
    }

    private func declaredType(table: String, column: String) -> String? {
        guard let type = context.schema.checkedSchema.table(named: table)?.column(named: column)?.declaredType, !type.isEmpty else { return nil }
        return type
    }

    // MARK: raw-interpolation

    func rawInterpolationFixes() -> [CodeFix] {
        // Without a hint (a hole inside a longer SQL string, `'%${q}%'`) there is no simple fix.
        var candidates: [(hole: QueryHole, query: EmbeddedQuery, replacing: ByteRange)] = []
        for case .splicedValue(let holeSourceRange, _) in finding.fixHints {
            if let (hole, query) = splicedHole(within: holeSourceRange) { candidates.append((hole, query, holeSourceRange)) }
        }
        var fixes: [CodeFix] = []
        for (hole, query, replacing) in candidates {
            // When the value's conversion contradicts its column (spliced, or once bound), bind
            // what the column holds.
            let contradiction = contradictingConversion(inside: hole.sourceRange).map { found in
                (found.conversion, found.valueKind, "\(found.table).\(found.column) is \(declaredType(table: found.table, column: found.column) ?? found.affinity)")
            }
            if let fix = parameterizeFix(hole: hole, query: query, replacing: replacing, correcting: contradiction) {
                fixes.append(fix)
            }
        }
        return fixes
    }

    private func contradictingConversion(inside range: ByteRange) -> (conversion: ValueConversion, table: String, column: String, affinity: String, valueKind: ValueKind)? {
        let hints = finding.fixHints + context.findings.filter { $0.code == .typeMismatch }.flatMap(\.fixHints)
        for case .contradictingConversion(let conversion, let table, let column, let affinity, let valueKind) in hints
        where range.contains(conversion.expressionRange.lowerBound) && conversion.expressionRange.upperBound <= range.upperBound {
            return (conversion, table, column, affinity, valueKind)
        }
        return nil
    }

    /// The spliced hole inside `range`: the hole itself, or the SQL string literal it fills
    /// (`'${name}'`, whose quotes the binder's hint includes).
    private func splicedHole(within range: ByteRange) -> (QueryHole, EmbeddedQuery)? {
        for query in context.queries {
            for hole in query.holes where hole.role == .splicedText
                && range.lowerBound <= hole.sourceRange.lowerBound && hole.sourceRange.upperBound <= range.upperBound {
                return (hole, query)
            }
        }
        return nil
    }

    /// What a placeholder replaces for `hole`: the range of the binder's `raw-interpolation`
    /// hint for it; `nil` when the binder found it spliced inside a longer SQL string (no hint).
    /// Without any `raw-interpolation` finding, the hole itself, unless it sits inside a SQL
    /// string literal (binding it there would change the text around it).
    private func spliceRange(of hole: QueryHole, in query: EmbeddedQuery) -> ByteRange? {
        var sawFinding = false
        for other in context.findings where other.code == .rawInterpolation {
            for case .splicedValue(let holeSourceRange, _) in other.fixHints
            where holeSourceRange.lowerBound <= hole.sourceRange.lowerBound && hole.sourceRange.upperBound <= holeSourceRange.upperBound {
                return holeSourceRange
            }
            if other.range.lowerBound < hole.sourceRange.upperBound && hole.sourceRange.lowerBound < other.range.upperBound { sawFinding = true }
        }
        if sawFinding { return nil }
        return SQLPlaceholderScan(sql: query.sql).isInsideStringLiteral(hole.sqlRange) ? nil : hole.sourceRange
    }

    private func splicedHole(containing range: ByteRange) -> (QueryHole, EmbeddedQuery)? {
        for query in context.queries {
            for hole in query.holes where hole.role == .splicedText
                && hole.sourceRange.lowerBound <= range.lowerBound && range.upperBound <= hole.sourceRange.upperBound {
                return (hole, query)
            }
        }
        return nil
    }

    /// Binds the hole's value instead of splicing it. With `contradiction` (a conversion the
    /// column makes wrong, spliced or once bound), the bound value is corrected the way a bound
    /// value's fix would be; when nothing keeps its value, no fix (binding it as written would
    /// leave a type mismatch in place of the splice).
    private func parameterizeFix(
        hole: QueryHole, query: EmbeddedQuery, replacing: ByteRange,
        correcting contradiction: (conversion: ValueConversion, valueKind: ValueKind, columnLabel: String)?
    ) -> CodeFix? {
        guard isInsideText(hole.sourceRange), isInsideText(hole.value.expressionRange), isInsideText(replacing) else { return nil }
        var valueText = text[hole.value.expressionRange]
        var appliedCorrection: ConversionCorrection?
        if let (conversion, valueKind, _) = contradiction, hole.value.expressionRange.contains(conversion.expressionRange.lowerBound),
            conversion.expressionRange.upperBound <= hole.value.expressionRange.upperBound
        {
            guard let correction = correction(of: conversion, valueKind: valueKind) else { return nil }
            // The correction, in the place the conversion held within the value expression.
            let lower = hole.value.expressionRange.lowerBound
            let before = text[lower..<conversion.expressionRange.lowerBound]
            let after = text[conversion.expressionRange.upperBound..<hole.value.expressionRange.upperBound]
            valueText = before + correction.replacement + after
            appliedCorrection = correction
        }
        valueText = trimmed(valueText)
        guard !valueText.isEmpty else { return nil }
        let valueBytes = Array(valueText.utf8)
        if JavaScriptFixText(valueBytes).level(of: 0..<valueBytes.count) == .sequence { valueText = "(\(valueText))" }

        let parameters = ParameterInsertion(query: query, hole: hole, text: text)
        guard let insertion = parameters.insertion(ofValue: valueText) else { return nil }
        guard let placeholderEdits = placeholderEdits(hole: hole, replacing: replacing, placeholder: insertion.placeholder) else { return nil }
        let edits = placeholderEdits + insertion.edits
        let shownValue = Self.shortened(valueText)
        let title: String
        switch (appliedCorrection?.change, contradiction?.columnLabel) {
        case (.removed(let name)?, let columnLabel?):
            title = "Remove \(name) and bind \(shownValue) as a parameter: \(columnLabel)"
        case (_?, let columnLabel?):
            title = "Bind \(shownValue) as a parameter: \(columnLabel)"
        default:
            title = "Bind \(shownValue) as a parameter instead of splicing it into the SQL"
        }
        return makeFix(title, preferred: true, safe: appliedCorrection?.isSafe ?? true, edits: edits)
    }

    /// The edits that put `placeholder` where the hole's value was spliced: the whole `${…}` of
    /// a template, or the operand of a concatenation together with its `+`, merged into the
    /// neighbouring string literal.
    private func placeholderEdits(hole: QueryHole, replacing: ByteRange, placeholder: String) -> [ByteRangeEdit]? {
        let range = hole.sourceRange
        if replacing != range || text[range].hasPrefix("${") {
            // A whole `${…}`, or the SQL string literal a hole fills, quotes included.
            return [ByteRangeEdit(range: replacing, newText: placeholder)]
        }
        let quotes: Set<UInt8> = [UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "`")]
        // Left: `'… = ' + value`.
        var leftQuote: Int?
        if let plus = text.previousSignificantOffset(before: range.lowerBound), text.bytes[plus] == UInt8(ascii: "+"),
            let quote = text.previousSignificantOffset(before: plus), quotes.contains(text.bytes[quote])
        {
            leftQuote = quote
        }
        // Right: `value + ' AND …'`.
        var rightQuote: Int?
        let plusAfter = text.nextSignificantOffset(from: range.upperBound)
        if text.byte(at: plusAfter) == UInt8(ascii: "+"), text.byte(at: plusAfter + 1) != UInt8(ascii: "+"), text.byte(at: plusAfter + 1) != UInt8(ascii: "=") {
            let quote = text.nextSignificantOffset(from: plusAfter + 1)
            if let byte = text.byte(at: quote), quotes.contains(byte) { rightQuote = quote }
        }
        switch (leftQuote, rightQuote) {
        case (let left?, let right?) where text.bytes[left] == text.bytes[right]:
            return [ByteRangeEdit(range: left..<(right + 1), newText: placeholder)]
        case (let left?, _):
            return [ByteRangeEdit(range: left..<range.upperBound, newText: placeholder + String(UnicodeScalar(text.bytes[left])))]
        case (nil, let right?):
            return [ByteRangeEdit(range: range.lowerBound..<(right + 1), newText: String(UnicodeScalar(text.bytes[right])) + placeholder)]
        default:
            return nil
        }
    }

    // MARK: missing-table / missing-column

    func missingNameFixes() -> [CodeFix] {
        var fixes: [CodeFix] = []
        for hint in finding.fixHints {
            switch hint {
            case .replaceName(let suggestions):
                guard isInsideText(finding.range), !finding.range.isEmpty else { continue }
                let original = text[finding.range]
                let limited = Array(suggestions.prefix(3))
                for suggestion in limited where suggestion != original {
                    let replacement = Self.replacingName(in: original, with: suggestion)
                    fixes.append(makeFix(
                        "Replace '\(Self.unquoted(original))' with '\(suggestion)'", preferred: limited.count == 1, safe: false,
                        edits: [ByteRangeEdit(range: finding.range, newText: replacement)]
                    ))
                }
            case .missingTable(let table):
                guard let declared = context.schema.declaredSchema?.table(named: table), declared.kind == .table || declared.kind == .virtualTable else { continue }
                let source = (declared.declaredAt ?? finding.related.first?.location).map { " (from \($0))" } ?? ""
                fixes.append(makeRepairFix("Create table \(declared.name)\(source)", step: RepairStepIdentifier.createTable(declared.name)))
            case .missingColumn(let table, let column):
                guard let declaredTable = context.schema.declaredSchema?.table(named: table),
                    let declaredColumn = declaredTable.column(named: column)
                else { continue }
                let type = declaredColumn.declaredType.isEmpty ? "" : " \(declaredColumn.declaredType)"
                let source = (declaredColumn.declaredAt ?? declaredTable.declaredAt ?? finding.related.first?.location).map { " (from \($0))" } ?? ""
                fixes.append(makeRepairFix(
                    "Add column \(declaredTable.name).\(declaredColumn.name)\(type)\(source)",
                    step: RepairStepIdentifier.addColumn(table: declaredTable.name, column: declaredColumn.name)
                ))
            default:
                continue
            }
        }
        return fixes
    }

    /// `suggestion` in the quoting style of `original` (`"emial"` → `"email"`, `[x]` → `[y]`); a
    /// name that needs quoting gets SQLite's `[…]`, which never clashes with the JS string's quotes.
    static func replacingName(in original: String, with suggestion: String) -> String {
        let pairs: [(Character, Character)] = [("\"", "\""), ("`", "`"), ("[", "]")]
        for (open, close) in pairs where original.count >= 2 && original.first == open && original.last == close {
            return "\(open)\(suggestion)\(close)"
        }
        return isPlainSQLName(suggestion) ? suggestion : "[\(suggestion)]"
    }

    static func unquoted(_ name: String) -> String {
        guard name.count >= 2, let first = name.first, "\"`[".contains(first) else { return name }
        return String(name.dropFirst().dropLast())
    }

    static func isPlainSQLName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
    }

    static func shortened(_ text: String) -> String {
        let oneLine = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters() }.joined(separator: " ")
        return oneLine.count > 40 ? String(oneLine.prefix(37)) + "…" : oneLine
    }

    private func trimmed(_ value: String) -> String { value.trimmingCharacters() }
}

/// The operand of `conversion` as it must be written in the conversion's place: parenthesized
/// when the context binds tighter than the operand (`parseInt(a + b) * 2` → `(a + b) * 2`), or
/// when dropping a sign would merge two into one (`-+-x` → `-(-x)`).
func operandReplacingConversion(_ conversion: ValueConversion, in text: JavaScriptFixText) -> String? {
    let whole = conversion.expressionRange
    let operand = conversion.operandRange
    guard whole.lowerBound >= 0, whole.upperBound <= text.bytes.count,
        operand.lowerBound >= whole.lowerBound, operand.upperBound <= whole.upperBound, !operand.isEmpty
    else { return nil }
    let operandText = text[operand].trimmingCharacters()
    guard !operandText.isEmpty else { return nil }
    let level = text.level(of: operand)
    return text.needsParentheses(level, replacementText: operandText, at: whole) ? "(\(operandText))" : operandText
}

extension StringProtocol {
    /// Without leading and trailing ASCII whitespace (the analysis core avoids Foundation).
    func trimmingCharacters() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        var result = ""
        result.unicodeScalars.append(contentsOf: scalars[first...last])
        return result
    }
}
