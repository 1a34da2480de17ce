import SQLHealAnalysis

/// A JSON value that remembers where it was written, so a configuration problem can be
/// reported on the exact key or value in `sqlheal.json`.
///
/// Settings that come from an editor (`initializationOptions`, `workspace/configuration`) are
/// parsed with the same type; their ranges then point into the JSON text the server re-encoded.
public indirect enum LocatedJSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([LocatedJSON])
    /// Members in written order; a duplicated key keeps both (the last one wins when read).
    case object([LocatedJSONMember])

    /// How a value's type is named in messages ("expected a string, found a number").
    public var typeDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

public struct LocatedJSON: Sendable, Hashable {
    public var value: LocatedJSONValue
    /// The value's bytes in the parsed text.
    public var range: ByteRange

    public init(value: LocatedJSONValue, range: ByteRange) {
        self.value = value
        self.range = range
    }

    /// The member named `key` of an object (the last one when the key repeats).
    public func member(_ key: String) -> LocatedJSONMember? {
        guard case .object(let members) = value else { return nil }
        return members.last { $0.key == key }
    }
}

public struct LocatedJSONMember: Sendable, Hashable {
    public var key: String
    public var keyRange: ByteRange
    public var value: LocatedJSON

    public init(key: String, keyRange: ByteRange, value: LocatedJSON) {
        self.key = key
        self.keyRange = keyRange
        self.value = value
    }
}

/// Why a JSON text could not be parsed, and where.
public struct LocatedJSONSyntaxError: Error, Sendable, Hashable {
    public var message: String
    public var range: ByteRange
}

/// A strict JSON (RFC 8259) parser over UTF-8 bytes that keeps byte ranges. It accepts a leading
/// byte order mark and, because people write them in config files, `//` and `/* */` comments and
/// trailing commas; it never traps and never recurses deeper than ``maximumDepth``.
public enum LocatedJSONParser {
    public static let maximumDepth = 256

    public static func parse(_ bytes: [UInt8]) throws(LocatedJSONSyntaxError) -> LocatedJSON {
        var parser = Parser(bytes: bytes)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.position = 3 }
        try parser.skipTrivia()
        let value = try parser.parseValue(depth: 0)
        try parser.skipTrivia()
        if parser.position < bytes.count {
            throw parser.error("unexpected text after the JSON value", at: parser.position)
        }
        return value
    }

    private struct Parser {
        let bytes: [UInt8]
        var position = 0

        func error(_ message: String, at offset: Int, length: Int = 1) -> LocatedJSONSyntaxError {
            let start = min(max(offset, 0), bytes.count)
            let end = min(start + max(length, 0), bytes.count)
            return LocatedJSONSyntaxError(message: message, range: start..<max(end, start))
        }

        mutating func skipTrivia() throws(LocatedJSONSyntaxError) {
            while position < bytes.count {
                let byte = bytes[position]
                if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                    position += 1
                } else if byte == UInt8(ascii: "/"), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "/") {
                    while position < bytes.count, bytes[position] != 0x0A { position += 1 }
                } else if byte == UInt8(ascii: "/"), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "*") {
                    let start = position
                    position += 2
                    while position + 1 < bytes.count, !(bytes[position] == UInt8(ascii: "*") && bytes[position + 1] == UInt8(ascii: "/")) {
                        position += 1
                    }
                    if position + 1 >= bytes.count { throw error("unterminated comment", at: start, length: 2) }
                    position += 2
                } else {
                    return
                }
            }
        }

        mutating func parseValue(depth: Int) throws(LocatedJSONSyntaxError) -> LocatedJSON {
            guard depth < LocatedJSONParser.maximumDepth else { throw error("nesting is too deep", at: position) }
            guard position < bytes.count else { throw error("unexpected end of the text: a value is missing", at: position, length: 0) }
            let start = position
            switch bytes[position] {
            case UInt8(ascii: "{"):
                return try parseObject(depth: depth)
            case UInt8(ascii: "["):
                return try parseArray(depth: depth)
            case UInt8(ascii: "\""):
                let text = try parseString()
                return LocatedJSON(value: .string(text), range: start..<position)
            case UInt8(ascii: "t"):
                try expectWord("true")
                return LocatedJSON(value: .bool(true), range: start..<position)
            case UInt8(ascii: "f"):
                try expectWord("false")
                return LocatedJSON(value: .bool(false), range: start..<position)
            case UInt8(ascii: "n"):
                try expectWord("null")
                return LocatedJSON(value: .null, range: start..<position)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                return try parseNumber()
            default:
                throw error("unexpected character: a JSON value (string, number, object, array, true, false, null) was expected", at: position)
            }
        }

        mutating func expectWord(_ word: String) throws(LocatedJSONSyntaxError) {
            let expected = Array(word.utf8)
            let end = position + expected.count
            guard end <= bytes.count, Array(bytes[position..<end]) == expected else {
                throw error("unexpected word: \(word) or another JSON value was expected", at: position, length: wordLength(at: position))
            }
            position = end
        }

        func wordLength(at offset: Int) -> Int {
            var end = offset
            while end < bytes.count, isWordByte(bytes[end]) { end += 1 }
            return max(end - offset, 1)
        }

        func isWordByte(_ byte: UInt8) -> Bool {
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_") || byte >= 0x80
        }

        mutating func parseNumber() throws(LocatedJSONSyntaxError) -> LocatedJSON {
            let start = position
            if bytes[position] == UInt8(ascii: "-") { position += 1 }
            func digits(_ parser: inout Parser) -> Int {
                let from = parser.position
                while parser.position < parser.bytes.count, parser.bytes[parser.position] >= UInt8(ascii: "0"), parser.bytes[parser.position] <= UInt8(ascii: "9") {
                    parser.position += 1
                }
                return parser.position - from
            }
            if digits(&self) == 0 { throw error("a number needs digits", at: start, length: position - start + 1) }
            if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
                position += 1
                if digits(&self) == 0 { throw error("a number needs digits after the decimal point", at: start, length: position - start) }
            }
            if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
                position += 1
                if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
                if digits(&self) == 0 { throw error("a number needs digits in its exponent", at: start, length: position - start) }
            }
            let text = String(decoding: bytes[start..<position], as: UTF8.self)
            return LocatedJSON(value: .number(Double(text) ?? 0), range: start..<position)
        }

        mutating func parseString() throws(LocatedJSONSyntaxError) -> String {
            let start = position
            position += 1
            var scalars: [UInt8] = []
            while position < bytes.count {
                let byte = bytes[position]
                if byte == UInt8(ascii: "\"") {
                    position += 1
                    return String(decoding: scalars, as: UTF8.self)
                }
                if byte == 0x0A || byte == 0x0D {
                    throw error("unterminated string", at: start, length: position - start)
                }
                if byte == UInt8(ascii: "\\") {
                    guard position + 1 < bytes.count else { break }
                    let escaped = bytes[position + 1]
                    switch escaped {
                    case UInt8(ascii: "\""): scalars.append(0x22)
                    case UInt8(ascii: "\\"): scalars.append(0x5C)
                    case UInt8(ascii: "/"): scalars.append(0x2F)
                    case UInt8(ascii: "b"): scalars.append(0x08)
                    case UInt8(ascii: "f"): scalars.append(0x0C)
                    case UInt8(ascii: "n"): scalars.append(0x0A)
                    case UInt8(ascii: "r"): scalars.append(0x0D)
                    case UInt8(ascii: "t"): scalars.append(0x09)
                    case UInt8(ascii: "u"):
                        guard let unit = hexUnit(at: position + 2) else {
                            throw error("\\u needs four hexadecimal digits", at: position, length: 2)
                        }
                        var scalarValue = UInt32(unit)
                        var consumed = 6
                        if (0xD800..<0xDC00).contains(unit), position + 7 < bytes.count,
                           bytes[position + 6] == UInt8(ascii: "\\"), bytes[position + 7] == UInt8(ascii: "u"),
                           let low = hexUnit(at: position + 8), (0xDC00..<0xE000).contains(low) {
                            scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                            consumed = 12
                        }
                        let scalar = Unicode.Scalar(scalarValue) ?? "\u{FFFD}"
                        scalars.append(contentsOf: Array(String(Character(scalar)).utf8))
                        position += consumed
                        continue
                    default:
                        throw error("unknown escape sequence", at: position, length: 2)
                    }
                    position += 2
                    continue
                }
                scalars.append(byte)
                position += 1
            }
            throw error("unterminated string", at: start, length: position - start)
        }

        func hexUnit(at offset: Int) -> UInt16? {
            guard offset + 4 <= bytes.count else { return nil }
            var value: UInt16 = 0
            for byte in bytes[offset..<offset + 4] {
                let digit: UInt16
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt16(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt16(byte - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt16(byte - UInt8(ascii: "A") + 10)
                default: return nil
                }
                value = value << 4 | digit
            }
            return value
        }

        mutating func parseArray(depth: Int) throws(LocatedJSONSyntaxError) -> LocatedJSON {
            let start = position
            position += 1
            var elements: [LocatedJSON] = []
            while true {
                try skipTrivia()
                guard position < bytes.count else { throw error("unterminated array: ] is missing", at: start) }
                if bytes[position] == UInt8(ascii: "]") {
                    position += 1
                    return LocatedJSON(value: .array(elements), range: start..<position)
                }
                elements.append(try parseValue(depth: depth + 1))
                try skipTrivia()
                guard position < bytes.count else { throw error("unterminated array: ] is missing", at: start) }
                if bytes[position] == UInt8(ascii: ",") {
                    position += 1
                } else if bytes[position] != UInt8(ascii: "]") {
                    throw error("expected , or ] in the array", at: position)
                }
            }
        }

        mutating func parseObject(depth: Int) throws(LocatedJSONSyntaxError) -> LocatedJSON {
            let start = position
            position += 1
            var members: [LocatedJSONMember] = []
            while true {
                try skipTrivia()
                guard position < bytes.count else { throw error("unterminated object: } is missing", at: start) }
                if bytes[position] == UInt8(ascii: "}") {
                    position += 1
                    return LocatedJSON(value: .object(members), range: start..<position)
                }
                guard bytes[position] == UInt8(ascii: "\"") else {
                    throw error("expected a key in double quotes", at: position, length: wordLength(at: position))
                }
                let keyStart = position
                let key = try parseString()
                let keyRange = keyStart..<position
                try skipTrivia()
                guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
                    throw error("expected : after the key \"\(key)\"", at: position)
                }
                position += 1
                try skipTrivia()
                let value = try parseValue(depth: depth + 1)
                members.append(LocatedJSONMember(key: key, keyRange: keyRange, value: value))
                try skipTrivia()
                guard position < bytes.count else { throw error("unterminated object: } is missing", at: start) }
                if bytes[position] == UInt8(ascii: ",") {
                    position += 1
                } else if bytes[position] != UInt8(ascii: "}") {
                    throw error("expected , or } in the object", at: position)
                }
            }
        }
    }
}
