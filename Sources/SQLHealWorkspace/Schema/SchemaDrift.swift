import SQLHealAnalysis

/// Differences between the database as it is and what the migrations declare.
///
/// Reported on the migration file, at the declaration, as `schema-drift` warnings: the
/// migrations are what the user edits and what the repair works from, and the database file is
/// not a text an editor can underline.
public enum SchemaDrift {
    /// One difference, independent of where it is reported.
    public enum Difference: Sendable, Hashable {
        /// The migrations declare the table (or view) but the database lacks it.
        case missingTable(table: String)
        /// The database has the table but lacks one of its declared columns.
        case missingColumn(table: String, column: String)
        /// The column exists with another declared type.
        case typeDiffers(table: String, column: String, databaseType: String, declaredType: String)
    }

    /// Every difference, tables in name order, columns in declaration order.
    public static func differences(database: SchemaSnapshot, migrations: SchemaSnapshot) -> [Difference] {
        var result: [Difference] = []
        for declared in migrations.tables {
            guard let actual = database.table(named: declared.name) else {
                result.append(.missingTable(table: declared.name))
                continue
            }
            // Views and virtual tables: their columns follow from other objects or the module.
            guard declared.kind == .table, actual.kind == .table else { continue }
            for column in declared.columns where !column.isHidden {
                guard let actualColumn = actual.column(named: column.name) else {
                    result.append(.missingColumn(table: actual.name, column: column.name))
                    continue
                }
                if normalizedType(actualColumn.declaredType) != normalizedType(column.declaredType) {
                    result.append(.typeDiffers(table: actual.name, column: column.name, databaseType: actualColumn.declaredType, declaredType: column.declaredType))
                }
            }
        }
        return result
    }

    /// `varchar( 20 )` and `VARCHAR(20)` are the same declaration.
    static func normalizedType(_ type: String) -> String {
        String(type.uppercased().filter { !$0.isWhitespace })
    }

    /// `schema-drift` findings on the migration files.
    static func findings(database: SchemaSnapshot, databaseDisplayName: String, migrations: MigrationSchema, root: String) -> [FileFinding] {
        var findings: [FileFinding] = []
        for difference in differences(database: database, migrations: migrations.snapshot) {
            switch difference {
            case .missingTable(let table):
                guard let site = migrations.tableSites[table.lowercased()] else { continue }
                let kind = migrations.snapshot.table(named: table)?.kind == .view ? "view" : "table"
                let finding = Finding(
                    code: .schemaDrift,
                    severity: .warning,
                    range: site.range,
                    message: "\(kind) \(table) is declared here but not applied to \(databaseDisplayName)",
                    fixHints: [.repairStep(identifier: RepairStepIdentifier.createTable(table), title: "Create \(kind) \(table) in \(databaseDisplayName), as declared here")]
                )
                if let located = migrations.locate(finding, in: site.path) { findings.append(located) }
            case .missingColumn(let table, let column):
                guard let site = migrations.columnSites[table.lowercased()]?[column.lowercased()] ?? migrations.tableSites[table.lowercased()] else { continue }
                let declaredType = migrations.snapshot.table(named: table)?.column(named: column)?.declaredType ?? ""
                let typeText = declaredType.isEmpty ? "" : " \(declaredType)"
                let finding = Finding(
                    code: .schemaDrift,
                    severity: .warning,
                    range: site.range,
                    message: "column \(table).\(column)\(typeText) is declared here but not applied to \(databaseDisplayName)",
                    fixHints: [.repairStep(
                        identifier: RepairStepIdentifier.addColumn(table: table, column: column),
                        title: "Add column \(table).\(column)\(typeText) to \(databaseDisplayName), as declared here")]
                )
                if let located = migrations.locate(finding, in: site.path) { findings.append(located) }
            case .typeDiffers(let table, let column, let databaseType, let declaredType):
                guard let site = migrations.columnSites[table.lowercased()]?[column.lowercased()] else { continue }
                let shownDatabaseType = databaseType.isEmpty ? "no declared type" : databaseType
                let shownDeclaredType = declaredType.isEmpty ? "no type" : declaredType
                let finding = Finding(
                    code: .schemaDrift,
                    severity: .warning,
                    range: site.range,
                    message: "\(databaseDisplayName) has \(table).\(column) \(shownDatabaseType), \(WorkspacePath.display(site.path, root: root)):\(site.line) declares \(shownDeclaredType)",
                    // The repair refuses a conversion that would change a stored value, and says which.
                    fixHints: declaredType.isEmpty ? [] : [.repairStep(
                        identifier: RepairStepIdentifier.changeColumnType(table: table, column: column, to: declaredType),
                        title: "Change \(table).\(column) in \(databaseDisplayName) from \(shownDatabaseType) to \(declaredType), as declared here")]
                )
                if let located = migrations.locate(finding, in: site.path) { findings.append(located) }
            }
        }
        return findings
    }

    /// The database schema with each table's and column's `declaredAt` taken from the migrations
    /// where they declare the same name, so query messages can say where a column is declared.
    static func annotate(_ database: SchemaSnapshot, with migrations: SchemaSnapshot) -> SchemaSnapshot {
        var annotated = database
        for table in database.tables {
            guard let declared = migrations.table(named: table.name) else { continue }
            annotated.updateTable(named: table.name) { table in
                table.declaredAt = table.declaredAt ?? declared.declaredAt
                for index in table.columns.indices {
                    if table.columns[index].declaredAt == nil {
                        table.columns[index].declaredAt = declared.column(named: table.columns[index].name)?.declaredAt
                    }
                }
            }
        }
        return annotated
    }
}
