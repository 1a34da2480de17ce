/// A half-open range of UTF-8 byte offsets into a source document.
public typealias ByteRange = Range<Int>

/// The languages the scanner reads. JSX and TSX differ from their parents only in `<` handling.
public enum SourceLanguage: String, Sendable, Hashable, CaseIterable {
    case javascript
    case javascriptReact
    case typescript
    case typescriptReact

    /// The language for a file name, by extension (`.js`, `.mjs`, `.cjs`, `.jsx`, `.ts`, `.mts`,
    /// `.cts`, `.tsx`); `nil` for anything else.
    public init?(fileName: String) {
        guard let dot = fileName.lastIndex(of: ".") else { return nil }
        switch fileName[fileName.index(after: dot)...].lowercased() {
        case "js", "mjs", "cjs": self = .javascript
        case "jsx": self = .javascriptReact
        case "ts", "mts", "cts": self = .typescript
        case "tsx": self = .typescriptReact
        default: return nil
        }
    }

    /// The language for an LSP `languageId`.
    public init?(languageIdentifier: String) {
        switch languageIdentifier {
        case "javascript": self = .javascript
        case "javascriptreact": self = .javascriptReact
        case "typescript": self = .typescript
        case "typescriptreact": self = .typescriptReact
        default: return nil
        }
    }

    public var allowsJSX: Bool { self == .javascriptReact || self == .typescriptReact }
    public var allowsTypeAnnotations: Bool { self == .typescript || self == .typescriptReact }
}

/// What the code says about a value's type, as far as a scanner can tell without running it.
public enum ValueKind: String, Sendable, Hashable {
    /// Converted to or written as a number: `parseInt(x)`, `Number(x)`, `+x`, `Math.round(x)`, `42`.
    case number
    /// Converted to or written as a string: `x.toString()`, `String(x)`, `'a'`, `` `a${b}` ``.
    case string
    /// `JSON.stringify(x)`: a string holding JSON.
    case json
    /// `true`, `false`.
    case boolean
    /// `null` or `undefined`.
    case null
    /// Anything else: a variable, a call of unknown result.
    case unknown
}

/// How a value came to have its ``ValueKind``, kept so a quick fix can undo the conversion.
public struct ValueConversion: Sendable, Hashable {
    /// The conversion as written: `parseInt`, `parseFloat`, `Number`, `unary +`, `Math.round`,
    /// `toString`, `String`, `JSON.stringify`.
    public var name: String
    /// The whole conversion expression, e.g. `parseInt(userId, 10)`.
    public var expressionRange: ByteRange
    /// The converted operand, e.g. `userId`; a fix that drops the conversion keeps this text.
    public var operandRange: ByteRange

    public init(name: String, expressionRange: ByteRange, operandRange: ByteRange) {
        self.name = name
        self.expressionRange = expressionRange
        self.operandRange = operandRange
    }
}

/// A JavaScript expression whose value reaches the SQL, either spliced into its text or bound.
public struct SourceValue: Sendable, Hashable {
    /// The expression's own range in the source (inside `${ }` for a hole).
    public var expressionRange: ByteRange
    /// The expression as written, trimmed (the scanner keeps at most its first 4 KB; ``expressionRange`` is exact).
    public var expressionText: String
    public var kind: ValueKind
    /// Set when ``kind`` comes from an explicit conversion.
    public var conversion: ValueConversion?

    public init(expressionRange: ByteRange, expressionText: String, kind: ValueKind, conversion: ValueConversion? = nil) {
        self.expressionRange = expressionRange
        self.expressionText = expressionText
        self.kind = kind
        self.conversion = conversion
    }
}

/// A `${ … }` of a template literal, or a non-literal operand of a `+` concatenation.
public struct QueryHole: Sendable, Hashable {
    public enum Role: String, Sendable, Hashable {
        /// Untagged template or concatenation: the value becomes SQL text.
        case splicedText
        /// Tagged template (`` sql`…${x}` ``): the library binds the value as a parameter.
        case boundParameter
    }

    public var role: Role
    /// The hole in the source, `${` and `}` included (for a concatenation operand: the operand).
    public var sourceRange: ByteRange
    public var value: SourceValue
    /// Where the hole's placeholder stands in ``EmbeddedQuery/sql``.
    public var sqlRange: ByteRange
    /// The hole writes a list of placeholders, not a value: `IN (${ids.map(() => '?').join(',')})`,
    /// `'?,'.repeat(n)`, `Array(n).fill('?').join()` (or a `const` holding one of those). Its `?`
    /// in ``EmbeddedQuery/sql`` stands for one or more `?` placeholders whose values the call binds
    /// (usually through a spread, so bound values are `.unknown`). It is neither unknown spliced
    /// text (the query stays `.fullyStatic` if nothing else is dynamic) nor a raw interpolation,
    /// and it binds no column by itself.
    public var isPlaceholderList: Bool
    /// The hole splices SQL text or a constant the code computes, not a value from outside: a
    /// variable holding SQL (`${whereClause}`, built from SQL strings), arithmetic on numbers and
    /// constants (`${PAGE_SIZE * 2}`). Unknown text still, but not a `raw-interpolation`.
    public var holdsSQLOrConstant: Bool

    public init(role: Role, sourceRange: ByteRange, value: SourceValue, sqlRange: ByteRange, isPlaceholderList: Bool = false, holdsSQLOrConstant: Bool = false) {
        self.role = role
        self.sourceRange = sourceRange
        self.value = value
        self.sqlRange = sqlRange
        self.isPlaceholderList = isPlaceholderList
        self.holdsSQLOrConstant = holdsSQLOrConstant
    }
}

/// The values a query call binds to its placeholders, as far as the call shows them.
public enum BoundValues: Sendable, Hashable {
    /// No value argument follows the SQL (`db.all(sql)`), or it is a tagged template whose
    /// holes are the parameters.
    case none
    /// Positional values: an array literal `[a, b]` or scalar arguments `.get(a, b)`.
    /// `argumentRange` is the array literal or the span of the scalar arguments; `isArrayLiteral`
    /// tells a fix whether to add to an existing array.
    case positional([SourceValue], argumentRange: ByteRange, isArrayLiteral: Bool)
    /// An object literal for `$name`, `:name`, `@name` placeholders. Keys exactly as written in
    /// the object (`{ id }` → `id`, `{ $id: 1 }` → `$id`, `{ 'user-id': x }` → `user-id`): a
    /// placeholder `$id` matches the key `id` (better-sqlite3, bare keys) or the key `$id`
    /// (node-sqlite3, prefixed keys).
    case named([String: SourceValue], argumentRange: ByteRange)
    /// Something whose count is not known statically: a variable, a spread, a call.
    case unknown(argumentRange: ByteRange)
}

/// Where a query was found, which decides how sure the scanner is that it is SQL.
public enum QueryOrigin: Sendable, Hashable {
    /// The first argument of a call to a configured query function (`db.all(…)`), or of a
    /// chained call (`db.prepare(…).get(x)`): certainly SQL.
    case queryCall(functionName: String)
    /// A tagged template with a configured tag: certainly SQL, holes are parameters.
    case taggedTemplate(tag: String)
    /// A string or template elsewhere that starts with a SQL statement keyword. The checker
    /// treats it as SQL only if SQLite can parse it, so prose never gets a diagnostic.
    case sqlLikeLiteral
}

/// Why a query's text is not fully known statically. The checker stays silent about what
/// these could explain.
public enum QueryDynamism: Sendable, Hashable {
    /// Every byte of the SQL is known (holes that are bound parameters count as known).
    case fullyStatic
    /// Some holes splice unknown text (`${table}`, `IN (${list})`); their placeholders stand in
    /// for any SQL.
    case splicedUnknownText
    /// The SQL argument is a variable or call the scanner cannot resolve; `sql` holds nothing useful.
    case unresolved
    /// SQL built in a variable along too many paths to check each: `sql` holds what every path
    /// adds (pieces only some paths add left out), or the path that takes every `if` (and the
    /// first branch of each `else` chain). Names in it are checked; its syntax and its values'
    /// count are not (the missing pieces may complete them; the conditions may never all hold).
    case partial
    /// SQL built in a variable along too many paths to check each: one of the few paths that
    /// take the other branches of `else` chains, so that every branch is run once. Only its
    /// table names are checked: a column or an alias it names may come from a branch of another
    /// chain this path does not take, when the two conditions go together.
    case oneOfManyPaths
}

/// A `// sqlheal-ignore` comment on the line before a query.
public struct QuerySuppression: Sendable, Hashable {
    /// Finding codes named after the marker; empty means every code.
    public var codes: Set<String>

    public init(codes: Set<String>) {
        self.codes = codes
    }

    public func suppresses(_ code: String) -> Bool { codes.isEmpty || codes.contains(code) }
}

/// One SQL statement text the code will run, with everything needed to check it and to point
/// back into the source.
///
/// Placeholders stand where holes were: `?` for every hole, so SQLite can prepare the text. The
/// ``holes`` list says which placeholders are holes and which role each plays.
public struct EmbeddedQuery: Sendable, Hashable {
    public var sql: String
    public var sourceMap: SQLSourceMap
    public var origin: QueryOrigin
    /// The whole expression that produced the SQL (the call's first argument, the tagged
    /// template, the literal) in the source.
    public var sourceRange: ByteRange
    /// The call expression for a query call (`db.all(…)`), for fixes that edit its arguments.
    public var callRange: ByteRange?
    /// Where the argument list's closing `)` is, for fixes that add an argument.
    public var callClosingParenthesisOffset: Int?
    public var holes: [QueryHole]
    public var boundValues: BoundValues
    public var dynamism: QueryDynamism
    public var suppression: QuerySuppression?
    /// The expression a query function was called on (`db`, `this.#db`, `env.DB`), or a tagged
    /// template's tag (`sql`, `prisma.$queryRaw`), as written without spaces; `nil` otherwise.
    public var receiver: String?
    /// The database and dialect the query runs on (``ConnectionResolver``); only SQLite queries
    /// are checked, and only against their own database's schema.
    public var connection: QueryConnection = .main
    /// The connection the project wrapper this query was passed to runs its SQL on, when the
    /// wrapper's own file shows it (`class Store { constructor() { this.db = new Database(…) }
    /// getRows(sql) { return this.db.prepare(sql).all() } }` called from another file).
    public var wrapperConnection: ConnectionSite?
    /// What the extraction knew of the text before a wrapper that rewrites its SQL (expands a
    /// custom placeholder, appends a clause) made it `.partial`; `nil` when no such wrapper runs
    /// it. Schema statements passed through such a wrapper unchanged still build the schema.
    public var dynamismBeforeRewrite: QueryDynamism?

    public init(
        sql: String,
        sourceMap: SQLSourceMap,
        origin: QueryOrigin,
        sourceRange: ByteRange,
        callRange: ByteRange? = nil,
        callClosingParenthesisOffset: Int? = nil,
        holes: [QueryHole] = [],
        boundValues: BoundValues = .none,
        dynamism: QueryDynamism = .fullyStatic,
        suppression: QuerySuppression? = nil,
        receiver: String? = nil
    ) {
        self.sql = sql
        self.sourceMap = sourceMap
        self.origin = origin
        self.sourceRange = sourceRange
        self.callRange = callRange
        self.callClosingParenthesisOffset = callClosingParenthesisOffset
        self.holes = holes
        self.boundValues = boundValues
        self.dynamism = dynamism
        self.suppression = suppression
        self.receiver = receiver
    }
}

extension EmbeddedQuery {
    /// The query a wrapper that adds `prefix` and `suffix` around its SQL runs
    /// (``SQLRewrite/affixes(prefix:suffix:)``); what is added maps to the caller's SQL argument.
    mutating func surround(prefix: String, suffix: String) {
        guard dynamism != .unresolved, !(prefix.isEmpty && suffix.isEmpty) else { return }
        let shift = prefix.utf8.count
        sourceMap = sourceMap.surrounded(prefixLength: shift, suffixLength: suffix.utf8.count, anchor: sourceRange)
        sql = prefix + sql + suffix
        for index in holes.indices {
            holes[index].sqlRange = (holes[index].sqlRange.lowerBound + shift)..<(holes[index].sqlRange.upperBound + shift)
        }
    }
}
