/// Decodes `Decodable` values straight from a ``JSONValue``, without going back through text.
///
/// Numbers convert when exact (`2.0` decodes as `Int` 2, `2.5` does not); a missing key and a
/// `null` value both read as absent for optionals; every error is a `DecodingError` with the
/// coding path, so `-32602` answers can say which member was wrong.
struct JSONValueDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(value: JSONValue, codingPath: [any CodingKey] = []) {
        self.value = value
        self.codingPath = codingPath
    }

    static func decode<Value: Decodable>(_ type: Value.Type, from value: JSONValue) throws -> Value {
        if let same = value as? Value, Value.self == JSONValue.self { return same }
        return try Value(from: JSONValueDecoder(value: value))
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else {
            throw DecodingError.typeMismatch([String: JSONValue].self, .init(codingPath: codingPath, debugDescription: "expected an object, found \(value.kindName)"))
        }
        return KeyedDecodingContainer(KeyedContainer<Key>(members: members, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else {
            throw DecodingError.typeMismatch([JSONValue].self, .init(codingPath: codingPath, debugDescription: "expected an array, found \(value.kindName)"))
        }
        return UnkeyedContainer(elements: elements, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleValueContainer(value: value, codingPath: codingPath)
    }

    // MARK: Scalars, shared by the three containers

    static func decodeScalar<T: Decodable>(_ type: T.Type, from value: JSONValue, codingPath: [any CodingKey]) throws -> T {
        func mismatch() -> DecodingError {
            if value == .null {
                return DecodingError.valueNotFound(T.self, .init(codingPath: codingPath, debugDescription: "expected \(T.self), found null"))
            }
            return DecodingError.typeMismatch(T.self, .init(codingPath: codingPath, debugDescription: "expected \(T.self), found \(value.kindName)"))
        }
        // `as? T` cannot fail after the matching `is` check; it keeps the code trap-free anyway.
        func cast(_ result: Any) throws -> T {
            guard let typed = result as? T else { throw mismatch() }
            return typed
        }
        switch type {
        case is JSONValue.Type:
            return try cast(value)
        case is String.Type:
            guard case .string(let text) = value else { throw mismatch() }
            return try cast(text)
        case is Bool.Type:
            guard case .bool(let flag) = value else { throw mismatch() }
            return try cast(flag)
        case is Double.Type:
            guard let number = value.doubleValue else { throw mismatch() }
            return try cast(number)
        case is Float.Type:
            guard let number = value.doubleValue else { throw mismatch() }
            return try cast(Float(number))
        case is Int.Type: return try cast(integer(Int.self, value, mismatch))
        case is Int8.Type: return try cast(integer(Int8.self, value, mismatch))
        case is Int16.Type: return try cast(integer(Int16.self, value, mismatch))
        case is Int32.Type: return try cast(integer(Int32.self, value, mismatch))
        case is Int64.Type: return try cast(integer(Int64.self, value, mismatch))
        case is UInt.Type: return try cast(integer(UInt.self, value, mismatch))
        case is UInt8.Type: return try cast(integer(UInt8.self, value, mismatch))
        case is UInt16.Type: return try cast(integer(UInt16.self, value, mismatch))
        case is UInt32.Type: return try cast(integer(UInt32.self, value, mismatch))
        case is UInt64.Type: return try cast(integer(UInt64.self, value, mismatch))
        default:
            return try T(from: JSONValueDecoder(value: value, codingPath: codingPath))
        }
    }

    private static func integer<I: FixedWidthInteger>(_ type: I.Type, _ value: JSONValue, _ mismatch: () -> DecodingError) throws -> I {
        switch value {
        case .int(let number):
            guard let exact = I(exactly: number) else { throw mismatch() }
            return exact
        case .double(let number):
            guard number.isFinite, let exact = I(exactly: number) else { throw mismatch() }
            return exact
        default:
            throw mismatch()
        }
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [String: JSONValue]
    let codingPath: [any CodingKey]

    var allKeys: [Key] { members.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { members[key.stringValue] != nil }

    private func member(_ key: Key) throws -> JSONValue {
        guard let value = members[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "missing member \(key.stringValue)"))
        }
        return value
    }

    func decodeNil(forKey key: Key) throws -> Bool { try member(key) == .null }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try JSONValueDecoder.decodeScalar(T.self, from: member(key), codingPath: codingPath + [key])
    }

    // Optional members: absent or null is nil. (The default implementation is the same but
    // goes through `contains` + `decodeNil`; this is shorter and avoids a second lookup.)
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let value = members[key.stringValue], value != .null else { return nil }
        return try JSONValueDecoder.decodeScalar(T.self, from: value, codingPath: codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try JSONValueDecoder(value: member(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try JSONValueDecoder(value: member(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        JSONValueDecoder(value: members["super"] ?? .null, codingPath: codingPath)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        JSONValueDecoder(value: members[key.stringValue] ?? .null, codingPath: codingPath + [key])
    }
}

private struct IndexKey: CodingKey {
    var stringValue: String { "[\(intValue ?? 0)]" }
    var intValue: Int?
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let elements: [JSONValue]
    let codingPath: [any CodingKey]
    private(set) var currentIndex = 0

    init(elements: [JSONValue], codingPath: [any CodingKey]) {
        self.elements = elements
        self.codingPath = codingPath
    }

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    private mutating func next<T>(_ type: T.Type) throws -> (JSONValue, [any CodingKey]) {
        guard currentIndex < elements.count else {
            throw DecodingError.valueNotFound(T.self, .init(codingPath: codingPath + [IndexKey(currentIndex)], debugDescription: "the array has only \(elements.count) elements"))
        }
        let path = codingPath + [IndexKey(currentIndex)]
        let value = elements[currentIndex]
        currentIndex += 1
        return (value, path)
    }

    mutating func decodeNil() throws -> Bool {
        guard currentIndex < elements.count, elements[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (value, path) = try next(T.self)
        return try JSONValueDecoder.decodeScalar(T.self, from: value, codingPath: path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let (value, path) = try next([String: JSONValue].self)
        return try JSONValueDecoder(value: value, codingPath: path).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (value, path) = try next([JSONValue].self)
        return try JSONValueDecoder(value: value, codingPath: path).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let (value, path) = try next(JSONValue.self)
        return JSONValueDecoder(value: value, codingPath: path)
    }
}

private struct SingleValueContainer: SingleValueDecodingContainer {
    let value: JSONValue
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool { value == .null }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONValueDecoder.decodeScalar(T.self, from: value, codingPath: codingPath)
    }
}

extension JSONValue {
    /// "an object", "a string"…, for error messages.
    var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .int, .double: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
