import ArgumentParser
import Foundation
import SQLHealAnalysis

/// `sqlheal debug-queries [--literals] FILE...`: what the scanner finds, as JSON. Hidden; used by
/// the tree-sitter differential test and for debugging the extractor.
struct DebugQueriesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "debug-queries",
        abstract: "Prints the SQL queries (or, with --literals, the string and template literals) found in files, as JSON.",
        shouldDisplay: false
    )

    @Flag(name: .long, help: "Print every string and template literal's byte range instead of the queries.")
    var literals = false

    @Flag(name: .long, help: "Also print the syntax problems the scanner met.")
    var problems = false

    @Option(name: .long, parsing: .singleValue, help: "A query function name (repeatable; default: the sqlheal.json defaults).")
    var queryFunction: [String] = []

    @Option(name: .long, parsing: .singleValue, help: "A SQL tag name (repeatable; default: sql, SQL).")
    var sqlTag: [String] = []

    @Argument(help: ArgumentHelp("JavaScript/TypeScript files.", valueName: "FILE"))
    var files: [String]

    func run() async throws {
        var configuration = QueryExtractionConfiguration.default
        if !queryFunction.isEmpty { configuration.queryFunctionNames = Set(queryFunction) }
        if !sqlTag.isEmpty { configuration.sqlTagNames = Set(sqlTag) }
        var output: [[String: Any]] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ValidationError("cannot read \(file)")
            }
            let bytes = [UInt8](data)
            let language = SourceLanguage(fileName: file) ?? .typescript
            var entry: [String: Any] = ["file": file, "language": language.rawValue]
            if literals {
                entry["literals"] = QueryExtractor.literalRanges(in: bytes, language: language).map { [$0.lowerBound, $0.upperBound] }
            } else {
                entry["queries"] = QueryExtractor.extractQueries(from: bytes, language: language, configuration: configuration).map(Self.json)
            }
            if problems {
                entry["problems"] = JavaScriptSyntaxCheck.problems(in: bytes, language: language).map {
                    ["range": [$0.range.lowerBound, $0.range.upperBound], "message": $0.message] as [String: Any]
                }
            }
            output.append(entry)
        }
        let data = try JSONSerialization.data(withJSONObject: output, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        FileHandle.standardOutput.write(data)
        FileHandle.standardOutput.write(Data("\n".utf8))
    }

    static func range(_ range: Range<Int>) -> [Int] { [range.lowerBound, range.upperBound] }

    static func json(_ value: SourceValue) -> [String: Any] {
        var result: [String: Any] = [
            "expressionRange": range(value.expressionRange),
            "expressionText": value.expressionText,
            "kind": value.kind.rawValue,
        ]
        if let conversion = value.conversion {
            result["conversion"] = [
                "name": conversion.name,
                "expressionRange": range(conversion.expressionRange),
                "operandRange": range(conversion.operandRange),
            ] as [String: Any]
        }
        return result
    }

    static func json(_ query: EmbeddedQuery) -> [String: Any] {
        var result: [String: Any] = [
            "sql": query.sql,
            "sourceRange": range(query.sourceRange),
            "holes": query.holes.map { hole in
                [
                    "role": hole.role.rawValue,
                    "sourceRange": range(hole.sourceRange),
                    "sqlRange": range(hole.sqlRange),
                    "isPlaceholderList": hole.isPlaceholderList,
                    "value": json(hole.value),
                ] as [String: Any]
            },
            "sourceMap": query.sourceMap.segments.map { segment in
                ["sql": range(segment.sqlRange), "source": range(segment.sourceRange), "kind": "\(segment.kind)"] as [String: Any]
            },
        ]
        switch query.origin {
        case .queryCall(let functionName): result["origin"] = ["kind": "queryCall", "functionName": functionName]
        case .taggedTemplate(let tag): result["origin"] = ["kind": "taggedTemplate", "tag": tag]
        case .sqlLikeLiteral: result["origin"] = ["kind": "sqlLikeLiteral"]
        }
        switch query.dynamism {
        case .fullyStatic: result["dynamism"] = "fullyStatic"
        case .splicedUnknownText: result["dynamism"] = "splicedUnknownText"
        case .unresolved: result["dynamism"] = "unresolved"
        case .partial: result["dynamism"] = "partial"
        case .oneOfManyPaths: result["dynamism"] = "oneOfManyPaths"
        }
        if let callRange = query.callRange { result["callRange"] = range(callRange) }
        if let offset = query.callClosingParenthesisOffset { result["callClosingParenthesisOffset"] = offset }
        if let suppression = query.suppression { result["suppression"] = ["codes": suppression.codes.sorted()] }
        if let receiver = query.receiver { result["receiver"] = receiver }
        var connection: [String: Any] = ["dialect": query.connection.dialect.rawValue]
        switch query.connection.database {
        case .main: connection["database"] = "main"
        case .other(let name): connection["database"] = name
        case .unknown: connection["database"] = NSNull()
        }
        if let library = query.connection.library { connection["library"] = library }
        if let evidence = query.connection.evidence { connection["evidence"] = evidence }
        result["connection"] = connection
        switch query.boundValues {
        case .none:
            result["boundValues"] = ["kind": "none"]
        case .positional(let values, let argumentRange, let isArrayLiteral):
            result["boundValues"] = ["kind": "positional", "values": values.map(json), "argumentRange": range(argumentRange), "isArrayLiteral": isArrayLiteral] as [String: Any]
        case .named(let values, let argumentRange):
            result["boundValues"] = ["kind": "named", "values": values.mapValues(json), "argumentRange": range(argumentRange)] as [String: Any]
        case .unknown(let argumentRange):
            result["boundValues"] = ["kind": "unknown", "argumentRange": range(argumentRange)] as [String: Any]
        }
        return result
    }
}
