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
        RepairProjectInputs(workspace: ProjectWorkspace.load(root: root, options: options(editorSettingsJSON)), scanSources: scanSources)
    }

    /// The inputs of a project already loaded (`sqlheal mcp` holds one); with `scanSources`,
    /// every project source file is read for the code's table and column uses.
    public init(workspace: ProjectWorkspace, scanSources: Bool = true) {
        let context = workspace.schema.context
        let usage = scanSources
            ? Self.collectUsage(sourceFiles: workspace.discoverFiles().files, extraction: workspace.configuration.analysis.extraction,
                                checkedSchema: context.checkedSchema)
            : []
        self.init(
            projectRoot: workspace.root, databasePath: workspace.configuration.databasePath,
            declaredSchema: context.declaredSchema,
            checkedSchema: context.checkedSchema, codeUsage: usage)
    }

    private static func options(_ editorSettingsJSON: String?) -> ProjectWorkspace.LoadOptions {
        ProjectWorkspace.LoadOptions(editorSettings: editorSettingsJSON.map { SQLHealSettings.parse($0) })
    }
}
