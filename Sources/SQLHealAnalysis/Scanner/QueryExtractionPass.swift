/// A `const NAME = …` declaration, with the members of an object literal initializer.
struct ConstantDeclaration {
    /// Token indices of the scope (the enclosing `{ … }`, or the whole file).
    var scope: Range<Int>
    /// Token indices of the initializer, `as const` removed.
    var initializer: Range<Int>
    /// `a.b` → token indices of that member's value, for object literal initializers.
    var members: [String: Range<Int>]
}

/// ``SourceValue/expressionText`` keeps at most this many bytes (the range stays exact), so
/// thousands of nested holes do not copy their text thousands of times.
let maximumExpressionTextLength = 4_096

struct QueryExtractionPass {
    let bytes: UnsafeBufferPointer<UInt8>
    let tokens: [JavaScriptToken]
    let comments: [ByteRange]
    let configuration: QueryExtractionConfiguration
    /// The configured names plus those of the client libraries the file imports.
    var queryFunctionNames: ByteNameSet
    var tagNames: [[UInt8]]
    /// Values of names other files declare (imported constants, resolved by the project's index).
    let context: ModuleContext
    /// What this file exports and imports, read by ``summarizeModule()``.
    var summary = ModuleSummary()
    /// This file's `enum`s (TypeScript), member name → value.
    var localEnums: [String: ModuleValue] = [:]
    var used: [Bool]
    var constants: [String: [ConstantDeclaration]] = [:]
    var queries: [EmbeddedQuery] = []
    /// The query index for the `)` token of its call, to attach a chained call's values.
    var queryByCallCloseToken: [Int: Int] = [:]
    /// `const stmt = db.prepare('…')`: the statement's name → its scope and query, so a later
    /// `stmt.get(x)` gives the values it binds.
    var preparedStatements: [String: [(scope: Range<Int>, query: Int)]] = [:]
    /// How many `stmt.get(…)`-style uses each prepared query has had.
    var preparedStatementUses: [Int: Int] = [:]
    /// Functions that prepare a statement run later (`prepare`; bun's `query`, expo's `prepareAsync`).
    var preparingFunctionNames: Set<String> = ["prepare"]
    /// The file's client libraries' functions taking a list of statements (``ClientLibrary/batchFunctions``).
    var batchFunctionNames: Set<String> = []
    /// Queries whose values a `.bind(…)` gave (D1, better-sqlite3): later chained calls run them as bound.
    var queriesBoundByBindCall: Set<Int> = []
    /// While a query's SQL is assembled: which alternative each choice point takes (the first
    /// unless set); `nil` when choice points are holes. ``choicePointsMet`` lists those the
    /// assembly met, for the other variants.
    var variantChoices: [Int: Int]?
    var choicePointsMet: [VariantChoicePoint] = []
    /// Further variants of a query (its other ternary branches), by the first one's index: a
    /// chained call's values bind them all.
    var queryVariants: [Int: [Int]] = [:]
    /// Constants being evaluated, to stop `const A = B; const B = A`.
    var constantsInProgress: Set<String> = []
    /// How many more constant references may be followed in this document. Constants that
    /// refer to constants twice each (`const B = A + A; const C = B + B; …`) would otherwise cost
    /// exponential time; past the budget a reference is a hole, and scanning stays linear.
    var constantResolutionBudget = 50_000

    init(bytes: UnsafeBufferPointer<UInt8>, scan: JavaScriptScanResult, configuration: QueryExtractionConfiguration, context: ModuleContext = .empty) {
        self.bytes = bytes
        self.context = context
        self.tokens = scan.tokens
        self.comments = scan.comments
        self.configuration = configuration
        var queryFunctionNames = ByteNameSet(configuration.queryFunctionNames)
        for name in context.wrappers.keys { queryFunctionNames.insert(Array(name.utf8)) }
        self.queryFunctionNames = queryFunctionNames
        self.tagNames = configuration.sqlTagNames.map { Array($0.utf8) }
        self.used = Array(repeating: false, count: scan.tokens.count)
    }

    mutating func run() -> [EmbeddedQuery] {
        collectConstants()
        summarizeModule()
        let connections = readConnections()
        findQueryCallsAndTaggedTemplates()
        findCallsOfLocalWrappers()
        findSQLLikeLiterals()
        applySuppressions()
        assignConnections(connections)
        queries.sort { $0.sourceRange.lowerBound < $1.sourceRange.lowerBound }
        return queries
    }
}

/// Past this many variants of one query's choice points, only the first is checked.
let maximumChoiceVariants = 8

/// A place in a query's SQL where the code picks one of several texts: a ternary between constant
/// texts (`cond ? 'DESC' : 'ASC'`, keyed by its `?` token), or an array of pieces built along
/// several paths and joined inside a concatenation (`' WHERE ' + parts.join(' AND ')`, keyed by the
/// array's name token). Each combination of alternatives is a variant of the query.
struct VariantChoicePoint: Equatable {
    var key: Int
    var alternatives: Int
    /// The alternatives have different numbers of placeholders: the values that go with each are
    /// chosen along the same paths, which the query does not see, so how many a variant binds is not known.
    var placeholderCountVaries = false

    /// Every combination of the points' alternatives but the first (all zeros, built already),
    /// or none when there would be more than `limit` variants in all.
    static func otherCombinations(of points: [VariantChoicePoint], limit: Int) -> [[Int: Int]] {
        guard !points.isEmpty else { return [] }
        var total = 1
        for point in points {
            total *= point.alternatives
            if total > limit { return [] }
        }
        var combinations: [[Int: Int]] = []
        for number in 1..<total {
            var remainder = number
            var choices: [Int: Int] = [:]
            for point in points {
                choices[point.key] = remainder % point.alternatives
                remainder /= point.alternatives
            }
            combinations.append(choices)
        }
        return combinations
    }
}
