public struct Registration: Codable, Sendable, Hashable {
    public var id: String
    public var method: String
    public var registerOptions: JSONValue?
    public init(id: String, method: String, registerOptions: JSONValue? = nil) {
        self.id = id
        self.method = method
        self.registerOptions = registerOptions
    }
}

/// `client/registerCapability` (server to client): dynamic registration, e.g. of
/// `workspace/didChangeWatchedFiles` with ``DidChangeWatchedFilesRegistrationOptions``. Only send
/// it when the client advertises `dynamicRegistration` for that method.
public struct RegisterCapabilityRequest: LSPRequest, Hashable {
    public static let method = "client/registerCapability"
    public typealias Response = VoidResponse
    public var registrations: [Registration]
    public init(registrations: [Registration]) { self.registrations = registrations }
}

public struct Unregistration: Codable, Sendable, Hashable {
    public var id: String
    public var method: String
    public init(id: String, method: String) {
        self.id = id
        self.method = method
    }
}

/// `client/unregisterCapability` (server to client). The misspelt key is the specification's.
public struct UnregisterCapabilityRequest: LSPRequest, Hashable {
    public static let method = "client/unregisterCapability"
    public typealias Response = VoidResponse
    public var unregisterations: [Unregistration]
    public init(unregisterations: [Unregistration]) { self.unregisterations = unregisterations }
}
