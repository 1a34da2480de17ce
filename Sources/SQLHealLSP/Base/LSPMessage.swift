@_exported import SQLHealJSONRPC

/// A message type of the protocol; the value itself is the message's `params`.
public protocol LSPMessage: Codable, Sendable {
    static var method: String { get }
}

/// A request: the server answers with a ``Response`` (or an error).
public protocol LSPRequest: LSPMessage {
    associatedtype Response: Codable & Sendable
}

/// A notification: no answer.
public protocol LSPNotification: LSPMessage {}

/// The `null` result of requests that return nothing (`shutdown`, `client/registerCapability`).
public struct VoidResponse: Codable, Sendable, Hashable {
    public init() {}
    public init(from decoder: any Decoder) throws {}
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encodeNil()
    }
}

/// `URI` in the specification; kept as the client sent it (clients compare URIs as strings).
public typealias DocumentURI = String

/// `integer | string`, as used by `Diagnostic.code` and progress tokens.
public enum IntegerOrString: Sendable, Hashable, Codable, CustomStringConvertible {
    case integer(Int)
    case string(String)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            self = .integer(number)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .integer(let number): try container.encode(number)
        case .string(let text): try container.encode(text)
        }
    }

    public var description: String {
        switch self {
        case .integer(let number): String(number)
        case .string(let text): text
        }
    }
}

/// `ProgressToken` in the specification.
public typealias ProgressToken = IntegerOrString
