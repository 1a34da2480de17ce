import Foundation
import SQLHealAnalysis
import SQLHealWorkspace

extension RepairProjectInputs {
    /// Loads the project at `root` the way `sqlheal check` does (sqlheal.json, editor settings
    /// layered over it, the database read-only, the migrations) and, with `scanSources`, reads
    /// every project source file for the code's table and column uses.
    ///
    /// - Parameter editorSettingsJSON: the editor's settings as JSON text (LSP
    ///   `initializationOptions` / the `sqlheal` configuration section); they override the file.
    public static func load(root: String, editorSettingsJSON: String? = nil, scanSources: Bool = true) throws -> RepairProjectInputs {
        var options = options(editorSettingsJSON)
        // The files the load reads for the code's schema are the ones the usage is read from:
        // each read and extracted once, as `check` does.
        options.keepsSources = scanSources
        let workspace = ProjectWorkspace.load(root: root, options: options)
        try requireReadableConfiguration(workspace)
        return RepairProjectInputs(workspace: workspace, scanSources: scanSources)
    }

    /// A configuration that could not be read falls back to defaults for checking, which is
    /// right; a repair on defaults could write to a database nobody configured.
    public static func requireReadableConfiguration(_ workspace: ProjectWorkspace) throws {
        let problems = workspace.configuration.findings.filter { $0.severity == .error }
        guard problems.isEmpty else {
            throw RepairError.configurationUnreadable(problems: problems.map { finding in
                finding.message.hasPrefix("sqlheal.json") || finding.message.hasPrefix("editor settings")
                    ? finding.message : "\((finding.path as NSString).lastPathComponent): \(finding.message)"
            })
        }
    }

    /// The inputs of a project already loaded (the server and `sqlheal mcp` hold one); with
    /// `scanSources`, every project source file is read for the code's table and column uses, in
    /// the context of the project's modules (`modules`, else built here from the same files).
    /// `openBuffers` (absolute path → text) win over the files on disk.
    public init(workspace: ProjectWorkspace, scanSources: Bool = true, openBuffers: [String: [UInt8]] = [:], modules: ModuleIndex? = nil) {
        let context = workspace.schema.context
        var usage: [TableUsage] = []
        if scanSources, let sources = workspace.sources, openBuffers.isEmpty, modules == nil {
            let analyzer = workspace.analyzer
            let queries = sources.discovered.files.flatMap { path in
                sources.extractionInContext(of: path, configuration: analyzer.extractionConfiguration(forPath: path))?.queries ?? []
            }
            usage = Self.collectUsage(of: queries, checkedSchema: context.checkedSchema)
        } else if scanSources {
            let files = workspace.discoverFiles().files
            let modules = modules ?? workspace.moduleIndex(files: files, text: { openBuffers[$0] })
            usage = Self.collectUsage(sourceFiles: files, extraction: workspace.analyzer.extractionConfiguration(forPath:),
                                      checkedSchema: context.checkedSchema, openBuffers: openBuffers, modules: modules)
        }
        self.init(
            projectRoot: workspace.root, databasePath: workspace.configuration.databasePath,
            declaredSchema: context.declaredSchema,
            checkedSchema: context.checkedSchema, codeUsage: usage)
    }

    private static func options(_ editorSettingsJSON: String?) -> ProjectWorkspace.LoadOptions {
        ProjectWorkspace.LoadOptions(editorSettings: editorSettingsJSON.map { SQLHealSettings.parse($0) })
    }
}
