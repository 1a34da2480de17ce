/// A path pattern as `sqlheal.json`'s `include` and `exclude` take it, matched against paths
/// relative to the project root with `/` separators.
///
/// - `*` matches any run of characters inside one path segment, `?` one character;
/// - `**` as a whole segment matches zero or more segments (`**/*.ts` matches `a.ts` and `x/y/a.ts`);
/// - `{a,b}` matches either alternative (alternatives may nest and may hold `/`);
/// - `[abc]`, `[a-z]` and `[!abc]` match one character of (or not of) a set;
/// - `\` escapes the next character.
///
/// Matching is linear in practice: alternatives are expanded once at compile time (at most
/// ``maximumAlternatives``) and segments are matched with a memoised walk, so no pattern can make
/// discovery hang.
public struct GlobPattern: Sendable, Hashable, CustomStringConvertible {
    public static let maximumAlternatives = 512

    /// The pattern as written.
    public let source: String
    /// Each brace alternative, split into segments.
    let alternatives: [[String]]
    /// The same, as the scalars matching compares (made once, not per path: discovery matches
    /// every file of the tree against every pattern).
    let compiledAlternatives: [[[Unicode.Scalar]]]

    public init(_ source: String, expandsBraces: Bool = true) {
        self.source = source
        var text = source
        while text.hasPrefix("./") { text.removeFirst(2) }
        if text.hasPrefix("/") { text.removeFirst() }
        let expanded = expandsBraces ? GlobPattern.expandBraces(Array(text), limit: GlobPattern.maximumAlternatives).map { String($0) } : [text]
        self.alternatives = expanded.map { alternative in
            alternative.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        }
        self.compiledAlternatives = alternatives.map { $0.map { Array($0.unicodeScalars) } }
    }

    /// `relativePath` as the segments ``matches(segments:)`` takes: split once, matched against many patterns.
    static func segments(of relativePath: String) -> [[Unicode.Scalar]] {
        relativePath.split(separator: "/", omittingEmptySubsequences: true).map { Array($0.unicodeScalars) }
    }

    public static func == (lhs: GlobPattern, rhs: GlobPattern) -> Bool { lhs.source == rhs.source }
    public func hash(into hasher: inout Hasher) { hasher.combine(source) }

    public var description: String { source }

    /// True when `relativePath` (`src/db/users.ts`) matches.
    public func matches(_ relativePath: String) -> Bool {
        matches(segments: Self.segments(of: relativePath))
    }

    func matches(segments: [[Unicode.Scalar]]) -> Bool {
        compiledAlternatives.contains { GlobPattern.match(patternSegments: $0, pathSegments: segments) }
    }

    /// True when every path below the directory `relativeDirectory` matches, so a walk can skip
    /// the directory without looking inside (`dist/**` for `dist`).
    public func matchesEverythingInside(_ relativeDirectory: String) -> Bool {
        let segments = relativeDirectory.split(separator: "/", omittingEmptySubsequences: true).map { Array($0.unicodeScalars) }
        return alternatives.contains { alternative in
            guard alternative.last == "**" else { return false }
            let prefix = alternative.dropLast().map { Array($0.unicodeScalars) }
            return GlobPattern.match(patternSegments: Array(prefix), pathSegments: segments)
        }
    }

    // MARK: - Matching

    static func match(patternSegments: [[Unicode.Scalar]], pathSegments: [[Unicode.Scalar]]) -> Bool {
        let globstar: [Unicode.Scalar] = ["*", "*"]
        // reachable[p][s]: pattern segments p... can match path segments s...
        var memo = [Int8](repeating: -1, count: (patternSegments.count + 1) * (pathSegments.count + 1))
        func solve(_ p: Int, _ s: Int) -> Bool {
            let key = p * (pathSegments.count + 1) + s
            if memo[key] >= 0 { return memo[key] == 1 }
            let result: Bool
            if p == patternSegments.count {
                result = s == pathSegments.count
            } else if patternSegments[p] == globstar {
                result = solve(p + 1, s) || (s < pathSegments.count && solve(p, s + 1))
            } else {
                result = s < pathSegments.count && matchSegment(patternSegments[p], pathSegments[s]) && solve(p + 1, s + 1)
            }
            memo[key] = result ? 1 : 0
            return result
        }
        return solve(0, 0)
    }

    /// Wildcard matching inside one segment, with the classic single-backtrack algorithm
    /// (linear for `*`; `**` inside a segment counts as `*`).
    static func matchSegment(_ pattern: [Unicode.Scalar], _ text: [Unicode.Scalar]) -> Bool {
        var p = 0
        var t = 0
        var starPattern = -1
        var starText = 0
        while t < text.count {
            if p < pattern.count {
                let character = pattern[p]
                if character == "*" {
                    while p < pattern.count, pattern[p] == "*" { p += 1 }
                    starPattern = p
                    starText = t
                    continue
                }
                if character == "?" {
                    p += 1
                    t += 1
                    continue
                }
                if character == "[", let (matched, next) = matchClass(pattern, from: p, character: text[t]) {
                    if matched {
                        p = next
                        t += 1
                        continue
                    }
                } else {
                    var literal = character
                    var next = p + 1
                    if character == "\\", p + 1 < pattern.count {
                        literal = pattern[p + 1]
                        next = p + 2
                    }
                    if literal == text[t] {
                        p = next
                        t += 1
                        continue
                    }
                }
            }
            if starPattern >= 0 {
                starText += 1
                t = starText
                p = starPattern
                continue
            }
            return false
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }

    /// Matches `character` against the class starting at `pattern[start] == "["`. Returns `nil`
    /// when the bracket is not closed (it is then a literal `[`).
    static func matchClass(_ pattern: [Unicode.Scalar], from start: Int, character: Unicode.Scalar) -> (Bool, Int)? {
        var index = start + 1
        var negated = false
        if index < pattern.count, pattern[index] == "!" || pattern[index] == "^" {
            negated = true
            index += 1
        }
        var matched = false
        var first = true
        while index < pattern.count {
            var low = pattern[index]
            if low == "]", !first {
                return (matched != negated, index + 1)
            }
            first = false
            if low == "\\", index + 1 < pattern.count {
                index += 1
                low = pattern[index]
            }
            if index + 2 < pattern.count, pattern[index + 1] == "-", pattern[index + 2] != "]" {
                let high = pattern[index + 2]
                if low.value <= character.value, character.value <= high.value { matched = true }
                index += 3
            } else {
                if low == character { matched = true }
                index += 1
            }
        }
        return nil
    }

    /// `a{b,c{d,e}}f` → `abf`, `acdf`, `acef`. An unbalanced brace is kept literally.
    static func expandBraces(_ pattern: [Character], limit: Int) -> [[Character]] {
        // Find the first top-level `{` with a matching `}` and at least one top-level comma.
        var index = 0
        while index < pattern.count {
            if pattern[index] == "\\" {
                index += 2
                continue
            }
            if pattern[index] == "{" {
                var depth = 0
                var commas: [Int] = []
                var close: Int?
                var scan = index
                while scan < pattern.count {
                    let character = pattern[scan]
                    if character == "\\" {
                        scan += 2
                        continue
                    }
                    if character == "{" { depth += 1 }
                    if character == "}" {
                        depth -= 1
                        if depth == 0 {
                            close = scan
                            break
                        }
                    }
                    if character == ",", depth == 1 { commas.append(scan) }
                    scan += 1
                }
                if let close, !commas.isEmpty {
                    let prefix = Array(pattern[..<index])
                    let suffix = Array(pattern[(close + 1)...])
                    var bounds = [index]
                    bounds.append(contentsOf: commas)
                    bounds.append(close)
                    var results: [[Character]] = []
                    for partIndex in 0..<(bounds.count - 1) {
                        // Stop before recursing, or every level would expand both halves.
                        guard results.count < limit else { return results }
                        let part = Array(pattern[(bounds[partIndex] + 1)..<bounds[partIndex + 1]])
                        for expansion in expandBraces(prefix + part + suffix, limit: limit) {
                            guard results.count < limit else { return results }
                            results.append(expansion)
                        }
                    }
                    return results
                }
            }
            index += 1
        }
        return [pattern]
    }
}
