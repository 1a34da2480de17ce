/// Encodes `Encodable` values straight into a ``JSONValue``, without going through text.
///
/// Optional members that are `nil` are omitted (as `encodeIfPresent` asks), which is what LSP
/// wants for optional properties; non-finite doubles become `null` when serialized.
struct JSONValueEncoder {
    static func encode<Value: Encodable>(_ value: Value) throws -> JSONValue {
        let root = EncodingNode()
        try root.store(value, codingPath: [])
        return root.finish()
    }
}

/// One value under construction. Containers hand out references to child nodes, so nested
/// containers can keep writing after they are created (as `Encoder` requires).
private final class EncodingNode {
    var scalar: JSONValue?
    var members: [String: EncodingNode]?
    var elements: [EncodingNode]?

    func finish() -> JSONValue {
        if let members { return .object(members.mapValues { $0.finish() }) }
        if let elements { return .array(elements.map { $0.finish() }) }
        return scalar ?? .null
    }

    func store<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws {
        switch value {
        case let json as JSONValue: scalar = json
        case let text as String: scalar = .string(text)
        case let flag as Bool: scalar = .bool(flag)
        case let number as Int: scalar = .int(number)
        case let number as Int32: scalar = .int(Int(number))
        case let number as Int64: scalar = .int(Int(number))
        case let number as UInt32: scalar = .int(Int(number))
        case let number as Double: scalar = .double(number)
        case let number as Float: scalar = .double(Double(number))
        default: try value.encode(to: NodeEncoder(node: self, codingPath: codingPath))
        }
    }
}

private struct NodeEncoder: Encoder {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if node.members == nil { node.members = [:] }
        return KeyedEncodingContainer(KeyedNodeContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if node.elements == nil { node.elements = [] }
        return UnkeyedNodeContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleNodeContainer(node: node, codingPath: codingPath)
    }
}

private struct KeyedNodeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    private func child(_ key: Key) -> EncodingNode {
        let child = EncodingNode()
        node.members?[key.stringValue] = child
        return child
    }

    mutating func encodeNil(forKey key: Key) throws { child(key).scalar = .null }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try child(key).store(value, codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        NodeEncoder(node: child(key), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        NodeEncoder(node: child(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let child = EncodingNode()
        node.members?["super"] = child
        return NodeEncoder(node: child, codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        NodeEncoder(node: child(key), codingPath: codingPath + [key])
    }
}

private struct EncodingIndexKey: CodingKey {
    var stringValue: String { "[\(intValue ?? 0)]" }
    var intValue: Int?
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

private struct UnkeyedNodeContainer: UnkeyedEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    var count: Int { node.elements?.count ?? 0 }

    private func appendChild() -> EncodingNode {
        let child = EncodingNode()
        node.elements?.append(child)
        return child
    }

    mutating func encodeNil() throws { appendChild().scalar = .null }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let path = codingPath + [EncodingIndexKey(count)]
        try appendChild().store(value, codingPath: path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let path = codingPath + [EncodingIndexKey(count)]
        return NodeEncoder(node: appendChild(), codingPath: path).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let path = codingPath + [EncodingIndexKey(count)]
        return NodeEncoder(node: appendChild(), codingPath: path).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let path = codingPath + [EncodingIndexKey(count)]
        return NodeEncoder(node: appendChild(), codingPath: path)
    }
}

private struct SingleNodeContainer: SingleValueEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.scalar = .null }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try node.store(value, codingPath: codingPath)
    }
}
