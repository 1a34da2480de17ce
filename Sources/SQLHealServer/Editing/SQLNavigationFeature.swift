import Foundation
import SQLHealAnalysis
import SQLHealLSP
import SQLHealWorkspace

/// Go to definition, document highlight and semantic tokens inside SQL (code strings and `.sql`
/// files), and document symbols for `.sql` files, all from the SQL model.
final class SQLNavigationFeature: ServerFeature {
    let name = "sql-navigation"

    /// Indexes into this legend are ``SQLSemanticToken/Kind`` raw values.
    static let legend = SemanticTokensLegend(tokenTypes: ["keyword", "class", "property", "parameter", "function"], tokenModifiers: ["declaration"])

    func register(with registry: ServerHandlerRegistry) {
        registry.onRequest(DefinitionRequest.self) { request, reply, server in
            reply.succeed(Self.definition(request, server: server))
        }
        registry.onRequest(DocumentHighlightRequest.self) { request, reply, server in
            reply.succeed(Self.highlights(request, server: server))
        }
        registry.onRequest(SemanticTokensRequest.self) { request, reply, server in
            reply.succeed(Self.semanticTokens(request, server: server))
        }
        registry.onRequest(DocumentSymbolRequest.self) { request, reply, server in
            reply.succeed(Self.documentSymbols(request, server: server))
        }
        registry.onRequest(TextDocumentContentRequest.self) { request, reply, server in
            do { reply.succeed(try Self.schemaDocument(request.uri, server: server)) } catch let error as ResponseError { reply.fail(error) } catch { reply.fail(ResponseError(code: .requestFailed, message: "\(error)")) }
        }
        registry.onRequest(SchemaDocumentRequest.self) { request, reply, server in
            do { reply.succeed(try Self.schemaDocument(request.uri, server: server)) } catch let error as ResponseError { reply.fail(error) } catch { reply.fail(ResponseError(code: .requestFailed, message: "\(error)")) }
        }
        registry.onRequest(ReferencesRequest.self) { request, reply, server in
            // The symbol is read on the message queue (the text the client shows); the project's
            // files are read and parsed off it.
            guard let (context, document) = SQLEditingFeature.context(request, server: server),
                  let reference = SQLNavigation.reference(at: context) else {
                reply.succeed(nil)
                return
            }
            Self.referenceQueue.async {
                reply.succeed(Self.references(to: reference.symbol, from: document, context: context, includeDeclaration: request.context.includeDeclaration, server: server))
            }
        }
    }

    func contributeCapabilities(_ capabilities: inout ServerCapabilities, for params: InitializeRequest) {
        capabilities.definitionProvider = true
        capabilities.referencesProvider = true
        capabilities.documentHighlightProvider = true
        capabilities.documentSymbolProvider = true
        capabilities.semanticTokensProvider = SemanticTokensOptions(legend: Self.legend, full: true)
        if params.capabilities.raw["workspace"]?["textDocumentContent"] != nil {
            var workspace = capabilities.workspace ?? WorkspaceServerCapabilities()
            workspace.textDocumentContent = .init(schemes: [SchemaDocumentURI.scheme])
            capabilities.workspace = workspace
        }
    }

    // MARK: - Definition

    static func definition(_ request: DefinitionRequest, server: LanguageServer) -> Location? {
        guard let (context, document) = SQLEditingFeature.context(request, server: server),
              let definition = SQLNavigation.definition(context) else { return nil }
        switch definition {
        case .sameDocument(let range):
            return Location(uri: document.uri, range: server.lspRange(of: range, in: document.lineIndex))
        case .schema(let location, let name):
            return schemaLocation(location, name: name, from: document, server: server)
        case .database(let table, let name):
            guard let project = server.project(containing: document.uri),
                  let text = SchemaObjectDocument.text(of: table, schema: project.schema.context.checkedSchema, databaseName: project.schema.context.databaseDisplayName),
                  let range = SchemaObjectDocument.rangeOfName(name, in: text) else { return nil }
            return Location(uri: SchemaDocumentURI.uri(table: table, projectRoot: project.root), range: server.lspRange(of: range, in: LineIndex(utf8: Array(text.utf8))))
        }
    }

    // MARK: - Documents of the database's schema

    /// The text of a `sqlheal-schema:` document: the schema of a table only the database declares.
    static func schemaDocument(_ uri: DocumentURI, server: LanguageServer) throws -> TextDocumentContentResult {
        guard let (table, root) = SchemaDocumentURI.parse(uri),
              let project = server.projects.values.first(where: { WorkspacePath.standardize($0.root) == WorkspacePath.standardize(root) }),
              let text = SchemaObjectDocument.text(of: table, schema: project.schema.context.checkedSchema, databaseName: project.schema.context.databaseDisplayName) else {
            throw ResponseError(code: .invalidParams, message: "sqlheal: no schema document \(uri)")
        }
        return TextDocumentContentResult(text: text)
    }

    /// The declaring file, found under the document's project (schema paths are relative to it),
    /// else the nearest folder above the document that holds it; the range is the name on the
    /// declared line.
    static func schemaLocation(_ location: SchemaLocation, name: String, from document: OpenDocument, server: LanguageServer) -> Location? {
        var candidates: [String] = []
        if location.path.hasPrefix("/") {
            candidates.append(location.path)
        } else {
            if let project = server.project(containing: document.uri) {
                candidates.append((project.root as NSString).appendingPathComponent(location.path))
            }
            if var directory = FileURI.path(fromURI: document.uri).map({ ($0 as NSString).deletingLastPathComponent }) {
                while directory.count > 1 {
                    candidates.append((directory as NSString).appendingPathComponent(location.path))
                    directory = (directory as NSString).deletingLastPathComponent
                }
            }
        }
        guard let path = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else { return nil }
        let uri = FileURI.uri(fromPath: path)
        // An open document's text is what the user sees; otherwise the file on disk.
        let text = server.document(uri)?.text ?? (FileManager.default.contents(atPath: path).map { Array($0) } ?? [])
        let lineIndex = LineIndex(utf8: text)
        let lineNumber = max(0, location.line - 1)
        guard lineNumber < lineIndex.lineStarts.count else { return nil }
        let lineStart = lineIndex.lineStarts[lineNumber]
        let lineEnd = lineNumber + 1 < lineIndex.lineStarts.count ? lineIndex.lineStarts[lineNumber + 1] : text.count
        let nameRange = rangeOfName(name, in: text, lineRange: lineStart..<lineEnd) ?? lineStart..<lineStart
        return Location(uri: uri, range: server.lspRange(of: nameRange, in: lineIndex))
    }

    /// The first token on the line naming `name` (bare or quoted, ASCII case-insensitively).
    static func rangeOfName(_ name: String, in text: [UInt8], lineRange: ByteRange) -> ByteRange? {
        let line = TokenizedSQL(bytes: Array(text[lineRange]))
        let key = name.lowercased()
        for token in line.tokens where line.identifierName(of: token)?.lowercased() == key {
            return (lineRange.lowerBound + token.range.lowerBound)..<(lineRange.lowerBound + token.range.upperBound)
        }
        return nil
    }

    // MARK: - References

    static let referenceQueue = DispatchQueue(label: "sqlheal.sql-references", qos: .userInitiated)

    /// A schema table or column: its uses in every source and `.sql` file of the document's
    /// project (open documents as the editor holds them, the others from disk; each file read
    /// with the names it imports, as its diagnostics are). Anything else lives in its statement:
    /// its highlights.
    static func references(to symbol: SQLSymbol, from document: OpenDocument, context: SQLEditingContext, includeDeclaration: Bool, server: LanguageServer) -> [Location] {
        guard SQLNavigation.isProjectWide(symbol) else {
            return SQLNavigation.highlights(context)
                .filter { includeDeclaration || !$0.isDeclaration }
                .map { Location(uri: document.uri, range: server.lspRange(of: $0.range, in: document.lineIndex)) }
        }
        let schema = context.schema
        var locations: [Location] = []
        for file in projectSQLFiles(from: document, server: server) {
            let found: [SQLNavigation.Highlight]
            if file.isSQLFile {
                found = SQLNavigation.references(to: symbol, inSQLFile: file.text, schema: schema, includeDeclarations: includeDeclaration)
            } else {
                found = SQLNavigation.references(to: symbol, inQueries: file.queries(server: server), schema: schema, includeDeclarations: includeDeclaration)
            }
            guard !found.isEmpty else { continue }
            let lineIndex = file.lineIndex
            locations += found.map { Location(uri: file.uri, range: server.lspRange(of: $0.range, in: lineIndex)) }
        }
        return locations
    }

    /// A file of a document's project that may hold SQL, with its text as the editor holds it
    /// (else as on disk).
    struct ProjectSQLFile {
        var path: String
        var uri: DocumentURI
        var text: [UInt8]
        var open: OpenDocument?
        var isSQLFile: Bool
        var language: SourceLanguage?

        var lineIndex: LineIndex { open?.lineIndex ?? LineIndex(utf8: text) }

        /// The queries of a code file, read with the names it imports (as its diagnostics are).
        func queries(server: LanguageServer) -> [EmbeddedQuery] {
            guard let language else { return [] }
            let scan = JavaScriptScanner.scan(text, language: language)
            let configuration = server.analyzer(forDocument: uri).configuration.extraction
            return QueryExtractor.extract(from: text, scan: scan, configuration: configuration, context: server.moduleContext(forPath: path)).queries
        }
    }

    /// The document's project's source and `.sql` files (the document first), found with the
    /// project's discovery rules; a document in no project (a script beside the apps of a
    /// monorepo, checked for syntax only) is its own only file.
    static func projectSQLFiles(from document: OpenDocument, server: LanguageServer) -> [ProjectSQLFile] {
        var paths: [String] = []
        if let project = server.project(containing: document.uri) {
            var rules = project.configuration.discovery
            rules.include.append(GlobPattern("**/*.sql"))
            paths = FileDiscovery.discover(root: project.root, rules: rules).files
        }
        let own = FileURI.path(fromURI: document.uri)
        if let own { paths.removeAll { $0 == own }; paths.insert(own, at: 0) }
        return paths.compactMap { path in
            let uri = FileURI.uri(fromPath: path)
            let open = server.document(uri) ?? (path == own ? document : nil)
            guard let text = open?.text ?? FileManager.default.contents(atPath: path).map({ Array($0) }) else { return nil }
            let isSQLFile = path.lowercased().hasSuffix(".sql")
            let language = SourceLanguage(fileName: path)
            guard isSQLFile || language != nil else { return nil }
            return ProjectSQLFile(path: path, uri: open?.uri ?? uri, text: text, open: open, isSQLFile: isSQLFile, language: isSQLFile ? nil : language)
        }
    }

    // MARK: - Highlight, tokens, symbols

    static func highlights(_ request: DocumentHighlightRequest, server: LanguageServer) -> [DocumentHighlight]? {
        guard let (context, document) = SQLEditingFeature.context(request, server: server) else { return nil }
        let highlights = SQLNavigation.highlights(context)
        guard !highlights.isEmpty else { return nil }
        return highlights.map { DocumentHighlight(range: server.lspRange(of: $0.range, in: document.lineIndex), kind: $0.isDeclaration ? 3 : 2) }
    }

    static func semanticTokens(_ request: SemanticTokensRequest, server: LanguageServer) -> SemanticTokens? {
        guard let document = server.document(request.textDocument.uri) else { return nil }
        let analyzer = server.analyzer(forDocument: document.uri)
        let schema = analyzer.schema.checkedSchema
        let tokens: [SQLSemanticToken]
        if let language = document.language {
            let queries = QueryExtractor.extractQueries(from: document.text, language: language, configuration: analyzer.configuration.extraction)
            tokens = SQLSemanticToken.tokens(inQueries: queries, schema: schema)
        } else if SQLEditingFeature.isSQLFile(document) {
            tokens = SQLSemanticToken.tokens(inSQLFile: document.text, schema: schema)
        } else {
            return nil
        }
        return SemanticTokens(data: encode(tokens, document: document, server: server))
    }

    /// The relative encoding of the protocol; tokens that would span lines are left out.
    static func encode(_ tokens: [SQLSemanticToken], document: OpenDocument, server: LanguageServer) -> [Int] {
        var data: [Int] = []
        data.reserveCapacity(tokens.count * 5)
        var previousLine = 0
        var previousCharacter = 0
        for token in tokens {
            let range = server.lspRange(of: token.range, in: document.lineIndex)
            guard range.start.line == range.end.line, range.end.character > range.start.character else { continue }
            let lineDelta = range.start.line - previousLine
            let characterDelta = lineDelta == 0 ? range.start.character - previousCharacter : range.start.character
            data += [lineDelta, characterDelta, range.end.character - range.start.character, token.kind.rawValue, token.isDeclaration ? 1 : 0]
            previousLine = range.start.line
            previousCharacter = range.start.character
        }
        return data
    }

    static func symbolKind(_ kind: SQLDocumentSymbol.Kind) -> Int {
        switch kind {
        case .table: 5
        case .view: 11
        case .column: 8
        case .index: 20
        case .trigger: 24
        }
    }

    static func documentSymbols(_ request: DocumentSymbolRequest, server: LanguageServer) -> [DocumentSymbol]? {
        guard let document = server.document(request.textDocument.uri), SQLEditingFeature.isSQLFile(document) else { return nil }
        func convert(_ symbol: SQLDocumentSymbol) -> DocumentSymbol {
            DocumentSymbol(
                name: symbol.name, detail: symbol.detail.isEmpty ? nil : symbol.detail, kind: symbolKind(symbol.kind),
                range: server.lspRange(of: symbol.range, in: document.lineIndex),
                selectionRange: server.lspRange(of: symbol.selectionRange, in: document.lineIndex),
                children: symbol.children.isEmpty ? nil : symbol.children.map(convert)
            )
        }
        return SQLDocumentSymbol.symbols(inSQLFile: document.text).map(convert)
    }
}

/// `sqlheal-schema:///audit_log.sql?project=%2Fhome%2Fme%2Fapp`: the read-only schema of a table
/// only the database of the project at `project` declares.
enum SchemaDocumentURI {
    static let scheme = "sqlheal-schema"

    static func uri(table: String, projectRoot: String) -> DocumentURI {
        "\(scheme):///\(encoded(table)).sql?project=\(encoded(projectRoot))"
    }

    static func parse(_ uri: DocumentURI) -> (table: String, projectRoot: String)? {
        guard uri.hasPrefix(scheme + ":///"), let query = uri.firstIndex(of: "?") else { return nil }
        let path = uri[uri.index(uri.startIndex, offsetBy: scheme.count + 4)..<query]
        guard path.hasSuffix(".sql"), let table = String(path.dropLast(4)).removingPercentEncoding else { return nil }
        let parameters = uri[uri.index(after: query)...]
        guard parameters.hasPrefix("project="), let root = String(parameters.dropFirst("project=".count)).removingPercentEncoding else { return nil }
        return (table, root)
    }

    private static func encoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
