/// What went wrong with the framing of the byte stream. The framer recovers by itself; these are
/// reported so the server can log them.
public enum FramingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A header block ended without a `Content-Length` header.
    case missingContentLength(headerBlock: String)
    /// `Content-Length` is not a number, negative, or larger than ``MessageFramer/maximumBodyLength``.
    case invalidContentLength(String)
    /// More than ``MessageFramer/maximumHeaderBlockLength`` bytes without the `\r\n\r\n` that ends the headers.
    case headerBlockTooLong
    /// Bytes that were skipped while looking for the next `Content-Length:` header.
    case skippedBytes(count: Int)

    public var description: String {
        switch self {
        case .missingContentLength(let block): "header block without Content-Length: \(block.debugDescription)"
        case .invalidContentLength(let value): "invalid Content-Length: \(value.debugDescription)"
        case .headerBlockTooLong: "header block too long (no blank line)"
        case .skippedBytes(let count): "skipped \(count) bytes looking for the next Content-Length header"
        }
    }
}

/// One result of feeding bytes to a ``MessageFramer``.
public enum FramerEvent: Sendable, Hashable {
    /// The body of a complete frame (usually JSON, not yet parsed).
    case message([UInt8])
    case error(FramingError)
}

/// The byte-level state machine for LSP's base protocol: `Content-Length: N\r\n\r\n` then N bytes.
///
/// Feed it whatever `read` returned, in any chunking; take complete bodies out with
/// ``nextEvent()``. Header names are case-insensitive, headers may come in any order, and any
/// other header (`Content-Type`) is accepted and ignored. A header block without a usable
/// `Content-Length` never wedges the stream: the framer reports the error and resynchronises by
/// searching for the next `Content-Length:` header, so the following good frame is read
/// normally. Memory stays bounded: a header block is at most ``maximumHeaderBlockLength`` bytes
/// and a body at most ``maximumBodyLength``.
public struct MessageFramer: Sendable {
    public static let maximumBodyLength = 64 * 1024 * 1024
    public static let maximumHeaderBlockLength = 8 * 1024

    private enum State: Sendable {
        case readingHeaders
        case readingBody(length: Int)
        case resynchronizing
    }

    private var buffer: [UInt8] = []
    /// Bytes before `start` are consumed; compacted lazily so feeding stays linear.
    private var start = 0
    /// Where to resume searching for the header terminator, so a slow trickle is not rescanned.
    private var headerScanPosition = 0
    private var state: State = .readingHeaders

    public init() {}

    /// Bytes received but not yet returned as part of an event.
    public var bufferedByteCount: Int { buffer.count - start }

    public mutating func feed<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        buffer.append(contentsOf: bytes)
    }

    /// Feeds bytes and returns every event they complete.
    public mutating func process<Bytes: Sequence>(_ bytes: Bytes) -> [FramerEvent] where Bytes.Element == UInt8 {
        feed(bytes)
        var events: [FramerEvent] = []
        while let event = nextEvent() { events.append(event) }
        return events
    }

    /// The next complete message or framing error, `nil` when more bytes are needed.
    public mutating func nextEvent() -> FramerEvent? {
        // Every iteration either returns or consumes bytes / changes state, so this terminates.
        while true {
            switch state {
            case .readingBody(let length):
                guard buffer.count - start >= length else { return nil }
                let body = Array(buffer[start..<(start + length)])
                consume(length)
                state = .readingHeaders
                return .message(body)

            case .resynchronizing:
                if let found = Self.findContentLengthHeader(in: buffer, from: start) {
                    let skipped = found - start
                    consume(skipped)
                    state = .readingHeaders
                    if skipped > 0 { return .error(.skippedBytes(count: skipped)) }
                } else {
                    // Keep a tail that might be the beginning of a `Content-Length:` split across reads.
                    let keep = min(buffer.count - start, Self.contentLengthName.count - 1)
                    let skipped = buffer.count - start - keep
                    if skipped > 0 {
                        consume(skipped)
                        return .error(.skippedBytes(count: skipped))
                    }
                    return nil
                }

            case .readingHeaders:
                // Tolerate blank lines between frames.
                while start < buffer.count, buffer[start] == 0x0D || buffer[start] == 0x0A { consume(1) }
                guard start < buffer.count else { return nil }
                guard let terminator = findHeaderTerminator() else {
                    if buffer.count - start > Self.maximumHeaderBlockLength {
                        beginResynchronizing(after: start)
                        return .error(.headerBlockTooLong)
                    }
                    return nil
                }
                let blockStart = start
                let block = Array(buffer[blockStart..<terminator.blockEnd])
                switch Self.parseContentLength(headerBlock: block) {
                case .success(let length):
                    consume(terminator.bodyStart - start)
                    state = .readingBody(length: length)
                case .failure(let error):
                    beginResynchronizing(after: blockStart)
                    return .error(error)
                }
            }
        }
    }

    /// Frames a body for sending.
    public static func frame(_ body: [UInt8]) -> [UInt8] {
        var output = Array("Content-Length: \(body.count)\r\n\r\n".utf8)
        output.append(contentsOf: body)
        return output
    }

    // MARK: - Internals

    private static let contentLengthName: [UInt8] = Array("content-length:".utf8)

    private mutating func consume(_ count: Int) {
        start += count
        headerScanPosition = max(headerScanPosition, start)
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.capacity <= 1 << 20)
            start = 0
            headerScanPosition = 0
        } else if start > 1 << 16, start * 2 > buffer.count {
            buffer.removeFirst(start)
            headerScanPosition -= start
            start = 0
        }
    }

    /// Skips at least one byte, so a broken header block is never parsed twice.
    private mutating func beginResynchronizing(after blockStart: Int) {
        consume(min(blockStart + 1, buffer.count) - start)
        state = .resynchronizing
    }

    /// The end of the header block (before the blank line) and the start of the body. Accepts
    /// `\r\n\r\n` and, leniently, `\n\n`.
    private mutating func findHeaderTerminator() -> (blockEnd: Int, bodyStart: Int)? {
        var index = max(headerScanPosition, start)
        while index < buffer.count {
            if buffer[index] == 0x0A {
                let blockEnd = index > start && buffer[index - 1] == 0x0D ? index - 1 : index
                if index + 2 < buffer.count, buffer[index + 1] == 0x0D, buffer[index + 2] == 0x0A {
                    return (blockEnd, index + 3)
                }
                if index + 1 < buffer.count, buffer[index + 1] == 0x0A {
                    return (blockEnd, index + 2)
                }
            }
            index += 1
        }
        // Resume two bytes back next time: the terminator may straddle reads.
        headerScanPosition = max(start, buffer.count - 3)
        return nil
    }

    static func parseContentLength(headerBlock: [UInt8]) -> Result<Int, FramingError> {
        var contentLength: Int?
        var invalidValue: String?
        for rawLine in headerBlock.split(separator: 0x0A, omittingEmptySubsequences: true) {
            var line = rawLine[...]
            if line.last == 0x0D { line = line.dropLast() }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
            let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self)
                .trimmingASCIIWhitespace().lowercased()
            guard name == "content-length" else { continue }
            let value = String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingASCIIWhitespace()
            if let number = Int(value), number >= 0, number <= maximumBodyLength, value.allSatisfy(\.isASCII) {
                contentLength = number
            } else {
                invalidValue = value
            }
        }
        if let contentLength { return .success(contentLength) }
        if let invalidValue { return .failure(.invalidContentLength(String(invalidValue.prefix(64)))) }
        return .failure(.missingContentLength(headerBlock: String(String(decoding: headerBlock, as: UTF8.self).prefix(120))))
    }

    static func findContentLengthHeader(in buffer: [UInt8], from start: Int) -> Int? {
        let name = contentLengthName
        guard buffer.count - start >= name.count else { return nil }
        var index = start
        let last = buffer.count - name.count
        while index <= last {
            if buffer[index] | 0x20 == name[0] {
                var matched = true
                for offset in 1..<name.count {
                    let byte = buffer[index + offset]
                    let lowered = (byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte
                    if lowered != name[offset] {
                        matched = false
                        break
                    }
                }
                if matched { return index }
            }
            index += 1
        }
        return nil
    }
}

extension String {
    func trimmingASCIIWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars = scalars.dropFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
