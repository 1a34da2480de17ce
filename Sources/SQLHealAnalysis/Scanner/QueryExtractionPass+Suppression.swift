// Suppression comments of QueryExtractionPass (`sqlheal-ignore`).

extension QueryExtractionPass {
    // MARK: - Suppression

    mutating func applySuppressions() {
        guard !queries.isEmpty else { return }
        let marker = Array("sqlheal-ignore".utf8)
        for comment in comments {
            guard let marker = firstOccurrence(of: marker, in: comment) else { continue }
            let codes = suppressionCodes(from: marker + 14, to: comment.upperBound)
            let commentLineEnd = lineEnd(from: comment.upperBound)
            let nextLineStart = lineBreakEnd(at: commentLineEnd)
            let nextLineEnd = lineEnd(from: nextLineStart)
            for index in queries.indices {
                let anchors = [queries[index].callRange?.lowerBound, queries[index].sourceRange.lowerBound].compactMap { $0 }
                let covered = anchors.contains { anchor in
                    (anchor >= nextLineStart && anchor <= nextLineEnd && nextLineStart > commentLineEnd) || (anchor >= comment.upperBound && anchor < commentLineEnd)
                }
                guard covered else { continue }
                var suppression = queries[index].suppression ?? QuerySuppression(codes: codes)
                if queries[index].suppression != nil { suppression.codes = codes.isEmpty || suppression.codes.isEmpty ? [] : suppression.codes.union(codes) }
                queries[index].suppression = suppression
            }
        }
    }

    func firstOccurrence(of needle: [UInt8], in range: ByteRange) -> Int? {
        guard range.count >= needle.count else { return nil }
        var index = range.lowerBound
        while index + needle.count <= range.upperBound {
            if bytes[index] == needle[0] {
                var matches = true
                for offset in 1..<needle.count where bytes[index + offset] != needle[offset] { matches = false; break }
                if matches { return index }
            }
            index += 1
        }
        return nil
    }

    /// The finding codes after the marker: words made of lower-case letters, digits and dashes
    /// that contain a dash (`missing-column`), until the first word that is not one.
    func suppressionCodes(from start: Int, to end: Int) -> Set<String> {
        var codes: Set<String> = []
        var index = start
        while index < end {
            let byte = bytes[index]
            if byte == 0x20 || byte == 0x09 || byte == 0x2C { index += 1; continue }
            var wordEnd = index
            while wordEnd < end, (bytes[wordEnd] >= 0x61 && bytes[wordEnd] <= 0x7A) || isDecimalDigit(bytes[wordEnd]) || bytes[wordEnd] == 0x2D { wordEnd += 1 }
            let word = text(index..<wordEnd)
            guard wordEnd > index, word.contains("-"), !word.hasPrefix("-"), !word.hasSuffix("-") else { break }
            codes.insert(word)
            index = wordEnd
        }
        return codes
    }

    func lineEnd(from index: Int) -> Int {
        var index = index
        while index < bytes.count, bytes[index] != 0x0A, bytes[index] != 0x0D { index += 1 }
        return index
    }

    func lineBreakEnd(at index: Int) -> Int {
        guard index < bytes.count else { return index }
        if bytes[index] == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A { return index + 2 }
        return index + 1
    }
}
