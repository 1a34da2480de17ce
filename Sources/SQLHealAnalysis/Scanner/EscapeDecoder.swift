/// Decodes one JavaScript escape sequence in a string or template literal into UTF-8.
enum EscapeDecoder {
    /// Decodes the escape sequence whose backslash is at `start` (not reading at or past
    /// `limit`). Returns the UTF-8 bytes it stands for (empty for a line continuation) and the
    /// offset just after the sequence, always greater than `start`.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, limit: Int) -> (decoded: [UInt8], end: Int) {
        let next = start + 1
        guard next < limit else { return ([], limit > start ? limit : start + 1) }
        let byte = bytes[next]
        switch byte {
        case 0x6E: return ([0x0A], next + 1)  // \n
        case 0x74: return ([0x09], next + 1)  // \t
        case 0x72: return ([0x0D], next + 1)  // \r
        case 0x62: return ([0x08], next + 1)  // \b
        case 0x66: return ([0x0C], next + 1)  // \f
        case 0x76: return ([0x0B], next + 1)  // \v
        case 0x0D:  // line continuation
            return ([], next + 1 < limit && bytes[next + 1] == 0x0A ? next + 2 : next + 1)
        case 0x0A:
            return ([], next + 1)
        case 0xE2 where next + 2 < limit && bytes[next + 1] == 0x80 && (bytes[next + 2] == 0xA8 || bytes[next + 2] == 0xA9):
            return ([], next + 3)
        case 0x78:  // \xHH
            if next + 2 < limit, let high = hexValue(bytes[next + 1]), let low = hexValue(bytes[next + 2]) {
                return (utf8(UInt32(high * 16 + low)), next + 3)
            }
            return ([0x78], next + 1)
        case 0x75:  // \uHHHH, \u{H…}
            guard let (scalar, end) = unicodeEscape(bytes, at: next, limit: limit) else { return ([0x75], next + 1) }
            if scalar >= 0xD800, scalar <= 0xDBFF, end + 1 < limit, bytes[end] == 0x5C, bytes[end + 1] == 0x75,
               let (low, lowEnd) = unicodeEscape(bytes, at: end + 1, limit: limit), low >= 0xDC00, low <= 0xDFFF {
                let combined = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                return (utf8(combined), lowEnd)
            }
            return (utf8(scalar), end)
        case 0x30...0x37:  // \0 or a legacy octal escape
            var value: UInt32 = 0
            var index = next
            let maximumLength = byte <= 0x33 ? 3 : 2
            while index < limit, index - next < maximumLength, bytes[index] >= 0x30, bytes[index] <= 0x37 {
                value = value * 8 + UInt32(bytes[index] - 0x30)
                index += 1
            }
            return (utf8(value), index)
        default:
            // Any other character stands for itself: copy its whole UTF-8 sequence.
            var length = 1
            if byte >= 0xF0 { length = 4 } else if byte >= 0xE0 { length = 3 } else if byte >= 0xC0 { length = 2 }
            let end = min(next + length, limit)
            return (Array(bytes[next..<end]), end)
        }
    }

    /// Reads `uHHHH` or `u{H…}` with `u` at `index`.
    private static func unicodeEscape(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, limit: Int) -> (UInt32, Int)? {
        let first = index + 1
        guard first < limit else { return nil }
        if bytes[first] == 0x7B {
            var value: UInt32 = 0
            var cursor = first + 1
            while cursor < limit, let digit = hexValue(bytes[cursor]) {
                if value > 0x10FFFF { return nil }
                value = value * 16 + UInt32(digit)
                cursor += 1
                if cursor - first > 8 { return nil }
            }
            guard cursor < limit, bytes[cursor] == 0x7D, cursor > first + 1 else { return nil }
            return (value, cursor + 1)
        }
        guard first + 4 <= limit else { return nil }
        var value: UInt32 = 0
        for offset in 0..<4 {
            guard let digit = hexValue(bytes[first + offset]) else { return nil }
            value = value * 16 + UInt32(digit)
        }
        return (value, first + 4)
    }

    private static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case 0x30...0x39: Int(byte - 0x30)
        case 0x41...0x46: Int(byte - 0x41 + 10)
        case 0x61...0x66: Int(byte - 0x61 + 10)
        default: nil
        }
    }

    /// UTF-8 for a code point; lone surrogates and out-of-range values become U+FFFD.
    private static func utf8(_ value: UInt32) -> [UInt8] {
        guard let scalar = Unicode.Scalar(value) else { return [0xEF, 0xBF, 0xBD] }
        return Array(String(Character(scalar)).utf8)
    }
}
