import Foundation
import SQLHealLSP

/// Conversions between `file:` URIs (as LSP clients send them) and file system paths.
public enum FileURI {
    /// The path of a `file:` URI, percent-decoded; `nil` for other schemes.
    public static func path(fromURI uri: DocumentURI) -> String? {
        guard uri.lowercased().hasPrefix("file:") else { return nil }
        var rest = Substring(uri.dropFirst(5))
        if rest.hasPrefix("//") {
            rest = rest.dropFirst(2)
            // Skip the authority (usually empty, sometimes `localhost`).
            if let slash = rest.firstIndex(of: "/") { rest = rest[slash...] } else { return nil }
        }
        let decoded = rest.removingPercentEncoding ?? String(rest)
        return decoded.isEmpty ? nil : decoded
    }

    /// The `file:` URI of an absolute path, percent-encoding what needs it (as VS Code does).
    public static func uri(fromPath path: String) -> DocumentURI {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~/")
        let encoded = path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
        return "file://" + encoded
    }

    /// The last path component of a URI, for messages.
    public static func fileName(ofURI uri: DocumentURI) -> String {
        let path = self.path(fromURI: uri) ?? uri
        return path.split(separator: "/").last.map(String.init) ?? path
    }
}
