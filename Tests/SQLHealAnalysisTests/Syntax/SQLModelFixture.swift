import Testing
@testable import SQLHealAnalysis

/// A SQL (or JavaScript) fixture with `⌖` at one position and `⟦…⟧` around expected ranges.
struct SQLModelFixture {
    var text: String
    var cursor: Int?
    var ranges: [ByteRange]

    init(_ marked: String) {
        var withoutCursor = ""
        var cursorCharacterIndex: Int?
        var bytesBefore = 0
        for character in marked {
            if character == "⌖" {
                cursorCharacterIndex = bytesBefore
                continue
            }
            withoutCursor.append(character)
            if character != "⟦" && character != "⟧" { bytesBefore += String(character).utf8.count }
        }
        let (text, ranges) = FixtureMarkers.strip(withoutCursor)
        self.text = text
        self.cursor = cursorCharacterIndex
        self.ranges = ranges
    }

    func slice(_ range: ByteRange) -> String {
        String(decoding: Array(text.utf8)[range], as: UTF8.self)
    }
}

/// Compact text for a symbol, as the expectations spell it.
enum SymbolSummary {
    static func describe(_ symbol: SQLSymbol, in sql: String) -> String {
        let bytes = Array(sql.utf8)
        func text(_ range: ByteRange) -> String { String(decoding: bytes[range], as: UTF8.self) }
        switch symbol {
        case .table(let name): return "table \(name)"
        case .column(let table, let column): return "column \(table).\(column)"
        case .commonTable(let declaration): return "cte \(text(declaration))@\(declaration.lowerBound)"
        case .commonTableColumn(let declaration, let column): return "cte-column \(text(declaration)).\(column)"
        case .alias(let declaration): return "alias \(text(declaration))@\(declaration.lowerBound)"
        case .resultAlias(let declaration): return "result-alias \(text(declaration))"
        case .index(let name): return "index \(name)"
        case .trigger(let name): return "trigger \(name)"
        case .function(let name): return "function \(name)"
        case .unknownTable(let name): return "unknown-table \(name)"
        case .unknownColumn(let name): return "unknown-column \(name)"
        }
    }

    static func describe(_ reference: SQLReference, in sql: String) -> String {
        (reference.role == .declaration ? "decl " : "") + describe(reference.symbol, in: sql)
    }

    static func describe(_ target: SQLPlaceholderBinding.Target) -> String {
        switch target {
        case .column(let info):
            if case .column(let table, let column) = info.origin { return "\(table).\(column) \(info.declaredType)" }
            return "\(info.name) \(info.declaredType)"
        case .functionArgument(let function, let index): return "\(function)#\(index)"
        case .limit: return "limit"
        case .unknown: return "unknown"
        }
    }
}
