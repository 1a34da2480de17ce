/// SQL text being rewritten between prepares (an unknown column replaced by `NULL`, …), which
/// remembers where every byte came from so errors in the rewritten text map back to the original.
struct EditedSQL {
    private(set) var bytes: [UInt8]
    /// For each current byte, the original bytes it stands for (one byte, or a whole replaced range).
    private var origins: [Range<Int>]
    private var replaced: [Bool]
    let originalLength: Int

    init(_ original: [UInt8]) {
        bytes = original
        origins = (0..<original.count).map { $0..<($0 + 1) }
        replaced = [Bool](repeating: false, count: original.count)
        originalLength = original.count
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    var hasEdits: Bool { replaced.contains(true) }

    /// Replaces the current bytes `range` by `replacement`.
    mutating func replace(_ range: Range<Int>, with replacement: String) {
        let lower = min(max(range.lowerBound, 0), bytes.count)
        let upper = min(max(range.upperBound, lower), bytes.count)
        let origin = originalRange(forCurrent: lower..<upper)
        let newBytes = Array(replacement.utf8)
        bytes.replaceSubrange(lower..<upper, with: newBytes)
        origins.replaceSubrange(lower..<upper, with: repeatElement(origin, count: newBytes.count))
        replaced.replaceSubrange(lower..<upper, with: repeatElement(true, count: newBytes.count))
    }

    /// The original range the current bytes `range` stand for.
    func originalRange(forCurrent range: Range<Int>) -> Range<Int> {
        let lower = min(max(range.lowerBound, 0), bytes.count)
        let upper = min(max(range.upperBound, lower), bytes.count)
        if lower == upper {
            let point = lower < origins.count ? origins[lower].lowerBound : originalLength
            return point..<point
        }
        return origins[lower].lowerBound..<max(origins[lower].lowerBound, origins[upper - 1].upperBound)
    }

    /// True when any byte of the current `range` was written by a replacement.
    func touchesEdit(_ range: Range<Int>) -> Bool {
        let lower = min(max(range.lowerBound, 0), bytes.count)
        let upper = min(max(range.upperBound, lower), bytes.count)
        return replaced[lower..<upper].contains(true)
    }
}
