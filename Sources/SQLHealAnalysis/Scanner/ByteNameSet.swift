/// A set of identifier spellings that a token of the scanned text can be looked up in without
/// copying its bytes. The query function names of a pass grow with every wrapper the project
/// defines (hundreds in a large app), and every identifier token is looked up, so a linear list
/// made `check` quadratic in the number of wrappers.
struct ByteNameSet {
    private var namesByHash: [UInt64: [[UInt8]]] = [:]

    init() {}

    init(_ names: some Sequence<String>) {
        for name in names { insert(Array(name.utf8)) }
    }

    func contains(_ name: [UInt8]) -> Bool {
        namesByHash[Self.hash(of: name)]?.contains(name) ?? false
    }

    /// Whether `bytes[range]` spells one of the names.
    func contains(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) -> Bool {
        guard range.lowerBound >= 0, range.upperBound <= bytes.count else { return false }
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
        return true
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
