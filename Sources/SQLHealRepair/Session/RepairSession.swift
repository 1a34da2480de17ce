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
    /// and files of other languages are skipped.
    public static func collectUsage(
        sourceFiles: [String],
        extraction: QueryExtractionConfiguration,
        checkedSchema: SchemaSnapshot?,
        maximumFileSize: Int = 4 * 1024 * 1024,
        openBuffers: [String: [UInt8]] = [:]
    ) -> [TableUsage] {
        var queries: [EmbeddedQuery] = []
        for path in sourceFiles {
            // An editor buffer wins over the file on disk: the repair plans from what the user sees.
            if let open = openBuffers[path], let language = SourceLanguage(fileName: path) {
                queries.append(contentsOf: QueryExtractor.extractQueries(from: open, language: language, configuration: extraction))
                continue
            }
            guard let language = SourceLanguage(fileName: path),
                  let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                  let size = attributes[.size] as? Int, size <= maximumFileSize,
                  let data = FileManager.default.contents(atPath: path) else { continue }
            queries.append(contentsOf: QueryExtractor.extractQueries(from: [UInt8](data), language: language, configuration: extraction))
        }
        return TableUsageCollector.collect(queries, schema: checkedSchema)
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
