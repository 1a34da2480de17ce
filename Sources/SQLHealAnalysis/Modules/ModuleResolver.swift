/// How bare specifiers map to files: tsconfig.json's `baseUrl` and `paths` (read by
/// SQLHealWorkspace; the core only applies them).
public struct ModuleResolutionSettings: Sendable, Hashable {
    /// Absolute folder that `baseUrl`-relative specifiers start from.
    public var baseURL: String?
    /// `"@app/*": ["src/app/*"]`, targets already absolute; in the order written.
    public var paths: [PathAlias]

    public struct PathAlias: Sendable, Hashable {
        public var pattern: String
        public var targets: [String]

        public init(pattern: String, targets: [String]) {
            self.pattern = pattern
            self.targets = targets
        }
    }

    public init(baseURL: String? = nil, paths: [PathAlias] = []) {
        self.baseURL = baseURL
        self.paths = paths
    }

    public static let none = ModuleResolutionSettings()
}

/// Turns an import specifier into one of the project's files, on paths alone (no IO: the files
/// that exist are the ones the index holds). Relative specifiers, `index` files, extensions left
/// out or written as `.js` for a `.ts` source, and tsconfig `paths`/`baseUrl` aliases.
/// Packages (`node_modules`) resolve to nothing.
struct ModuleResolver: Sendable {
    var settings: ModuleResolutionSettings

    static let sourceExtensions = [".ts", ".tsx", ".js", ".jsx", ".mts", ".cts", ".mjs", ".cjs"]
    /// A JS extension written in a specifier may name a TS source (`./x.js` → `x.ts`).
    static let compiledExtensions: [(written: String, sources: [String])] = [
        (".js", [".ts", ".tsx"]), (".jsx", [".tsx"]), (".mjs", [".mts"]), (".cjs", [".cts"]),
    ]

    /// `directoryHoldsFiles`: whether a folder holds any file `exists` could accept, so that
    /// the names tried in a folder without any are not even built (a scan resolves every import
    /// of every file, most of them to nothing of the project).
    func resolve(_ specifier: String, from importer: String, directoryHoldsFiles: (String) -> Bool = { _ in true }, exists: (String) -> Bool) -> String? {
        for base in bases(of: specifier, from: importer) {
            if let file = file(at: base, directoryHoldsFiles: directoryHoldsFiles, exists: exists) { return file }
        }
        return nil
    }

    /// The absolute paths the specifier may mean, before extensions are tried.
    private func bases(of specifier: String, from importer: String) -> [String] {
        if specifier.hasPrefix("./") || specifier.hasPrefix("../") || specifier == "." || specifier == ".." {
            return [Self.normalize(Self.directory(of: importer) + "/" + specifier)]
        }
        if specifier.hasPrefix("/") { return [Self.normalize(specifier)] }
        var result: [String] = []
        for alias in settings.paths {
            if let star = alias.pattern.firstIndex(of: "*") {
                let prefix = String(alias.pattern[..<star])
                let suffix = String(alias.pattern[alias.pattern.index(after: star)...])
                guard specifier.hasPrefix(prefix), specifier.hasSuffix(suffix), specifier.count >= prefix.count + suffix.count else { continue }
                let matched = String(specifier.dropFirst(prefix.count).dropLast(suffix.count))
                result += alias.targets.map { Self.normalize($0.replacingFirstStar(with: matched)) }
            } else if alias.pattern == specifier {
                result += alias.targets.map(Self.normalize)
            }
        }
        if let baseURL = settings.baseURL { result.append(Self.normalize(baseURL + "/" + specifier)) }
        return result
    }

    private func file(at base: String, directoryHoldsFiles: (String) -> Bool, exists: (String) -> Bool) -> String? {
        if directoryHoldsFiles(Self.directory(of: base)) {
            if let file = fileBeside(base, exists: exists) { return file }
        }
        guard directoryHoldsFiles(base) else { return nil }
        for fileExtension in Self.sourceExtensions where exists(base + "/index" + fileExtension) { return base + "/index" + fileExtension }
        return nil
    }

    /// `base` itself, or with an extension, in its folder.
    private func fileBeside(_ base: String, exists: (String) -> Bool) -> String? {
        for (written, sources) in Self.compiledExtensions where base.hasSuffix(written) {
            let stem = String(base.dropLast(written.count))
            for source in sources where exists(stem + source) { return stem + source }
        }
        if Self.sourceExtensions.contains(where: { base.hasSuffix($0) }), exists(base) { return base }
        for fileExtension in Self.sourceExtensions where exists(base + fileExtension) { return base + fileExtension }
        return nil
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// `/a/b/../c/./d` → `/a/c/d`.
    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." { parts.removeLast(); continue }
            parts.append(part)
        }
        return (path.hasPrefix("/") ? "/" : "") + parts.joined(separator: "/")
    }
}

private extension String {
    func replacingFirstStar(with replacement: String) -> String {
        guard let star = firstIndex(of: "*") else { return self }
        return String(self[..<star]) + replacement + String(self[index(after: star)...])
    }
}
