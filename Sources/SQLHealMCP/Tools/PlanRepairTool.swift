import MCP
import SQLHealRepair
import SQLHealWorkspace

/// `plan_repair`: the schema repair `sqlheal repair --dry-run` would print, from the same
/// planner. Planning opens the database read-only and writes nothing (no backup, no history);
/// applying stays an explicit human action (`sqlheal repair`, or the editor's command).
enum PlanRepairTool {
    static let name = "plan_repair"

    static let definition = Tool(
        name: name,
        title: "Plan the schema repair (dry run)",
        description: """
            Plans the repair of the project's SQLite database to match its migrations and the code's use: steps \
            (create-table, add-column, change-column-type, archive-table) with their exact SQL, steps skipped and why \
            (for example a type change that would lose data), and the whole script `sqlheal repair` would run. A dry \
            run only: this tool never changes the database. To apply, ask the user to run \
            `sqlheal repair --root <project>` (with `--only STEP` for some steps).
            """,
        inputSchema: JSONSchema.object([
            "only": JSONSchema.array(of: JSONSchema.string(), description: "Only these step ids (as listed in a previous plan)."),
            "lossy": JSONSchema.string("What a type change does with values it cannot convert exactly.", enumeration: ConversionPolicy.allCases.map(\.rawValue)),
        ], additionalProperties: false),
        annotations: .init(title: "Plan repair", readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false),
        outputSchema: outputSchema
    )

    static func call(_ arguments: ToolArguments, workspace: ProjectWorkspace) throws -> ToolAnswer {
        try arguments.requireOnly(["only", "lossy"])
        let only = try arguments.stringArray("only") ?? []
        let policy: ConversionPolicy
        if let lossy = try arguments.string("lossy") {
            guard let chosen = ConversionPolicy(rawValue: lossy) else {
                throw ToolInputError("\(name): `lossy` must be one of \(ConversionPolicy.allCases.map(\.rawValue).joined(separator: ", ")), not \(lossy)")
            }
            policy = chosen
        } else {
            policy = .refuse
        }
        let plan: RepairPlan
        do {
            let inputs = RepairProjectInputs(workspace: workspace)
            plan = try RepairPlanner.plan(try inputs.request(only: only, conversionPolicy: policy))
        } catch let error as RepairError {
            throw ToolInputError("\(name): \(error.description)")
        } catch {
            throw ToolInputError("\(name): \(error)")
        }
        let steps: [Value] = plan.steps.map { step in
            [
                "id": .string(step.id),
                "kind": .string(step.kind.rawValue),
                "table": .string(step.table),
                "column": .optional(step.column),
                "newType": .optional(step.newType),
                "source": .string(step.source),
                "cannotLoseData": .bool(step.cannotLoseData),
                "sql": .strings(step.sql),
                "loss": .optional(step.lossReport?.summary),
            ]
        }
        let skipped: [Value] = plan.skippedSteps.map { step in
            ["id": .string(step.id), "reason": .string(step.reason), "source": .string(step.source)]
        }
        // Exactly what `sqlheal repair --dry-run` prints.
        let script = plan.dryRunText(backupDescription: HistoryJournal(projectRoot: workspace.root).backupDescription)
        let database = WorkspacePath.display(plan.databasePath, root: workspace.root)
        var summary = plan.steps.isEmpty
            ? "Nothing to repair in \(database)."
            : "\(plan.steps.count) step\(plan.steps.count == 1 ? "" : "s") would repair \(database) (dry run; nothing was changed): \(plan.steps.map(\.id).joined(separator: ", "))."
        if !plan.skippedSteps.isEmpty { summary += " Skipped: \(plan.skippedSteps.map(\.id).joined(separator: ", "))." }
        return ToolAnswer(structured: [
            "database": .string(database),
            "schemaVersion": .int(Int(plan.schemaVersion)),
            "steps": .array(steps),
            "skipped": .array(skipped),
            "script": .string(script),
            "applied": false,
            "apply": .string("sqlheal repair --root \(workspace.root)"),
        ], summary: summary)
    }

    static let outputSchema: Value = JSONSchema.object([
        "database": JSONSchema.string(),
        "schemaVersion": JSONSchema.integer,
        "steps": JSONSchema.array(of: JSONSchema.object([
            "id": JSONSchema.string(), "kind": JSONSchema.string(), "table": JSONSchema.string(),
            "column": JSONSchema.optionalString(), "newType": JSONSchema.optionalString(), "source": JSONSchema.string(),
            "cannotLoseData": JSONSchema.boolean, "sql": JSONSchema.array(of: JSONSchema.string()),
            "loss": JSONSchema.optionalString("What the type change would do to the data."),
        ], required: ["id", "kind", "table", "sql"])),
        "skipped": JSONSchema.array(of: JSONSchema.object([
            "id": JSONSchema.string(), "reason": JSONSchema.string(), "source": JSONSchema.string(),
        ], required: ["id", "reason"])),
        "script": JSONSchema.string("Everything `sqlheal repair` would run, as its --dry-run prints it."),
        "applied": JSONSchema.boolean,
        "apply": JSONSchema.string("The command a person runs to apply it."),
    ], required: ["database", "steps", "skipped", "script", "applied"])
}
