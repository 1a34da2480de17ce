/// The value of a work-done `$/progress`: begin, any number of reports, end.
public enum WorkDoneProgress: Codable, Sendable, Hashable {
    case begin(title: String, message: String? = nil, percentage: Int? = nil, cancellable: Bool? = nil)
    case report(message: String? = nil, percentage: Int? = nil, cancellable: Bool? = nil)
    case end(message: String? = nil)

    private enum CodingKeys: String, CodingKey { case kind, title, message, percentage, cancellable }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let message = try container.decodeIfPresent(String.self, forKey: .message)
        switch try container.decode(String.self, forKey: .kind) {
        case "begin":
            self = .begin(
                title: try container.decode(String.self, forKey: .title), message: message,
                percentage: try container.decodeIfPresent(Int.self, forKey: .percentage),
                cancellable: try container.decodeIfPresent(Bool.self, forKey: .cancellable))
        case "report":
            self = .report(
                message: message, percentage: try container.decodeIfPresent(Int.self, forKey: .percentage),
                cancellable: try container.decodeIfPresent(Bool.self, forKey: .cancellable))
        case "end":
            self = .end(message: message)
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: container, debugDescription: "unknown progress kind \(other)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .begin(let title, let message, let percentage, let cancellable):
            try container.encode("begin", forKey: .kind)
            try container.encode(title, forKey: .title)
            try container.encodeIfPresent(message, forKey: .message)
            try container.encodeIfPresent(percentage, forKey: .percentage)
            try container.encodeIfPresent(cancellable, forKey: .cancellable)
        case .report(let message, let percentage, let cancellable):
            try container.encode("report", forKey: .kind)
            try container.encodeIfPresent(message, forKey: .message)
            try container.encodeIfPresent(percentage, forKey: .percentage)
            try container.encodeIfPresent(cancellable, forKey: .cancellable)
        case .end(let message):
            try container.encode("end", forKey: .kind)
            try container.encodeIfPresent(message, forKey: .message)
        }
    }
}

/// `$/progress`: a report on a token created with ``WorkDoneProgressCreateRequest``.
public struct ProgressNotification: LSPNotification, Hashable {
    public static let method = "$/progress"
    public var token: ProgressToken
    /// A ``WorkDoneProgress`` for work-done progress; any JSON for partial results.
    public var value: JSONValue

    public init(token: ProgressToken, value: JSONValue) {
        self.token = token
        self.value = value
    }

    public init(token: ProgressToken, workDone: WorkDoneProgress) {
        self.init(token: token, value: JSONValueCoding.encode(workDone))
    }
}
