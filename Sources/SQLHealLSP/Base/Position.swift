/// A zero-based line and character offset, the character counted in the negotiated
/// ``PositionEncodingKind`` (UTF-16 code units by default).
public struct Position: Codable, Sendable, Hashable, Comparable, CustomStringConvertible {
    public var line: Int
    public var character: Int

    public init(line: Int, character: Int) {
        self.line = line
        self.character = character
    }

    public static func < (lhs: Position, rhs: Position) -> Bool {
        (lhs.line, lhs.character) < (rhs.line, rhs.character)
    }

    public var description: String { "\(line):\(character)" }
}

/// A half-open range between two positions.
public struct LSPRange: Codable, Sendable, Hashable, CustomStringConvertible {
    public var start: Position
    public var end: Position

    public init(start: Position, end: Position) {
        self.start = start
        self.end = end
    }

    public var description: String { "\(start)-\(end)" }
}

public struct Location: Codable, Sendable, Hashable {
    public var uri: DocumentURI
    public var range: LSPRange

    public init(uri: DocumentURI, range: LSPRange) {
        self.uri = uri
        self.range = range
    }
}
