import CSQLite

/// A script of several SQL statements (a migration file), walked one statement at a time with
/// SQLite's own prepare tail, so statement boundaries are exactly SQLite's (semicolons inside
/// literals, comments and trigger bodies do not split).
///
/// Offsets are UTF-8 byte offsets into the whole script: an error's ``SQLiteError/offset`` and a
/// statement's range point into the file the script came from.
public struct SQLiteScript: Sendable {
    public let utf8: [UInt8]

    public init(_ text: String) {
        self.utf8 = Array(text.utf8)
    }

    public init(utf8: [UInt8]) {
        self.utf8 = utf8
    }

    /// The offset of the first byte at or after `offset` that is not whitespace or a comment.
    public func skipTrivia(from offset: Int) -> Int {
        var index = max(offset, 0)
        let count = utf8.count
        while index < count {
            let byte = utf8[index]
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C {
                index += 1
            } else if byte == UInt8(ascii: "-"), index + 1 < count, utf8[index + 1] == UInt8(ascii: "-") {
                while index < count, utf8[index] != 0x0A { index += 1 }
            } else if byte == UInt8(ascii: "/"), index + 1 < count, utf8[index + 1] == UInt8(ascii: "*") {
                index += 2
                while index + 1 < count, !(utf8[index] == UInt8(ascii: "*") && utf8[index + 1] == UInt8(ascii: "/")) { index += 1 }
                index = min(index + 2, count)
            } else {
                return index
            }
        }
        return count
    }

    /// The end (exclusive) of the statement that starts at `offset`: just past the first `;`
    /// that completes it per `sqlite3_complete`, or the end of the script. Used to step over a
    /// statement that failed to prepare (the prepare tail then stops at the error, not the end).
    public func endOfStatement(startingAt offset: Int) -> Int {
        let start = max(min(offset, utf8.count), 0)
        var candidate = start
        while candidate < utf8.count {
            if utf8[candidate] == UInt8(ascii: ";") {
                var prefix = Array(utf8[start...candidate])
                prefix.append(0)
                let complete = prefix.withUnsafeBufferPointer { buffer in
                    buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { sqlite3_complete($0) != 0 }
                }
                if complete { return candidate + 1 }
            }
            candidate += 1
        }
        return utf8.count
    }
}

extension SQLiteConnection {
    /// Compiles the statement of `script` that starts at `offset`.
    ///
    /// Returns the statement (`nil` when only whitespace and comments remain) and the offset just
    /// past it (SQLite's prepare tail). Throws with ``SQLiteError/offset`` relative to the whole
    /// script when SQLite knows where the error is.
    public func prepareStatement(in script: SQLiteScript, at offset: Int) throws -> (statement: SQLiteStatement?, tail: Int) {
        let start = max(min(offset, script.utf8.count), 0)
        let length = script.utf8.count - start
        guard length > 0 else { return (nil, script.utf8.count) }
        var statement: OpaquePointer?
        var tailOffset = script.utf8.count
        let result: Int32 = script.utf8.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return SQLITE_OK }
            return (base + start).withMemoryRebound(to: CChar.self, capacity: length) { pointer in
                var tail: UnsafePointer<CChar>?
                let code = sqlite3_prepare_v2(handle, pointer, Int32(clamping: length), &statement, &tail)
                if let tail {
                    tailOffset = start + (tail - UnsafePointer(pointer))
                }
                return code
            }
        }
        if result != SQLITE_OK {
            var error = currentError(result: result, sqlLength: length)
            error.offset = error.offset.map { $0 + start }
            throw error
        }
        tailOffset = min(max(tailOffset, start + 1), script.utf8.count)
        guard let statement else { return (nil, tailOffset) }
        return (SQLiteStatement(handle: statement, connection: self), tailOffset)
    }

    /// The schema cookie, which SQLite bumps on every schema change: compare before and after a
    /// statement to learn whether it changed the schema.
    public func schemaVersion() throws -> Int64 {
        try scalar("PRAGMA schema_version")?.integerValue ?? 0
    }
}

extension SQLiteConnection {
    /// Caps how many databases `ATTACH` may add (`SQLITE_LIMIT_ATTACHED`); 0 forbids `ATTACH`,
    /// so a script run on an in-memory database cannot create or open files through it.
    public func setAttachedDatabaseLimit(_ limit: Int32) {
        sqlite3_limit(handle, SQLITE_LIMIT_ATTACHED, limit)
    }
}
