/// SQLite's built-in functions (core, aggregate, window, date/time, math, JSON): signatures,
/// one line of documentation each, and the type each returns, for hover, completion,
/// signature help and result-column types.
public enum SQLiteFunctions {
    public struct Function: Sendable, Hashable {
        public var name: String
        /// Parameter names; a trailing `...` means more of the last may follow.
        public var parameters: [String]
        public var returnType: String
        public var documentation: String
        public var kind: Kind

        public enum Kind: String, Sendable, Hashable {
            case scalar, aggregate, window, tableValued
        }

        /// `substr(X, Y, Z)`.
        public var signature: String { "\(name)(\(parameters.joined(separator: ", ")))" }
    }

    /// A ``Function/returnType`` meaning "the type of the first argument" (`max`, `coalesce`).
    public static let sameAsFirstArgument = "=arg"

    public static func function(named name: String) -> Function? { byName[name.lowercased()] }

    public static let all: [Function] = {
        func f(_ name: String, _ parameters: [String], _ returnType: String, _ documentation: String, _ kind: Function.Kind = .scalar) -> Function {
            Function(name: name, parameters: parameters, returnType: returnType, documentation: documentation, kind: kind)
        }
        let a = sameAsFirstArgument
        return [
            f("abs", ["X"], a, "The absolute value of the numeric argument X."),
            f("changes", [], "INTEGER", "Rows changed by the most recent INSERT, UPDATE or DELETE."),
            f("char", ["X1", "X2", "..."], "TEXT", "A string of the characters with the given Unicode code points."),
            f("coalesce", ["X", "Y", "..."], a, "The first non-NULL argument, or NULL if all are NULL."),
            f("concat", ["X", "..."], "TEXT", "The concatenation of the non-NULL arguments' text."),
            f("concat_ws", ["SEP", "X", "..."], "TEXT", "The non-NULL arguments joined with SEP."),
            f("format", ["FORMAT", "..."], "TEXT", "printf-style formatting of the arguments."),
            f("glob", ["X", "Y"], "INTEGER", "Equivalent to Y GLOB X."),
            f("hex", ["X"], "TEXT", "Upper-case hexadecimal rendering of X's bytes."),
            f("ifnull", ["X", "Y"], a, "X if it is not NULL, else Y."),
            f("iif", ["X", "Y", "Z"], "", "Y if X is true, else Z."),
            f("instr", ["X", "Y"], "INTEGER", "1-based position of the first Y in X, or 0."),
            f("last_insert_rowid", [], "INTEGER", "The rowid of the most recent successful INSERT on this connection."),
            f("length", ["X"], "INTEGER", "Characters in a string, bytes in a blob."),
            f("like", ["X", "Y", "Z"], "INTEGER", "Equivalent to Y LIKE X [ESCAPE Z]."),
            f("likelihood", ["X", "Y"], a, "X, with the planner hint that it is true with probability Y."),
            f("lower", ["X"], "TEXT", "X with ASCII characters in lower case."),
            f("ltrim", ["X", "Y"], "TEXT", "X with characters in Y (default spaces) removed from the left."),
            f("max", ["X", "Y", "..."], a, "The largest argument (scalar), or the largest value of the group (aggregate)."),
            f("min", ["X", "Y", "..."], a, "The smallest argument (scalar), or the smallest value of the group (aggregate)."),
            f("nullif", ["X", "Y"], a, "X, or NULL when X = Y."),
            f("octet_length", ["X"], "INTEGER", "Bytes in the text or blob X."),
            f("printf", ["FORMAT", "..."], "TEXT", "printf-style formatting of the arguments (alias of format)."),
            f("quote", ["X"], "TEXT", "X as an SQL literal suitable for inclusion in a statement."),
            f("random", [], "INTEGER", "A pseudo-random 64-bit signed integer."),
            f("randomblob", ["N"], "BLOB", "N bytes of pseudo-random data."),
            f("replace", ["X", "Y", "Z"], "TEXT", "X with every Y replaced by Z."),
            f("round", ["X", "Y"], "REAL", "X rounded to Y digits right of the decimal point (default 0)."),
            f("rtrim", ["X", "Y"], "TEXT", "X with characters in Y (default spaces) removed from the right."),
            f("sign", ["X"], "INTEGER", "-1, 0 or +1 as X is negative, zero or positive; NULL if not a number."),
            f("soundex", ["X"], "TEXT", "The soundex encoding of X."),
            f("substr", ["X", "Y", "Z"], "TEXT", "The substring of X starting at the Y-th character, Z characters long."),
            f("substring", ["X", "Y", "Z"], "TEXT", "Alias of substr."),
            f("total_changes", [], "INTEGER", "Rows changed since the connection opened."),
            f("trim", ["X", "Y"], "TEXT", "X with characters in Y (default spaces) removed from both ends."),
            f("typeof", ["X"], "TEXT", "The storage class of X: null, integer, real, text or blob."),
            f("unhex", ["X", "Y"], "BLOB", "The blob decoded from hexadecimal X (ignoring characters in Y)."),
            f("unicode", ["X"], "INTEGER", "The code point of the first character of X."),
            f("unlikely", ["X"], a, "X, with the planner hint that it is usually false."),
            f("upper", ["X"], "TEXT", "X with ASCII characters in upper case."),
            f("zeroblob", ["N"], "BLOB", "A blob of N zero bytes."),
            // Aggregates
            f("avg", ["X"], "REAL", "The average of the non-NULL X in the group.", .aggregate),
            f("count", ["X"], "INTEGER", "The number of non-NULL X in the group; count(*) counts rows.", .aggregate),
            f("group_concat", ["X", "SEP"], "TEXT", "The non-NULL X of the group joined with SEP (default ',').", .aggregate),
            f("string_agg", ["X", "SEP"], "TEXT", "The non-NULL X of the group joined with SEP.", .aggregate),
            f("sum", ["X"], "NUMERIC", "The sum of the non-NULL X of the group (integer if all are).", .aggregate),
            f("total", ["X"], "REAL", "The sum of the group as a floating-point value; 0.0 for none.", .aggregate),
            // Window functions
            f("row_number", [], "INTEGER", "The number of the row within its partition, from 1.", .window),
            f("rank", [], "INTEGER", "The rank of the row with gaps (peers share a rank).", .window),
            f("dense_rank", [], "INTEGER", "The rank of the row without gaps.", .window),
            f("percent_rank", [], "REAL", "(rank - 1) / (partition rows - 1).", .window),
            f("cume_dist", [], "REAL", "The cumulative distribution of the row in its partition.", .window),
            f("ntile", ["N"], "INTEGER", "The bucket (1..N) the row falls in.", .window),
            f("lag", ["EXPR", "OFFSET", "DEFAULT"], a, "EXPR evaluated OFFSET rows before this one in the partition.", .window),
            f("lead", ["EXPR", "OFFSET", "DEFAULT"], a, "EXPR evaluated OFFSET rows after this one in the partition.", .window),
            f("first_value", ["EXPR"], a, "EXPR evaluated at the first row of the window frame.", .window),
            f("last_value", ["EXPR"], a, "EXPR evaluated at the last row of the window frame.", .window),
            f("nth_value", ["EXPR", "N"], a, "EXPR evaluated at the N-th row of the window frame.", .window),
            // Date and time
            f("date", ["TIME", "MODIFIER", "..."], "TEXT", "The date as YYYY-MM-DD."),
            f("time", ["TIME", "MODIFIER", "..."], "TEXT", "The time as HH:MM:SS."),
            f("datetime", ["TIME", "MODIFIER", "..."], "TEXT", "The date and time as YYYY-MM-DD HH:MM:SS."),
            f("julianday", ["TIME", "MODIFIER", "..."], "REAL", "The Julian day number."),
            f("unixepoch", ["TIME", "MODIFIER", "..."], "INTEGER", "Seconds since 1970-01-01 00:00:00 UTC."),
            f("strftime", ["FORMAT", "TIME", "MODIFIER", "..."], "TEXT", "The date and time formatted by FORMAT."),
            f("timediff", ["A", "B"], "TEXT", "The time from B to A as +YYYY-MM-DD HH:MM:SS.SSS."),
            // Math
            f("acos", ["X"], "REAL", "Arccosine of X, in radians."),
            f("asin", ["X"], "REAL", "Arcsine of X, in radians."),
            f("atan", ["X"], "REAL", "Arctangent of X, in radians."),
            f("atan2", ["Y", "X"], "REAL", "Arctangent of Y/X, in radians, in the right quadrant."),
            f("ceil", ["X"], a, "The smallest integer not less than X."),
            f("ceiling", ["X"], a, "The smallest integer not less than X."),
            f("cos", ["X"], "REAL", "Cosine of X (radians)."),
            f("exp", ["X"], "REAL", "e raised to X."),
            f("floor", ["X"], a, "The largest integer not greater than X."),
            f("ln", ["X"], "REAL", "Natural logarithm of X."),
            f("log", ["B", "X"], "REAL", "Logarithm of X in base B (base 10 with one argument)."),
            f("log10", ["X"], "REAL", "Base-10 logarithm of X."),
            f("log2", ["X"], "REAL", "Base-2 logarithm of X."),
            f("mod", ["X", "Y"], "REAL", "The remainder of X divided by Y."),
            f("pi", [], "REAL", "An approximation of π."),
            f("pow", ["X", "Y"], "REAL", "X raised to Y."),
            f("power", ["X", "Y"], "REAL", "X raised to Y."),
            f("sin", ["X"], "REAL", "Sine of X (radians)."),
            f("sqrt", ["X"], "REAL", "Square root of X."),
            f("tan", ["X"], "REAL", "Tangent of X (radians)."),
            f("trunc", ["X"], a, "X rounded toward zero."),
            // JSON
            f("json", ["JSON"], "TEXT", "JSON minified, after checking it is valid."),
            f("jsonb", ["JSON"], "BLOB", "The JSONB (binary) form of JSON."),
            f("json_array", ["VALUE", "..."], "TEXT", "A JSON array of the arguments."),
            f("json_array_length", ["JSON", "PATH"], "INTEGER", "The number of elements of the array at PATH."),
            f("json_extract", ["JSON", "PATH", "..."], "", "The value(s) at PATH in JSON."),
            f("json_insert", ["JSON", "PATH", "VALUE", "..."], "TEXT", "JSON with VALUE inserted at PATH where nothing is."),
            f("json_object", ["LABEL", "VALUE", "..."], "TEXT", "A JSON object of the label/value pairs."),
            f("json_patch", ["TARGET", "PATCH"], "TEXT", "TARGET with the RFC 7396 merge patch PATCH applied."),
            f("json_remove", ["JSON", "PATH", "..."], "TEXT", "JSON with the elements at PATH removed."),
            f("json_replace", ["JSON", "PATH", "VALUE", "..."], "TEXT", "JSON with the existing values at PATH replaced."),
            f("json_set", ["JSON", "PATH", "VALUE", "..."], "TEXT", "JSON with the values at PATH set (inserted or replaced)."),
            f("json_type", ["JSON", "PATH"], "TEXT", "The JSON type of the element at PATH."),
            f("json_valid", ["JSON", "FLAGS"], "INTEGER", "1 if JSON is well-formed, else 0."),
            f("json_quote", ["VALUE"], "TEXT", "VALUE as a JSON value."),
            f("json_group_array", ["VALUE"], "TEXT", "A JSON array of the values of the group.", .aggregate),
            f("json_group_object", ["NAME", "VALUE"], "TEXT", "A JSON object of the name/value pairs of the group.", .aggregate),
            f("json_each", ["JSON", "PATH"], "", "One row per element of the array or object at PATH.", .tableValued),
            f("json_tree", ["JSON", "PATH"], "", "One row per element of JSON, recursively.", .tableValued),
        ]
    }()

    static let byName: [String: Function] = Dictionary(all.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })

    /// The columns a table-valued function yields (`json_each`: key, value, type, …).
    public static func tableFunctionColumns(_ name: String) -> [(name: String, type: String)] {
        switch name.lowercased() {
        case "json_each", "json_tree":
            [("key", ""), ("value", ""), ("type", "TEXT"), ("atom", ""), ("id", "INTEGER"), ("parent", "INTEGER"), ("fullkey", "TEXT"), ("path", "TEXT")]
        case "pragma_table_info":
            [("cid", "INTEGER"), ("name", "TEXT"), ("type", "TEXT"), ("notnull", "INTEGER"), ("dflt_value", "TEXT"), ("pk", "INTEGER")]
        default:
            []
        }
    }
}
