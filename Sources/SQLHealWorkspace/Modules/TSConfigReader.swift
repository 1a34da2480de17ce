import SQLHealAnalysis

/// Reads `compilerOptions.baseUrl` and `compilerOptions.paths` from the project's tsconfig.json
/// (or jsconfig.json): the aliases its imports use (`@/db/tables`). Comments and trailing commas
/// are allowed, as TypeScript allows them; `extends` is not followed. A missing or broken file
/// means no aliases, never an error.
public enum TSConfigReader {
    public static func settings(forProjectRoot root: String) -> ModuleResolutionSettings {
        for name in ["tsconfig.json", "jsconfig.json"] {
            let path = root + "/" + name
            guard case .success(let bytes) = SourceFileReader.read(path) else { continue }
            return settings(fromJSON: bytes, directory: root)
        }
        return .none
    }

    /// The settings written in a tsconfig text that lives in `directory`.
    public static func settings(fromJSON bytes: [UInt8], directory: String) -> ModuleResolutionSettings {
        guard let json = (try? LocatedJSONParser.parse(bytes)) ?? (try? LocatedJSONParser.parse(withoutTrailingCommas(bytes))),
              let options = json.member("compilerOptions")?.value else { return .none }
        var settings = ModuleResolutionSettings()
        var aliasBase = directory
        if case .string(let baseURL)? = options.member("baseUrl")?.value.value {
            let absolute = baseURL.hasPrefix("/") ? baseURL : directory + "/" + baseURL
            settings.baseURL = absolute
            aliasBase = absolute
        }
        if case .object(let members)? = options.member("paths")?.value.value {
            for member in members {
                guard case .array(let targets) = member.value.value else { continue }
                let absolute = targets.compactMap { target -> String? in
                    guard case .string(let text) = target.value else { return nil }
                    return text.hasPrefix("/") ? text : aliasBase + "/" + text
                }
                settings.paths.append(.init(pattern: member.key, targets: absolute))
            }
        }
        return settings
    }

    /// The text with every `,` that only whitespace separates from a `}` or `]` removed
    /// (outside strings).
    static func withoutTrailingCommas(_ bytes: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var inString = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                result.append(byte)
                if byte == 0x5C, index + 1 < bytes.count { result.append(bytes[index + 1]); index += 2; continue }
                if byte == 0x22 { inString = false }
            } else if byte == 0x22 {
                inString = true
                result.append(byte)
            } else if byte == 0x2C {
                var next = index + 1
                while next < bytes.count, bytes[next] == 0x20 || bytes[next] == 0x0A || bytes[next] == 0x0D || bytes[next] == 0x09 { next += 1 }
                if next >= bytes.count || (bytes[next] != 0x7D && bytes[next] != 0x5D) { result.append(byte) }
            } else {
                result.append(byte)
            }
            index += 1
        }
        return result
    }
}
