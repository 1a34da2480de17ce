import Foundation
import MCP

/// Input a tool cannot answer: a missing or mistyped argument, an unknown table, a path outside
/// the project. It becomes a tool result with `isError` and this message; the server goes on.
public struct ToolInputError: Error, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// One tool's answer: the structured content (a JSON object, as its output schema says), a
/// one-line summary for people, and whether it reports a failure of what was asked.
public struct ToolAnswer: Sendable {
    public var structured: [String: Value]
    public var summary: String
    public var isError: Bool

    public init(structured: [String: Value], summary: String, isError: Bool = false) {
        self.structured = structured
        self.summary = summary
        self.isError = isError
    }

    /// The MCP result: `structuredContent`, and as text the summary and the same JSON (for
    /// clients that show only text).
    var result: CallTool.Result {
        CallTool.Result(
            content: [.text(text: summary, annotations: nil, _meta: nil), .text(text: JSONText.serialize(.object(structured)), annotations: nil, _meta: nil)],
            structuredContent: .object(structured),
            isError: isError
        )
    }

    static func failure(_ error: ToolInputError) -> CallTool.Result {
        CallTool.Result(content: [.text(text: error.message, annotations: nil, _meta: nil)], isError: true)
    }
}

/// A tool's arguments, read with the types its input schema promises. Every reader throws a
/// ``ToolInputError`` naming the argument when the client sent something else.
struct ToolArguments {
    let toolName: String
    let values: [String: Value]

    init(toolName: String, values: [String: Value]?) {
        self.toolName = toolName
        self.values = values ?? [:]
    }

    /// Arguments the schema does not know are refused rather than ignored: a misspelt `colum`
    /// silently ignored would answer another question.
    func requireOnly(_ known: Set<String>) throws {
        let unknown = values.keys.filter { !known.contains($0) }.sorted()
        guard unknown.isEmpty else {
            let expected = known.sorted().map { "`\($0)`" }.joined(separator: ", ")
            throw ToolInputError("\(toolName): unknown argument \(unknown.map { "`\($0)`" }.joined(separator: ", ")); it takes \(expected.isEmpty ? "no arguments" : expected)")
        }
    }

    func string(_ key: String) throws -> String? {
        guard let value = values[key], !value.isNull else { return nil }
        guard let text = value.stringValue else { throw mistyped(key, expected: "a string", got: value) }
        return text
    }

    func requiredString(_ key: String) throws -> String {
        guard let text = try string(key) else { throw ToolInputError("\(toolName): the argument `\(key)` (a string) is required") }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ToolInputError("\(toolName): the argument `\(key)` is empty")
        }
        return text
    }

    func stringArray(_ key: String) throws -> [String]? {
        guard let value = values[key], !value.isNull else { return nil }
        guard let array = value.arrayValue else { throw mistyped(key, expected: "an array of strings", got: value) }
        return try array.map { element in
            guard let text = element.stringValue else { throw mistyped(key, expected: "an array of strings", got: value) }
            return text
        }
    }

    func mistyped(_ key: String, expected: String, got value: Value) -> ToolInputError {
        ToolInputError("\(toolName): the argument `\(key)` must be \(expected), not \(JSONText.kindName(of: value)) \(JSONText.serialize(value, pretty: false))")
    }
}

/// JSON text of MCP values (keys sorted, so answers are stable), and value builders.
enum JSONText {
    static func serialize(_ value: Value, pretty: Bool = true) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }

    static func kindName(of value: Value) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .int, .double: "a number"
        case .string, .data: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

extension Value {
    /// `nil` becomes JSON `null`.
    static func optional(_ text: String?) -> Value {
        text.map(Value.string) ?? .null
    }

    static func strings(_ texts: [String]) -> Value {
        .array(texts.map(Value.string))
    }
}

/// Builders for the JSON schemas of tool inputs and outputs.
enum JSONSchema {
    static func object(_ properties: [String: Value], required: [String] = [], description: String? = nil, additionalProperties: Bool = true) -> Value {
        var schema: [String: Value] = ["type": "object", "properties": .object(properties)]
        if !required.isEmpty { schema["required"] = .strings(required) }
        if let description { schema["description"] = .string(description) }
        if !additionalProperties { schema["additionalProperties"] = false }
        return .object(schema)
    }

    static func string(_ description: String? = nil, enumeration: [String]? = nil) -> Value {
        var schema: [String: Value] = ["type": "string"]
        if let description { schema["description"] = .string(description) }
        if let enumeration { schema["enum"] = .strings(enumeration) }
        return .object(schema)
    }

    /// A string or `null`.
    static func optionalString(_ description: String? = nil) -> Value {
        var schema: [String: Value] = ["type": .strings(["string", "null"])]
        if let description { schema["description"] = .string(description) }
        return .object(schema)
    }

    static let integer: Value = ["type": "integer"]
    static let boolean: Value = ["type": "boolean"]

    static func array(of items: Value, description: String? = nil) -> Value {
        var schema: [String: Value] = ["type": "array", "items": items]
        if let description { schema["description"] = .string(description) }
        return .object(schema)
    }
}
