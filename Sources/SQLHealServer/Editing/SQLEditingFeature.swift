import Foundation
import Synchronization
import SQLHealAnalysis
import SQLHealLSP
import SQLHealWorkspace

/// Hover, completion and signature help inside SQL: in query strings of JS/JSX/TS/TSX documents
/// and in `.sql` files (migrations, schema files). Everything comes from the SQL model
/// (`SQLEditingContext` in the core); this feature only converts positions (in the negotiated
/// encoding) and shapes protocol messages. Outside SQL every request answers `null`.
///
/// Handlers run on the message queue, so they see the text of every change before them; the
/// work is a scan of the document's query literals and a parse of one query (benchmarked by
/// `SQLHealBenchmarks editing`).
final class SQLEditingFeature: ServerFeature {
    let name = "sql-editing"

    func register(with registry: ServerHandlerRegistry) {
        registry.onRequest(HoverRequest.self) { request, reply, server in
            reply.succeed(Self.hover(request, server: server))
        }
        registry.onRequest(CompletionRequest.self) { request, reply, server in
            reply.succeed(Self.completion(request, server: server))
        }
        registry.onRequest(SignatureHelpRequest.self) { request, reply, server in
            reply.succeed(Self.signatureHelp(request, server: server))
        }
    }

    func contributeCapabilities(_ capabilities: inout ServerCapabilities, for params: InitializeRequest) {
        capabilities.hoverProvider = true
        capabilities.completionProvider = CompletionOptions(triggerCharacters: ["."], resolveProvider: false)
        capabilities.signatureHelpProvider = SignatureHelpOptions(triggerCharacters: ["("], retriggerCharacters: [","])
    }

    // MARK: - Where the SQL is

    /// The SQL at the request's position and the document it is in; `nil` outside SQL.
    static func context<R: TextDocumentPositionRequest>(_ request: R, server: LanguageServer) -> (SQLEditingContext, OpenDocument)? {
        guard let document = server.document(request.textDocument.uri) else { return nil }
        let offset = server.byteOffset(of: request.position, in: document.lineIndex)
        let analyzer = server.analyzer(forDocument: document.uri)
        let schema = analyzer.schema.checkedSchema
        if let language = document.language {
            // With the names the file imports, as its diagnostics read it.
            let modules = FileURI.path(fromURI: document.uri).map(server.moduleContext(forPath:)) ?? .empty
            let scan = JavaScriptScanner.scan(document.text, language: language)
            let queries = QueryExtractor.extract(from: document.text, scan: scan, configuration: analyzer.configuration.extraction, context: modules).queries
            return SQLEditingContext.inCode(at: offset, queries: queries, schema: schema).map { ($0, document) }
        }
        guard isSQLFile(document) else { return nil }
        return SQLEditingContext.inSQLFile(document.text, at: offset, schema: schema).map { ($0, document) }
    }

    static func isSQLFile(_ document: OpenDocument) -> Bool {
        document.languageIdentifier == "sql" || document.uri.lowercased().hasSuffix(".sql")
    }

    static func markup(_ markdown: String, server: LanguageServer, capability path: [String]) -> MarkupContent {
        var value: JSONValue? = server.clientCapabilities.raw
        for key in path { value = value?[key] }
        let formats = value?.arrayValue?.compactMap(\.stringValue)
        // Clients that name no formats take Markdown in practice; those that list only plain text get it.
        if let formats, !formats.isEmpty, !formats.contains("markdown") { return .plaintext(markdown) }
        return .markdown(markdown)
    }

    // MARK: - Requests

    static func hover(_ request: HoverRequest, server: LanguageServer) -> Hover? {
        guard let (context, document) = context(request, server: server) else { return nil }
        let project = server.project(containing: document.uri)
        let counts = project.flatMap { $0.schema.isCheckedAgainstDatabase ? rowCounts(for: $0) : nil }
        let databaseName = project?.schema.context.databaseDisplayName ?? "the database"
        guard let hover = SQLHover.at(context, rowCount: counts.map { counts in
            { table in
                switch counts.count(of: table) {
                case .exact(let rows)?: "Rows: \(rows.formatted()) in \(databaseName)"
                case .large?: "Rows: too many to count quickly in \(databaseName)"
                case nil: "Rows: counting in \(databaseName)… (hover again)"
                }
            }
        }) else { return nil }
        return Hover(
            contents: markup(hover.markdown, server: server, capability: ["textDocument", "hover", "contentFormat"]),
            range: server.lspRange(of: hover.range, in: document.lineIndex)
        )
    }

    /// One row counter per database file, kept while the server runs.
    private static let rowCounters = Mutex<[String: TableRowCounts]>([:])

    static func rowCounts(for project: ProjectWorkspace) -> TableRowCounts? {
        guard let path = project.configuration.databasePath else { return nil }
        return rowCounters.withLock { counters in
            if let counter = counters[path] { return counter }
            let counter = TableRowCounts(databasePath: path)
            counters[path] = counter
            return counter
        }
    }

    static func completionKind(_ kind: SQLCompletionItem.Kind) -> CompletionItemKind {
        switch kind {
        case .table: .class
        case .view: .interface
        case .commonTable: .module
        case .column: .field
        case .alias: .variable
        case .keyword: .keyword
        case .function: .function
        }
    }

    static func completion(_ request: CompletionRequest, server: LanguageServer) -> CompletionList? {
        guard let (context, document) = context(request, server: server), let list = SQLCompletion.complete(context) else { return nil }
        let range = server.lspRange(of: list.replaceRange, in: document.lineIndex)
        let width = String(list.items.count).count
        let items = list.items.enumerated().map { index, item in
            let order = String(index)
            let sortText = "\(item.priority)" + String(repeating: "0", count: width - order.count) + order
            return CompletionItem(
                label: item.label, kind: completionKind(item.kind), detail: item.detail,
                documentation: item.documentation.map { markup($0, server: server, capability: ["textDocument", "completion", "completionItem", "documentationFormat"]) },
                sortText: sortText, filterText: item.insertText, textEdit: TextEdit(range: range, newText: item.insertText)
            )
        }
        return CompletionList(isIncomplete: false, items: items)
    }

    static func signatureHelp(_ request: SignatureHelpRequest, server: LanguageServer) -> SignatureHelp? {
        guard let (context, _) = context(request, server: server), let help = SQLSignatureHelp.at(context) else { return nil }
        let function = help.function
        let signature = SignatureInformation(
            label: function.signature,
            documentation: markup(function.documentation, server: server, capability: ["textDocument", "signatureHelp", "signatureInformation", "documentationFormat"]),
            parameters: function.parameters.map { ParameterInformation(label: $0) }
        )
        return SignatureHelp(signatures: [signature], activeSignature: 0, activeParameter: help.activeParameter)
    }
}
