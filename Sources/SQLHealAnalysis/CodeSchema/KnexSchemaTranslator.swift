/// Translates knex schema builder calls into the SQL knex runs on SQLite, so a project whose
/// schema lives in knex migrations (`exports.up = (knex) => knex.schema.createTable(…)`) has one.
///
/// Read: `….schema.createTable(name, cb)`, `createTableIfNotExists`, `alterTable` / `table`
/// (columns added, `dropColumn(s)`, `renameColumn`), `dropTable[IfExists]`, `renameTable`,
/// chained one after another. In the callback, `t.<type>('column', …)` with the modifiers that
/// change what a query may do (`notNullable`, `primary`, `unique`, `defaultTo`), `increments`,
/// `timestamps`, `specificType`, and table-level `primary([…])`. `knex.raw('…')` needs nothing
/// here: its SQL is an ordinary SQL literal. Names are mapped to their string literals in the
/// source; the generated keywords are anchored at the call.
enum KnexSchemaTranslator {
    static func statements(in text: [UInt8], tokens: [JavaScriptToken]) -> [CodeSchemaStatement] {
        var reader = KnexTokenReader(text: text, tokens: tokens)
        var found: [CodeSchemaStatement] = []
        var index = 0
        while index + 1 < tokens.count {
            // `<receiver>.schema.<method>(`
            if tokens[index].kind == .identifier, reader.word(index) == "schema", index > 0, reader.isDot(index - 1) {
                var cursor = index + 1
                while let call = reader.call(at: cursor) {
                    found += translate(call, reader: &reader)
                    cursor = call.closeIndex + 1
                }
                index = cursor
                continue
            }
            index += 1
        }
        return found
    }

    // MARK: - Calls on `schema`

    private static func translate(_ call: KnexTokenReader.Call, reader: inout KnexTokenReader) -> [CodeSchemaStatement] {
        let arguments = reader.arguments(of: call)
        guard let first = arguments.first, let table = reader.stringLiteral(first) else { return [] }
        switch call.method {
        case "createTable", "createTableIfNotExists":
            var sql = KnexSQLBuilder(anchor: table.range.lowerBound)
            sql.append("CREATE TABLE " + (call.method == "createTableIfNotExists" ? "IF NOT EXISTS " : ""))
            sql.appendName(table)
            sql.append(" (")
            let body = arguments.count > 1 ? reader.callbackBody(arguments[1]) : nil
            let parts = body.map { reader.builderCalls(in: $0) } ?? []
            var definitions = 0
            for part in parts {
                for column in columnDefinitions(part, reader: reader) {
                    if definitions > 0 { sql.append(", ") }
                    sql.appendDefinition(column)
                    definitions += 1
                }
            }
            for part in parts {
                guard let constraint = tableConstraint(part, reader: reader) else { continue }
                if definitions == 0 { break }
                sql.append(", ")
                sql.appendDefinition(constraint)
            }
            // A table with no column readable here still exists; SQLite needs one column.
            if definitions == 0 { sql.append("\"id\"") }
            sql.append(")")
            return [sql.statement(kind: .create, objectType: "TABLE", objectName: table.value)]
        case "alterTable", "table":
            guard arguments.count > 1, let body = reader.callbackBody(arguments[1]) else { return [] }
            var statements: [CodeSchemaStatement] = []
            for part in reader.builderCalls(in: body) {
                let prefix = { () -> KnexSQLBuilder in
                    var sql = KnexSQLBuilder(anchor: table.range.lowerBound)
                    sql.append("ALTER TABLE ")
                    sql.appendName(table)
                    return sql
                }
                switch part.method {
                case "dropColumn", "dropColumns":
                    for argument in part.arguments {
                        guard let column = reader.stringLiteral(argument) else { continue }
                        var sql = prefix()
                        sql.append(" DROP COLUMN ")
                        sql.appendName(column)
                        statements.append(sql.statement(kind: .alter, objectType: "TABLE", objectName: table.value))
                    }
                case "renameColumn":
                    guard part.arguments.count == 2, let from = reader.stringLiteral(part.arguments[0]),
                          let to = reader.stringLiteral(part.arguments[1]) else { continue }
                    var sql = prefix()
                    sql.append(" RENAME COLUMN ")
                    sql.appendName(from)
                    sql.append(" TO ")
                    sql.appendName(to)
                    statements.append(sql.statement(kind: .alter, objectType: "TABLE", objectName: table.value))
                default:
                    for column in columnDefinitions(part, reader: reader) {
                        var sql = prefix()
                        sql.append(" ADD COLUMN ")
                        sql.appendDefinition(column)
                        statements.append(sql.statement(kind: .alter, objectType: "TABLE", objectName: table.value))
                    }
                }
            }
            return statements
        case "dropTable", "dropTableIfExists":
            var sql = KnexSQLBuilder(anchor: table.range.lowerBound)
            sql.append("DROP TABLE " + (call.method == "dropTableIfExists" ? "IF EXISTS " : ""))
            sql.appendName(table)
            return [sql.statement(kind: .drop, objectType: "TABLE", objectName: table.value)]
        case "renameTable":
            guard arguments.count > 1, let target = reader.stringLiteral(arguments[1]) else { return [] }
            var sql = KnexSQLBuilder(anchor: table.range.lowerBound)
            sql.append("ALTER TABLE ")
            sql.appendName(table)
            sql.append(" RENAME TO ")
            sql.appendName(target)
            var statement = sql.statement(kind: .alter, objectType: "TABLE", objectName: table.value)
            statement.renamedTo = target.value
            return [statement]
        default:
            return []
        }
    }

    // MARK: - Columns

    /// A column or constraint, as pieces: generated text and names taken from the source.
    typealias Definition = [KnexSQLBuilder.Piece]

    /// knex's SQLite types for its column builders.
    static let columnTypes: [String: String] = [
        "integer": "integer", "bigInteger": "bigint", "bigint": "bigint", "tinyint": "tinyint", "smallint": "smallint",
        "mediumint": "mediumint", "string": "varchar(255)", "varchar": "varchar(255)", "text": "text",
        "mediumtext": "text", "longtext": "text", "float": "float", "double": "double", "decimal": "decimal",
        "real": "real", "boolean": "boolean", "bool": "boolean", "date": "date", "datetime": "datetime",
        "timestamp": "datetime", "time": "time", "binary": "blob", "blob": "blob", "json": "json", "jsonb": "json",
        "uuid": "char(36)", "enum": "text", "enu": "text",
    ]

    private static func columnDefinitions(_ part: KnexTokenReader.BuilderCall, reader: KnexTokenReader) -> [Definition] {
        switch part.method {
        case "increments", "bigIncrements":
            let name = part.arguments.first.flatMap { reader.stringLiteral($0) }
            return [[name.map { .name($0) } ?? .text("\"id\""), .text(" integer not null primary key autoincrement")]]
        case "timestamps":
            return [[.text("\"created_at\" datetime")], [.text("\"updated_at\" datetime")]]
        case "specificType":
            guard part.arguments.count >= 2, let name = reader.stringLiteral(part.arguments[0]),
                  let type = reader.stringLiteral(part.arguments[1]) else { return [] }
            return [[.name(name), .text(" " + type.value)] + modifiers(part, reader: reader)]
        default:
            guard let type = columnTypes[part.method], let first = part.arguments.first, let name = reader.stringLiteral(first) else { return [] }
            return [[.name(name), .text(" " + type)] + modifiers(part, reader: reader)]
        }
    }

    private static func modifiers(_ part: KnexTokenReader.BuilderCall, reader: KnexTokenReader) -> Definition {
        var pieces: Definition = []
        for modifier in part.chained {
            switch modifier.method {
            case "notNullable": pieces.append(.text(" not null"))
            case "primary": pieces.append(.text(" primary key"))
            case "unique": pieces.append(.text(" unique"))
            case "defaultTo":
                guard let argument = modifier.arguments.first, let value = reader.literalSQL(argument) else { continue }
                pieces.append(.text(" default " + value))
            default:
                continue
            }
        }
        return pieces
    }

    private static func tableConstraint(_ part: KnexTokenReader.BuilderCall, reader: KnexTokenReader) -> Definition? {
        guard part.method == "primary" || part.method == "unique", let argument = part.arguments.first else { return nil }
        let names = reader.stringLiterals(inArray: argument)
        guard !names.isEmpty else { return nil }
        var pieces: Definition = [.text(part.method == "primary" ? "primary key (" : "unique (")]
        for (index, name) in names.enumerated() {
            if index > 0 { pieces.append(.text(", ")) }
            pieces.append(.name(name))
        }
        pieces.append(.text(")"))
        return pieces
    }
}

/// Builds one generated statement and its source map.
struct KnexSQLBuilder {
    enum Piece {
        case text(String)
        case name(KnexTokenReader.StringLiteral)
    }

    private var bytes: [UInt8] = []
    private var map = SQLSourceMap()
    let anchor: Int

    init(anchor: Int) {
        self.anchor = anchor
    }

    mutating func append(_ text: String) {
        let added = Array(text.utf8)
        bytes += added
        map.appendSynthetic(sqlLength: added.count, sourceOffset: anchor)
    }

    /// A quoted name; its letters map to the literal's when they are written there as they are.
    mutating func appendName(_ literal: KnexTokenReader.StringLiteral) {
        let name = Array(literal.value.replacing("\"", with: "\"\"").utf8)
        bytes.append(UInt8(ascii: "\""))
        map.appendSynthetic(sqlLength: 1, sourceOffset: literal.range.lowerBound)
        bytes += name
        if literal.isVerbatim, name.count == literal.range.count - 2 {
            map.appendVerbatim(length: name.count, sourceStart: literal.range.lowerBound + 1)
        } else {
            map.appendHole(sqlLength: name.count, sourceRange: literal.range)
        }
        bytes.append(UInt8(ascii: "\""))
        map.appendSynthetic(sqlLength: 1, sourceOffset: literal.range.upperBound)
    }

    mutating func appendDefinition(_ pieces: KnexSchemaTranslator.Definition) {
        for piece in pieces {
            switch piece {
            case .text(let text): append(text)
            case .name(let literal): appendName(literal)
            }
        }
    }

    func statement(kind: CodeSchemaStatement.Kind, objectType: String, objectName: String) -> CodeSchemaStatement {
        CodeSchemaStatement(
            sql: String(decoding: bytes, as: UTF8.self), kind: kind, isTemporary: false, objectName: objectName,
            objectType: objectType, renamedTo: nil, origin: .knex, sourceMap: map, sqlOffsetInMap: 0)
    }
}

/// Token-level reading of knex calls: calls, their arguments, callbacks and string literals.
struct KnexTokenReader {
    let text: [UInt8]
    let tokens: [JavaScriptToken]

    struct Call {
        var method: String
        /// The `(` and `)` token indexes.
        var openIndex: Int
        var closeIndex: Int
    }

    /// `t.method(args)` with its chained modifiers (`.notNullable().defaultTo(0)`).
    struct BuilderCall {
        var method: String
        var arguments: [Range<Int>]
        var chained: [(method: String, arguments: [Range<Int>])]
    }

    struct StringLiteral {
        var value: String
        var range: ByteRange
        /// The literal's content is exactly ``value`` (no escapes).
        var isVerbatim: Bool
    }

    func word(_ index: Int) -> String {
        String(decoding: text[tokens[index].range], as: UTF8.self)
    }

    func isDot(_ index: Int) -> Bool {
        index >= 0 && index < tokens.count && tokens[index].kind == .punctuator && (word(index) == "." || word(index) == "?.")
    }

    func isPunctuator(_ index: Int, _ value: String) -> Bool {
        index >= 0 && index < tokens.count && tokens[index].kind == .punctuator && word(index) == value
    }

    /// `.method(` at `index` (the dot), with its matching `)`.
    func call(at index: Int) -> Call? {
        guard isDot(index), index + 2 < tokens.count, tokens[index + 1].kind == .identifier, isPunctuator(index + 2, "("),
              tokens[index + 2].link > index + 2, tokens[index + 2].link < tokens.count else { return nil }
        return Call(method: word(index + 1), openIndex: index + 2, closeIndex: tokens[index + 2].link)
    }

    /// The token ranges of a call's top-level arguments.
    func arguments(of call: Call) -> [Range<Int>] {
        arguments(between: call.openIndex, and: call.closeIndex)
    }

    func arguments(between open: Int, and close: Int) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = open + 1
        var index = open + 1
        while index < close {
            let token = tokens[index]
            if token.link > index, token.kind == .punctuator { index = token.link + 1; continue }
            if isPunctuator(index, ",") {
                if index > start { result.append(start..<index) }
                start = index + 1
            }
            index += 1
        }
        if close > start { result.append(start..<close) }
        return result
    }

    /// A lone string literal (or template without holes) argument.
    func stringLiteral(_ argument: Range<Int>) -> StringLiteral? {
        guard argument.count == 1 else { return nil }
        let token = tokens[argument.lowerBound]
        guard token.kind == .string || token.kind == .template, token.length >= 2 else { return nil }
        let content = Array(text[(token.start + 1)..<(token.end - 1)])
        let isVerbatim = !content.contains(UInt8(ascii: "\\"))
        let value = String(decoding: isVerbatim ? content : content.filter { $0 != UInt8(ascii: "\\") }, as: UTF8.self)
        guard !value.isEmpty else { return nil }
        return StringLiteral(value: value, range: token.range, isVerbatim: isVerbatim)
    }

    /// The string literals of an array literal argument (`['a', 'b']`), or of a lone string.
    func stringLiterals(inArray argument: Range<Int>) -> [StringLiteral] {
        if let single = stringLiteral(argument) { return [single] }
        guard isPunctuator(argument.lowerBound, "["), tokens[argument.lowerBound].link == argument.upperBound - 1 else { return [] }
        return arguments(between: argument.lowerBound, and: argument.upperBound - 1).compactMap(stringLiteral)
    }

    /// A literal as SQL: strings quoted, numbers as written, booleans as 1/0, `knex.fn.now()` as
    /// CURRENT_TIMESTAMP; `nil` for anything else.
    func literalSQL(_ argument: Range<Int>) -> String? {
        if let string = stringLiteral(argument) { return "'" + string.value.replacing("'", with: "''") + "'" }
        let words = argument.map(word).joined()
        if argument.count == 1, tokens[argument.lowerBound].kind == .number { return words }
        if words == "true" { return "1" }
        if words == "false" { return "0" }
        if words == "null" { return "NULL" }
        if words.hasSuffix(".fn.now()") { return "CURRENT_TIMESTAMP" }
        return nil
    }

    /// The callback's parameter name and body token range: `(t) => { … }`, `t => { … }`,
    /// `function (t) { … }`, `async (t) => …`.
    func callbackBody(_ argument: Range<Int>) -> (parameter: String, body: Range<Int>)? {
        var index = argument.lowerBound
        if tokens[index].kind == .identifier, word(index) == "async" { index += 1 }
        if index < argument.upperBound, tokens[index].kind == .identifier, word(index) == "function" {
            index += 1
            if index < argument.upperBound, tokens[index].kind == .identifier { index += 1 }
        }
        let parameter: String
        if isPunctuator(index, "(") {
            guard index + 1 < argument.upperBound, tokens[index + 1].kind == .identifier else { return nil }
            parameter = word(index + 1)
            index = tokens[index].link + 1
        } else if index < argument.upperBound, tokens[index].kind == .identifier {
            parameter = word(index)
            index += 1
        } else {
            return nil
        }
        // A type annotation on the parameter list's end, then `=>`.
        while index < argument.upperBound, !isPunctuator(index, "{"), !isPunctuator(index, "=>") { index += 1 }
        if isPunctuator(index, "=>") { index += 1 }
        guard index < argument.upperBound else { return nil }
        if isPunctuator(index, "{"), tokens[index].link > index, tokens[index].link <= argument.upperBound {
            return (parameter, (index + 1)..<tokens[index].link)
        }
        return (parameter, index..<argument.upperBound)
    }

    /// Every `parameter.method(…)` chain in a callback body, in order.
    func builderCalls(in callback: (parameter: String, body: Range<Int>)) -> [BuilderCall] {
        var calls: [BuilderCall] = []
        var index = callback.body.lowerBound
        while index < callback.body.upperBound {
            let startsChain = tokens[index].kind == .identifier && word(index) == callback.parameter && !isDot(index - 1)
            guard startsChain, let first = call(at: index + 1) else {
                index += 1
                continue
            }
            var builder = BuilderCall(method: first.method, arguments: arguments(of: first), chained: [])
            var cursor = first.closeIndex + 1
            while let next = call(at: cursor) {
                builder.chained.append((next.method, arguments(of: next)))
                cursor = next.closeIndex + 1
            }
            calls.append(builder)
            index = cursor
        }
        return calls
    }
}
