// libFuzzer target for the server's input path: bytes -> Content-Length framing -> JSON ->
// JSON-RPC envelopes -> LSP params -> a real `LanguageServer` (lifecycle, documents, edits,
// analysis, publishing).
//
//   swift build --package-path Fuzz -Xswiftc -sanitize=fuzzer,address --product FuzzFraming
//   Fuzz/.build/debug/FuzzFraming -max_total_time=120 Fuzz/Corpus/Framing
//
// Besides "never crash", it checks that framing does not depend on how the input is chunked.
import Foundation
import SQLHealJSONRPC
import SQLHealLSP
import SQLHealServer

let initializePrefix: [UInt8] = {
    let initialize = JSONRPCMessage.request(id: .int(0), method: "initialize", params: [
        "processId": nil, "rootUri": "file:///fuzz",
        "capabilities": ["general": ["positionEncodings": ["utf-8", "utf-32"]],
                         "textDocument": ["publishDiagnostics": ["relatedInformation": true, "dataSupport": true]]],
    ])
    return initialize.framed + JSONRPCMessage.notification(method: "initialized", params: [:]).framed
}()

/// The events of feeding `bytes` in chunks of `chunkSize`.
func frame(_ bytes: [UInt8], chunkSize: Int) -> [FramerEvent] {
    var framer = MessageFramer()
    var events: [FramerEvent] = []
    var index = 0
    while index < bytes.count {
        let end = min(index + chunkSize, bytes.count)
        events += framer.process(bytes[index..<end])
        index = end
    }
    return events
}

func bodies(_ events: [FramerEvent]) -> [[UInt8]] {
    events.compactMap { if case .message(let body) = $0 { body } else { nil } }
}

/// Decodes params as every type the server decodes, as a handler would.
func decodeAsLSPTypes(_ params: JSONValue?) {
    _ = try? JSONValueCoding.decode(InitializeRequest.self, from: params)
    _ = try? JSONValueCoding.decode(DidOpenTextDocumentNotification.self, from: params)
    _ = try? JSONValueCoding.decode(DidChangeTextDocumentNotification.self, from: params)
    _ = try? JSONValueCoding.decode(CodeActionRequest.self, from: params)
    _ = try? JSONValueCoding.decode(WorkspaceEdit.self, from: params)
    _ = try? JSONValueCoding.decode(ExecuteCommandRequest.self, from: params)
    _ = try? JSONValueCoding.decode(ProgressNotification.self, from: params)
}

/// Runs a fresh server on `input` until it has handled everything and exited (input closed).
func runServer(on input: [UInt8]) {
    let toServer = Pipe()
    let fromServer = Pipe()
    let server = LanguageServer(
        inputDescriptor: toServer.fileHandleForReading.fileDescriptor,
        outputDescriptor: fromServer.fileHandleForWriting.fileDescriptor,
        features: DefaultServerFeatures.make(),
        configuration: .init(logsToStandardError: false))
    // Drain the output so the server never blocks on a full pipe.
    let drained = DispatchSemaphore(value: 0)
    let outputHandle = fromServer.fileHandleForReading
    Thread.detachNewThread {
        while !readAvailableBytes(outputHandle.fileDescriptor).isEmpty {}
        drained.signal()
    }
    server.start()
    try? toServer.fileHandleForWriting.write(contentsOf: Data(input))
    try? toServer.fileHandleForWriting.close()
    _ = server.waitForExit()
    try? fromServer.fileHandleForWriting.close()
    drained.wait()
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFramingTestOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start, count > 0 else { return 0 }
    let raw = Array(UnsafeBufferPointer(start: start, count: count))
    // The first byte picks a chunk size, whether the server runs, and whether it is initialized first.
    let control = raw[0]
    let bytes = Array(raw.dropFirst())

    let whole = frame(bytes, chunkSize: max(bytes.count, 1))
    let chunked = frame(bytes, chunkSize: Int(control & 0x0F) + 1)
    if bodies(whole) != bodies(chunked) {
        fatalError("framing depends on chunking: \(bodies(whole).count) vs \(bodies(chunked).count) messages")
    }

    _ = try? JSONParser.parse(bytes)
    for body in bodies(whole) {
        switch JSONRPCMessage.decode(body) {
        case .success(.request(_, _, let params)), .success(.notification(_, let params)):
            decodeAsLSPTypes(params)
        default:
            break
        }
    }

    // A whole server per input is slow (threads, pipes); run it for one input in four so the
    // pure framing and decoding paths get most of the executions.
    if control & 0x60 == 0x60 {
        runServer(on: (control & 0x80 != 0 ? initializePrefix : []) + bytes)
    }
    return 0
}

// SwiftPM links executables with `main` renamed to `<target>_main`; with `-parse-as-library`
// there is none, so provide it and hand control to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

@_cdecl("FuzzFraming_main")
public func fuzzFramingMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argumentCount = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&argumentCount, &arguments, fuzzFramingTestOneInput)
}

/// Reads what is available from `descriptor`, retrying on EINTR (a SIGCHLD must not end the
/// read loop, and `FileHandle.availableData` traps on read errors); empty at end of file or error.
func readAvailableBytes(_ descriptor: Int32) -> [UInt8] {
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count > 0 { return Array(buffer[0..<count]) }
        if count < 0, errno == EINTR { continue }
        return []
    }
}
