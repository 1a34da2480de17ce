/// Finding, for each placeholder, the shape it sits in (`col = ?`, `IN (…)`, `VALUES (…)`, …).
extension SQLStructure {
    /// Operators that bind tighter than comparisons: an operand next to one is part of a larger
    /// expression, so the placeholder does not meet the column directly.
    static let tighterOperators: Set<String> = ["+", "-", "*", "/", "%", "||", "->", "->>", "&", "|", "<<", ">>", "~", "."]

    static let equalityOperators: Set<String> = ["=", "==", "!=", "<>"]
    static let orderingOperators: Set<String> = ["<", ">", "<=", ">="]
    static let patternOperators: Set<String> = ["LIKE", "GLOB", "REGEXP", "MATCH"]

    struct ColumnReference {
        var qualifier: String?
        var column: String
        /// First and last own-token positions of the reference.
        var start: Int
        var end: Int
    }

    func bindings(in statement: (tokens: Range<Int>, scopes: Range<Int>), query: EmbeddedQuery) -> [PlaceholderBinding] {
        var result: [PlaceholderBinding] = []
        var largestNumber = 0
        var numbersByName: [String: Int] = [:]
        // After a placeholder-list hole (`IN (${ids.map(() => '?')})`) the count of `?` before
        // is unknown, so later anonymous `?` have no known position among the bound values.
        var anonymousNumbersAreKnown = true
        for tokenIndex in statement.tokens where tokens[tokenIndex].kind == .parameter {
            let token = tokens[tokenIndex]
            let identity: PlaceholderIdentity
            let value: SourceValue?
            if let hole = holeIndex(in: query, overlapping: token.range) {
                identity = .hole(index: hole)
                value = query.holes[hole].isPlaceholderList ? nil : query.holes[hole].value
                // A tagged template's hole is an anonymous `?` to SQLite; spliced text is not a parameter.
                if query.holes[hole].role == .boundParameter { largestNumber += 1 }
                if query.holes[hole].isPlaceholderList { anonymousNumbersAreKnown = false }
            } else {
                let text = sql.text(of: token)
                let number: Int
                var parameterName: String?
                if text == "?" {
                    largestNumber += 1
                    number = largestNumber
                } else if text.hasPrefix("?") {
                    number = Int(text.dropFirst()) ?? (largestNumber + 1)
                    largestNumber = max(largestNumber, min(number, 1_000_000))
                } else {
                    parameterName = String(text.dropFirst())
                    if let existing = numbersByName[text] {
                        number = existing
                    } else {
                        largestNumber += 1
                        number = largestNumber
                        numbersByName[text] = number
                    }
                }
                identity = .parameter(number: number, name: parameterName)
                if text == "?" && !anonymousNumbersAreKnown {
                    value = nil
                } else {
                    value = boundValue(number: number, name: parameterName, prefixedName: text, in: query.boundValues)
                }
            }
            var binding = PlaceholderBinding(sqlRange: token.range, identity: identity, context: nil, operatorText: nil, column: nil, value: value)
            let scopeIndex = owningScope[tokenIndex]
            if let position = Self.position(of: tokenIndex, in: scopes[scopeIndex].ownTokens) {
                readContext(of: &binding, scopeIndex: scopeIndex, position: position)
            }
            result.append(binding)
        }
        return result
    }

    private func boundValue(number: Int, name parameterName: String?, prefixedName: String, in boundValues: BoundValues) -> SourceValue? {
        switch boundValues {
        case .positional(let values, _, _):
            return number >= 1 && number <= values.count ? values[number - 1] : nil
        case .named(let values, _):
            if let parameterName {
                return values[parameterName] ?? values[prefixedName]
            }
            return values[String(number)] ?? values[prefixedName]
        case .none, .unknown:
            return nil
        }
    }

    // MARK: - Context

    private func readContext(of binding: inout PlaceholderBinding, scopeIndex: Int, position: Int) {
        let own = scopes[scopeIndex].ownTokens
        let tokenIndex = own[position]
        func word(_ offset: Int) -> String {
            let target = position + offset
            return target >= 0 && target < own.count ? words[own[target]] : ""
        }
        let previous = word(-1)
        let next = word(1)
        let standsAloneAfter = !Self.tighterOperators.contains(next) && next != "("
        let standsAloneBefore = !Self.tighterOperators.contains(previous)

        // UPDATE … SET c = ?  /  DO UPDATE SET c = ?
        if previous == "=", standsAloneAfter, scopes[scopeIndex].assignmentRegions.contains(where: { $0.contains(tokenIndex) }),
           position >= 3, isNameToken(own[position - 2]), word(-3) == "SET" || word(-3) == "," {
            binding.context = .updateValue
            binding.operatorText = "SET"
            binding.column = assignedColumn(named: name(at: own[position - 2]), scopeIndex: scopeIndex)
            return
        }

        // Lists: VALUES (…) tuples and IN (…).
        if previous == "(" || previous == ",", next == ")" || next == ",", let open = enclosingOpening[tokenIndex] {
            if scopes[scopeIndex].valuesTupleOpenings.contains(open) {
                binding.context = .insertValue
                binding.operatorText = "VALUES"
                let columns = cachedInsertColumns(ofScope: scopeIndex)
                let element = elementIndex[tokenIndex]
                binding.column = element < columns.count ? columns[element] : nil
                return
            }
            if let openPosition = Self.position(of: open, in: own), openPosition >= 1, words[own[openPosition - 1]] == "IN" {
                let negated = openPosition >= 2 && words[own[openPosition - 2]] == "NOT"
                binding.context = .membership
                binding.operatorText = negated ? "NOT IN" : "IN"
                if let reference = columnReference(endingAt: openPosition - (negated ? 3 : 2), in: own) {
                    binding.column = resolveColumn(qualifier: reference.qualifier, column: reference.column, scopeIndex: scopeIndex)
                }
                return
            }
        }

        // LIMIT ? / OFFSET ? / LIMIT ?, ?
        if previous == "LIMIT" || previous == "OFFSET" || (previous == "," && word(-3) == "LIMIT") {
            binding.context = .limit
            binding.operatorText = previous == "," ? "LIMIT" : previous
            return
        }

        // col [NOT] BETWEEN ? AND ?
        if previous == "BETWEEN" && next == "AND" {
            bindBetween(&binding, betweenPosition: position - 1, own: own, scopeIndex: scopeIndex)
            return
        }
        if previous == "AND" && word(-3) == "BETWEEN" && standsAloneAfter {
            bindBetween(&binding, betweenPosition: position - 3, own: own, scopeIndex: scopeIndex)
            return
        }

        // col OP ?
        if standsAloneAfter, let (operatorText, context, operandEnd) = comparisonBefore(position: position, own: own) {
            if let reference = columnReference(endingAt: operandEnd, in: own) {
                binding.context = context
                binding.operatorText = operatorText
                binding.column = resolveColumn(qualifier: reference.qualifier, column: reference.column, scopeIndex: scopeIndex)
                return
            }
        }

        // ? OP col
        if standsAloneBefore, previous != "BETWEEN", previous != "AND" || word(-3) != "BETWEEN" {
            let operatorWord = next
            var context: PlaceholderContext?
            if Self.equalityOperators.contains(operatorWord) || operatorWord == "IS" {
                context = .equality
            } else if Self.orderingOperators.contains(operatorWord) {
                context = .ordering
            }
            if let context, let reference = columnReference(startingAt: position + 2, in: own) {
                binding.context = context
                binding.operatorText = operatorWord
                binding.column = resolveColumn(qualifier: reference.qualifier, column: reference.column, scopeIndex: scopeIndex)
            }
        }
    }

    /// Binary search: own tokens are in ascending order.
    static func position(of tokenIndex: Int, in own: [Int]) -> Int? {
        var low = 0
        var high = own.count
        while low < high {
            let middle = (low + high) / 2
            if own[middle] < tokenIndex { low = middle + 1 } else { high = middle }
        }
        return low < own.count && own[low] == tokenIndex ? low : nil
    }

    private func bindBetween(_ binding: inout PlaceholderBinding, betweenPosition: Int, own: [Int], scopeIndex: Int) {
        let negated = betweenPosition >= 1 && words[own[betweenPosition - 1]] == "NOT"
        binding.context = .ordering
        binding.operatorText = negated ? "NOT BETWEEN" : "BETWEEN"
        if let reference = columnReference(endingAt: betweenPosition - (negated ? 2 : 1), in: own) {
            binding.column = resolveColumn(qualifier: reference.qualifier, column: reference.column, scopeIndex: scopeIndex)
        }
    }

    /// The comparison operator just before `position`, its context, and where its left operand ends.
    private func comparisonBefore(position: Int, own: [Int]) -> (String, PlaceholderContext, Int)? {
        func word(_ at: Int) -> String { at >= 0 && at < own.count ? words[own[at]] : "" }
        let previous = word(position - 1)
        if Self.equalityOperators.contains(previous) { return (previous, .equality, position - 2) }
        if Self.orderingOperators.contains(previous) { return (previous, .ordering, position - 2) }
        if previous == "IS" { return ("IS", .equality, position - 2) }
        if previous == "NOT" && word(position - 2) == "IS" { return ("IS NOT", .equality, position - 3) }
        if previous == "FROM" && word(position - 2) == "DISTINCT" {
            if word(position - 3) == "IS" { return ("IS DISTINCT FROM", .equality, position - 4) }
            if word(position - 3) == "NOT" && word(position - 4) == "IS" { return ("IS NOT DISTINCT FROM", .equality, position - 5) }
        }
        if Self.patternOperators.contains(previous) {
            if word(position - 2) == "NOT" { return ("NOT " + previous, .pattern, position - 3) }
            return (previous, .pattern, position - 2)
        }
        return nil
    }

    /// `col`, `t.col` or `s.t.col` ending at own position `end`, not part of a larger expression.
    func columnReference(endingAt end: Int, in own: [Int]) -> ColumnReference? {
        guard end >= 0, end < own.count, isNameToken(own[end]) else { return nil }
        var reference = ColumnReference(qualifier: nil, column: name(at: own[end]), start: end, end: end)
        if end >= 2, words[own[end - 1]] == ".", isNameToken(own[end - 2]) {
            reference.qualifier = name(at: own[end - 2])
            reference.start = end - 2
            if end >= 4, words[own[end - 3]] == ".", isNameToken(own[end - 4]) { reference.start = end - 4 }
        }
        if reference.start >= 1 {
            let before = words[own[reference.start - 1]]
            if Self.tighterOperators.contains(before) || before == "COLLATE" { return nil }
        }
        return reference
    }

    /// `col`, `t.col` or `s.t.col` starting at own position `start`, not part of a larger expression.
    func columnReference(startingAt start: Int, in own: [Int]) -> ColumnReference? {
        guard start >= 0, start < own.count, isNameToken(own[start]) else { return nil }
        var end = start
        while end + 2 < own.count, end - start < 4, words[own[end + 1]] == ".", isNameToken(own[end + 2]) { end += 2 }
        var reference = ColumnReference(qualifier: nil, column: name(at: own[end]), start: start, end: end)
        if end > start { reference.qualifier = name(at: own[end - 2]) }
        if end + 1 < own.count {
            let after = words[own[end + 1]]
            if Self.tighterOperators.contains(after) || after == "(" { return nil }
        }
        return reference
    }
}
