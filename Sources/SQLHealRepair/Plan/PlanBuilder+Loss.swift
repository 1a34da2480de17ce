import Foundation
import SQLHealSQLite

/// What a type change would do to the data, measured on the real rows before anything is written.
extension PlanBuilder {
    /// True when the new CREATE text makes `column` the table's rowid alias and it was not one.
    func becomesRowidAlias(_ column: String, of table: InspectedTable, newCreateSQL: String, schema: InspectedSchema) throws -> Bool {
        guard !table.isWithoutRowid, !table.hasRowidAlias, let text = CreateTableText(newCreateSQL) else { return false }
        let probeName = schema.unusedName(basedOn: "sqlheal_probe_" + table.name, avoiding: temporaryNames)
        try scratch.execute("SAVEPOINT sqlheal_probe")
        defer { try? scratch.execute("ROLLBACK TO sqlheal_probe; RELEASE sqlheal_probe") }
        try scratch.execute(text.renamed(to: probeName))
        guard let probe = try InspectedSchema.read(scratch).table(named: probeName), probe.hasRowidAlias else { return false }
        return probe.columns.first { $0.primaryKeyPosition == 1 }?.name.lowercased() == column.lowercased()
    }

    func nullCount(table: InspectedTable, column: String) throws -> Int64 {
        try database.scalar("SELECT count(*) FROM main.\(SQLIdentifier.quote(table.name)) WHERE \(SQLIdentifier.quote(column)) IS NULL")?.integerValue ?? 0
    }

    /// True (in SQL) for the values of `column` the change would not keep exactly.
    static func lossyPredicate(_ column: String, conversion: ConversionSQL, nullBecomesRowid: Bool) -> String {
        nullBecomesRowid ? "(NOT \(conversion.isPreserved(column)) OR \(column) IS NULL)" : "NOT \(conversion.isPreserved(column))"
    }

    /// Counts, on the real data, the values the conversion would change and the UNIQUE/PRIMARY KEY
    /// groups it would make collide.
    func lossReport(table: InspectedTable, column: String, conversion: ConversionSQL, copyExpression: String,
                            nullBecomesRowid: Bool) throws -> ConversionLossReport {
        let tableName = "main." + SQLIdentifier.quote(table.name)
        let quoted = SQLIdentifier.quote(column)
        let lossy = Self.lossyPredicate(quoted, conversion: conversion, nullBecomesRowid: nullBecomesRowid)
        let changed = Int(try database.scalar("SELECT count(*) FROM \(tableName) WHERE \(lossy)")?.integerValue ?? 0)
        var samples: [ConversionLossReport.Sample] = []
        if changed > 0 {
            let key: String
            if let rowid = table.rowidName {
                key = "'\(rowid) ' || \(rowid)"
            } else {
                let keyColumns = table.columns.filter { $0.primaryKeyPosition > 0 }.sorted { $0.primaryKeyPosition < $1.primaryKeyPosition }
                key = keyColumns.isEmpty ? "'?'" : keyColumns.map { "quote(\(SQLIdentifier.quote($0.name)))" }.joined(separator: " || ', ' || ")
            }
            let converted = nullBecomesRowid
                ? "CASE WHEN \(quoted) IS NULL THEN 'a new rowid' ELSE quote(\(conversion.converted(quoted))) END"
                : "quote(\(conversion.converted(quoted)))"
            for row in try database.rows(
                "SELECT \(key), quote(\(quoted)), \(converted) FROM \(tableName) WHERE \(lossy) LIMIT 5") {
                guard row.count == 3 else { continue }
                samples.append(.init(rowKey: Self.display(row[0]), value: Self.display(row[1]), converted: Self.display(row[2])))
            }
        }
        var collisions = 0
        for keySet in table.uniqueColumnSets where keySet.contains(where: { $0.lowercased() == column.lowercased() }) {
            let expressions = keySet.map { $0.lowercased() == column.lowercased() ? copyExpression : SQLIdentifier.quote($0) }
            let notNull = expressions.map { "(\($0)) IS NOT NULL" }.joined(separator: " AND ")
            let groups = try database.scalar(
                "SELECT count(*) FROM (SELECT 1 FROM \(tableName) WHERE \(notNull) GROUP BY \(expressions.joined(separator: ", ")) HAVING count(*) > 1)")
            collisions += Int(groups?.integerValue ?? 0)
        }
        return ConversionLossReport(changedRowCount: changed, collisionGroupCount: collisions, samples: samples)
    }

    static func display(_ value: SQLiteValue) -> String {
        switch value {
        case .null: "NULL"
        case .integer(let number): String(number)
        case .real(let number): String(number)
        case .text(let text): text
        case .blob(let bytes): "blob(\(bytes.count) bytes)"
        }
    }
}
