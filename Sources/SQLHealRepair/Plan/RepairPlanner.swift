import CSQLite
import Foundation
import SQLHealAnalysis
import SQLHealSQLite
import SQLHealWorkspace

/// What to plan a repair from.
public struct RepairRequest: Sendable {
    /// The database to repair (absolute path).
    public var databasePath: String
    /// What the migrations declare (``SchemaContext/declaredSchema``): verbatim CREATE texts and
    /// where they are declared. `nil` without migrations.
    public var declaredSchema: SchemaSnapshot?
    /// How the code uses tables and columns (``TableUsageCollector/collect(_:schema:)``).
    public var codeUsage: [TableUsage]
    /// Only these step ids; empty means the default plan (everything found except code-requested
    /// type changes and archiving, which run only when named here).
    public var only: [String]
    public var conversionPolicy: ConversionPolicy
    /// The newest repair journaled for this database: a step it applied is not applied again
    /// right after (loop prevention).
    public var previousRepair: HistoryEntry?

    public init(
        databasePath: String,
        declaredSchema: SchemaSnapshot? = nil,
        codeUsage: [TableUsage] = [],
        only: [String] = [],
        conversionPolicy: ConversionPolicy = .refuse,
        previousRepair: HistoryEntry? = nil
    ) {
        self.databasePath = databasePath
        self.declaredSchema = declaredSchema
        self.codeUsage = codeUsage
        self.only = only
        self.conversionPolicy = conversionPolicy
        self.previousRepair = previousRepair
    }
}

/// A step id taken apart.
public struct RepairStepID: Sendable, Hashable {
    public var kind: RepairStepKind
    public var table: String
    public var column: String?
    public var newType: String?

    /// Parses `create-table:t`, `add-column:t.c`, `change-column-type:t.c:TYPE`, `archive-table:t`.
    public init?(_ text: String) {
        guard let colon = text.firstIndex(of: ":"), let kind = RepairStepKind(rawValue: String(text[..<colon])) else { return nil }
        let rest = String(text[text.index(after: colon)...])
        self.kind = kind
        switch kind {
        case .createTable, .archiveTable:
            guard !rest.isEmpty else { return nil }
            table = rest
        case .addColumn:
            guard let dot = rest.lastIndex(of: ".") else { return nil }
            table = String(rest[..<dot])
            column = String(rest[rest.index(after: dot)...])
        case .changeColumnType:
            guard let typeColon = rest.lastIndex(of: ":") else { return nil }
            let target = rest[..<typeColon]
            guard let dot = target.lastIndex(of: ".") else { return nil }
            table = String(target[..<dot])
            column = String(target[target.index(after: dot)...])
            newType = String(rest[rest.index(after: typeColon)...])
            guard let newType, Self.isPlainTypeName(newType) else { return nil }
        }
        guard !table.isEmpty, column.map({ !$0.isEmpty }) ?? true else { return nil }
    }

    public init(kind: RepairStepKind, table: String, column: String? = nil, newType: String? = nil) {
        self.kind = kind
        self.table = table
        self.column = column
        self.newType = newType
    }

    /// The canonical id text (type uppercased).
    public var text: String {
        switch kind {
        case .createTable, .archiveTable: "\(kind.rawValue):\(table)"
        case .addColumn: "\(kind.rawValue):\(table).\(column ?? "")"
        case .changeColumnType: "\(kind.rawValue):\(table).\(column ?? ""):\((newType ?? "").uppercased())"
        }
    }

    /// Compares ids as SQLite compares names: ASCII case-insensitively.
    var matchKey: String { text.lowercased() }

    /// `INTEGER`, `VARCHAR(20)`, `UNSIGNED BIG INT`, `DECIMAL(10, 2)`: words, then an optional size.
    /// Anything else is refused, so a requested id can never smuggle SQL into the plan.
    static func isPlainTypeName(_ type: String) -> Bool {
        let pattern = #"^[A-Za-z_][A-Za-z0-9_]*( +[A-Za-z_][A-Za-z0-9_]*)*( *\( *[+-]?[0-9]+ *(, *[+-]?[0-9]+ *)?\))?$"#
        return type.range(of: pattern, options: .regularExpression) != nil
    }
}

/// Plans a repair: finds the steps, writes their exact SQL, checks every step on a schema-only
/// copy of the database (so SQLite itself validates the SQL before the real file is touched),
/// and measures what type changes would do to the data. Opens the database read-only.
///
/// ```swift
/// let plan = try RepairPlanner.plan(RepairRequest(
///     databasePath: "/project/data/app.db",
///     declaredSchema: context.declaredSchema,
///     codeUsage: TableUsageCollector.collect(queries, schema: context.checkedSchema)))
/// print(plan.dryRunText())
/// ```
public enum RepairPlanner {
    public static func plan(_ request: RepairRequest, busyTimeout: Duration = .seconds(5)) throws -> RepairPlan {
        var planner = try PlanBuilder(request: request, busyTimeout: busyTimeout)
        return try planner.build()
    }

    /// The plan of only the steps that cannot lose data (``RepairStep/cannotLoseData``: creating
    /// a table, adding a nullable column with `ALTER TABLE ADD COLUMN`) and that a migration
    /// declares (``RepairStep/isDeclared``), for `sqlheal watch --apply-safe`. What only the code
    /// suggests, and names that look like typos, wait for a person: they come back in
    /// ``RepairPlan/skippedSteps`` as held back. Steps the previous repair applied are skipped
    /// (pass ``RepairRequest/previousRepair``), so the same repair never runs twice in a row.
    public static func planStepsThatCannotLoseData(_ request: RepairRequest, busyTimeout: Duration = .seconds(5)) throws -> RepairPlan {
        let everything = try plan(request, busyTimeout: busyTimeout)
        var waiting = everything.skippedSteps
        for step in everything.steps where step.cannotLoseData && !step.isDeclared {
            waiting.append(SkippedRepairStep(
                id: step.id, kind: step.kind, table: step.table, column: step.column, source: step.source,
                reason: "no migration declares it (\(step.source)): it waits for a person, unattended healing applies only what a migration declares (`sqlheal repair --only \(step.id)` applies it)",
                lossReport: nil, disposition: .heldBack))
        }
        // Nothing to apply: a plan without steps (it reports the skipped ones).
        func planWithoutSteps() throws -> RepairPlan {
            var empty = try plan(RepairRequest(databasePath: request.databasePath), busyTimeout: busyTimeout)
            empty.skippedSteps = waiting
            return empty
        }
        let safe = everything.steps.filter { $0.cannotLoseData && $0.isDeclared }.map(\.id)
        guard !safe.isEmpty else { return try planWithoutSteps() }
        var narrowed = request
        narrowed.only = safe
        var result = try plan(narrowed, busyTimeout: busyTimeout)
        // Planned again against the same database, the same steps come out the same way; if one
        // did not (the database changed in between), nothing is applied unattended.
        guard result.steps.allSatisfy({ $0.cannotLoseData && $0.isDeclared }) else { return try planWithoutSteps() }
        result.skippedSteps = waiting + result.skippedSteps.filter { skipped in !waiting.contains { $0.id == skipped.id } }
        return result
    }
}

/// One planning run: the real database (read-only), its schema-only twin, and the steps so far.
struct PlanBuilder {
    let request: RepairRequest
    let database: SQLiteConnection
    let scratch: SQLiteConnection
    let original: InspectedSchema
    let foreignKeysInitially: Int64
    let legacyAlterTableInitially: Int64
    var steps: [RepairStep] = []
    var skipped: [SkippedRepairStep] = []
    var temporaryNames: Set<String> = []

    init(request: RepairRequest, busyTimeout: Duration) throws {
        self.request = request
        let path = request.databasePath
        try DatabaseAccess.requireRegularFile(path)
        do {
            let milliseconds = Int32(clamping: busyTimeout.components.seconds * 1000)
            database = try SQLiteConnection(path: path, mode: .readOnly, busyTimeoutMilliseconds: milliseconds)
            // A damaged file is refused before anything is planned on it: its pages would make
            // steps fail for "malformed" SQL instead of saying what is wrong.
            if let damage = try DatabaseIntegrity.damage(of: database, check: PlannedStatement.depth(of: .beforeWriting)) {
                throw RepairError.databaseCorrupt(path: path, damage: damage)
            }
            original = try InspectedSchema.read(database)
            foreignKeysInitially = try database.scalar("PRAGMA foreign_keys")?.integerValue ?? 0
            legacyAlterTableInitially = try database.scalar("PRAGMA legacy_alter_table")?.integerValue ?? 0
            scratch = try SQLiteConnection()
            let objects = try database.rows(
                "SELECT sql FROM main.sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid")
            for object in objects {
                // Shadow tables of virtual tables already exist once the virtual table does.
                if let sql = object.first?.textValue { try? scratch.execute(sql) }
            }
        } catch let error as SQLiteError {
            throw DatabaseAccess.classify(error, path: path, busyTimeout: busyTimeout)
        }
    }

    mutating func build() throws -> RepairPlan {
        let candidates = try chooseCandidates()
        for candidate in candidates {
            if let reason = loopPreventionReason(candidate.id) {
                skip(candidate, reason: reason)
                continue
            }
            let planned = steps.count
            do {
                switch candidate.id.kind {
                case .createTable: try planCreateTable(candidate)
                case .addColumn: try planAddColumn(candidate)
                case .changeColumnType: try planChangeColumnType(candidate)
                case .archiveTable: try planArchive(candidate)
                }
            } catch let error as SQLiteError {
                // Damage met while reading the real data is about the file, not the step.
                if error.code == SQLITE_CORRUPT || error.code == SQLITE_NOTADB {
                    throw RepairError.databaseCorrupt(path: request.databasePath, damage: .init(check: nil, problems: [error.message]))
                }
                skip(candidate, reason: "SQLite rejects it on a copy of the schema: \(error.message)")
            }
            if steps.count > planned { steps[steps.count - 1].isDeclared = candidate.isDeclared }
        }
        return try assemble()
    }

    // MARK: Candidates

    struct Candidate {
        var id: RepairStepID
        var source: String
        /// For create-table: the CREATE text (migration verbatim or inferred) and extra DDL (indexes).
        var createSQL: String?
        var extraSQL: [String] = []
        /// For add-column: the column definition text.
        var columnDefinition: String?
        /// Set when the name looks like a misspelling of this existing table or column: held back
        /// from the default plan.
        var nearName: String? = nil
        /// A migration declares it (not inferred from the code, not requested by id).
        var isDeclared = false
    }

    private mutating func chooseCandidates() throws -> [Candidate] {
        let found = defaultCandidates()
        guard !request.only.isEmpty else {
            for candidate in found where candidate.nearName != nil {
                let near = candidate.nearName ?? ""
                skip(candidate, reason: "looks like a misspelling of \(near) (did you mean \(near)?): waits for a person, applied only when requested by id (--only \(candidate.id.text))",
                     disposition: .heldBack)
            }
            return found.filter { $0.nearName == nil }
        }
        var chosen: [Candidate] = []
        var unknown: [String] = []
        for requested in request.only {
            guard let id = RepairStepID(requested) else { unknown.append(requested); continue }
            if chosen.contains(where: { $0.id.matchKey == id.matchKey }) { continue }
            if let match = found.first(where: { $0.id.matchKey == id.matchKey }) {
                chosen.append(match)
                continue
            }
            switch id.kind {
            case .changeColumnType:
                guard let table = original.table(named: id.table), !table.isVirtual, let column = table.column(named: id.column ?? "") else {
                    unknown.append(requested); continue
                }
                var canonical = id
                canonical.table = table.name
                canonical.column = column.name
                chosen.append(Candidate(id: canonical, source: "requested"))
            case .archiveTable:
                guard let table = original.table(named: id.table), !table.isVirtual else { unknown.append(requested); continue }
                chosen.append(Candidate(id: RepairStepID(kind: .archiveTable, table: table.name), source: "requested"))
            case .createTable:
                if original.table(named: id.table) != nil || original.viewNames.contains(where: { $0.lowercased() == id.table.lowercased() }) {
                    skipped.append(.init(id: requested, kind: .createTable, table: id.table, column: nil, source: "requested",
                                         reason: "not needed: the database already has \(id.table)", lossReport: nil, disposition: .notNeeded))
                } else {
                    unknown.append(requested)
                }
            case .addColumn:
                if original.table(named: id.table)?.column(named: id.column ?? "") != nil {
                    skipped.append(.init(id: requested, kind: .addColumn, table: id.table, column: id.column, source: "requested",
                                         reason: "not needed: \(id.table) already has \(id.column ?? "")", lossReport: nil, disposition: .notNeeded))
                } else {
                    unknown.append(requested)
                }
            }
        }
        if !unknown.isEmpty { throw RepairError.unknownStepIDs(unknown) }
        // Keep the planning order (tables before columns before types), whatever the request order.
        let order: [RepairStepKind] = [.createTable, .addColumn, .changeColumnType, .archiveTable]
        return chosen.enumerated().sorted {
            (order.firstIndex(of: $0.element.id.kind) ?? 0, $0.offset) < (order.firstIndex(of: $1.element.id.kind) ?? 0, $1.offset)
        }.map(\.element)
    }

    private func defaultCandidates() -> [Candidate] {
        var creates: [Candidate] = []
        var adds: [Candidate] = []
        var changes: [Candidate] = []
        var misspellings: [Candidate] = []
        let declared = request.declaredSchema
        let viewNames = Set(original.viewNames.map { $0.lowercased() })

        // Tables the migrations declare that the database lacks: their CREATE text, verbatim.
        for table in declared?.tables ?? [] where table.kind == .table || table.kind == .virtualTable {
            guard original.table(named: table.name) == nil, !viewNames.contains(table.name.lowercased()) else { continue }
            creates.append(Candidate(
                id: RepairStepID(kind: .createTable, table: table.name),
                source: table.declaredAt?.description ?? "migrations",
                createSQL: table.createSQL,
                extraSQL: declaredIndexes(on: table.name), isDeclared: true))
        }
        // Tables only the code uses: inferred. A name the diagnostics answer with "did you mean"
        // (one typo from a table or view that exists or is declared) is held back as a typo.
        let knownTableNames = original.tables.values.map(\.name) + original.viewNames + (declared?.tables.map(\.name) ?? [])
        for usage in request.codeUsage {
            let key = usage.name.lowercased()
            guard original.table(named: usage.name) == nil, !viewNames.contains(key), declared?.table(named: usage.name) == nil,
                  !usage.columns.isEmpty else { continue }
            let columns = usage.columns.map { column in
                [SQLIdentifier.quote(column.name), column.inferredType].compactMap { $0 }.joined(separator: " ")
            }
            var candidate = Candidate(
                id: RepairStepID(kind: .createTable, table: usage.name),
                source: "inferred from \(usage.useCount) use\(usage.useCount == 1 ? "" : "s")",
                createSQL: "CREATE TABLE \(SQLIdentifier.quote(usage.name)) (\(columns.joined(separator: ", ")))")
            if let near = NameSuggestions.suggestions(for: usage.name, among: knownTableNames, limit: 1).first {
                candidate.nearName = near
                misspellings.append(candidate)
            } else {
                creates.append(candidate)
            }
        }

        for table in original.tables.values.sorted(by: { $0.name < $1.name }) where !table.isVirtual {
            let declaredTable = declared?.table(named: table.name)
            let declaredText = declaredTable.flatMap { CreateTableText($0.createSQL) }
            // Columns the migrations declare that the table lacks.
            if let declaredTable, let declaredText {
                for column in declaredTable.columns where table.column(named: column.name) == nil {
                    guard let definition = declaredText.column(named: column.name) else { continue }
                    adds.append(Candidate(
                        id: RepairStepID(kind: .addColumn, table: table.name, column: column.name),
                        source: (column.declaredAt ?? declaredTable.declaredAt)?.description ?? "migrations",
                        columnDefinition: declaredText.definitionText(of: definition), isDeclared: true))
                }
                // Types that differ from the migrations.
                for column in table.columns where !column.isGenerated {
                    guard let declaredColumn = declaredTable.column(named: column.name),
                          Self.normalizedType(declaredColumn.declaredType) != Self.normalizedType(column.declaredType),
                          !declaredColumn.declaredType.isEmpty, RepairStepID.isPlainTypeName(declaredColumn.declaredType) else { continue }
                    changes.append(Candidate(
                        id: RepairStepID(kind: .changeColumnType, table: table.name, column: column.name, newType: declaredColumn.declaredType),
                        source: (declaredColumn.declaredAt ?? declaredTable.declaredAt)?.description ?? "migrations", isDeclared: true))
                }
            }
            // Columns only the code uses; names one typo away from an existing column are most
            // likely misspellings (`emial`), so they are only added when requested by id.
            if let usage = request.codeUsage.first(where: { $0.name.lowercased() == table.name.lowercased() }) {
                let existing = table.columns.map(\.name) + (declaredTable?.columns.map(\.name) ?? [])
                for column in usage.columns where table.column(named: column.name) == nil && declaredTable?.column(named: column.name) == nil {
                    if let near = existing.first(where: { Self.isLikelyMisspelling(column.name, of: $0) }) {
                        misspellings.append(Candidate(
                            id: RepairStepID(kind: .addColumn, table: table.name, column: column.name),
                            source: "inferred from \(column.useCount) use\(column.useCount == 1 ? "" : "s")",
                            columnDefinition: [SQLIdentifier.quote(column.name), column.inferredType].compactMap { $0 }.joined(separator: " "),
                            nearName: near))
                        continue
                    }
                    let definition = [SQLIdentifier.quote(column.name), column.inferredType].compactMap { $0 }.joined(separator: " ")
                    adds.append(Candidate(
                        id: RepairStepID(kind: .addColumn, table: table.name, column: column.name),
                        source: "inferred from \(column.useCount) use\(column.useCount == 1 ? "" : "s")",
                        columnDefinition: definition))
                }
            }
        }
        return creates + adds + changes + misspellings
    }

    /// True when `name` is one edit (insertion, deletion, substitution or swap of neighbours)
    /// away from `existing`, ignoring case: `emial`/`email`, `nmae`/`name`.
    static func isLikelyMisspelling(_ name: String, of existing: String) -> Bool {
        let a = Array(name.lowercased()), b = Array(existing.lowercased())
        guard a != b, min(a.count, b.count) >= 3, abs(a.count - b.count) <= 1 else { return false }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [Int](repeating: 0, count: b.count + 1)
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previousPrevious[j - 2] + 1)
                }
            }
            previousPrevious = previous
            previous = current
        }
        return previous[b.count] <= 1
    }

    /// `CREATE INDEX … ON table` statements of the declared schema.
    private func declaredIndexes(on table: String) -> [String] {
        (request.declaredSchema?.ddl ?? []).filter { statement in
            guard case .createIndex(let index) = SQLParser.parse(statement).statements.first?.kind else { return false }
            return index.table?.key == table.lowercased()
        }
    }

    static func normalizedType(_ type: String) -> String {
        type.uppercased().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).joined(separator: " ")
            .replacingOccurrences(of: " (", with: "(").replacingOccurrences(of: "( ", with: "(")
            .replacingOccurrences(of: " )", with: ")").replacingOccurrences(of: ", ", with: ",")
    }

    private func loopPreventionReason(_ id: RepairStepID) -> String? {
        guard let previous = request.previousRepair, !previous.rolledBack,
              previous.result.status == .succeeded || previous.result.status == .partial,
              previous.steps.contains(where: { $0.status == .applied && $0.id.lowercased() == id.matchKey }) else { return nil }
        return "the previous repair (\(previous.id)) applied this very step and it is needed again: something undoes it. "
            + "Not applying the same repair twice in a row; find what reverts it, or roll back \(previous.id) first"
    }

    private mutating func skip(_ candidate: Candidate, reason: String, report: ConversionLossReport? = nil,
                               disposition: SkippedRepairStep.Disposition = .refused) {
        skipped.append(.init(id: candidate.id.text, kind: candidate.id.kind, table: candidate.id.table, column: candidate.id.column,
                             source: candidate.source, reason: reason, lossReport: report, disposition: disposition))
    }

    // MARK: Steps

    /// Runs a step's statements on the schema-only copy (SQLite validates them) and records it.
    private mutating func commit(_ step: RepairStep) throws {
        for statement in step.statements { _ = try scratch.rows(statement.sql) }
        steps.append(step)
    }

    private func scratchSchema() throws -> InspectedSchema { try InspectedSchema.read(scratch) }

    private mutating func planCreateTable(_ candidate: Candidate) throws {
        guard let createSQL = candidate.createSQL else { return }
        let id = candidate.id.text
        let statements = ([createSQL] + candidate.extraSQL).map { PlannedStatement($0, stepID: id) }
        try commit(RepairStep(id: id, kind: .createTable, table: candidate.id.table, column: nil, newType: nil, statements: statements,
                              source: candidate.source, method: .createTable, cannotLoseData: true, lossReport: nil))
    }

    private mutating func planAddColumn(_ candidate: Candidate) throws {
        let schema = try scratchSchema()
        guard let definition = candidate.columnDefinition, let table = schema.table(named: candidate.id.table),
              let column = CreateTableText("CREATE TABLE x(\(definition))")?.columns.first else {
            skip(candidate, reason: "cannot read the column definition")
            return
        }
        let rowCount = try database.scalar("SELECT count(*) FROM main.\(SQLIdentifier.quote(table.name))")?.integerValue ?? 0
        let stepID = candidate.id.text
        if rowCount > 0 && column.isNotNull && (!column.hasDefault || column.defaultIsNull) && !column.isGenerated {
            skip(candidate, reason: "\(candidate.id.column ?? "") is NOT NULL without a default and \(table.name) has \(rowCount) rows: there is no value to give them. Add a DEFAULT in the migration")
            return
        }
        let alterAllowed = !column.isPrimaryKey && !column.isUnique && !column.isStoredGenerated
            && !(column.hasDefault && !column.defaultIsConstant)
        if alterAllowed {
            let statement = PlannedStatement("ALTER TABLE main.\(SQLIdentifier.quote(table.name)) ADD COLUMN \(definition)", stepID: stepID)
            // Let SQLite decide on the copy: what it refuses (a rule not modelled here) goes through the rebuild.
            let savepoint = "sqlheal_try"
            try scratch.execute("SAVEPOINT \(savepoint)")
            let works = (try? scratch.execute(statement.sql)) != nil
            try scratch.execute("ROLLBACK TO \(savepoint); RELEASE \(savepoint)")
            if works {
                try commit(RepairStep(id: stepID, kind: .addColumn, table: table.name, column: candidate.id.column, newType: nil,
                                      statements: [statement], source: candidate.source, method: .alterAddColumn,
                                      cannotLoseData: !column.isNotNull, lossReport: nil))
                return
            }
        }
        guard let text = CreateTableText(table.createSQL) else {
            skip(candidate, reason: "cannot read the CREATE TABLE text of \(table.name)")
            return
        }
        let statements = try rebuildStatements(
            table: table, schema: schema, newCreateSQL: text.addingColumn(definition: definition),
            conversions: [:], verificationsBeforeCopy: [], stepID: stepID)
        try commit(RepairStep(id: stepID, kind: .addColumn, table: table.name, column: candidate.id.column, newType: nil,
                              statements: statements, source: candidate.source, method: .rebuild, cannotLoseData: false, lossReport: nil))
    }

    private mutating func planChangeColumnType(_ candidate: Candidate) throws {
        let schema = try scratchSchema()
        guard let table = schema.table(named: candidate.id.table), let columnName = candidate.id.column,
              let column = table.column(named: columnName), let newType = candidate.id.newType else {
            skip(candidate, reason: "the column does not exist (any more)")
            return
        }
        guard let text = CreateTableText(table.createSQL), let newCreate = text.changingType(ofColumn: column.name, to: newType) else {
            skip(candidate, reason: "cannot find \(column.name) in the CREATE TABLE text of \(table.name)")
            return
        }
        let stepID = candidate.id.text
        let conversion = ConversionSQL(newDeclaredType: newType, isStrictTable: table.isStrict)
        let quoted = SQLIdentifier.quote(column.name)
        let tableName = "main." + SQLIdentifier.quote(table.name)
        let policy = request.conversionPolicy
        let copyExpression = column.isGenerated ? quoted : conversion.copyExpression(quoted, policy: policy)
        // `INT PRIMARY KEY` → `INTEGER PRIMARY KEY`: the column becomes the rowid, which is never
        // NULL, so SQLite would number every NULL id itself. Those ids count as changed values.
        let becomesRowid = try becomesRowidAlias(column.name, of: table, newCreateSQL: newCreate, schema: schema)
        let report = try lossReport(table: table, column: column.name, conversion: conversion, copyExpression: copyExpression,
                                    nullBecomesRowid: becomesRowid)
        if report.collisionGroupCount > 0 {
            skip(candidate, reason: report.summary, report: report)
            return
        }
        if report.changedRowCount > 0 {
            if becomesRowid, try nullCount(table: table, column: column.name) > 0 || policy == .null {
                skip(candidate, reason: report.summary + "; \(column.name) would become the rowid (INTEGER PRIMARY KEY), which is never NULL: SQLite would invent a number for each NULL id. No --lossy policy applies: give those rows ids first",
                     report: report)
                return
            }
            if policy == .refuse {
                skip(candidate, reason: report.summary + ". Choose a policy (--lossy cast or --lossy null) to convert anyway", report: report)
                return
            }
            if policy == .null && column.isNotNull {
                skip(candidate, reason: report.summary + "; \(column.name) is NOT NULL, so the null policy cannot apply", report: report)
                return
            }
        }
        var before: [PlannedStatement] = []
        if policy == .refuse && (conversion.castTarget != nil || becomesRowid) && !column.isGenerated {
            // Data may have changed since planning: prove again, under the write lock, that nothing is lost.
            before.append(PlannedStatement(
                "SELECT count(*) FROM \(tableName) WHERE \(Self.lossyPredicate(quoted, conversion: conversion, nullBecomesRowid: becomesRowid))",
                expect: .firstValue(.integer(0), proves: .step("every \(column.name) value converts to \(newType) exactly")), stepID: stepID))
        }
        let statements = try rebuildStatements(
            table: table, schema: schema, newCreateSQL: newCreate,
            conversions: column.isGenerated ? [:] : [column.name.lowercased(): copyExpression],
            verificationsBeforeCopy: before, stepID: stepID)
        var canonical = candidate.id
        canonical.column = column.name
        try commit(RepairStep(id: stepID, kind: .changeColumnType, table: table.name, column: column.name, newType: newType,
                              statements: statements, source: candidate.source, method: .rebuild, cannotLoseData: false, lossReport: report))
    }

    private mutating func planArchive(_ candidate: Candidate) throws {
        let schema = try scratchSchema()
        guard let table = schema.table(named: candidate.id.table) else {
            skip(candidate, reason: "the table does not exist (any more)")
            return
        }
        let newName = schema.unusedName(basedOn: "_archived_" + table.name, avoiding: temporaryNames)
        temporaryNames.insert(newName.lowercased())
        let statement = PlannedStatement("ALTER TABLE main.\(SQLIdentifier.quote(table.name)) RENAME TO \(SQLIdentifier.quote(newName))",
                                         stepID: candidate.id.text)
        try commit(RepairStep(id: candidate.id.text, kind: .archiveTable, table: table.name, column: nil, newType: nil,
                              statements: [statement], source: candidate.source, method: .rename, cannotLoseData: false, lossReport: nil))
    }

    /// SQLite's 12-step rebuild, as literal statements. The new table is created under an unused
    /// name from `newCreateSQL` (the original text edited in one place), so a self-referencing
    /// foreign key keeps the final name.
    private mutating func rebuildStatements(
        table: InspectedTable,
        schema: InspectedSchema,
        newCreateSQL: String,
        conversions: [String: String],
        verificationsBeforeCopy: [PlannedStatement],
        stepID: String
    ) throws -> [PlannedStatement] {
        guard let newText = CreateTableText(newCreateSQL) else {
            throw SQLiteError(code: 1, message: "cannot read the new CREATE TABLE text")
        }
        let temporaryName = schema.unusedName(basedOn: "sqlheal_new_" + table.name, avoiding: temporaryNames)
        temporaryNames.insert(temporaryName.lowercased())
        let oldName = "main." + SQLIdentifier.quote(table.name)
        let newName = "main." + SQLIdentifier.quote(temporaryName)
        var statements = verificationsBeforeCopy
        func add(_ sql: String, _ expectation: PlannedStatement.Expectation = .none) {
            statements.append(PlannedStatement(sql, expect: expectation, stepID: stepID))
        }

        // Step 5: the new table, from the (edited) original text.
        let create = newText.renamed(to: temporaryName)
        add(create)
        // Learn the new table's shape from SQLite itself, on the copy.
        try scratch.execute("SAVEPOINT sqlheal_shape")
        defer { try? scratch.execute("ROLLBACK TO sqlheal_shape; RELEASE sqlheal_shape") }
        try scratch.execute(create)
        guard let newTable = try InspectedSchema.read(scratch).table(named: temporaryName) else {
            throw SQLiteError(code: 1, message: "the new table did not appear")
        }

        // Step 4: what goes with the table.
        var savedSequence: String?
        if table.hasAutoincrement && schema.objectNames.contains("sqlite_sequence") {
            let name = schema.unusedName(basedOn: "sqlheal_saved_sequence", avoiding: temporaryNames)
            temporaryNames.insert(name.lowercased())
            savedSequence = "temp." + SQLIdentifier.quote(name)
            add("CREATE TEMP TABLE \(SQLIdentifier.quote(name)) AS SELECT seq FROM main.sqlite_sequence WHERE name = \(SQLIdentifier.literal(table.name))")
        }

        // Step 6: copy with explicit column lists; generated columns are computed, not copied.
        var targetColumns: [String] = []
        var sourceExpressions: [String] = []
        // What each copied column must hold, as read from the old table and from the new one:
        // unchanged columns equal, converted ones equal to what the conversion makes of the old value.
        var comparedOld: [String] = []
        var comparedNew: [String] = []
        for column in newTable.columns where !column.isGenerated {
            guard let oldColumn = table.column(named: column.name), !oldColumn.isGenerated else { continue }
            targetColumns.append(SQLIdentifier.quote(column.name))
            if let conversion = conversions[column.name.lowercased()] {
                sourceExpressions.append(conversion)
                comparedOld.append(conversion)
            } else {
                sourceExpressions.append(SQLIdentifier.quote(oldColumn.name))
                comparedOld.append(SQLIdentifier.quote(oldColumn.name))
            }
            comparedNew.append(SQLIdentifier.quote(column.name))
        }
        var copiesRowid = false
        if !newTable.isWithoutRowid && !newTable.hasRowidAlias, let oldRowid = table.rowidName, let newRowid = newTable.rowidName {
            targetColumns.insert(newRowid, at: 0)
            sourceExpressions.insert(oldRowid, at: 0)
            copiesRowid = true
        }
        add("INSERT INTO \(newName) (\(targetColumns.joined(separator: ", "))) SELECT \(sourceExpressions.joined(separator: ", ")) FROM \(oldName)")

        // Step 7: nothing lost, nothing changed that should not have.
        add("SELECT (SELECT count(*) FROM \(oldName)) = (SELECT count(*) FROM \(newName))",
            .firstValue(.integer(1), proves: .step("same row count")))
        if copiesRowid, let oldRowid = table.rowidName, let newRowid = newTable.rowidName {
            comparedOld.insert(oldRowid, at: 0)
            comparedNew.insert(newRowid, at: 0)
        }
        if !comparedOld.isEmpty {
            let oldList = comparedOld.joined(separator: ", ")
            let newList = comparedNew.joined(separator: ", ")
            add("SELECT count(*) FROM (SELECT \(oldList) FROM \(oldName) EXCEPT SELECT \(newList) FROM \(newName))",
                .firstValue(.integer(0), proves: .step("every old row is in the new table, converted values included")))
            add("SELECT count(*) FROM (SELECT \(newList) FROM \(newName) EXCEPT SELECT \(oldList) FROM \(oldName))",
                .firstValue(.integer(0), proves: .step("the new table has no other rows")))
        }

        // Step 8: swap. legacy_alter_table keeps the rename from rewriting or checking views and
        // triggers that name the table.
        add("DROP TABLE \(oldName)")
        add("PRAGMA legacy_alter_table = ON")
        add("ALTER TABLE \(newName) RENAME TO \(SQLIdentifier.quote(table.name))")
        add("PRAGMA legacy_alter_table = \(legacyAlterTableInitially == 0 ? "OFF" : "ON")")

        // Step 9: the AUTOINCREMENT counter (never backwards), indexes, then triggers, then views.
        if let savedSequence {
            let nameLiteral = SQLIdentifier.literal(table.name)
            add("UPDATE main.sqlite_sequence SET seq = (SELECT max(seq) FROM \(savedSequence)) WHERE name = \(nameLiteral) AND seq < (SELECT max(seq) FROM \(savedSequence))")
            add("INSERT INTO main.sqlite_sequence (name, seq) SELECT \(nameLiteral), max(seq) FROM \(savedSequence) HAVING max(seq) IS NOT NULL AND NOT EXISTS (SELECT 1 FROM main.sqlite_sequence WHERE name = \(nameLiteral))")
            add("DROP TABLE \(savedSequence)")
        }
        for index in table.indexSQL { add(index) }
        // DROP TABLE took the table's planner statistics with it: recompute them.
        if try hasPlannerStatistics(table.name) { add("ANALYZE main.\(SQLIdentifier.quote(table.name))") }
        for trigger in table.triggerSQL { add(trigger) }
        for view in schema.viewNames { add("SELECT * FROM main.\(SQLIdentifier.quote(view)) LIMIT 0") }
        return statements
    }

    /// True when `sqlite_stat1` holds rows for `table` (ANALYZE was run on it).
    private func hasPlannerStatistics(_ table: String) throws -> Bool {
        guard original.objectNames.contains("sqlite_stat1") else { return false }
        return (try database.scalar("SELECT count(*) FROM main.sqlite_stat1 WHERE tbl = ? COLLATE NOCASE", [.text(table)])?.integerValue ?? 0) > 0
    }
}
