import Foundation

/// Moves bytes between the server and the client over two file descriptors (stdin/stdout, or
/// pipes in tests). Reading happens on a dedicated thread so a slow handler never stops input
/// (and `$/cancelRequest` is seen early); writes are serialized by a lock and always complete,
/// so frames never interleave.
final class FileDescriptorTransport: @unchecked Sendable {
    private let inputDescriptor: Int32
    private let outputDescriptor: Int32
    private let writeLock = NSLock()
    private var outputBroken = false

    init(inputDescriptor: Int32, outputDescriptor: Int32) {
        self.inputDescriptor = inputDescriptor
        self.outputDescriptor = outputDescriptor
    }

    /// Starts the reader thread. `onBytes` gets every chunk in order; `onEndOfInput` is called
    /// once, when the input is closed or fails.
    func startReading(onBytes: @escaping @Sendable ([UInt8]) -> Void, onEndOfInput: @escaping @Sendable () -> Void) {
        let descriptor = inputDescriptor
        let thread = Thread {
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            while true {
                let count = buffer.withUnsafeMutableBytes { raw in read(descriptor, raw.baseAddress, raw.count) }
                if count > 0 {
                    onBytes(Array(buffer[0..<count]))
                } else if count < 0, errno == EINTR {
                    continue
                } else {
                    break
                }
            }
            onEndOfInput()
        }
        thread.name = "sqlheal.stdin"
        thread.start()
    }

    /// Writes all bytes, retrying partial writes. After the client went away (EPIPE), writes are
    /// dropped silently: there is nobody to tell.
    func write(_ bytes: [UInt8]) {
        writeLock.lock()
        defer { writeLock.unlock() }
        guard !outputBroken else { return }
        var written = 0
        bytes.withUnsafeBytes { raw in
            while written < raw.count {
                let result = Foundation.write(outputDescriptor, raw.baseAddress! + written, raw.count - written)
                if result > 0 {
                    written += result
                } else if result < 0, errno == EINTR {
                    continue
                } else {
                    outputBroken = true
                    return
                }
            }
        }
    }
}
