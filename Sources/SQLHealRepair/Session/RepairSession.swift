import Foundation
import SQLHealAnalysis

/// Everything a repair needs from a project, gathered once: the database, the schema the
/// migrations declare, and how the code uses tables (from every source file of the project).
/// The CLI (`sqlheal repair`) and the server (`sqlheal.repairSchema`) both start here.
public struct RepairProjectInputs: Sendable {
    public var projectRoot: String
    /// The configured database (absolute); `nil` when none is configured or found.
    public var databasePath: String?
    public var declaredSchema: SchemaSnapshot?
    /// The schema the code meets (for "compared with a typed column" evidence).
    public var checkedSchema: SchemaSnapshot?
    public var codeUsage: [TableUsage]

    public init(projectRoot: String, databasePath: String?, declaredSchema: SchemaSnapshot?, checkedSchema: SchemaSnapshot?, codeUsage: [TableUsage]) {
        self.projectRoot = projectRoot
        self.databasePath = databasePath
        self.declaredSchema = declaredSchema
        self.checkedSchema = checkedSchema
        self.codeUsage = codeUsage
    }

    /// Reads each source file and collects the code's table and column uses. Unreadable files
    /// and files of other languages are skipped. With `modules`, each file is read with what it
    /// imports (`FROM ${MESSAGES_TABLE}` from another file, the project's wrappers), as its
    /// diagnostics are: the repair infers from the queries the user is shown.
    public static func collectUsage(
        sourceFiles: [String],
        extraction: (String) -> QueryExtractionConfiguration,
        checkedSchema: SchemaSnapshot?,
        maximumFileSize: Int = 4 * 1024 * 1024,
        openBuffers: [String: [UInt8]] = [:],
        modules: ModuleIndex? = nil
    ) -> [TableUsage] {
        var queries: [EmbeddedQuery] = []
        for path in sourceFiles {
            guard let language = SourceLanguage(fileName: path) else { continue }
            // An editor buffer wins over the file on disk: the repair plans from what the user sees.
            let text: [UInt8]
            if let open = openBuffers[path] {
                text = open
            } else {
                guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                      let size = attributes[.size] as? Int, size <= maximumFileSize,
                      let data = FileManager.default.contents(atPath: path) else { continue }
                text = [UInt8](data)
            }
            let scan = JavaScriptScanner.scan(text, language: language)
            let context = modules?.context(forFile: path) ?? .empty
            queries.append(contentsOf: QueryExtractor.extract(from: text, scan: scan, configuration: extraction(path), context: context).queries)
        }
        return collectUsage(of: queries, checkedSchema: checkedSchema)
    }

    /// The uses among `queries` that run on the main database in SQLite: a query on another
    /// database, or in another dialect, says nothing of the tables the repair may create here.
    static func collectUsage(of queries: [EmbeddedQuery], checkedSchema: SchemaSnapshot?) -> [TableUsage] {
        TableUsageCollector.collect(queries.filter { $0.connection.isMainSQLite }, schema: checkedSchema)
    }

    /// The request for the planner.
    public func request(only: [String] = [], conversionPolicy: ConversionPolicy = .refuse) throws -> RepairRequest {
        guard let databasePath else { throw RepairError.databaseNotConfigured }
        let journal = HistoryJournal(projectRoot: projectRoot)
        return RepairRequest(
            databasePath: databasePath, declaredSchema: declaredSchema, codeUsage: codeUsage, only: only,
            conversionPolicy: conversionPolicy, previousRepair: try journal.latestRepair(ofDatabaseAt: databasePath))
    }
}
