import Foundation
import SQLHealJSONRPC

/// One protocol fixture file (`protocol-fixtures/*.lsp`), parsed. See `protocol-fixtures/README.md`.
struct FixtureScript {
    enum Step {
        /// A JSON message, framed with a correct Content-Length.
        case send(JSONValue, line: Int)
        /// A body (any bytes, usually broken JSON) framed with a correct Content-Length.
        case sendBody([UInt8], line: Int)
        /// Bytes written exactly as given.
        case sendRaw([UInt8], line: Int)
        /// Messages the server must send, in any order.
        case expect([JSONValue], line: Int)
        case expectExit(Int32, line: Int)
        case closeInput(line: Int)
        /// Writes a file under the root (a copied root: see `root-copy`), as an editor or a
        /// migration tool would.
        case writeFile(path: String, contents: [UInt8], line: Int)
        case removeFile(path: String, line: Int)
        /// Waits a moment without expecting anything (for file timestamps to move on).
        case pause(seconds: TimeInterval, line: Int)
    }

    var rootDirectory: String
    var steps: [Step]
    var ignoredMethods: Set<String>
    var timeout: TimeInterval
    /// Set by `root-copy`: a temporary copy of the project the fixture may change; removed after the run.
    var temporaryRoot: String?

    struct ParseError: Error, CustomStringConvertible {
        var line: Int
        var message: String
        var description: String { "line \(line): \(message)" }
    }

    static let directives: Set<String> = ["root", "root-copy", "write", "remove", "pause", "send", "send-body", "send-raw", "expect", "expect-exit", "close-stdin", "ignore", "timeout"]

    /// Parses `text`. `${ROOT}`, `${ROOT_URI}` and `${FIXTURES}` are substituted everywhere.
    static func parse(_ text: String, fixturesDirectory: String, defaultTimeout: TimeInterval) throws -> FixtureScript {
        // Group lines into directives: a directive starts at column 0; indented lines continue it.
        var entries: [(line: Int, keyword: String, payload: String)] = []
        for (index, rawLine) in text.components(separatedBy: "\n").enumerated() {
            let line = rawLine.hasSuffix("\r") ? String(rawLine.dropLast()) : rawLine
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            if let first = line.first, first == " " || first == "\t" {
                guard !entries.isEmpty else { throw ParseError(line: index + 1, message: "continuation line before any directive") }
                entries[entries.count - 1].payload += "\n" + line
                continue
            }
            let keyword = String(line.prefix { $0 != " " })
            guard directives.contains(keyword) else { throw ParseError(line: index + 1, message: "unknown directive \(keyword)") }
            let payload = String(line.dropFirst(keyword.count)).trimmingCharacters(in: .whitespaces)
            entries.append((index + 1, keyword, payload))
        }

        var script = FixtureScript(rootDirectory: fixturesDirectory, steps: [], ignoredMethods: ["window/logMessage"], timeout: defaultTimeout)
        for entry in entries {
            let payload = script.substitute(entry.payload, fixturesDirectory: fixturesDirectory)
            switch entry.keyword {
            case "root":
                let path = entry.payload.hasPrefix("/") ? entry.payload : fixturesDirectory + "/" + entry.payload
                script.rootDirectory = URL(fileURLWithPath: path).standardizedFileURL.path
            case "root-copy":
                // The fixture changes files: work on a copy, never on the repository's project.
                let path = entry.payload.hasPrefix("/") ? entry.payload : fixturesDirectory + "/" + entry.payload
                let source = URL(fileURLWithPath: path).standardizedFileURL.path
                let copy = FileManager.default.temporaryDirectory
                    .appendingPathComponent("sqlheal-fixture-\(UUID().uuidString)").resolvingSymlinksInPath().path
                do {
                    try FileManager.default.copyItem(atPath: source, toPath: copy)
                } catch {
                    throw ParseError(line: entry.line, message: "cannot copy \(source): \(error)")
                }
                script.rootDirectory = copy
                script.temporaryRoot = copy
            case "write", "remove":
                let pathEnd = payload.firstIndex(of: " ") ?? payload.endIndex
                let relative = String(payload[..<pathEnd])
                guard !relative.isEmpty, !relative.hasPrefix("/"), !relative.contains("..") else {
                    throw ParseError(line: entry.line, message: "\(entry.keyword) needs a path inside the root")
                }
                if entry.keyword == "remove" {
                    script.steps.append(.removeFile(path: script.rootDirectory + "/" + relative, line: entry.line))
                } else {
                    let contents = try unescape(String(payload[pathEnd...]).trimmingCharacters(in: .whitespaces), line: entry.line)
                    script.steps.append(.writeFile(path: script.rootDirectory + "/" + relative, contents: contents, line: entry.line))
                }
            case "pause":
                guard let seconds = TimeInterval(entry.payload), seconds <= 5 else { throw ParseError(line: entry.line, message: "pause needs at most 5 seconds") }
                script.steps.append(.pause(seconds: seconds, line: entry.line))
            case "ignore":
                script.ignoredMethods.formUnion(entry.payload.split(separator: " ").map(String.init))
            case "timeout":
                guard let seconds = TimeInterval(entry.payload) else { throw ParseError(line: entry.line, message: "timeout needs seconds") }
                script.timeout = max(seconds, defaultTimeout)
            case "send":
                script.steps.append(.send(try json(payload, line: entry.line), line: entry.line))
            case "send-body":
                script.steps.append(.sendBody(try unescape(payload, line: entry.line), line: entry.line))
            case "send-raw":
                script.steps.append(.sendRaw(try unescape(payload, line: entry.line), line: entry.line))
            case "expect":
                let value = try json(payload, line: entry.line)
                if case .expect(var group, let line) = script.steps.last {
                    group.append(value)
                    script.steps[script.steps.count - 1] = .expect(group, line: line)
                } else {
                    script.steps.append(.expect([value], line: entry.line))
                }
            case "expect-exit":
                guard let code = Int32(entry.payload) else { throw ParseError(line: entry.line, message: "expect-exit needs a code") }
                script.steps.append(.expectExit(code, line: entry.line))
            case "close-stdin":
                script.steps.append(.closeInput(line: entry.line))
            default:
                break
            }
        }
        return script
    }

    func substitute(_ text: String, fixturesDirectory: String) -> String {
        text.replacingOccurrences(of: "${ROOT_URI}", with: FixtureScript.fileURI(rootDirectory))
            .replacingOccurrences(of: "${ROOT}", with: rootDirectory)
            .replacingOccurrences(of: "${FIXTURES}", with: fixturesDirectory)
    }

    static func fileURI(_ path: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~/")
        return "file://" + (path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path)
    }

    private static func json(_ text: String, line: Int) throws -> JSONValue {
        do {
            return try JSONParser.parse(text)
        } catch {
            throw ParseError(line: line, message: "invalid JSON (\(error)): \(text)")
        }
    }

    /// A double-quoted string with escapes `\r \n \t \\ \" \xHH`; the quotes are required so
    /// leading and trailing spaces are visible.
    static func unescape(_ text: String, line: Int) throws -> [UInt8] {
        let bytes = Array(text.utf8)
        guard bytes.count >= 2, bytes.first == UInt8(ascii: "\""), bytes.last == UInt8(ascii: "\"") else {
            throw ParseError(line: line, message: "expected a double-quoted string")
        }
        var output: [UInt8] = []
        var index = 1
        while index < bytes.count - 1 {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\\") else {
                output.append(byte)
                index += 1
                continue
            }
            guard index + 1 < bytes.count - 1 else { throw ParseError(line: line, message: "dangling backslash") }
            let next = bytes[index + 1]
            switch next {
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "\\"): output.append(0x5C)
            case UInt8(ascii: "\""): output.append(0x22)
            case UInt8(ascii: "x"):
                guard index + 3 < bytes.count - 1,
                      let value = UInt8(String(decoding: bytes[(index + 2)..<min(index + 4, bytes.count)], as: UTF8.self), radix: 16)
                else { throw ParseError(line: line, message: "bad \\x escape") }
                output.append(value)
                index += 2
            default:
                throw ParseError(line: line, message: "unknown escape \\\(Character(Unicode.Scalar(next)))")
            }
            index += 2
        }
        return output
    }
}

/// Matches server messages against expected JSON with wildcards (see the README):
/// `"${ANY}"` matches any value; `${ANY}` inside a longer string matches any run of characters;
/// `"${SAVE:name}"` matches any value and remembers it, for `"${LOAD:name}"` in later sends;
/// an object with the key `"${EXTRA}"` allows keys it does not list.
struct JSONPattern {
    static func matches(_ expected: JSONValue, _ actual: JSONValue?, captures: inout [String: JSONValue]) -> Bool {
        if case .string(let pattern) = expected {
            if pattern == "${ANY}" { return actual != nil }
            if pattern.hasPrefix("${SAVE:"), pattern.hasSuffix("}") {
                guard let actual else { return false }
                captures[String(pattern.dropFirst(7).dropLast())] = actual
                return true
            }
            if pattern.contains("${ANY}") {
                guard case .string(let text)? = actual else { return false }
                return wildcardMatch(pattern: pattern.components(separatedBy: "${ANY}"), text)
            }
        }
        guard let actual else { return false }
        switch (expected, actual) {
        case (.object(let expectedMembers), .object(let actualMembers)):
            let allowsExtra = expectedMembers["${EXTRA}"] != nil
            for (key, value) in expectedMembers where key != "${EXTRA}" {
                if !matches(value, actualMembers[key], captures: &captures) { return false }
            }
            if !allowsExtra {
                for key in actualMembers.keys where expectedMembers[key] == nil { return false }
            }
            return true
        case (.array(let expectedElements), .array(let actualElements)):
            guard expectedElements.count == actualElements.count else { return false }
            return zip(expectedElements, actualElements).allSatisfy { matches($0, $1, captures: &captures) }
        default:
            return expected == actual
        }
    }

    /// `parts` are the literal pieces between `${ANY}`s.
    static func wildcardMatch(pattern parts: [String], _ text: String) -> Bool {
        guard let first = parts.first, text.hasPrefix(first) else { return false }
        var rest = Substring(text.dropFirst(first.count))
        for (index, part) in parts.enumerated().dropFirst() {
            if index == parts.count - 1 { return rest.hasSuffix(part) }
            guard let found = rest.range(of: part) else { return false }
            rest = rest[found.upperBound...]
        }
        return true
    }

    /// Replaces every `"${LOAD:name}"` string with the captured value.
    static func load(_ value: JSONValue, captures: [String: JSONValue]) -> JSONValue {
        switch value {
        case .string(let text) where text.hasPrefix("${LOAD:") && text.hasSuffix("}"):
            return captures[String(text.dropFirst(7).dropLast())] ?? value
        case .array(let elements): return .array(elements.map { load($0, captures: captures) })
        case .object(let members): return .object(members.mapValues { load($0, captures: captures) })
        default: return value
        }
    }
}
