import SQLHealAnalysis

/// The SQL that converts a column's values to a new type, and the predicate that says which
/// values survive the conversion exactly. `CAST` changes values silently (`'abc'`→0, `''`→0,
/// `'12abc'`→12, `'3.9'`→3, `'1e3'`→1, a 20-digit number → the largest integer, `'042'`→42,
/// `' 42'`→42), so a value counts as preserved only when converting it back gives the very same
/// text (or number).
struct ConversionSQL: Sendable {
    /// `INTEGER`, `REAL`, `TEXT`, `NUMERIC`; `nil` when values are stored as they are (no type,
    /// BLOB, or `ANY` in a STRICT table).
    let castTarget: String?

    init(newDeclaredType: String, isStrictTable: Bool) {
        let upper = newDeclaredType.trimmingCharacters(in: .whitespaces).uppercased()
        if isStrictTable && upper == "ANY" {
            castTarget = nil
            return
        }
        switch TypeAffinity(declaredType: newDeclaredType) {
        case .integer: castTarget = "INTEGER"
        case .real: castTarget = "REAL"
        case .text: castTarget = "TEXT"
        case .numeric: castTarget = "NUMERIC"
        case .blob: castTarget = nil
        }
    }

    /// The converted value of `column` (a quoted identifier).
    func converted(_ column: String) -> String {
        guard let castTarget else { return column }
        return "CAST(\(column) AS \(castTarget))"
    }

    /// True (in SQL) for values the conversion keeps exactly.
    func isPreserved(_ x: String) -> String {
        let asText = "CAST(\(x) AS TEXT) COLLATE BINARY"
        switch castTarget {
        case nil:
            return "1"
        case "INTEGER":
            return "(\(x) IS NULL OR typeof(\(x)) = 'integer'"
                + " OR (typeof(\(x)) = 'real' AND \(x) = CAST(\(x) AS INTEGER) AND abs(\(x)) < 9.2e18)"
                + " OR (typeof(\(x)) = 'text' AND CAST(CAST(\(x) AS INTEGER) AS TEXT) = \(asText)))"
        case "REAL":
            return "(\(x) IS NULL OR typeof(\(x)) = 'real'"
                + " OR (typeof(\(x)) = 'integer' AND abs(\(x)) <= 9007199254740992)"
                + " OR (typeof(\(x)) = 'text' AND (CAST(CAST(\(x) AS REAL) AS TEXT) = \(asText)"
                + " OR (CAST(CAST(\(x) AS INTEGER) AS TEXT) = \(asText) AND abs(CAST(\(x) AS INTEGER)) <= 9007199254740992))))"
        case "TEXT":
            return "(\(x) IS NULL OR typeof(\(x)) IN ('text', 'integer')"
                + " OR (typeof(\(x)) = 'real' AND CAST(CAST(\(x) AS TEXT) AS REAL) = \(x)))"
        default:  // NUMERIC
            return "(\(x) IS NULL OR typeof(\(x)) IN ('integer', 'real')"
                + " OR (typeof(\(x)) = 'text' AND CAST(CAST(\(x) AS NUMERIC) AS TEXT) = \(asText)))"
        }
    }

    /// The copy expression under a policy.
    func copyExpression(_ column: String, policy: ConversionPolicy) -> String {
        guard castTarget != nil else { return column }
        switch policy {
        case .refuse, .cast: return converted(column)
        case .null: return "CASE WHEN \(isPreserved(column)) THEN \(converted(column)) END"
        }
    }
}
