#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SQLHealAnalysis

/// Why a file could not be read as source text.
public enum FileReadProblem: Error, Sendable, Hashable, CustomStringConvertible {
    case missing
    case notARegularFile
    case unreadable(reason: String)
    case tooLarge(size: Int, limit: Int)
    case notUTF8(byteOffset: Int)
    case utf16
    case binary

    public var description: String {
        switch self {
        case .missing: "file not found"
        case .notARegularFile: "not a regular file; skipped"
        case .unreadable(let reason): "cannot read this file (\(reason)); skipped"
        case .tooLarge(let size, let limit): "file is \(ByteCountText.describe(size)), over the \(ByteCountText.describe(limit)) limit; skipped"
        case .notUTF8(let offset): "not valid UTF-8 (first bad byte at offset \(offset)); sqlheal reads UTF-8 source only; skipped"
        case .utf16: "UTF-16 encoded; sqlheal reads UTF-8 source only; skipped"
        case .binary: "looks binary (holds NUL bytes); skipped"
        }
    }
}

enum ByteCountText {
    static func describe(_ bytes: Int) -> String {
        if bytes >= 1 << 20 { return "\(bytes / (1 << 20)) MiB" }
        if bytes >= 1 << 10 { return "\(bytes / (1 << 10)) KiB" }
        return "\(bytes) bytes"
    }
}

/// Reads whole files with plain POSIX calls (no Foundation on the hot path), refusing anything
/// that is not a regular file before opening it, so a FIFO can never block a scan.
enum FileBytes {
    static func read(_ path: String, maximumSize: Int) -> Result<[UInt8], FileReadProblem> {
        var info = stat()
        guard stat(path, &info) == 0 else {
            return errno == ENOENT ? .failure(.missing) : .failure(.unreadable(reason: lastErrorDescription()))
        }
        guard info.st_mode & S_IFMT == S_IFREG else { return .failure(.notARegularFile) }
        let size = Int(info.st_size)
        if size > maximumSize { return .failure(.tooLarge(size: size, limit: maximumSize)) }
        let descriptor = open(path, O_RDONLY | O_NONBLOCK)
        guard descriptor >= 0 else { return .failure(.unreadable(reason: lastErrorDescription())) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(size)
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { buffer in
                Glibc_read(descriptor, buffer.baseAddress, buffer.count)
            }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(.unreadable(reason: lastErrorDescription()))
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
            // The file grew while we read it: stop at the limit rather than read forever.
            if bytes.count > maximumSize { return .failure(.tooLarge(size: bytes.count, limit: maximumSize)) }
        }
        return .success(bytes)
    }

    @inline(__always)
    private static func Glibc_read(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
        #if canImport(Glibc)
        return Glibc.read(descriptor, buffer, count)
        #else
        return Darwin.read(descriptor, buffer, count)
        #endif
    }
}

/// Reads a JavaScript/TypeScript source file for analysis.
public enum SourceFileReader {
    /// Files larger than this are skipped with a note: minified bundles and generated code,
    /// not hand-written queries, and reading them would stall a scan.
    public static let maximumFileSize = 8 * 1024 * 1024

    public static func isSourceFileName(_ path: String) -> Bool {
        SourceLanguage(fileName: path) != nil
    }

    /// The file's bytes when it is UTF-8 text (a byte order mark is kept: offsets stay the file's).
    public static func read(_ path: String, maximumSize: Int = maximumFileSize) -> Result<[UInt8], FileReadProblem> {
        switch FileBytes.read(path, maximumSize: maximumSize) {
        case .failure(let problem):
            return .failure(problem)
        case .success(let bytes):
            if let problem = textProblem(bytes) { return .failure(problem) }
            return .success(bytes)
        }
    }

    /// Why `bytes` are not UTF-8 text, or `nil` when they are.
    public static func textProblem(_ bytes: [UInt8]) -> FileReadProblem? {
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) { return .utf16 }
        if bytes.contains(0) { return .binary }
        if let offset = firstInvalidUTF8Offset(bytes) { return .notUTF8(byteOffset: offset) }
        return nil
    }

    static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var minimum: UInt32
            switch lead {
            case 0xC2...0xDF: length = 2; minimum = 0x80
            case 0xE0...0xEF: length = 3; minimum = 0x800
            case 0xF0...0xF4: length = 4; minimum = 0x10000
            default: return index
            }
            guard index + length <= count else { return index }
            var scalar = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
            for continuation in 1..<length {
                let byte = bytes[index + continuation]
                guard byte & 0xC0 == 0x80 else { return index }
                scalar = scalar << 6 | UInt32(byte & 0x3F)
            }
            if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return index }
            minimum = 0
            index += length
        }
        return nil
    }
}
