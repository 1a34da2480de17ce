public struct WorkspaceFolder: Codable, Sendable, Hashable {
    public var uri: DocumentURI
    public var name: String
    public init(uri: DocumentURI, name: String) {
        self.uri = uri
        self.name = name
    }
}

public struct ClientInfo: Codable, Sendable, Hashable {
    public var name: String
    public var version: String?
    public init(name: String, version: String? = nil) {
        self.name = name
        self.version = version
    }
}

/// `initialize`: the first request. Its params.
public struct InitializeRequest: LSPRequest, Hashable {
    public static let method = "initialize"
    public typealias Response = InitializeResult

    public var processId: Int?
    public var clientInfo: ClientInfo?
    public var locale: String?
    public var rootPath: String?
    public var rootUri: DocumentURI?
    /// The `sqlheal` keys of `sqlheal.json`, from the editor's settings.
    public var initializationOptions: JSONValue?
    public var capabilities: ClientCapabilities
    public var trace: String?
    public var workspaceFolders: [WorkspaceFolder]?

    public init(
        processId: Int? = nil,
        clientInfo: ClientInfo? = nil,
        rootUri: DocumentURI? = nil,
        initializationOptions: JSONValue? = nil,
        capabilities: ClientCapabilities = ClientCapabilities(),
        workspaceFolders: [WorkspaceFolder]? = nil
    ) {
        self.processId = processId
        self.clientInfo = clientInfo
        self.rootUri = rootUri
        self.initializationOptions = initializationOptions
        self.capabilities = capabilities
        self.workspaceFolders = workspaceFolders
    }

    /// The workspace folders, falling back to `rootUri` and then `rootPath` for older clients.
    public var effectiveWorkspaceFolders: [WorkspaceFolder] {
        if let workspaceFolders, !workspaceFolders.isEmpty { return workspaceFolders }
        if let rootUri { return [WorkspaceFolder(uri: rootUri, name: rootUri.split(separator: "/").last.map(String.init) ?? rootUri)] }
        if let rootPath {
            let uri = "file://" + (rootPath.addingPercentEncodingForFileURI())
            return [WorkspaceFolder(uri: uri, name: rootPath.split(separator: "/").last.map(String.init) ?? rootPath)]
        }
        return []
    }
}

public struct ServerInfo: Codable, Sendable, Hashable {
    public var name: String
    public var version: String?
    public init(name: String, version: String? = nil) {
        self.name = name
        self.version = version
    }
}

public struct InitializeResult: Codable, Sendable, Hashable {
    public var capabilities: ServerCapabilities
    public var serverInfo: ServerInfo?
    public init(capabilities: ServerCapabilities, serverInfo: ServerInfo? = nil) {
        self.capabilities = capabilities
        self.serverInfo = serverInfo
    }
}

extension String {
    /// Percent-encodes what a `file:` URI path may not contain literally.
    func addingPercentEncodingForFileURI() -> String {
        var output = ""
        for byte in utf8 {
            let isUnreserved = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "~")
                || byte == UInt8(ascii: "/")
            if isUnreserved {
                output.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                output += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return output
    }

    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
