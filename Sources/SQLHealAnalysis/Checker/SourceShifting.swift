/// Moving queries and findings through a document without re-analysing them: an edit before a
/// query shifts every offset of it by the same amount, and nothing else about it changes.
extension ByteRange {
    func shifted(by delta: Int) -> ByteRange { (lowerBound + delta)..<(upperBound + delta) }
}

extension SQLSourceMap {
    /// The same map with every source offset moved by `delta`.
    func shifted(by delta: Int) -> SQLSourceMap {
        var result = SQLSourceMap()
        for segment in segments {
            switch segment.kind {
            case .verbatim:
                result.appendVerbatim(length: segment.sqlRange.count, sourceStart: segment.sourceRange.lowerBound + delta)
            case .escape:
                result.appendEscape(sqlLength: segment.sqlRange.count, sourceRange: segment.sourceRange.shifted(by: delta))
            case .hole:
                result.appendHole(sqlLength: segment.sqlRange.count, sourceRange: segment.sourceRange.shifted(by: delta))
            case .synthetic:
                result.appendSynthetic(sqlLength: segment.sqlRange.count, sourceOffset: segment.sourceRange.lowerBound + delta)
            case .constant:
                result.appendConstant(sqlLength: segment.sqlRange.count, sourceRange: segment.sourceRange.shifted(by: delta))
            }
        }
        return result
    }
}

extension ValueConversion {
    func shifted(by delta: Int) -> ValueConversion {
        ValueConversion(name: name, expressionRange: expressionRange.shifted(by: delta), operandRange: operandRange.shifted(by: delta))
    }
}

extension SourceValue {
    func shifted(by delta: Int) -> SourceValue {
        SourceValue(expressionRange: expressionRange.shifted(by: delta), expressionText: expressionText, kind: kind,
                    conversion: conversion?.shifted(by: delta))
    }
}

extension EmbeddedQuery {
    /// The same query with every source offset moved by `delta` (SQL offsets do not move).
    func shifted(by delta: Int) -> EmbeddedQuery {
        var query = self
        query.sourceMap = sourceMap.shifted(by: delta)
        query.sourceRange = sourceRange.shifted(by: delta)
        query.callRange = callRange?.shifted(by: delta)
        query.callClosingParenthesisOffset = callClosingParenthesisOffset.map { $0 + delta }
        query.holes = holes.map { hole in
            var moved = hole
            moved.sourceRange = hole.sourceRange.shifted(by: delta)
            moved.value = hole.value.shifted(by: delta)
            return moved
        }
        switch boundValues {
        case .none:
            break
        case .positional(let values, let argumentRange, let isArrayLiteral):
            query.boundValues = .positional(values.map { $0.shifted(by: delta) }, argumentRange: argumentRange.shifted(by: delta), isArrayLiteral: isArrayLiteral)
        case .named(let values, let argumentRange):
            query.boundValues = .named(values.mapValues { $0.shifted(by: delta) }, argumentRange: argumentRange.shifted(by: delta))
        case .unknown(let argumentRange):
            query.boundValues = .unknown(argumentRange: argumentRange.shifted(by: delta))
        }
        return query
    }
}

extension Finding {
    /// The same finding with its range and the source ranges its fix hints carry moved by `delta`.
    func shifted(by delta: Int) -> Finding {
        var finding = self
        finding.range = range.shifted(by: delta)
        finding.fixHints = fixHints.map { hint in
            switch hint {
            case .replaceName, .missingTable, .missingColumn, .repairStep:
                return hint
            case .contradictingConversion(let conversion, let table, let column, let columnAffinity, let valueKind):
                return .contradictingConversion(conversion: conversion.shifted(by: delta), table: table, column: column,
                                                columnAffinity: columnAffinity, valueKind: valueKind)
            case .splicedValue(let holeSourceRange, let expressionRange):
                return .splicedValue(holeSourceRange: holeSourceRange.shifted(by: delta), expressionRange: expressionRange.shifted(by: delta))
            }
        }
        return finding
    }
}
