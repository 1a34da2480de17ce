/// A JSON-RPC request id: an integer or a string.
public enum RequestID: Sendable, Hashable, Codable, CustomStringConvertible {
    case int(Int)
    case string(String)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            self = .int(number)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .int(let number): try container.encode(number)
        case .string(let text): try container.encode(text)
        }
    }

    public init?(json: JSONValue) {
        if let number = json.intValue {
            self = .int(number)
        } else if case .string(let text) = json {
            self = .string(text)
        } else {
            return nil
        }
    }

    public var json: JSONValue {
        switch self {
        case .int(let number): .int(number)
        case .string(let text): .string(text)
        }
    }

    public var description: String {
        switch self {
        case .int(let number): String(number)
        case .string(let text): "\"\(text)\""
        }
    }
}

/// A JSON-RPC error code. An open set: LSP adds its own numbers.
public struct JSONRPCErrorCode: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public var rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let parseError = JSONRPCErrorCode(rawValue: -32700)
    public static let invalidRequest = JSONRPCErrorCode(rawValue: -32600)
    public static let methodNotFound = JSONRPCErrorCode(rawValue: -32601)
    public static let invalidParams = JSONRPCErrorCode(rawValue: -32602)
    public static let internalError = JSONRPCErrorCode(rawValue: -32603)
    /// LSP: a request arrived before `initialize`.
    public static let serverNotInitialized = JSONRPCErrorCode(rawValue: -32002)
    /// LSP: the client cancelled the request (`$/cancelRequest`).
    public static let requestCancelled = JSONRPCErrorCode(rawValue: -32800)
    /// LSP: the content changed and the result is no longer valid.
    public static let contentModified = JSONRPCErrorCode(rawValue: -32801)
    /// LSP: the server cancelled the request.
    public static let serverCancelled = JSONRPCErrorCode(rawValue: -32802)
    /// LSP: the request failed though it was valid.
    public static let requestFailed = JSONRPCErrorCode(rawValue: -32803)

    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(Int.self) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { String(rawValue) }
}

/// The `error` member of a response; also what request handlers throw to answer with an error.
public struct ResponseError: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    public var code: JSONRPCErrorCode
    public var message: String
    public var data: JSONValue?

    public init(code: JSONRPCErrorCode, message: String, data: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.data = data
    }

    public static func invalidParams(_ message: String) -> ResponseError { ResponseError(code: .invalidParams, message: message) }
    public static func internalError(_ message: String) -> ResponseError { ResponseError(code: .internalError, message: message) }
    public static func methodNotFound(_ method: String) -> ResponseError { ResponseError(code: .methodNotFound, message: "method not found: \(method)") }
    public static let cancelled = ResponseError(code: .requestCancelled, message: "request cancelled")
    public static let serverNotInitialized = ResponseError(code: .serverNotInitialized, message: "server not initialized")

    public var description: String { "\(code.rawValue): \(message)" }

    public var json: JSONValue {
        var members: [String: JSONValue] = ["code": .int(code.rawValue), "message": .string(message)]
        if let data { members["data"] = data }
        return .object(members)
    }

    public init?(json: JSONValue) {
        guard let code = json["code"]?.intValue else { return nil }
        self.init(code: JSONRPCErrorCode(rawValue: code), message: json["message"]?.stringValue ?? "", data: json["data"])
    }
}

/// One JSON-RPC 2.0 message.
public enum JSONRPCMessage: Sendable, Hashable {
    case request(id: RequestID, method: String, params: JSONValue?)
    case notification(method: String, params: JSONValue?)
    /// `id` is `nil` only for error responses to messages whose id could not be read.
    case response(id: RequestID?, result: Result<JSONValue, ResponseError>)

    /// Why a frame's body is not a usable message, and the id to answer to when one was found.
    public struct DecodingFailure: Error, Sendable, Hashable {
        public var error: ResponseError
        /// The request's id when it could be recovered: answer with ``error``. `nil`: drop and log.
        public var id: RequestID?
    }

    /// Decodes a frame body. Never traps; a failure says how to answer.
    public static func decode(_ body: [UInt8]) -> Result<JSONRPCMessage, DecodingFailure> {
        let json: JSONValue
        do {
            json = try JSONParser.parse(body)
        } catch {
            return .failure(DecodingFailure(
                error: ResponseError(code: .parseError, message: "parse error: \(error)"),
                id: sniffRequestID(body)))
        }
        return decode(json)
    }

    public static func decode(_ json: JSONValue) -> Result<JSONRPCMessage, DecodingFailure> {
        guard case .object(let members) = json else {
            return .failure(DecodingFailure(error: ResponseError(code: .invalidRequest, message: "a message must be a JSON object"), id: nil))
        }
        let params = members["params"]
        if let methodValue = members["method"] {
            let rawID = members["id"]
            let id = rawID.flatMap(RequestID.init(json:))
            guard case .string(let method) = methodValue else {
                return .failure(DecodingFailure(error: ResponseError(code: .invalidRequest, message: "method must be a string"), id: id))
            }
            if let params, !(params.objectValue != nil || params.arrayValue != nil || params.isNull) {
                return .failure(DecodingFailure(error: ResponseError(code: .invalidRequest, message: "params must be an object or an array"), id: id))
            }
            switch rawID {
            case nil: return .success(.notification(method: method, params: params))
            case let raw?:
                guard let id else {
                    return .failure(DecodingFailure(error: ResponseError(code: .invalidRequest, message: "id must be an integer or a string, not \(raw)"), id: nil))
                }
                return .success(.request(id: id, method: method, params: params))
            }
        }
        let id = members["id"].flatMap(RequestID.init(json:))
        if let error = members["error"], let responseError = ResponseError(json: error) {
            return .success(.response(id: id, result: .failure(responseError)))
        }
        if let result = members["result"], let id {
            return .success(.response(id: id, result: .success(result)))
        }
        return .failure(DecodingFailure(error: ResponseError(code: .invalidRequest, message: "neither a request, a notification nor a response"), id: nil))
    }

    public var json: JSONValue {
        var members: [String: JSONValue] = ["jsonrpc": "2.0"]
        switch self {
        case .request(let id, let method, let params):
            members["id"] = id.json
            members["method"] = .string(method)
            if let params { members["params"] = params }
        case .notification(let method, let params):
            members["method"] = .string(method)
            if let params { members["params"] = params }
        case .response(let id, let result):
            members["id"] = id?.json ?? .null
            switch result {
            case .success(let value): members["result"] = value
            case .failure(let error): members["error"] = error.json
            }
        }
        return .object(members)
    }

    /// The message as a complete frame: `Content-Length` header and JSON body.
    public var framed: [UInt8] { MessageFramer.frame(JSONSerializer.serialize(json)) }

    /// Best effort for a body that is not valid JSON: the value of a top-level-looking `"id":`
    /// member when it is a plain integer or simple string, so the error can still be answered.
    static func sniffRequestID(_ body: [UInt8]) -> RequestID? {
        let key: [UInt8] = Array("\"id\"".utf8)
        guard body.count >= key.count else { return nil }
        var index = 0
        while index + key.count <= body.count {
            if body[index] == key[0], Array(body[index..<(index + key.count)]) == key {
                var cursor = index + key.count
                while cursor < body.count, body[cursor] == 0x20 || body[cursor] == 0x09 { cursor += 1 }
                guard cursor < body.count, body[cursor] == UInt8(ascii: ":") else { index += 1; continue }
                cursor += 1
                while cursor < body.count, body[cursor] == 0x20 || body[cursor] == 0x09 { cursor += 1 }
                guard cursor < body.count else { return nil }
                if body[cursor] == UInt8(ascii: "\"") {
                    var end = cursor + 1
                    while end < body.count, body[end] != UInt8(ascii: "\""), body[end] != UInt8(ascii: "\\"), end - cursor < 200 { end += 1 }
                    guard end < body.count, body[end] == UInt8(ascii: "\"") else { return nil }
                    return .string(String(decoding: body[(cursor + 1)..<end], as: UTF8.self))
                }
                var end = cursor
                if end < body.count, body[end] == UInt8(ascii: "-") { end += 1 }
                while end < body.count, body[end] >= 0x30, body[end] <= 0x39, end - cursor < 18 { end += 1 }
                guard let number = Int(String(decoding: body[cursor..<end], as: UTF8.self)) else { return nil }
                return .int(number)
            }
            index += 1
        }
        return nil
    }
}
