import Foundation

/// Converts between ``JSONValue`` and `Codable` types (LSP params and results).
///
/// A params value that is absent or `null` decodes as an empty object, so requests without
/// params (`shutdown`) and types whose members are all optional decode from nothing.
public enum JSONValueCoding {
    /// Why a value does not have the expected shape; the message names the path, for -32602 answers.
    public struct ShapeError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public static func decode<Value: Decodable>(_ type: Value.Type, from value: JSONValue?) throws(ShapeError) -> Value {
        let source: JSONValue
        switch value {
        case nil, .null?: source = Value.self is any ExpressibleByNilLiteral.Type ? .null : .object([:])
        case let present?: source = present
        }
        do {
            return try JSONValueDecoder.decode(Value.self, from: source)
        } catch let error as DecodingError {
            throw ShapeError(description: describe(error))
        } catch {
            throw ShapeError(description: "\(error)")
        }
    }

    public static func encode<Value: Encodable>(_ value: Value) -> JSONValue {
        do {
            return try JSONValueEncoder.encode(value)
        } catch {
            // Only an Encodable that throws on purpose gets here; `null` keeps the stream valid
            // and the log says why.
            FileHandle.standardError.write(Data("sqlheal: cannot encode \(Value.self): \(error)\n".utf8))
            return .null
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let components = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return components.isEmpty ? "params" : components.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing \(path(context)).\(key.stringValue)".replacingOccurrences(of: "params.", with: "")
        case .typeMismatch(let type, let context): return "\(path(context)): expected \(type)"
        case .valueNotFound(let type, let context): return "\(path(context)): expected \(type), found null"
        case .dataCorrupted(let context): return "\(path(context)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
