// Wrapper functions found by themselves, for QueryExtractionPass: a function or method whose
// parameter reaches the SQL argument of a query call is a query function too.

/// A function or method that runs the SQL it is given: which parameter is the SQL, which the
/// values, and whether it changes the SQL before running it.
public struct QueryWrapper: Sendable, Hashable {
    public var sqlParameter: Int
    public var valuesParameter: Int?
    /// What it does to the SQL before running it (``SQLRewrite``), which decides what its callers
    /// are held to.
    public var rewrite: SQLRewrite
    /// The connection it runs its SQL on, when its file creates it (positionless, so that an
    /// edit above it changes nothing).
    public var connection: ConnectionSite?
    /// A call that gives no values binds none: the values parameter reaches a call that runs the
    /// statement with it unchanged (or emptied: a `= []` default, `params ?? []`), so with it
    /// absent the statement runs with zero values (``QueryExtractionPass/bindsNoValuesWhenNoneGiven(…)``).
    /// `false` where the wrapper may fill values itself or passes them on in a way not followed.
    public var bindsNothingWithoutValues: Bool
    /// It binds none whatever its caller gives: it runs the statement with no values
    /// (`function one(sql) { return db.prepare(sql).get(); }`), so a placeholder in the SQL
    /// passed to it is an error, and the caller's other arguments are not values.
    public var bindsNoValues: Bool

    public init(sqlParameter: Int, valuesParameter: Int?, rewrite: SQLRewrite, connection: ConnectionSite? = nil,
                bindsNothingWithoutValues: Bool = false, bindsNoValues: Bool = false) {
        self.sqlParameter = sqlParameter
        self.valuesParameter = valuesParameter
        self.rewrite = rewrite
        self.bindsNothingWithoutValues = bindsNothingWithoutValues
        self.bindsNoValues = bindsNoValues
        self.connection = connection?.positionless
    }

    /// The SQL is rewritten in a way not known (`[sql, params] = expand(sql, params)` of a function
    /// the file does not show): callers' SQL is not held to plain SQLite syntax, only its names are checked.
    public var rewritesSQL: Bool { rewrite == .unknown }

    /// Two definitions under one name (in several files): held to the looser of the two.
    func merged(with other: QueryWrapper) -> QueryWrapper {
        guard other != self else { return self }
        return QueryWrapper(sqlParameter: sqlParameter, valuesParameter: valuesParameter == other.valuesParameter ? valuesParameter : nil,
                            rewrite: sqlParameter != other.sqlParameter ? .unknown : rewrite.joined(with: other.rewrite),
                            connection: connection == other.connection ? connection : nil,
                            bindsNothingWithoutValues: bindsNothingWithoutValues && other.bindsNothingWithoutValues && valuesParameter == other.valuesParameter,
                            bindsNoValues: bindsNoValues && other.bindsNoValues && sqlParameter == other.sqlParameter)
    }
}

/// A function whose parameters are known: its name, parameter names and body.
struct FunctionScope {
    var name: String
    var parameters: [String]
    /// Token indices of each parameter as written, default value included (`params = []`).
    var parameterRanges: [Range<Int>]
    var body: Range<Int>
}

extension QueryExtractionPass {
    // MARK: - Wrappers

    /// The innermost function around `index` whose parameters include `name`.
    func function(around index: Int, withParameter name: String) -> (scope: FunctionScope, position: Int)? {
        var cursor = index
        var steps = 0
        while let block = enclosingBlock(of: cursor), steps < 64 {
            steps += 1
            if let scope = functionScope(openingAt: block.lowerBound), let position = scope.parameters.firstIndex(of: name) {
                return (scope, position)
            }
            cursor = block.lowerBound
        }
        return nil
    }

    /// The function whose body opens at the `{` token `open`, when its header names it:
    /// `function name(…) {`, a method `name(…) {`, `name = function (…) {`, `name: async (…) => {`,
    /// `X.prototype.name = async function (…) {`.
    func functionScope(openingAt open: Int) -> FunctionScope? {
        var close = open - 1
        var isArrow = false
        if isPunctuator(close, "=>") { close -= 1; isArrow = true }
        // TS return type `(…): Promise<T> {`: back to the `)` before the `:`.
        var steps = 0
        while close > 0, !isPunctuator(close, ")"), steps < 32, !isPunctuator(close, ";"), !isPunctuator(close, "}"), !isPunctuator(close, "{") {
            close -= 1
            steps += 1
        }
        guard isPunctuator(close, ")"), tokens[close].link >= 0, tokens[close].link < close else { return nil }
        let parenthesis = tokens[close].link
        let parameterRanges = splitArguments((parenthesis + 1)..<close)
        let parameters = parameterRanges.compactMap { parameter -> String? in
            var first = parameter.lowerBound
            while first < parameter.upperBound, isPunctuator(first, "...") { first += 1 }
            guard first < parameter.upperBound, tokens[first].kind == .identifier else { return "" }
            return text(ofToken: first)
        }
        var before = parenthesis - 1
        if before >= 0, isPunctuator(before, "*") { before -= 1 }  // generators
        guard before >= 0 else { return nil }
        var name: String?
        if tokens[before].kind == .identifier, !isIdentifier(before, "function"), !isIdentifier(before, "async") {
            let word = text(ofToken: before)
            guard !["if", "for", "while", "switch", "catch", "with", "return"].contains(word) else { return nil }
            name = word  // `function name(`, method `name(`
        } else {
            // Anonymous: `function (`, `async function (`, `async (`, `(…) =>`: named by what it is assigned to.
            var keyword = before
            if isIdentifier(keyword, "function") { keyword -= 1 } else if !isArrow && !isIdentifier(keyword, "async") { return nil }
            if isIdentifier(keyword, "async") { keyword -= 1 }
            if isPunctuator(keyword, "("), keyword >= 1 {  // `name = wrap(function (…) {`
                keyword -= 1
                while keyword >= 2, isMemberDot(keyword - 1), tokens[keyword - 2].kind == .identifier { keyword -= 2 }
                keyword -= 1
            }
            guard isPunctuator(keyword, "=") || isPunctuator(keyword, ":"), keyword >= 1, tokens[keyword - 1].kind == .identifier else { return nil }
            name = text(ofToken: keyword - 1)
        }
        guard let name, tokens[open].link > open else { return nil }
        return FunctionScope(name: name, parameters: parameters, parameterRanges: parameterRanges, body: open..<(tokens[open].link + 1))
    }

    /// Records the function around a query call whose SQL argument is one of its parameters.
    mutating func recordWrapper(sqlArgument: Range<Int>, valuesArgument: Range<Int>?, call: Int, calling called: QueryWrapper?) {
        guard sqlArgument.count == 1, tokens[sqlArgument.lowerBound].kind == .identifier else { return }
        let sqlName = text(ofToken: sqlArgument.lowerBound)
        // A configured or library query function stays what it is; a name known as a wrapper
        // from a reading of the project (this file's own, read again) is recorded again.
        // Minified code (`function n(e){return r.execute(e)}`) names no API anyone calls as a
        // query function, and a constructor is called through `new`.
        guard let (scope, position) = function(around: call, withParameter: sqlName), scope.name.utf8.count > 2, scope.name != "constructor",
              !Self.isQueryFunctionName(scope.name, in: queryFunctionNames) || summary.wrappers[scope.name] != nil || context.wrappers[scope.name] != nil else { return }
        var valuesPosition: Int?
        if let valuesArgument, valuesArgument.count == 1, tokens[valuesArgument.lowerBound].kind == .identifier {
            valuesPosition = scope.parameters.firstIndex(of: text(ofToken: valuesArgument.lowerBound))
        }
        // Running its SQL through a rewriting wrapper rewrites it too, after its own changes.
        let own = rewrite(of: sqlName, in: scope.body.lowerBound..<call, function: scope.body)
        let combinedRewrite = own.followed(by: called?.rewrite ?? .none)
        var bindsNothing = false
        // Running the SQL with no values, unchanged or with constant affixes: a placeholder in it
        // never gets one. (A rewrite of placeholders may put values in their place.)
        var bindsNone = false
        switch combinedRewrite {
        case .none, .affixes: bindsNone = runsStatementWithoutValues(call: call, valuesArgument: valuesArgument, calling: called)
        case .placeholders, .unknown: break
        }
        if bindsNone {
            valuesPosition = nil
        } else if case .unknown = combinedRewrite {} else if
            let runValues = valuesPassedToRun(call: call, valuesArgument: valuesArgument, calling: called),
            let position = bindsNoValuesWhenNoneGiven(runValues, scope: scope, sqlPosition: position) {
            bindsNothing = true
            if !runValues.isSpread { valuesPosition = position }
        }
        // The connection it runs on: the one its file creates and the call's receiver holds, else
        // the one of the wrapper it calls.
        let callee = calleeStart(nameIndex: call)
        let receiver = callee.start < call - 1 && isMemberDot(call - 1) ? receiverText(callee.start..<(call - 1)) : nil
        let ownConnection = receiver.flatMap { ConnectionResolver.site(holding: $0, before: tokens[call].start, in: summary.connectionSites) }
        let wrapper = QueryWrapper(sqlParameter: position, valuesParameter: valuesPosition, rewrite: combinedRewrite,
                                   connection: ownConnection ?? called?.connection, bindsNothingWithoutValues: bindsNothing, bindsNoValues: bindsNone)
        summary.wrappers[scope.name] = summary.wrappers[scope.name].map { $0.merged(with: wrapper) } ?? wrapper
    }

    static func isQueryFunctionName(_ name: String, in names: ByteNameSet) -> Bool {
        names.contains(Array(name.utf8))
    }

    /// The wrapper a call's name refers to, found in this file or anywhere in the project.
    /// A name the configuration lists (`queryFunctions`) is a plain query function, whatever its body does.
    func wrapper(named name: String) -> QueryWrapper? {
        guard !configuration.queryFunctionNames.contains(name) else { return nil }
        return summary.wrappers[name] ?? context.wrappers[name]
    }

    /// The arguments of a call to `wrapper` in the order a direct query call has them: the SQL,
    /// then the values (or everything after the SQL when the values parameter is not known).
    func wrapperCallArguments(_ arguments: [Range<Int>], wrapper: QueryWrapper) -> [Range<Int>]? {
        guard wrapper.sqlParameter < arguments.count else { return nil }
        let sql = arguments[wrapper.sqlParameter]
        if wrapper.bindsNoValues { return [sql] }
        if let values = wrapper.valuesParameter {
            return values < arguments.count ? [sql, arguments[values]] : [sql]
        }
        return [sql] + arguments.dropFirst(wrapper.sqlParameter + 1)
    }
}
