import Dispatch
import Logging
import MCP
import SystemPackage

/// `sqlheal mcp`: a Model Context Protocol server over stdio (the official Swift SDK) that
/// gives coding agents the project's schema, the checker and the repair planner as tools.
/// It shares the engine with the CLI and the language server and never writes anything.
public enum SQLHealMCPServer {
    static let instructions = """
        sqlheal knows this project's real SQLite schema (database and migrations) and checks SQL embedded in \
        JavaScript/TypeScript against it. Before writing SQL, look up tables with describe_schema and check the \
        statement with check_sql; after editing files, run check_file. find_queries lists the queries using a table \
        or column. plan_repair shows the schema repair as a dry run; applying it is for the user (`sqlheal repair`).
        """

    /// Serves until the client closes the input. `outputDescriptor` carries protocol only.
    public static func run(root: String, version: String, inputDescriptor: Int32, outputDescriptor: Int32) async throws {
        let project = MCPProject(root: root)
        let server = Server(
            name: "sqlheal",
            version: version,
            title: "sqlheal",
            instructions: instructions,
            capabilities: .init(resources: .init(subscribe: false, listChanged: false), tools: .init(listChanged: false))
        )
        await server.withMethodHandler(ListTools.self) { _ in
            ListTools.Result(tools: ToolCatalog.tools)
        }
        await server.withMethodHandler(CallTool.self) { parameters in
            await offCooperativePool { ToolCatalog.call(parameters.name, arguments: parameters.arguments, project: project) }
        }
        await server.withMethodHandler(ListResources.self) { _ in
            ListResources.Result(resources: SchemaResources.resources, nextCursor: nil)
        }
        await server.withMethodHandler(ReadResource.self) { parameters in
            try await offCooperativePool { try SchemaResources.read(parameters.uri, project: project) }
        }
        // The SDK logs nothing by default; its messages would go to stderr, never to stdout.
        let logger = Logger(label: "sqlheal.mcp") { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .warning
            return handler
        }
        let stdio = StdioTransport(input: FileDescriptor(rawValue: inputDescriptor), output: FileDescriptor(rawValue: outputDescriptor), logger: logger)
        let transport = DrainingTransport(stdio, logger: logger)
        try await server.start(transport: transport)
        await server.waitUntilCompleted()
        // The client closed its end: answer what it already asked, then stop.
        await transport.waitUntilAnswered(atMost: .seconds(60))
        await server.stop()
    }

    /// Scans and checks block a thread for a while: they run on a dispatch queue, so the
    /// cooperative pool (and the SDK's message loop on it) stays free.
    static func offCooperativePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }

    static func offCooperativePool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: work()) }
        }
    }
}
