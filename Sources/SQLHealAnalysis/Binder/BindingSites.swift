/// What the binding rules ask about a placeholder's surroundings beyond its column, answered
/// from the query's syntax tree: the string literal a hole sits in, whether its statement is a
/// schema statement, whether it stands where a value goes, whether it is alone in an `IN (…)`.
struct BindingSites {
    let tree: SQLSyntaxTree
    /// Significant tokens, for the lexical questions (a hole inside a literal, a name glued on).
    private let tokens: [SQLToken]
    /// Start offsets of placeholders that stand where a value goes although they meet no column:
    /// the right operand of a comparison or arithmetic (`lower(name) = ${x}`, `n + ${k}`), a
    /// `BETWEEN` bound, a `THEN`/`ELSE` result, a signed value.
    private var valuePositions: Set<Int> = []
    /// Start offsets of placeholders alone in an `IN (…)` list.
    private var soleListElements: Set<Int> = []

    private static let valueOperators: Set<String> = [
        "=", "==", "!=", "<>", "<", ">", "<=", ">=", "+", "-", "*", "/", "%", "||",
        "IS", "IS NOT", "IS DISTINCT FROM", "IS NOT DISTINCT FROM", "LIKE", "NOT LIKE", "GLOB", "NOT GLOB",
    ]

    init(tree: SQLSyntaxTree) {
        self.tree = tree
        self.tokens = tree.sql.significantTokens
        for statement in tree.statements {
            for expression in statement.contents.expressions {
                switch expression.kind {
                case .binary(let op, _, let right) where Self.valueOperators.contains(op):
                    notePlaceholder(right, in: &valuePositions)
                case .unary(let op, let operand) where op == "-" || op == "+":
                    notePlaceholder(operand, in: &valuePositions)
                case .between(_, let lower, _, _):
                    notePlaceholder(lower, in: &valuePositions)
                case .caseWhen(_, let branches, let otherwise):
                    for branch in branches { notePlaceholder(branch.result, in: &valuePositions) }
                    if let otherwise { notePlaceholder(otherwise, in: &valuePositions) }
                case .inList(_, let items, _) where items.count == 1:
                    notePlaceholder(items[0], in: &soleListElements)
                default:
                    break
                }
            }
        }
    }

    private func notePlaceholder(_ expression: SQLExpression, in set: inout Set<Int>) {
        if case .parameter = expression.kind { set.insert(expression.range.lowerBound) }
    }

    /// The `'…'` string literal that holds `sqlRange` strictly inside its quotes.
    func stringToken(containing sqlRange: ByteRange) -> SQLToken? {
        guard let index = firstToken(endingAfter: sqlRange.lowerBound) else { return nil }
        let token = tokens[index]
        guard token.kind == .string || token.kind == .illegal, tree.sql.bytes.indices.contains(token.range.lowerBound),
              tree.sql.bytes[token.range.lowerBound] == UInt8(ascii: "'"),
              token.range.lowerBound < sqlRange.lowerBound, sqlRange.upperBound <= token.range.upperBound else { return nil }
        return token
    }

    /// True for statements whose literals are names or DDL text, not values: CREATE, ALTER,
    /// DROP, PRAGMA, ATTACH, DETACH, VACUUM.
    func isSchemaStatement(at offset: Int) -> Bool {
        guard let statement = tree.statements.last(where: { $0.range.lowerBound <= offset }) else { return false }
        switch statement.kind {
        case .createTable, .createView, .createIndex, .createTrigger, .alterTable, .drop, .attach:
            return true
        case .other:
            return ["PRAGMA", "DETACH", "VACUUM", "CREATE"].contains(tree.sql.text(in: statement.firstKeywordRange).uppercased())
        case .select, .insert, .update, .delete:
            return false
        }
    }

    /// `IN (?)` with nothing else in the list.
    func isSoleListElement(sqlRange: ByteRange) -> Bool {
        soleListElements.contains(sqlRange.lowerBound)
    }

    /// A placeholder that met no column but still stands where a value goes (see
    /// ``valuePositions``), and is not the first part of a name or a call (`${t}.id`, `${f}(x)`).
    func isValuePosition(sqlRange: ByteRange) -> Bool {
        guard valuePositions.contains(sqlRange.lowerBound) else { return false }
        guard let index = firstToken(endingAfter: sqlRange.lowerBound), index + 1 < tokens.count else { return true }
        let next = tree.sql.text(of: tokens[index + 1])
        return next != "." && next != "("
    }

    /// Index of the first significant token ending after `offset` (binary search).
    private func firstToken(endingAfter offset: Int) -> Int? {
        var low = 0
        var high = tokens.count
        while low < high {
            let middle = (low + high) / 2
            if tokens[middle].range.upperBound <= offset { low = middle + 1 } else { high = middle }
        }
        return low < tokens.count ? low : nil
    }
}
