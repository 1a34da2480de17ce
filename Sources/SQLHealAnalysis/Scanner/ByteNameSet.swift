/// A set of identifier spellings that a token of the scanned text can be looked up in without
/// copying its bytes. The query function names of a pass grow with every wrapper the project
/// defines (hundreds in a large app), and every identifier token is looked up, so a linear list
/// made `check` quadratic in the number of wrappers.
struct ByteNameSet {
    private var namesByHash: [UInt64: [[UInt8]]] = [:]
    /// Bit `n` set: some name is `n` bytes long (bit 63: 63 or more). Most identifiers of a file
    /// are turned away by these two tests before any hashing.
    private var lengths: UInt64 = 0
    /// Bit `b` set: some name starts with the byte `b` (`b` < 128; bit 127: a byte of 128 or more).
    private var firstBytes: (low: UInt64, high: UInt64) = (0, 0)
    private var holdsEmptyName = false

    init() {}

    init(_ names: some Sequence<String>) {
        for name in names { insert(Array(name.utf8)) }
    }

    func contains(_ name: [UInt8]) -> Bool {
        guard let first = name.first else { return holdsEmptyName }
        guard mayHold(length: name.count, first: first) else { return false }
        return namesByHash[Self.hash(of: name)]?.contains(name) ?? false
    }

    /// Whether `bytes[range]` spells one of the names.
    func contains(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) -> Bool {
        guard range.lowerBound >= 0, range.upperBound <= bytes.count else { return false }
        guard !range.isEmpty else { return holdsEmptyName }
        guard mayHold(length: range.count, first: bytes[range.lowerBound]) else { return false }
        let slice = bytes[range]
        guard let candidates = namesByHash[Self.hash(of: slice)] else { return false }
        return candidates.contains { $0.elementsEqual(slice) }
    }

    /// Adds `name`; returns false when it was already there.
    @discardableResult
    mutating func insert(_ name: [UInt8]) -> Bool {
        let hash = Self.hash(of: name)
        if namesByHash[hash]?.contains(name) == true { return false }
        namesByHash[hash, default: []].append(name)
        if name.isEmpty { holdsEmptyName = true }
        if let first = name.first {
            lengths |= 1 << UInt64(min(name.count, 63))
            let bit = min(first, 127)
            if bit < 64 { firstBytes.low |= 1 << UInt64(bit) } else { firstBytes.high |= 1 << UInt64(bit - 64) }
        }
        return true
    }

    /// False when no name has this length and first byte.
    @inline(__always)
    private func mayHold(length: Int, first: UInt8) -> Bool {
        guard lengths & (1 << UInt64(min(length, 63))) != 0 else { return false }
        let bit = min(first, 127)
        return bit < 64 ? firstBytes.low & (1 << UInt64(bit)) != 0 : firstBytes.high & (1 << UInt64(bit - 64)) != 0
    }

    /// FNV-1a over the spelling's bytes.
    private static func hash(of bytes: some Sequence<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
