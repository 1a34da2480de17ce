/// "Did you mean" candidates by Damerau–Levenshtein distance (optimal string alignment: an
/// adjacent transposition such as `emial`/`email` costs 1), compared ASCII case-insensitively.
public enum NameSuggestions {
    /// The candidates close enough to `name`, closest first, at most `limit`. "Close enough"
    /// grows with the name: 1 edit for names up to 4 characters, 2 up to 8, then 3; a candidate
    /// that differs from the name only in case is not a suggestion (SQLite would have found it).
    public static func suggestions(for name: String, among candidates: [String], limit: Int = 3) -> [String] {
        let key = Array(name.lowercased().unicodeScalars)
        guard !key.isEmpty else { return [] }
        let threshold = key.count <= 4 ? 1 : (key.count <= 8 ? 2 : 3)
        var scored: [(distance: Int, name: String)] = []
        var seen: Set<String> = []
        for candidate in candidates {
            let lowered = candidate.lowercased()
            guard !seen.contains(lowered), lowered != name.lowercased() else { continue }
            seen.insert(lowered)
            let other = Array(lowered.unicodeScalars)
            guard abs(other.count - key.count) <= threshold else { continue }
            let distance = optimalStringAlignmentDistance(key, other, cutoff: threshold)
            if distance <= threshold && distance < max(key.count, other.count) {
                scored.append((distance, candidate))
            }
        }
        scored.sort { ($0.distance, $0.name) < ($1.distance, $1.name) }
        return scored.prefix(limit).map(\.name)
    }

    /// Edit distance with insertions, deletions, substitutions and adjacent transpositions.
    /// Returns `cutoff + 1` early once every path is longer than `cutoff`.
    static func optimalStringAlignmentDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], cutoff: Int = .max) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMinimum = current[0]
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    value = min(value, previousPrevious[j - 2] + 1)
                }
                current[j] = value
                rowMinimum = min(rowMinimum, value)
            }
            if rowMinimum > cutoff { return cutoff == .max ? rowMinimum : cutoff + 1 }
            previousPrevious = previous
            previous = current
        }
        return previous[b.count]
    }
}
