import Foundation
import SQLHealAnalysis
import SQLHealJSONRPC
import SQLHealLSP
import SQLHealWorkspace

/// `textDocument/prepareRename` and `textDocument/rename` inside SQL (code strings and `.sql`
/// files): an alias or CTE within its statement; a table or column of the schema in every query
/// of the project and in the schema files that declare it. Applied migrations are history and are
/// never edited: when migrations declare the name, the edit adds the next migration with the
/// matching `ALTER TABLE … RENAME` (where the client can create files; otherwise the statement is
/// shown to add by hand). A use whose name a JavaScript expression supplies (`FROM ${TABLE}`), or
/// an object only the database declares, refuses the rename with the reason.
final class SQLRenameFeature: ServerFeature {
    let name = "sql-rename"

    func register(with registry: ServerHandlerRegistry) {
        registry.onRequest(PrepareRenameRequest.self) { request, reply, server in
            guard let (context, document) = SQLEditingFeature.context(request, server: server) else {
                reply.fail(ResponseError(code: .requestFailed, message: "there is no SQL name here to rename"))
                return
            }
            switch SQLRename.target(at: context) {
            case .success(let target):
                reply.succeed(PrepareRenameResult(range: server.lspRange(of: Self.nameRange(target.range, in: document.text), in: document.lineIndex), placeholder: target.name))
            case .failure(let refusal):
                reply.fail(ResponseError(code: .requestFailed, message: "sqlheal: " + refusal.description))
            }
        }
        registry.onRequest(RenameRequest.self) { request, reply, server in
            // The name is read on the message queue (the text the client shows); the project's
            // files are read off it.
            guard let (context, document) = SQLEditingFeature.context(request, server: server) else {
                reply.fail(ResponseError(code: .requestFailed, message: "there is no SQL name here to rename"))
                return
            }
            SQLNavigationFeature.referenceQueue.async {
                do {
                    reply.succeed(try Self.rename(at: context, in: document, to: request.newName, server: server))
                } catch let error as ResponseError {
                    reply.fail(error)
                } catch {
                    reply.fail(ResponseError(code: .requestFailed, message: "\(error)"))
                }
            }
        }
    }

    func contributeCapabilities(_ capabilities: inout ServerCapabilities, for params: InitializeRequest) {
        capabilities.renameProvider = RenameOptions(prepareProvider: params.capabilities.supportsPrepareRename ? true : nil)
    }

    // MARK: - Rename

    static func rename(at context: SQLEditingContext, in document: OpenDocument, to newName: String, server: LanguageServer) throws -> WorkspaceEdit {
        let target: SQLRename.Target
        switch SQLRename.target(at: context) {
        case .success(let found): target = found
        case .failure(let refusal): throw ResponseError(code: .requestFailed, message: "sqlheal: " + refusal.description)
        }
        if let problem = SQLRename.problem(with: newName, for: target, schema: context.schema) {
            throw ResponseError(code: .invalidParams, message: "sqlheal: " + problem.description)
        }
        var edits: [(file: SQLNavigationFeature.ProjectSQLFile?, document: OpenDocument?, uri: DocumentURI, text: [UInt8], ranges: [ByteRange])] = []
        var migration: (uri: DocumentURI, statement: String)?
        if let local = target.localRanges {
            edits.append((nil, document, document.uri, document.text, local))
        } else {
            let project = server.project(containing: document.uri)
            let declaration = declarationFile(of: target, schema: context.schema, project: project)
            guard let declaration else {
                throw ResponseError(code: .requestFailed, message: "sqlheal: `\(target.name)` is declared only in the database, not in a file of the project: rename it there first")
            }
            let migrations = project?.configuration.migrationsPath
            var fromExpressions: [String] = []
            for file in SQLNavigationFeature.projectSQLFiles(from: document, server: server) {
                if file.isSQLFile {
                    // Applied migrations are history: the rename is the next migration instead.
                    if let migrations, WorkspacePath.relative(file.path, to: migrations) != nil { continue }
                    let found = SQLNavigation.references(to: target.symbol, inSQLFile: file.text, schema: context.schema, includeDeclarations: true)
                    if !found.isEmpty { edits.append((file, file.open, file.uri, file.text, found.map(\.range))) }
                } else {
                    let found = SQLNavigation.codeReferences(to: target.symbol, inQueries: file.queries(server: server), schema: context.schema, includeDeclarations: true)
                    if !found.rewritable.isEmpty { edits.append((file, file.open, file.uri, file.text, found.rewritable.map(\.range))) }
                    let lineIndex = file.lineIndex
                    for range in found.fromExpressions {
                        let line = server.lspRange(of: range, in: lineIndex).start.line + 1
                        fromExpressions.append("\(project.map { WorkspacePath.display(file.path, root: $0.root) } ?? file.path):\(line)")
                    }
                }
            }
            if !fromExpressions.isEmpty {
                let listed = fromExpressions.prefix(3).joined(separator: ", ") + (fromExpressions.count > 3 ? " and \(fromExpressions.count - 3) more" : "")
                throw ResponseError(code: .requestFailed, message: "sqlheal: `\(target.name)` is named by a JavaScript expression at \(listed): rename it there, then here")
            }
            if let migrations, WorkspacePath.relative(declaration, to: migrations) != nil,
               let statement = SQLRename.migrationStatement(renaming: target, to: newName, schema: context.schema) {
                if server.clientCapabilities.supportsCreatingFiles, let path = MigrationNaming.nextMigrationPath(in: migrations, describing: "rename \(target.name) to \(newName)") {
                    migration = (FileURI.uri(fromPath: path), statement)
                } else {
                    server.showMessage("sqlheal: `\(target.name)` is declared by a migration; add a new migration with: \(statement)", type: .info)
                }
            }
        }
        return workspaceEdit(edits.map { ($0.document, $0.uri, $0.text, $0.ranges) }, newName: newName, migration: migration, server: server)
    }

    /// The file declaring `target` (absolute path), `nil` when only the database declares it.
    static func declarationFile(of target: SQLRename.Target, schema: SchemaSnapshot, project: ProjectWorkspace?) -> String? {
        let location: SchemaLocation?
        switch target.symbol {
        case .table(let key):
            location = schema.table(named: key)?.declaredAt
        case .column(let tableKey, let columnKey):
            let table = schema.table(named: tableKey)
            location = table?.column(named: columnKey)?.declaredAt ?? table?.declaredAt
        default:
            return nil
        }
        guard let location, location.line > 0 else { return nil }
        if location.path.hasPrefix("/") { return location.path }
        return project.map { WorkspacePath.join($0.root, location.path) } ?? location.path
    }

    static func workspaceEdit(_ files: [(document: OpenDocument?, uri: DocumentURI, text: [UInt8], ranges: [ByteRange])], newName: String,
                              migration: (uri: DocumentURI, statement: String)?, server: LanguageServer) -> WorkspaceEdit {
        var perDocument: [(document: OptionalVersionedTextDocumentIdentifier, edits: [TextEdit])] = []
        for file in files {
            let lineIndex = file.document?.lineIndex ?? LineIndex(utf8: file.text)
            var seen = Set<ByteRange>()
            let textEdits = file.ranges.filter { seen.insert($0).inserted }.sorted { $0.lowerBound < $1.lowerBound }.map { range in
                let written = String(decoding: file.text[range.clamped(to: 0..<file.text.count)], as: UTF8.self)
                return TextEdit(range: server.lspRange(of: range, in: lineIndex), newText: SQLRename.replacement(forOccurrence: written, newName: newName))
            }
            perDocument.append((OptionalVersionedTextDocumentIdentifier(uri: file.uri, version: file.document?.version), textEdits))
        }
        var edit = WorkspaceEdit(edits: perDocument, useDocumentChanges: server.clientCapabilities.supportsDocumentChanges)
        if let migration {
            let insert = TextEdit(range: LSPRange(start: Position(line: 0, character: 0), end: Position(line: 0, character: 0)), newText: migration.statement + "\n")
            edit.documentChanges = (edit.documentChanges ?? []) + [
                .createFile(CreateFile(uri: migration.uri, options: CreateFileOptions(overwrite: false, ignoreIfExists: false))),
                .textDocumentEdit(TextDocumentEdit(textDocument: OptionalVersionedTextDocumentIdentifier(uri: migration.uri, version: nil), edits: [insert])),
            ]
        }
        return edit
    }

    /// The name's range without its quotes, as editors select it.
    static func nameRange(_ range: ByteRange, in text: [UInt8]) -> ByteRange {
        guard range.count >= 2, range.upperBound <= text.count else { return range }
        switch (text[range.lowerBound], text[range.upperBound - 1]) {
        case (0x22, 0x22), (0x60, 0x60), (0x5B, 0x5D): return (range.lowerBound + 1)..<(range.upperBound - 1)
        default: return range
        }
    }
}

/// The name of the next migration file in a folder of numbered (or time-stamped) `.sql` files.
enum MigrationNaming {
    /// `migrations/003_rename_a_to_b.sql` after `002_…`, keeping the folder's width; a time stamp
    /// when the folder numbers its files by time; `nil` for a layout of folders (Prisma's
    /// `<stamp>/migration.sql`), whose naming is the tool's own.
    static func nextMigrationPath(in folder: String, describing description: String) -> String? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return nil }
        let sqlFiles = names.filter { $0.lowercased().hasSuffix(".sql") && !$0.hasPrefix(".") }
        let hasFolders = names.contains { name in
            var isDirectory: ObjCBool = false
            return !name.hasPrefix(".") && FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent(name), isDirectory: &isDirectory) && isDirectory.boolValue
        }
        guard !hasFolders || !sqlFiles.isEmpty else { return nil }
        let numbers = sqlFiles.compactMap { name -> (value: Int, width: Int)? in
            let digits = name.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, let value = Int(digits) else { return nil }
            return (value, digits.count)
        }
        let slug = description.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" }.reduce(into: "") { result, character in
            if character != "_" || result.last != "_" { result.append(character) }
        }
        let prefix: String
        if let widest = numbers.map(\.width).max(), widest >= 12 {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = widest >= 14 ? "yyyyMMddHHmmss" : "yyyyMMddHHmm"
            prefix = formatter.string(from: Date())
        } else {
            let next = (numbers.map(\.value).max() ?? 0) + 1
            let width = numbers.map(\.width).max() ?? 3
            prefix = String(repeating: "0", count: max(0, width - String(next).count)) + String(next)
        }
        let path = (folder as NSString).appendingPathComponent("\(prefix)_\(slug).sql")
        return FileManager.default.fileExists(atPath: path) ? nil : path
    }
}
