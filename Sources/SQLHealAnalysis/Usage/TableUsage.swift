/// How the code uses one table: which columns, how often, and what the code says about their types.
/// Collected by ``TableUsageCollector``; the repair infers a missing table's definition from it.
public struct TableUsage: Sendable, Hashable {
    public var name: String
    /// How many statements name the table.
    public var useCount: Int
    /// In order of first appearance.
    public var columns: [ColumnUsage]

    public init(name: String, useCount: Int = 0, columns: [ColumnUsage] = []) {
        self.name = name
        self.useCount = useCount
        self.columns = columns
    }

    public func column(named name: String) -> ColumnUsage? {
        let key = name.lowercased()
        return columns.first { $0.name.lowercased() == key }
    }
}

public struct ColumnUsage: Sendable, Hashable {
    public var name: String
    /// How many times a statement names the column.
    public var useCount: Int
    public var typeEvidence: [TypeEvidence]

    public init(name: String, useCount: Int = 0, typeEvidence: [TypeEvidence] = []) {
        self.name = name
        self.useCount = useCount
        self.typeEvidence = typeEvidence
    }

    /// The declared type to give the column: the most frequent type among the strongest
    /// evidence (values bound or written, then comparisons with typed columns), then the name
    /// (`*_id`/`id` INTEGER, `*_at` TEXT); `nil` when nothing says (the column gets no type,
    /// which stores every value as given). A tie between different types also gives `nil`.
    public var inferredType: String? {
        for strength in [TypeEvidence.Strength.value, .comparedColumn] {
            var counts: [String: Int] = [:]
            for evidence in typeEvidence where evidence.strength == strength { counts[evidence.type, default: 0] += 1 }
            let ranked = counts.sorted { ($0.value, $0.key) > ($1.value, $1.key) }
            if let best = ranked.first {
                if ranked.count > 1, ranked[1].value == best.value { return nil }
                return best.key
            }
        }
        let lowered = name.lowercased()
        if lowered == "id" || lowered.hasSuffix("_id") { return "INTEGER" }
        if lowered.hasSuffix("_at") { return "TEXT" }
        return nil
    }
}

/// One hint about a column's type found in the code.
public struct TypeEvidence: Sendable, Hashable {
    public enum Strength: Int, Sendable, Hashable, Comparable {
        /// Compared with (or joined to) a column whose type the schema knows.
        case comparedColumn = 1
        /// A bound value, a conversion (`parseInt(x)`, `String(x)`) or a literal meeting the column.
        case value = 2

        public static func < (lhs: Strength, rhs: Strength) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// `INTEGER`, `REAL`, `TEXT`, `BLOB`, or a column's declared type.
    public var type: String
    public var strength: Strength

    public init(type: String, strength: Strength) {
        self.type = type
        self.strength = strength
    }
}
