import ArgumentParser
import Foundation
import SQLHealServer

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Runs the language server over stdin/stdout (JSON-RPC, LSP).",
        discussion: "Nothing but protocol messages is written to stdout. Log lines go to the editor as window/logMessage; only errors are also written to stderr (every line with --verbose)."
    )

    @Flag(name: .long, help: "Accepted and ignored (VS Code passes it); stdio is the only transport.")
    var stdio = false

    @Flag(name: .long, help: "Write every log line to stderr and to the editor's log, not only errors and the informational ones.")
    var verbose = false

    func run() async throws {
        let outputDescriptor = ProtocolOutput.reserveStandardOutput()
        let server = LanguageServer(
            inputDescriptor: STDIN_FILENO,
            outputDescriptor: outputDescriptor,
            features: DefaultServerFeatures.make(),
            // stderr only for errors: editors log a server's stderr as errors. Informational lines
            // reach the editor's log as window/logMessage with their own type.
            configuration: LanguageServer.Configuration(
                serverVersion: SQLHealVersion.current,
                standardErrorThreshold: verbose ? .log : .error,
                clientLogThreshold: verbose ? .log : .info))
        let code = await server.runUntilExit()
        // Exit directly: the reader thread may still be blocked in read(2).
        Foundation.exit(code)
    }
}

/// Standard output reserved for protocol messages (`serve`, `mcp`).
enum ProtocolOutput {
    /// Protocol messages get a private duplicate of stdout, and fd 1 itself is pointed at
    /// stderr: a stray `print` anywhere in the process can then never corrupt the stream. A
    /// client that goes away must not kill us with SIGPIPE mid-write; the write fails instead.
    /// Returns the descriptor to write protocol to.
    static func reserveStandardOutput() -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        let protocolOutput = dup(STDOUT_FILENO)
        if protocolOutput >= 0, dup2(STDERR_FILENO, STDOUT_FILENO) >= 0 {
            return protocolOutput
        }
        return STDOUT_FILENO
    }
}
