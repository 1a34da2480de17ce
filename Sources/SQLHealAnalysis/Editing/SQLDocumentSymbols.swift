/// The outline of a migration or schema file: what each statement creates or alters.
public struct SQLDocumentSymbol: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case table, view, index, trigger, column
    }

    public var name: String
    public var detail: String
    public var kind: Kind
    /// The whole statement (or column definition).
    public var range: ByteRange
    /// The name.
    public var selectionRange: ByteRange
    public var children: [SQLDocumentSymbol]

    public static func symbols(inSQLFile text: [UInt8]) -> [SQLDocumentSymbol] {
        let tree = SQLParser.parse(TokenizedSQL(bytes: text))
        var symbols: [SQLDocumentSymbol] = []
        for statement in tree.statements {
            switch statement.kind {
            case .createTable(let create):
                guard let name = create.name else { continue }
                let columns = create.columns.map { column in
                    SQLDocumentSymbol(name: column.name.text, detail: column.typeName, kind: .column, range: column.range, selectionRange: column.name.range, children: [])
                } + create.virtualArguments.map {
                    SQLDocumentSymbol(name: $0.text, detail: "", kind: .column, range: $0.range, selectionRange: $0.range, children: [])
                }
                let detail = create.virtualModule.map { "virtual table using \($0.text)" } ?? "table"
                symbols.append(SQLDocumentSymbol(name: name.name.text, detail: detail, kind: .table, range: statement.range, selectionRange: name.name.range, children: columns))
            case .createView(let view):
                guard let name = view.name else { continue }
                symbols.append(SQLDocumentSymbol(name: name.name.text, detail: "view", kind: .view, range: statement.range, selectionRange: name.name.range, children: []))
            case .createIndex(let index):
                guard let name = index.name else { continue }
                symbols.append(SQLDocumentSymbol(name: name.name.text, detail: "\(index.isUnique ? "unique " : "")index on \(index.table?.text ?? "?")", kind: .index, range: statement.range, selectionRange: name.name.range, children: []))
            case .createTrigger(let trigger):
                guard let name = trigger.name else { continue }
                symbols.append(SQLDocumentSymbol(name: name.name.text, detail: "trigger \(trigger.timing) \(trigger.event) on \(trigger.table?.name.text ?? "?")", kind: .trigger, range: statement.range, selectionRange: name.name.range, children: []))
            case .alterTable(let alter):
                guard let table = alter.table else { continue }
                switch alter.action {
                case .addColumn(let column):
                    symbols.append(SQLDocumentSymbol(name: "\(table.name.text).\(column.name.text)", detail: "add column \(column.typeName)", kind: .column, range: statement.range, selectionRange: column.name.range, children: []))
                case .renameColumn(let from, let to):
                    symbols.append(SQLDocumentSymbol(name: "\(table.name.text).\(to.text)", detail: "renamed from \(from.text)", kind: .column, range: statement.range, selectionRange: to.range, children: []))
                case .renameTable(let to):
                    symbols.append(SQLDocumentSymbol(name: to.text, detail: "renamed from \(table.name.text)", kind: .table, range: statement.range, selectionRange: to.range, children: []))
                case .dropColumn, .missing:
                    continue
                }
            default:
                continue
            }
        }
        return symbols
    }
}
