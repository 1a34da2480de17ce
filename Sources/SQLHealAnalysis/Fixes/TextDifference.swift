/// The differences between two versions of a text, line by line (Myers' O(ND) algorithm):
/// for `sqlheal fix --dry-run`'s unified diff, and to send a fix-all's result to an editor as
/// small edits rather than one whole-file replacement.
public struct TextDifference: Sendable {
    /// One run of changed lines: `oldLines` of the old text replaced by `newLines` of the new.
    public struct Change: Sendable, Hashable {
        /// Zero-based, half-open line indices.
        public var oldLines: Range<Int>
        public var newLines: Range<Int>
    }

    public let oldText: [UInt8]
    public let newText: [UInt8]
    /// Line ranges, terminators included (the last line may have none).
    let oldLineRanges: [ByteRange]
    let newLineRanges: [ByteRange]
    public let changes: [Change]

    /// More edit steps than this and the middle is reported as one change: still correct, and
    /// no quadratic memory on two unrelated texts.
    static let maximumEditDistance = 2_000

    public init(old: [UInt8], new: [UInt8]) {
        self.oldText = old
        self.newText = new
        self.oldLineRanges = Self.lineRanges(of: old)
        self.newLineRanges = Self.lineRanges(of: new)
        let oldLines = oldLineRanges.map { Array(old[$0]) }
        let newLines = newLineRanges.map { Array(new[$0]) }
        self.changes = Self.changes(between: oldLines, and: newLines)
    }

    public var isEmpty: Bool { changes.isEmpty }

    // MARK: Edits

    /// Byte-range edits of the old text that produce the new one, one per change, each
    /// narrowed to the bytes that actually differ.
    public func textEdits() -> [ByteRangeEdit] {
        changes.map { change in
            var oldRange = byteRange(ofLines: change.oldLines, in: oldLineRanges, textCount: oldText.count)
            var newRange = byteRange(ofLines: change.newLines, in: newLineRanges, textCount: newText.count)
            while oldRange.lowerBound < oldRange.upperBound, newRange.lowerBound < newRange.upperBound,
                oldText[oldRange.lowerBound] == newText[newRange.lowerBound] {
                oldRange = (oldRange.lowerBound + 1)..<oldRange.upperBound
                newRange = (newRange.lowerBound + 1)..<newRange.upperBound
            }
            while oldRange.lowerBound < oldRange.upperBound, newRange.lowerBound < newRange.upperBound,
                oldText[oldRange.upperBound - 1] == newText[newRange.upperBound - 1] {
                oldRange = oldRange.lowerBound..<(oldRange.upperBound - 1)
                newRange = newRange.lowerBound..<(newRange.upperBound - 1)
            }
            // Never split a UTF-8 sequence: widen to whole characters on both sides (the bytes
            // outside the ranges are common to both texts).
            func startsInsideCharacter() -> Bool {
                (oldRange.lowerBound < oldText.count && Self.isContinuation(oldText[oldRange.lowerBound]))
                    || (newRange.lowerBound < newText.count && Self.isContinuation(newText[newRange.lowerBound]))
            }
            while oldRange.lowerBound > 0, newRange.lowerBound > 0, startsInsideCharacter() {
                oldRange = (oldRange.lowerBound - 1)..<oldRange.upperBound
                newRange = (newRange.lowerBound - 1)..<newRange.upperBound
            }
            while oldRange.upperBound < oldText.count, newRange.upperBound < newText.count, Self.isContinuation(oldText[oldRange.upperBound]) {
                oldRange = oldRange.lowerBound..<(oldRange.upperBound + 1)
                newRange = newRange.lowerBound..<(newRange.upperBound + 1)
            }
            return ByteRangeEdit(range: oldRange, newText: String(decoding: newText[newRange], as: UTF8.self))
        }
    }

    private static func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }

    private func byteRange(ofLines lines: Range<Int>, in ranges: [ByteRange], textCount: Int) -> ByteRange {
        if lines.isEmpty {
            let start = lines.lowerBound < ranges.count ? ranges[lines.lowerBound].lowerBound : textCount
            return start..<start
        }
        return ranges[lines.lowerBound].lowerBound..<ranges[lines.upperBound - 1].upperBound
    }

    // MARK: Unified diff

    /// The unified diff (`diff -u` format, `contextLines` of context), empty when the texts are
    /// equal. `oldLabel`/`newLabel` follow `---`/`+++`.
    public func unifiedDiff(oldLabel: String, newLabel: String, contextLines: Int = 3) -> String {
        guard !changes.isEmpty else { return "" }
        var output = "--- \(oldLabel)\n+++ \(newLabel)\n"
        // Group changes whose contexts touch into hunks.
        var groups: [[Change]] = []
        for change in changes {
            if var last = groups.last, let previous = last.last, change.oldLines.lowerBound - previous.oldLines.upperBound <= 2 * contextLines {
                last.append(change)
                groups[groups.count - 1] = last
            } else {
                groups.append([change])
            }
        }
        for group in groups {
            guard let first = group.first, let last = group.last else { continue }
            let oldStart = max(first.oldLines.lowerBound - contextLines, 0)
            let oldEnd = min(last.oldLines.upperBound + contextLines, oldLineRanges.count)
            let newStart = first.newLines.lowerBound - (first.oldLines.lowerBound - oldStart)
            let newEnd = last.newLines.upperBound + (oldEnd - last.oldLines.upperBound)
            output += "@@ -\(Self.hunkRange(start: oldStart, count: oldEnd - oldStart)) +\(Self.hunkRange(start: newStart, count: newEnd - newStart)) @@\n"
            var oldCursor = oldStart
            for change in group {
                while oldCursor < change.oldLines.lowerBound {
                    output += line(" ", oldText, oldLineRanges[oldCursor])
                    oldCursor += 1
                }
                for index in change.oldLines { output += line("-", oldText, oldLineRanges[index]) }
                for index in change.newLines { output += line("+", newText, newLineRanges[index]) }
                oldCursor = change.oldLines.upperBound
            }
            while oldCursor < oldEnd {
                output += line(" ", oldText, oldLineRanges[oldCursor])
                oldCursor += 1
            }
        }
        return output
    }

    private func line(_ marker: String, _ text: [UInt8], _ range: ByteRange) -> String {
        let content = String(decoding: text[range], as: UTF8.self)
        if content.hasSuffix("\n") || content.hasSuffix("\r") { return marker + content }
        return marker + content + "\n\\ No newline at end of file\n"
    }

    /// `start,count` with one-based `start`; GNU diff's conventions: `,1` omitted, and an empty
    /// range names the line before it.
    static func hunkRange(start: Int, count: Int) -> String {
        switch count {
        case 0: "\(start),0"
        case 1: "\(start + 1)"
        default: "\(start + 1),\(count)"
        }
    }

    // MARK: Lines

    static func lineRanges(of text: [UInt8]) -> [ByteRange] {
        var ranges: [ByteRange] = []
        var start = 0
        var index = 0
        while index < text.count {
            if text[index] == 0x0A {
                ranges.append(start..<(index + 1))
                start = index + 1
            }
            index += 1
        }
        if start < text.count { ranges.append(start..<text.count) }
        return ranges
    }

    // MARK: Myers

    static func changes(between old: [[UInt8]], and new: [[UInt8]]) -> [Change] {
        var prefix = 0
        while prefix < old.count, prefix < new.count, old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < old.count - prefix, suffix < new.count - prefix, old[old.count - 1 - suffix] == new[new.count - 1 - suffix] { suffix += 1 }
        let a = Array(old[prefix..<(old.count - suffix)])
        let b = Array(new[prefix..<(new.count - suffix)])
        if a.isEmpty && b.isEmpty { return [] }
        guard let script = editScript(a, b) else {
            return [Change(oldLines: prefix..<(old.count - suffix), newLines: prefix..<(new.count - suffix))]
        }
        // Collapse the script into runs of changes.
        var changes: [Change] = []
        var oldIndex = 0
        var newIndex = 0
        var runStart: (Int, Int)?
        func closeRun() {
            if let (oldStart, newStart) = runStart {
                changes.append(Change(oldLines: (prefix + oldStart)..<(prefix + oldIndex), newLines: (prefix + newStart)..<(prefix + newIndex)))
                runStart = nil
            }
        }
        for step in script {
            switch step {
            case .equal:
                closeRun()
                oldIndex += 1
                newIndex += 1
            case .delete:
                if runStart == nil { runStart = (oldIndex, newIndex) }
                oldIndex += 1
            case .insert:
                if runStart == nil { runStart = (oldIndex, newIndex) }
                newIndex += 1
            }
        }
        closeRun()
        return changes
    }

    enum Step { case equal, delete, insert }

    /// The shortest edit script from `a` to `b`, or `nil` past ``maximumEditDistance``.
    static func editScript(_ a: [[UInt8]], _ b: [[UInt8]]) -> [Step]? {
        let n = a.count
        let m = b.count
        let limit = min(n + m, maximumEditDistance)
        let offset = limit + 1
        var v = [Int](repeating: 0, count: 2 * limit + 3)
        var trace: [[Int]] = []
        var found = false
        search: for d in 0...limit {
            trace.append(v)
            for k in stride(from: -d, through: d, by: 2) {
                var x: Int
                if k == -d || (k != d && v[k - 1 + offset] < v[k + 1 + offset]) {
                    x = v[k + 1 + offset]
                } else {
                    x = v[k - 1 + offset] + 1
                }
                var y = x - k
                while x < n, y < m, a[x] == b[y] {
                    x += 1
                    y += 1
                }
                v[k + offset] = x
                if x >= n, y >= m {
                    found = true
                    break search
                }
            }
        }
        guard found else { return nil }
        var steps: [Step] = []
        var x = n
        var y = m
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let v = trace[d]
            let k = x - y
            let previousK = (k == -d || (k != d && v[k - 1 + offset] < v[k + 1 + offset])) ? k + 1 : k - 1
            let previousX = d == 0 ? 0 : v[previousK + offset]
            let previousY = d == 0 ? 0 : previousX - previousK
            while x > previousX, y > previousY {
                steps.append(.equal)
                x -= 1
                y -= 1
            }
            if d > 0 {
                steps.append(x == previousX ? .insert : .delete)
            }
            x = previousX
            y = previousY
        }
        return steps.reversed()
    }
}
