import ArgumentParser

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Runs the language server over stdin/stdout (JSON-RPC, LSP).",
        discussion: "Nothing but protocol messages is written to stdout; logs go to stderr."
    )

    @Flag(name: .long, help: "Accepted and ignored (VS Code passes it); stdio is the only transport.")
    var stdio = false

    func run() async throws {
        throw ScaffoldNotYetImplemented(command: "serve")
    }
}
