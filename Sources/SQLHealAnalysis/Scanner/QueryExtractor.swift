/// Finds the SQL statements a JavaScript/TypeScript document will run.
///
/// One scan (``JavaScriptScanner``) then one pass over the tokens. The shapes found, in order of
/// certainty (see ``QueryOrigin``):
/// - **query calls**: a call whose callee's last name is a configured query function, on any
///   receiver (`db.all(…)`, `this.db.get(…)`, `await pool.query(…)`, `db.query?.(…)`,
///   `db.get<User>(…)`), whose first argument is a string, a template literal, a `+`
///   concatenation, a `const` (or a member of a constant object, `Q.byId`) holding one of
///   those. A chained call (`db.prepare('…').get(x)`) gives the values it binds.
/// - **tagged templates** with a configured tag (`` sql`…` ``, `` SQL`…` ``, `` sql.unsafe`…` ``,
///   `` Prisma.sql`…` ``): every hole is a bound parameter; a tagged template in a hole of another
///   one is a fragment and is inlined, not reported on its own.
/// - **SQL-like literals**: any other string, template or concatenation whose text has the
///   shape of a SQL statement (``SQLShape``). SQL inside comments is never seen.
///
/// ## Conventions of the produced ``EmbeddedQuery``
/// - `sql` is the statement text with escapes decoded; every hole (`${…}`) and every
///   non-constant concatenation operand is replaced by one `?`, recorded in `holes` (in order)
///   with its `sqlRange` (that `?`), its `sourceRange` (`${` to `}` inclusive; for a
///   concatenation operand, the operand), its role (`.boundParameter` in a tagged template,
///   `.splicedText` otherwise) and its ``SourceValue`` (expression range and text, kind,
///   conversion). Holes and operands whose value is a constant string or number known in the
///   file (`FROM ${TABLE}` with `const TABLE = 'users'`) are not holes: their text is in `sql`,
///   mapped byte for byte to the constant's literal. Tagged-template holes are never resolved
///   that way (the library binds them, whatever they hold).
/// - `sourceMap` maps every SQL byte: verbatim runs, escapes (one decoded character → the whole
///   escape), holes (`?` → the whole hole), nothing synthetic.
/// - `dynamism`: `.unresolved` when the SQL argument is a variable or call the file does not
///   resolve (then `sql` is empty, `holes` is empty; such a query is only emitted when the
///   receiver looks like a database: `db`, `pool`, `conn`, `client`, `stmt`, …);
///   `.splicedUnknownText` when some `.splicedText` hole is not a placeholder list;
///   `.fullyStatic` otherwise.
/// - `boundValues` come from the arguments after the SQL, or from the chained call: one array
///   literal → `.positional(isArrayLiteral: true)`; one object literal → `.named` (keys as
///   written); scalar arguments → `.positional(isArrayLiteral: false)`, but a single argument
///   whose kind is unknown (a variable that may hold an array) → `.unknown`, and so is any
///   spread; a trailing callback (`(err, rows) => …`, `function …`) is not a value.
///   `const stmt = db.prepare(…)` used once in its scope (`stmt.get(x)`) takes that call's
///   values (and `callClosingParenthesisOffset` points at that call's `)`); used several times,
///   or `prepare(…)` whose statement is run where the file does not show → `.unknown`, with an
///   empty `argumentRange` at the `)`. Tagged templates → `.none`.
/// - `callRange` covers the whole call, from the receiver (`this.db…`) to the `)` (for a chain,
///   the chained call's `)`); `callClosingParenthesisOffset` is the offset of the `)` of the call
///   that takes the values (the chained call when there is one).
/// - `suppression`: a comment holding `sqlheal-ignore` (optionally followed by codes such as
///   `missing-column type-mismatch`) on the line before the query or the call starts.
/// - Queries are sorted by `sourceRange.lowerBound`.
public enum QueryExtractor {
    public static func extractQueries(from text: [UInt8], language: SourceLanguage, configuration: QueryExtractionConfiguration) -> [EmbeddedQuery] {
        let scan = JavaScriptScanner.scan(text, language: language)
        return extractQueries(from: text, scan: scan, configuration: configuration)
    }

    /// Extraction from a scan already made (the caller may want the scan's problems too).
    public static func extractQueries(from text: [UInt8], scan: JavaScriptScanResult, configuration: QueryExtractionConfiguration) -> [EmbeddedQuery] {
        extract(from: text, scan: scan, configuration: configuration, context: .empty).queries
    }

    /// The queries of a document, with names imported from other files resolved through
    /// `context`, and the document's own ``ModuleSummary`` (what it exports and imports), read
    /// in the same pass.
    public static func extract(from text: [UInt8], scan: JavaScriptScanResult, configuration: QueryExtractionConfiguration, context: ModuleContext) -> (queries: [EmbeddedQuery], summary: ModuleSummary) {
        text.withUnsafeBufferPointer { buffer in
            var pass = QueryExtractionPass(bytes: buffer, scan: scan, configuration: configuration, context: context)
            let queries = pass.run()
            return (queries, pass.summary)
        }
    }

    /// What a document exports and imports and the query wrappers it defines, without checking
    /// anything (a project's first indexing pass reads every file this way).
    /// With `context` holding the wrappers other files define, calls of those are query calls
    /// too, so a function here running its SQL through one is a wrapper as well.
    public static func moduleSummary(of text: [UInt8], language: SourceLanguage, configuration: QueryExtractionConfiguration, context: ModuleContext = .empty) -> ModuleSummary {
        let scan = JavaScriptScanner.scan(text, language: language)
        return text.withUnsafeBufferPointer { buffer in
            var pass = QueryExtractionPass(bytes: buffer, scan: scan, configuration: configuration, context: context)
            // The whole pass, not only imports and exports: the query calls tell which of the
            // file's functions are wrappers, which every other file needs to know.
            // (The pass records the connections the file creates in the summary too.)
            _ = pass.run()
            return pass.summary
        }
    }

    /// A project's first indexing pass reads each file knowing no other file's wrappers; a
    /// wrapper of a wrapper another file defines is found by reading again, with the wrappers
    /// found so far, the files that may call one of `names` (the wrappers new since the last
    /// reading): those whose text holds one of them followed by `(`.
    public static func mayCall(_ names: [String], in text: [UInt8]) -> Bool {
        guard !names.isEmpty else { return false }
        let needles = names.map { Array($0.utf8) }.filter { !$0.isEmpty }
        return text.withUnsafeBufferPointer { buffer in
            guard buffer.count > 1 else { return false }
            for index in 0..<(buffer.count - 1) where buffer[index + 1] == 0x28 || buffer[index + 1] == 0x20 {
                for needle in needles where needle.count <= index + 1 && needle.last == buffer[index] {
                    let start = index + 1 - needle.count
                    if (start == 0 || !isIdentifierByte(buffer[start - 1])) && buffer[start...index].elementsEqual(needle) { return true }
                }
            }
            return false
        }
    }

    private static func isIdentifierByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F || byte == 0x24 || byte >= 0x80
    }

    /// The byte range of every string literal (JSX attribute strings included) and every
    /// template literal (backtick to backtick, holes included), in source order. For debugging
    /// and the differential test against tree-sitter.
    public static func literalRanges(in text: [UInt8], language: SourceLanguage) -> [ByteRange] {
        let tokens = JavaScriptScanner.scan(text, language: language).tokens
        var ranges: [ByteRange] = []
        for (index, token) in tokens.enumerated() {
            switch token.kind {
            case .string, .template:
                ranges.append(token.range)
            case .templateHead:
                var part = index
                var steps = 0
                while tokens[part].kind != .templateTail, tokens[part].link > part, tokens[part].link < tokens.count, steps < tokens.count {
                    part = tokens[part].link
                    steps += 1
                }
                ranges.append(token.start..<tokens[part].end)
            default:
                break
            }
        }
        return ranges
    }
}
