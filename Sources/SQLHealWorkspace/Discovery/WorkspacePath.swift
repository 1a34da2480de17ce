#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Path arithmetic on `/`-separated absolute paths, without touching the file system (except
/// ``currentDirectory``). Kept free of Foundation so it is cheap and behaves the same everywhere.
public enum WorkspacePath {
    /// `a/b/../c/./d/` → `a/c/d`; relative paths are made absolute against the current directory.
    public static func standardize(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : join(currentDirectory, path)
        var parts: [Substring] = []
        for part in absolute.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// `base` joined with `relative`, unless `relative` is absolute.
    public static func join(_ base: String, _ relative: String) -> String {
        if relative.hasPrefix("/") { return relative }
        if relative.isEmpty { return base }
        if base.hasSuffix("/") { return base + relative }
        return base + "/" + relative
    }

    /// `path` resolved against `base` and standardized.
    public static func resolve(_ path: String, against base: String) -> String {
        standardize(join(base, path))
    }

    /// `path` relative to `root` (`""` for the root itself), or `nil` when it is outside.
    public static func relative(_ path: String, to root: String) -> String? {
        let path = standardize(path)
        let root = standardize(root)
        if path == root { return "" }
        let prefix = root == "/" ? "/" : root + "/"
        guard path.hasPrefix(prefix) else { return nil }
        return String(path.dropFirst(prefix.count))
    }

    /// How a path is shown to the user: relative to the root when inside it, else absolute.
    public static func display(_ path: String, root: String) -> String {
        guard let relative = relative(path, to: root), !relative.isEmpty else { return path }
        return relative
    }

    public static func lastComponent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    public static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    public static var currentDirectory: String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return "/" }
        let length = buffer.firstIndex(of: 0) ?? buffer.count
        return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Converts an absolute path to a `file://` URI, percent-encoding what RFC 3986 requires
    /// (the same way VS Code does, so URIs the server sends match the ones it received).
    public static func fileURI(fromPath path: String) -> String {
        var result = "file://"
        for byte in path.utf8 {
            let isUnreserved = (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "~")
                || byte == UInt8(ascii: "/")
            if isUnreserved {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = Array("0123456789ABCDEF".utf8)
                result.unicodeScalars.append("%")
                result.unicodeScalars.append(Unicode.Scalar(hex[Int(byte >> 4)]))
                result.unicodeScalars.append(Unicode.Scalar(hex[Int(byte & 0x0F)]))
            }
        }
        return result
    }
}
