import Foundation
import SQLHealJSONRPC
import Testing

/// Replays the FuzzFraming corpus (`Fuzz/Corpus/Framing`, where crashing inputs are added as
/// regression cases) through the framer and decoder, with the fuzzer's own invariant: framing
/// must not depend on how the bytes are chunked.
@Suite("Framing fuzz corpus")
struct FuzzCorpusReplayTests {
    static let corpusDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/Corpus/Framing").path

    static var inputNames: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: corpusDirectory)) ?? []).sorted()
    }

    @Test func corpusIsPresent() {
        #expect(!Self.inputNames.isEmpty)
    }

    @Test(arguments: inputNames)
    func replay(_ name: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.corpusDirectory + "/" + name))
        let bytes = Array(data.dropFirst())
        var whole = MessageFramer()
        let wholeBodies = whole.process(bytes).compactMap { if case .message(let body) = $0 { body } else { nil } }
        for chunkSize in [1, 3, 16] {
            var framer = MessageFramer()
            var bodies: [[UInt8]] = []
            var index = 0
            while index < bytes.count {
                let end = min(index + chunkSize, bytes.count)
                bodies += framer.process(bytes[index..<end]).compactMap { if case .message(let body) = $0 { body } else { nil } }
                index = end
            }
            #expect(bodies == wholeBodies, "chunk size \(chunkSize)")
        }
        for body in wholeBodies { _ = JSONRPCMessage.decode(body) }
    }
}
