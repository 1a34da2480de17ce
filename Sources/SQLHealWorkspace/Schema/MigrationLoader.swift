import SQLHealAnalysis
import SQLHealSQLite

/// Where a table or column is written in a migration file: the name's bytes, for diagnostics
/// that underline the declaration.
public struct DeclarationSite: Sendable, Hashable {
    /// Absolute path of the migration file.
    public var path: String
    /// The name's byte range in the file.
    public var range: ByteRange
    /// One-based line of the name.
    public var line: Int

    public init(path: String, range: ByteRange, line: Int) {
        self.path = path
        self.range = range
        self.line = line
    }
}

/// The schema the migrations build, with where each table and column is declared.
public struct MigrationSchema: Sendable {
    /// Migration files in the order they were applied (absolute paths).
    public var files: [String]
    /// What the migrations build; ``TableSchema/declaredAt`` and ``ColumnSchema/declaredAt``
    /// hold project-relative paths and lines.
    public var snapshot: SchemaSnapshot
    /// Keyed by lowercased table name.
    public var tableSites: [String: DeclarationSite]
    /// Keyed by lowercased table name, then lowercased column name.
    public var columnSites: [String: [String: DeclarationSite]]
    /// `migration-error` findings (a statement SQLite rejected, a file that cannot be read).
    public var findings: [FileFinding]
    /// Each file's bytes and line index, so later findings on it (drift, unused tables) locate cheaply.
    var locators: [String: TextFileLocator]

    /// Schema files (snapshots of the schema, not history) applied after the migrations.
    public var schemaFiles: [String] = []

    public static let none = MigrationSchema(files: [], snapshot: .empty, tableSites: [:], columnSites: [:], findings: [], locators: [:])

    /// Whether any SQL file was applied.
    public var isEmpty: Bool { files.isEmpty && schemaFiles.isEmpty }

    func locate(_ finding: Finding, in path: String) -> FileFinding? {
        locators[path]?.locate(finding)
    }
}

/// An SQL file to apply, and how to read it.
public struct SchemaScriptFile: Sendable, Hashable {
    public enum Role: Sendable, Hashable {
        /// History: every statement runs in order, every failure is reported.
        case migration
        /// A snapshot of the schema (`schema.sql`): it only adds what earlier sources lack.
        case schemaFile
    }

    public var path: String
    public var role: Role

    public init(path: String, role: Role) {
        self.path = path
        self.role = role
    }
}

/// A source file of the project and the schema statements its code runs.
public struct CodeSchemaFile: Sendable {
    public var path: String
    public var bytes: [UInt8]
    public var statements: [CodeSchemaStatement]

    public init(path: String, bytes: [UInt8], statements: [CodeSchemaStatement]) {
        self.path = path
        self.bytes = bytes
        self.statements = statements
    }
}

/// The schema the code's own statements add on top of the SQL files.
public struct CodeSchemaLayer: Sendable {
    /// Files, then code: ``TableSchema/declaredAt`` says where each table is made.
    public var snapshot: SchemaSnapshot
    public var tableSites: [String: DeclarationSite]
    /// The source files whose statements were read (absolute paths).
    public var files: [String]
    /// `CREATE TEMP TABLE …` statements as written: run after any schema, even a database's.
    public var temporaryDDL: [String]
    /// Lowercased names of the tables those statements make.
    public var temporaryTableNames: Set<String>
    /// Migration code files (absolute path) and the schema before each one's statements.
    public var history: [String: SchemaHistory]
}

/// What ``MigrationLoader/assemble(files:code:root:unit:)`` builds.
public struct AssembledSchema: Sendable {
    public var files: MigrationSchema
    /// `nil` when the code runs no schema statement.
    public var withCode: CodeSchemaLayer?
}

/// Applies `migrations/*.sql` in natural order, statement by statement, to an in-memory
/// database, and reads the schema they build.
///
/// A statement SQLite rejects becomes a `migration-error` finding on that file, at the word
/// SQLite names (its error offset, or the name the message quotes), and the statements after it
/// still run: one typo must not hide the rest of the schema. Statements that could touch the
/// file system (`ATTACH`, `VACUUM INTO`) are never run.
public enum MigrationLoader {
    public static let maximumFileSize = 16 * 1024 * 1024

    /// The migration files under `path`, in the order they are applied: a single `.sql` file;
    /// a Drizzle folder (one with `meta/_journal.json`) in its journal's order; or a folder's
    /// `*.sql` files, nested folders included (Prisma's `<stamp>/migration.sql`, golang-migrate's
    /// `up.sql`, folders per year), in natural order of their paths. Down migrations
    /// (`*.down.sql`, `*_down.sql`, `down.sql`, `*.undo.sql`) are left out.
    public static func migrationFiles(at path: String) -> [String] {
        switch FileKind.of(path) {
        case .regularFile?:
            return [path]
        case .directory?:
            break
        default:
            return []
        }
        if let journaled = drizzleJournalFiles(in: path) { return journaled }
        var entries: [(sortKey: String, path: String)] = []
        collectSQLFiles(in: path, relative: "", depth: 0, into: &entries)
        return entries.sorted { NaturalOrder.isOrderedBefore($0.sortKey, $1.sortKey) }.map(\.path)
    }

    /// Nested migration folders deeper than this are not entered.
    static let maximumMigrationDepth = 4

    private static func collectSQLFiles(in folder: String, relative: String, depth: Int, into entries: inout [(sortKey: String, path: String)]) {
        guard depth <= maximumMigrationDepth, let names = FileDiscovery.listDirectory(folder) else { return }
        for name in names where !name.hasPrefix(".") {
            let child = WorkspacePath.join(folder, name)
            let key = relative.isEmpty ? name : relative + "/" + name
            switch FileKind.of(child) {
            case .regularFile?:
                let lowered = name.lowercased()
                guard lowered.hasSuffix(".sql"), !isDownMigration(lowered) else { continue }
                entries.append((key, child))
            case .directory?:
                guard !FileDiscoveryRules.alwaysSkippedFolderNames.contains(name), name != "meta" else { continue }
                collectSQLFiles(in: child, relative: key, depth: depth + 1, into: &entries)
            default:
                continue
            }
        }
    }

    /// Drizzle Kit writes `meta/_journal.json` (`{"entries": [{"idx": 0, "tag": "0000_x"}, …]}`)
    /// beside `<tag>.sql`: the journal, not the file names, says the order. `nil` when the folder
    /// has no readable journal.
    static func drizzleJournalFiles(in folder: String) -> [String]? {
        let journal = WorkspacePath.join(WorkspacePath.join(folder, "meta"), "_journal.json")
        guard case .success(let bytes) = FileBytes.read(journal, maximumSize: 4 * 1024 * 1024),
              let parsed = try? LocatedJSONParser.parse(bytes),
              case .array(let entries)? = parsed.member("entries")?.value.value else { return nil }
        var ordered: [(index: Double, position: Int, path: String)] = []
        for (position, entry) in entries.enumerated() {
            guard case .string(let tag)? = entry.member("tag")?.value.value, !tag.contains("/") else { continue }
            var index = Double(position)
            if case .number(let idx)? = entry.member("idx")?.value.value { index = idx }
            let file = WorkspacePath.join(folder, tag + ".sql")
            if FileKind.of(file) == .regularFile { ordered.append((index, position, file)) }
        }
        return ordered.sorted { ($0.index, $0.position) < ($1.index, $1.position) }.map(\.path)
    }

    static func isDownMigration(_ loweredName: String) -> Bool {
        loweredName.hasSuffix(".down.sql") || loweredName.hasSuffix("_down.sql") || loweredName == "down.sql"
            || loweredName.hasSuffix(".undo.sql")
    }

    /// Applies `files` in the given order. `root` decides how paths appear in `declaredAt`.
    public static func load(files: [String], root: String, unit: TextColumnUnit = .utf16) -> MigrationSchema {
        assemble(files: files.map { SchemaScriptFile(path: $0, role: .migration) }, code: [], root: root, unit: unit).files
    }

    /// Applies SQL files, then the schema statements of the code, to one in-memory database.
    ///
    /// - Migrations run in order and every statement SQLite rejects is a `migration-error`.
    /// - Schema files are snapshots, not history: a statement making what already exists is
    ///   skipped (an earlier source has it), and one naming what does not exist yet (a trigger
    ///   file sorted before the tables it watches) is tried again after the other files.
    /// - Code statements only add to that: failures are silent (the checker reports them where
    ///   they are written), and one naming what does not exist yet is tried again after the rest
    ///   (migration functions spread over files that run in another order than their names sort).
    ///
    /// The result holds the files' schema (what drift, unused tables and the repair read) and,
    /// when there is code, the schema with the code's statements on top.
    public static func assemble(files: [SchemaScriptFile], code: [CodeSchemaFile], root: String, unit: TextColumnUnit = .utf16) -> AssembledSchema {
        var result = MigrationSchema.none
        result.files = files.filter { $0.role == .migration }.map(\.path)
        result.schemaFiles = files.filter { $0.role == .schemaFile }.map(\.path)
        guard !files.isEmpty || !code.isEmpty, let connection = try? SQLiteConnection() else {
            return AssembledSchema(files: result, withCode: nil)
        }
        connection.disableDoubleQuotedStringLiterals()
        SQLiteSafety.forbidAttachedDatabases(connection)

        var tracker = DeclarationTracker()
        var deferred: [DeferredStatement] = []
        var scripts: [String: SQLiteScript] = [:]
        for file in files {
            let bytes: [UInt8]
            switch FileBytes.read(file.path, maximumSize: maximumFileSize) {
            case .success(let read):
                bytes = read
            case .failure(let problem):
                result.findings.append(FileFinding(
                    path: file.path,
                    finding: Finding(code: .migrationError, severity: .error, range: 0..<0, message: "migration not applied: \(problem)"),
                    start: TextPosition(line: 0, column: 0),
                    end: TextPosition(line: 0, column: 0)
                ))
                continue
            }
            let locator = TextFileLocator(path: file.path, bytes: bytes, unit: unit)
            result.locators[file.path] = locator
            if let problem = SourceFileReader.textProblem(bytes) {
                result.findings.append(locator.locate(Finding(code: .migrationError, severity: .error, range: 0..<0, message: "migration not applied: \(problem)")))
                continue
            }
            let script = SQLiteScript(utf8: bytes)
            scripts[file.path] = script
            applyScript(script, file: file, connection: connection, tracker: &tracker, locator: locator, findings: &result.findings, deferred: &deferred)
        }
        // Schema-file statements that named what a later file makes.
        retryDeferred(&deferred, connection: connection, tracker: &tracker) { statement in
            guard let script = scripts[statement.path], let prepared = try connection.prepareStatement(in: script, at: statement.start).statement else { return nil }
            while try prepared.step() {}
            return (String(decoding: script.utf8[statement.start..<min(statement.end, script.utf8.count)], as: UTF8.self), nil)
        }
        for statement in deferred {
            guard let locator = result.locators[statement.path], let script = scripts[statement.path] else { continue }
            let range = errorRange(statement.error, script: script, statementRange: statement.start..<statement.end)
            result.findings.append(locator.locate(Finding(
                code: .migrationError, severity: .error, range: range,
                message: "schema statement failed: \(statement.error.message) (no other schema source makes it either)")))
        }

        guard let filesSnapshot = try? SchemaSnapshot(reading: connection) else { return AssembledSchema(files: result, withCode: nil) }
        let filesDeclarations = Declarations.collect(snapshot: filesSnapshot, tracker: tracker, locators: result.locators, root: root)
        result.snapshot = filesDeclarations.snapshot
        result.tableSites = filesDeclarations.tableSites
        result.columnSites = filesDeclarations.columnSites
        guard !code.isEmpty else { return AssembledSchema(files: result, withCode: nil) }

        var codeLocators = result.locators
        var codeDeferred: [DeferredStatement] = []
        var codeStatements: [DeferredStatement: CodeSchemaStatement] = [:]
        var temporaryDDL: [String] = []
        let fileObjects = Set(((try? connection.rows("SELECT name FROM main.sqlite_schema")) ?? []).compactMap { $0.first?.textValue?.lowercased() })
        var contributing: [CodeSchemaFile] = []
        var startingDDL: [String: [String]] = [:]
        var temporaryTableNames = Set<String>()
        for file in code {
            codeLocators[file.path] = TextFileLocator(path: file.path, bytes: file.bytes, unit: unit)
            let scaffolding = CodeSchemaReader.isMigrationCode(file.statements) ? Self.temporaryScaffolding(file.statements) : []
            temporaryTableNames.formUnion(file.statements.filter { $0.isTemporary && !scaffolding.contains($0.objectName.lowercased()) }.map { $0.objectName.lowercased() })
            let applied = CodeSchemaReader.appliedStatements(file.statements, fileObjects: fileObjects)
            if !applied.isEmpty { contributing.append(file) }
            if CodeSchemaReader.isMigrationCode(file.statements), let before = try? SchemaSnapshot(reading: connection) {
                startingDDL[file.path] = before.ddl
            }
            for statement in applied {
                if statement.isTemporary, !scaffolding.contains(statement.objectName.lowercased()) { temporaryDDL.append(statement.sql) }
                let key = DeferredStatement(path: file.path, start: statement.sourceRange.lowerBound, end: statement.sourceRange.upperBound, error: SQLiteError(code: 0, message: ""))
                codeStatements[key] = statement
                // Only what adds is tried again later: a DROP or RENAME run after the statements
                // that followed it would undo them.
                if let error = applyCodeStatement(statement, path: file.path, connection: connection, tracker: &tracker), isUnresolvedName(error),
                   statement.kind == .create || (statement.kind == .alter && !statement.changesExistingDefinition) {
                    var retry = key
                    retry.error = error
                    codeDeferred.append(retry)
                    codeStatements[retry] = statement
                }
            }
        }
        retryDeferred(&codeDeferred, connection: connection, tracker: &tracker) { deferred in
            guard let statement = codeStatements[deferred] else { return nil }
            try connection.execute(statement.permanentSQL)
            return (statement.permanentSQL, statement)
        }
        guard let codeSnapshot = try? SchemaSnapshot(reading: connection) else { return AssembledSchema(files: result, withCode: nil) }
        let codeDeclarations = Declarations.collect(snapshot: codeSnapshot, tracker: tracker, locators: codeLocators, root: root)
        return AssembledSchema(files: result, withCode: CodeSchemaLayer(
            snapshot: codeDeclarations.snapshot,
            tableSites: codeDeclarations.tableSites,
            files: contributing.map(\.path),
            temporaryDDL: temporaryDDL,
            temporaryTableNames: temporaryTableNames,
            // Schema files hold the final form: history written for older versions meets it.
            history: startingDDL.mapValues { SchemaHistory(startingDDL: $0, startsFromHistory: result.schemaFiles.isEmpty) }))
    }

    /// Temporary tables migration code creates and then drops itself (a step's scaffolding,
    /// Zotero's `charsetsOld`): they exist only during that step, never for the app's queries,
    /// so they are not known as run-time tables everywhere. (Outside migration code a temporary
    /// table lives while the code uses it, and queries anywhere may name it.)
    static func temporaryScaffolding(_ statements: [CodeSchemaStatement]) -> Set<String> {
        var createdAt: [String: Int] = [:]
        var scaffolding = Set<String>()
        for statement in statements {
            let name = statement.objectName.lowercased()
            if statement.kind == .create, statement.isTemporary {
                createdAt[name] = statement.sourceRange.lowerBound
            } else if statement.kind == .drop, statement.objectType.uppercased() == "TABLE", let created = createdAt[name], statement.sourceRange.lowerBound > created {
                scaffolding.insert(name)
            }
        }
        return scaffolding
    }

    /// A statement that failed because a name it needs did not exist yet.
    struct DeferredStatement: Hashable {
        var path: String
        var start: Int
        var end: Int
        var error: SQLiteError

        static func == (lhs: Self, rhs: Self) -> Bool { lhs.path == rhs.path && lhs.start == rhs.start && lhs.end == rhs.end }
        func hash(into hasher: inout Hasher) {
            hasher.combine(path)
            hasher.combine(start)
            hasher.combine(end)
        }
    }

    static func isUnresolvedName(_ error: SQLiteError) -> Bool {
        error.message.hasPrefix("no such table") || error.message.hasPrefix("no such column") || error.message.hasPrefix("no such index")
    }

    /// Runs deferred statements again, in their order, as long as some of them succeed; what
    /// still fails stays in `deferred`.
    private static func retryDeferred(
        _ deferred: inout [DeferredStatement],
        connection: SQLiteConnection,
        tracker: inout DeclarationTracker,
        run: (DeferredStatement) throws -> (text: String, code: CodeSchemaStatement?)?
    ) {
        var progressed = true
        while progressed, !deferred.isEmpty {
            progressed = false
            var stillFailing: [DeferredStatement] = []
            for statement in deferred {
                let versionBefore = (try? connection.schemaVersion()) ?? 0
                do {
                    guard let ran = try run(statement) else { continue }
                    progressed = true
                    let versionAfter = (try? connection.schemaVersion()) ?? versionBefore
                    if versionAfter != versionBefore {
                        tracker.record(statement: ran.text, start: statement.start, path: statement.path, connection: connection, code: ran.code)
                    }
                } catch let error as SQLiteError {
                    var failed = statement
                    failed.error = error
                    stillFailing.append(failed)
                } catch {
                    continue
                }
            }
            deferred = stillFailing
        }
    }

    /// Runs one code statement; returns SQLite's error when it failed.
    private static func applyCodeStatement(_ statement: CodeSchemaStatement, path: String, connection: SQLiteConnection, tracker: inout DeclarationTracker) -> SQLiteError? {
        let versionBefore = (try? connection.schemaVersion()) ?? 0
        do {
            try connection.execute(statement.permanentSQL)
        } catch let error as SQLiteError {
            return error
        } catch {
            return nil
        }
        let versionAfter = (try? connection.schemaVersion()) ?? versionBefore
        if versionAfter != versionBefore {
            tracker.record(statement: statement.permanentSQL, start: statement.sourceRange.lowerBound, path: path, connection: connection, code: statement)
        }
        return nil
    }

    // MARK: - Applying one file

    private static func applyScript(
        _ script: SQLiteScript,
        file: SchemaScriptFile,
        connection: SQLiteConnection,
        tracker: inout DeclarationTracker,
        locator: TextFileLocator,
        findings: inout [FileFinding],
        deferred: inout [DeferredStatement]
    ) {
        var offset = 0
        // A statement that cannot advance is impossible by construction, but the bound keeps
        // even a broken SQLite from looping here.
        var remainingStatements = script.utf8.count + 1
        while remainingStatements > 0 {
            remainingStatements -= 1
            let start = script.skipTrivia(from: offset)
            guard start < script.utf8.count else { return }
            if let keyword = leadingKeyword(script.utf8, at: start), keyword == "ATTACH" || keyword == "DETACH" || keyword == "VACUUM" {
                offset = max(script.endOfStatement(startingAt: start), start + 1)
                continue
            }
            let versionBefore = (try? connection.schemaVersion()) ?? 0
            var statementEnd: Int
            do {
                let (statement, tail) = try connection.prepareStatement(in: script, at: start)
                statementEnd = tail
                guard let statement else { return }
                while try statement.step() {}
            } catch let error as SQLiteError {
                statementEnd = max(script.endOfStatement(startingAt: start), start + 1)
                switch file.role {
                case .schemaFile where error.message.hasSuffix("already exists") || error.message.hasPrefix("duplicate column"):
                    break
                case .schemaFile where isUnresolvedName(error):
                    deferred.append(DeferredStatement(path: file.path, start: start, end: statementEnd, error: error))
                default:
                    let range = errorRange(error, script: script, statementRange: start..<statementEnd)
                    findings.append(locator.locate(Finding(
                        code: .migrationError,
                        severity: .error,
                        range: range,
                        message: "migration statement failed: \(error.message) (the statements after it were still applied)"
                    )))
                }
            } catch {
                statementEnd = max(script.endOfStatement(startingAt: start), start + 1)
            }
            offset = max(statementEnd, start + 1)
            let versionAfter = (try? connection.schemaVersion()) ?? versionBefore
            if versionAfter != versionBefore {
                let text = String(decoding: script.utf8[start..<min(statementEnd, script.utf8.count)], as: UTF8.self)
                tracker.record(statement: text, start: start, path: file.path, connection: connection)
            }
        }
    }

    /// The bytes to underline for a failed statement: the token at SQLite's error offset; else
    /// the name the message quotes (`no such table: x`, `table x already exists`); else the
    /// statement's first line.
    static func errorRange(_ error: SQLiteError, script: SQLiteScript, statementRange: ByteRange) -> ByteRange {
        let bytes = script.utf8
        if let offset = error.offset, offset >= statementRange.lowerBound, offset < bytes.count {
            return offset..<(offset + nameLength(in: bytes, at: offset))
        }
        if let name = quotedName(inMessage: error.message),
           let found = findWord(name, in: bytes, within: statementRange) {
            return found
        }
        var end = statementRange.lowerBound
        while end < min(statementRange.upperBound, bytes.count), bytes[end] != 0x0A, bytes[end] != 0x0D { end += 1 }
        return statementRange.lowerBound..<max(end, statementRange.lowerBound)
    }

    /// The object name an error message is about: SQLite's messages put it after a colon
    /// (`no such table: main.users`, `duplicate column name: email`) or between
    /// `table`/`index`/`view`/`trigger` and `already exists`.
    static func quotedName(inMessage message: String) -> String? {
        if let colon = message.lastIndex(of: ":") {
            var name = String(message[message.index(after: colon)...]).trimmingCharacters(in: " ")
            if let dot = name.lastIndex(of: ".") { name = String(name[name.index(after: dot)...]) }
            if !name.isEmpty, !name.contains(" ") { return name }
        }
        let words = message.split(separator: " ")
        if let existsIndex = words.firstIndex(of: "exists"), existsIndex >= 2, words[existsIndex - 1] == "already" {
            return String(words[existsIndex - 2])
        }
        return nil
    }

    /// The first whole-word, ASCII case-insensitive occurrence of `name` in `range`.
    static func findWord(_ name: String, in bytes: [UInt8], within range: ByteRange) -> ByteRange? {
        let needle = Array(name.lowercased().utf8)
        guard !needle.isEmpty else { return nil }
        let upper = min(range.upperBound, bytes.count)
        var index = max(range.lowerBound, 0)
        while index + needle.count <= upper {
            var matches = true
            for (position, expected) in needle.enumerated() where asciiLowercase(bytes[index + position]) != expected {
                matches = false
                break
            }
            if matches {
                let before = index > 0 ? bytes[index - 1] : 0x20
                let after = index + needle.count < bytes.count ? bytes[index + needle.count] : 0x20
                if !isIdentifierByte(before), !isIdentifierByte(after) { return index..<(index + needle.count) }
            }
            index += 1
        }
        return nil
    }

    /// The length of the identifier or quoted name starting at `offset` (at least 1 when inside the text).
    static func nameLength(in bytes: [UInt8], at offset: Int) -> Int {
        guard offset < bytes.count, offset >= 0 else { return 0 }
        let first = bytes[offset]
        if first == UInt8(ascii: "\"") || first == UInt8(ascii: "`") || first == UInt8(ascii: "[") || first == UInt8(ascii: "'") {
            let close = first == UInt8(ascii: "[") ? UInt8(ascii: "]") : first
            var end = offset + 1
            while end < bytes.count, bytes[end] != close, bytes[end] != 0x0A { end += 1 }
            return min(end + 1, bytes.count) - offset
        }
        var end = offset
        while end < bytes.count, isIdentifierByte(bytes[end]) { end += 1 }
        return max(end - offset, 1)
    }

    static func isIdentifierByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "$") || byte >= 0x80
    }

    static func asciiLowercase(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }

    static func leadingKeyword(_ bytes: [UInt8], at offset: Int) -> String? {
        var end = offset
        while end < bytes.count, isIdentifierByte(bytes[end]) { end += 1 }
        guard end > offset else { return nil }
        return String(decoding: bytes[offset..<end], as: UTF8.self).uppercased()
    }

    static func site(ofName name: String, in event: DeclarationTracker.Event, locator: TextFileLocator) -> DeclarationSite {
        let statementRange = event.sourceRange
        // Skip `CREATE TABLE` itself so a table named like a keyword is still found at its name.
        let searchFrom = min(statementRange.lowerBound + 6, statementRange.upperBound)
        if let found = findWord(name, in: locator.bytes, within: searchFrom..<statementRange.upperBound)
            ?? findQuotedName(name, in: locator.bytes, within: statementRange) {
            return DeclarationSite(path: event.path, range: found, line: locator.line1(of: found.lowerBound))
        }
        let start = event.statementStart
        return DeclarationSite(path: event.path, range: start..<start, line: locator.line1(of: start))
    }
    private static func findQuotedName(_ name: String, in bytes: [UInt8], within range: ByteRange) -> ByteRange? {
        for quote in ["\"", "`", "["] {
            let close = quote == "[" ? "]" : quote
            if let found = findWord(quote + name + close, in: bytes, within: range) { return found }
        }
        return nil
    }
}

/// Remembers which schema statements created or changed each table, following renames, so
/// the final schema's tables and columns can be traced to the statement that declares them.
struct DeclarationTracker {
    struct Event: Sendable {
        var path: String
        /// Where the statement starts in its file.
        var statementStart: Int
        var statementText: String
        var isCreate: Bool
        /// The table name this statement created (for a CREATE).
        var createdName: String
        /// For a statement found in code: how its text maps to the file (escapes, constants).
        var code: CodeSchemaStatement?

        /// The statement's bytes in its file.
        var sourceRange: ByteRange {
            code?.sourceRange ?? statementStart..<(statementStart + statementText.utf8.count)
        }

        /// The file bytes of a range of ``statementText``.
        func fileRange(ofStatementRange range: ByteRange) -> ByteRange {
            code?.sourceRange(ofStatementRange: range) ?? (statementStart + range.lowerBound)..<(statementStart + range.upperBound)
        }
    }

    /// Keyed by lowercased table name: the statements that shaped it, oldest first.
    var events: [String: [Event]] = [:]
    /// The CREATE text of every table and view as of the last statement, keyed by lowercased name.
    private var knownObjects: [String: String] = [:]

    mutating func record(statement: String, start: Int, path: String, connection: SQLiteConnection, code: CodeSchemaStatement? = nil) {
        guard let rows = try? connection.rows("SELECT name, sql FROM main.sqlite_schema WHERE type IN ('table', 'view') AND sql IS NOT NULL") else { return }
        var current: [String: (name: String, sql: String)] = [:]
        for row in rows {
            guard row.count >= 2, let name = row[0].textValue, let sql = row[1].textValue else { continue }
            current[name.lowercased()] = (name, sql)
        }
        let added = current.keys.filter { knownObjects[$0] == nil }
        let removed = knownObjects.keys.filter { current[$0] == nil }
        let isCreate = statement.drop(while: { $0 == " " || $0 == "\n" || $0 == "\t" }).prefix(6).uppercased() == "CREATE"
        let event = { (isCreate: Bool, createdName: String) in
            Event(path: path, statementStart: start, statementText: statement, isCreate: isCreate, createdName: createdName, code: code)
        }
        if added.count == 1, removed.count == 1, !isCreate, let newKey = added.first, let oldKey = removed.first {
            // ALTER TABLE old RENAME TO new: the history moves with the table.
            events[newKey] = (events[oldKey] ?? []) + [event(false, "")]
            events[oldKey] = nil
        } else {
            for key in removed { events[key] = nil }
            for key in added {
                events[key] = [event(isCreate, current[key]?.name ?? key)]
            }
        }
        for (key, value) in current where knownObjects[key] != nil && knownObjects[key] != value.sql && !added.contains(key) {
            events[key, default: []].append(event(false, ""))
        }
        knownObjects = current.mapValues(\.sql)
    }
}

/// Where each table and column of an assembled schema is declared.
struct Declarations {
    var snapshot: SchemaSnapshot
    var tableSites: [String: DeclarationSite] = [:]
    var columnSites: [String: [String: DeclarationSite]] = [:]

    static func collect(snapshot: SchemaSnapshot, tracker: DeclarationTracker, locators: [String: TextFileLocator], root: String) -> Declarations {
        var result = Declarations(snapshot: snapshot)
        let display = { (path: String) in WorkspacePath.display(path, root: root) }
        for table in snapshot.tables {
            let key = table.name.lowercased()
            let events = tracker.events[key] ?? []
            var tableSite: DeclarationSite?
            // The table is declared by the earliest CREATE in its chain (a rebuild's
            // `CREATE TABLE new_x … ; ALTER TABLE new_x RENAME TO x` declares it at the CREATE).
            if let create = events.first(where: { $0.isCreate }), let locator = locators[create.path] {
                tableSite = MigrationLoader.site(ofName: create.createdName, in: create, locator: locator)
            }
            var columnSites: [String: DeclarationSite] = [:]
            for column in table.columns {
                for event in events.reversed() {
                    guard let locator = locators[event.path],
                          let offset = SchemaDeclarationLocator.offsetOfColumnDefinition(column.name, inDDL: event.statementText) else { continue }
                    let statementBytes = Array(event.statementText.utf8)
                    let length = MigrationLoader.nameLength(in: statementBytes, at: offset)
                    let range = event.fileRange(ofStatementRange: offset..<(offset + length))
                    columnSites[column.name.lowercased()] = DeclarationSite(path: event.path, range: range, line: locator.line1(of: range.lowerBound))
                    break
                }
            }
            if let tableSite { result.tableSites[key] = tableSite }
            if !columnSites.isEmpty { result.columnSites[key] = columnSites }
            result.snapshot.updateTable(named: table.name) { table in
                if let tableSite { table.declaredAt = SchemaLocation(path: display(tableSite.path), line: tableSite.line) }
                for index in table.columns.indices {
                    let site = columnSites[table.columns[index].name.lowercased()] ?? tableSite
                    if let site { table.columns[index].declaredAt = SchemaLocation(path: display(site.path), line: site.line) }
                }
            }
        }
        return result
    }
}

/// Sorts file names as people number them: digit runs compare as numbers, so `2_x.sql` comes
/// before `10_y.sql`, and `002` equals `2` (ties fall back to plain comparison).
public enum NaturalOrder {
    public static func isOrderedBefore(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.unicodeScalars)
        let right = Array(rhs.unicodeScalars)
        var i = 0
        var j = 0
        while i < left.count, j < right.count {
            let a = left[i]
            let b = right[j]
            if isDigit(a), isDigit(b) {
                var endA = i
                while endA < left.count, isDigit(left[endA]) { endA += 1 }
                var endB = j
                while endB < right.count, isDigit(right[endB]) { endB += 1 }
                // Compare without leading zeros: longer means larger, then digit by digit.
                var startA = i
                while startA < endA - 1, left[startA] == "0" { startA += 1 }
                var startB = j
                while startB < endB - 1, right[startB] == "0" { startB += 1 }
                let lengthA = endA - startA
                let lengthB = endB - startB
                if lengthA != lengthB { return lengthA < lengthB }
                for k in 0..<lengthA where left[startA + k] != right[startB + k] {
                    return left[startA + k].value < right[startB + k].value
                }
                i = endA
                j = endB
                continue
            }
            let lowerA = lowercase(a)
            let lowerB = lowercase(b)
            if lowerA != lowerB { return lowerA < lowerB }
            i += 1
            j += 1
        }
        if (left.count - i) != (right.count - j) { return (left.count - i) < (right.count - j) }
        return lhs < rhs
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar >= "0" && scalar <= "9" }

    private static func lowercase(_ scalar: Unicode.Scalar) -> UInt32 {
        scalar >= "A" && scalar <= "Z" ? scalar.value + 32 : scalar.value
    }
}

enum SQLiteSafety {
    /// A migration must not reach the file system through the in-memory database.
    static func forbidAttachedDatabases(_ connection: SQLiteConnection) {
        connection.setAttachedDatabaseLimit(0)
    }
}

fileprivate extension String {
    func trimmingCharacters(in character: Character) -> String {
        var text = Substring(self)
        while text.first == character { text = text.dropFirst() }
        while text.last == character { text = text.dropLast() }
        return String(text)
    }
}
