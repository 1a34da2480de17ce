/// The rules of one `.gitignore` file, with git's semantics (gitignore(5)):
///
/// - blank lines and `#` comments are skipped; `\#` and `\!` escape; trailing spaces are
///   dropped unless escaped;
/// - `!pattern` re-includes what an earlier rule excluded (but not inside an excluded directory:
///   the walk never enters it, exactly as git);
/// - a trailing `/` matches directories only;
/// - a pattern with a `/` at its start or middle is anchored to the `.gitignore`'s folder; one
///   without matches a name at any depth below it;
/// - `*`, `?`, `[…]` and `**` as in ``GlobPattern`` (no braces: git has none).
///
/// The last matching rule decides, as in git.
public struct GitIgnoreRules: Sendable, Hashable {
    struct Rule: Sendable, Hashable {
        var pattern: GlobPattern
        var isNegated: Bool
        var directoryOnly: Bool
    }

    /// The folder holding the `.gitignore`, relative to the root (`""` for the root itself).
    public let baseDirectory: String
    let rules: [Rule]

    public init(text: String, baseDirectory: String) {
        self.baseDirectory = baseDirectory
        var rules: [Rule] = []
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            var line = Substring(rawLine)
            if line.hasSuffix("\r") { line = line.dropLast() }
            // Trailing spaces are ignored unless quoted with a backslash.
            while line.hasSuffix(" "), !line.hasSuffix("\\ ") { line = line.dropLast() }
            if line.isEmpty || line.hasPrefix("#") { continue }
            var negated = false
            if line.hasPrefix("!") {
                negated = true
                line = line.dropFirst()
            } else if line.hasPrefix("\\!") || line.hasPrefix("\\#") {
                line = line.dropFirst()
            }
            var directoryOnly = false
            if line.hasSuffix("/"), !line.hasSuffix("\\/") {
                directoryOnly = true
                while line.hasSuffix("/") { line = line.dropLast() }
            }
            if line.isEmpty { continue }
            let anchored = line.dropLast().contains("/")
            var pattern = String(line)
            if pattern.hasPrefix("/") { pattern.removeFirst() }
            if !anchored { pattern = "**/" + pattern }
            rules.append(Rule(pattern: GlobPattern(pattern, expandsBraces: false), isNegated: negated, directoryOnly: directoryOnly))
        }
        self.rules = rules
    }

    public var isEmpty: Bool { rules.isEmpty }

    /// `true` ignored, `false` explicitly re-included, `nil` when no rule here speaks of the path.
    /// `relativePath` is relative to the root; paths outside ``baseDirectory`` get `nil`.
    public func decision(for relativePath: String, isDirectory: Bool) -> Bool? {
        let local: Substring
        if baseDirectory.isEmpty {
            local = Substring(relativePath)
        } else if relativePath.hasPrefix(baseDirectory + "/") {
            local = relativePath.dropFirst(baseDirectory.count + 1)
        } else {
            return nil
        }
        let segments = local.split(separator: "/", omittingEmptySubsequences: true).map { Array($0.unicodeScalars) }
        for rule in rules.reversed() {
            if rule.directoryOnly, !isDirectory { continue }
            if rule.pattern.matches(segments: segments) { return !rule.isNegated }
        }
        return nil
    }
}

/// The `.gitignore` files in effect for one folder: its own plus its ancestors' up to the root.
/// The deepest file that speaks of a path decides, as in git.
public struct GitIgnoreStack: Sendable {
    public private(set) var levels: [GitIgnoreRules]

    public init(levels: [GitIgnoreRules] = []) {
        self.levels = levels
    }

    public func pushing(_ rules: GitIgnoreRules?) -> GitIgnoreStack {
        guard let rules, !rules.isEmpty else { return self }
        return GitIgnoreStack(levels: levels + [rules])
    }

    public func isIgnored(_ relativePath: String, isDirectory: Bool) -> Bool {
        for level in levels.reversed() {
            if let decision = level.decision(for: relativePath, isDirectory: isDirectory) { return decision }
        }
        return false
    }
}
