// Modules of QueryExtractionPass: what this file exports and imports (its ModuleSummary), its
// enums, and the values of names other files declare (through the ModuleContext).

/// How deep values may refer to values while a module's exports are evaluated.
private let maximumModuleValueDepth = 12

extension QueryExtractionPass {
    // MARK: - Summary

    /// Reads the file's imports, exports and enums into ``summary`` and ``localEnums``.
    /// Call after ``collectConstants()``: exported constants are evaluated from its declarations.
    mutating func summarizeModule() {
        // Imports and enums first: exports refer to them wherever they are written. One pass over
        // the tokens notes where the exports stand; they are read after it.
        var exportKeywords: [(index: Int, isCommonJS: Bool)] = []
        for index in 0..<tokens.count where tokens[index].kind == .identifier && !(index >= 1 && isMemberDot(index - 1)) {
            if isIdentifier(index, "import") {
                readImport(at: index)
            } else if isIdentifier(index, "require") {
                readRequire(at: index)
            } else if isIdentifier(index, "enum"), index + 2 < tokens.count, tokens[index + 1].kind == .identifier, isPunctuator(index + 2, "{") {
                localEnums[text(ofToken: index + 1)] = enumValue(open: index + 2)
            } else if isIdentifier(index, "export") {
                exportKeywords.append((index, false))
            } else if isIdentifier(index, "module") || isIdentifier(index, "exports") {
                exportKeywords.append((index, true))
            }
        }
        for keyword in exportKeywords {
            if keyword.isCommonJS { readCommonJSExport(at: keyword.index) } else { readExport(at: keyword.index) }
        }
        for (name, value) in localEnums where summary.exports[name] == nil && isExportedDeclaration(enumKeyword: name) {
            summary.exports[name] = value
        }
    }

    /// `export enum E`, `export const enum E`, `export declare enum E`.
    private func isExportedDeclaration(enumKeyword name: String) -> Bool {
        for index in 0..<tokens.count where isIdentifier(index, "enum") && index + 1 < tokens.count && text(ofToken: index + 1) == name {
            var previous = index - 1
            while previous >= 0, isIdentifier(previous, "const") || isIdentifier(previous, "declare") { previous -= 1 }
            return isIdentifier(previous, "export")
        }
        return false
    }

    /// The string token's decoded text (escapes decoded), or `nil` for another token.
    func stringValue(ofToken index: Int) -> String? {
        guard index >= 0, index < tokens.count, tokens[index].kind == .string || tokens[index].kind == .template else { return nil }
        var assembly = SQLAssembly()
        appendContent(ofToken: index, to: &assembly)
        return assembly.sqlText
    }

    /// `import D, { a as b } from 'x'`, `import * as N from 'x'`, `import N = require('x')`.
    private mutating func readImport(at keyword: Int) {
        var index = keyword + 1
        guard index < tokens.count, !isPunctuator(index, "(") else { return }  // dynamic import()
        if isIdentifier(index, "type"), index + 1 < tokens.count, tokens[index + 1].kind == .identifier || isPunctuator(index + 1, "{") {
            if !isIdentifier(index + 1, "from") { return }  // `import type …` binds no value
        }
        var bindings: [(local: String, imported: String)] = []
        // TS: `import N = require('x')`.
        if tokens[index].kind == .identifier, isPunctuator(index + 1, "="), isIdentifier(index + 2, "require"), isPunctuator(index + 3, "("),
           let specifier = stringValue(ofToken: index + 4) {
            summary.imports[text(ofToken: index)] = ModuleImport(specifier: specifier, importedName: ModuleImport.namespace)
            return
        }
        var steps = 0
        while index < tokens.count, steps < 4_096 {
            steps += 1
            if isIdentifier(index, "from") { break }
            if tokens[index].kind == .string { break }
            if isPunctuator(index, "*"), isIdentifier(index + 1, "as"), index + 2 < tokens.count, tokens[index + 2].kind == .identifier {
                bindings.append((text(ofToken: index + 2), ModuleImport.namespace))
                index += 3
            } else if isPunctuator(index, "{"), tokens[index].link > index {
                bindings += namedBindings(open: index)
                index = tokens[index].link + 1
            } else if tokens[index].kind == .identifier {
                bindings.append((text(ofToken: index), ModuleImport.defaultExport))
                index += 1
            } else if isPunctuator(index, ",") {
                index += 1
            } else {
                return
            }
        }
        guard isIdentifier(index, "from"), let specifier = stringValue(ofToken: index + 1) else { return }
        for binding in bindings {
            summary.imports[binding.local] = ModuleImport(specifier: specifier, importedName: binding.imported)
        }
    }

    /// `{ a, b as c, type T, default as d }` → (local, imported) pairs, types left out.
    private func namedBindings(open: Int) -> [(local: String, imported: String)] {
        var result: [(String, String)] = []
        for element in splitArguments((open + 1)..<tokens[open].link) where !element.isEmpty {
            var parts = element
            if parts.count >= 2, isIdentifier(parts.lowerBound, "type") { continue }
            guard tokens[parts.lowerBound].kind == .identifier || tokens[parts.lowerBound].kind == .string else { continue }
            let imported = stringValue(ofToken: parts.lowerBound) ?? text(ofToken: parts.lowerBound)
            if parts.count == 3, isIdentifier(parts.lowerBound + 1, "as") {
                result.append((text(ofToken: parts.lowerBound + 2), imported))
            } else if parts.count == 1 {
                result.append((imported, imported))
            }
            parts = parts.dropFirst()
        }
        return result
    }

    private mutating func readExport(at keyword: Int) {
        let index = keyword + 1
        guard index < tokens.count else { return }
        if isIdentifier(index, "const") || isIdentifier(index, "let") || isIdentifier(index, "var") {
            if isIdentifier(index, "const"), isIdentifier(index + 1, "enum") { return }  // read with the enums
            readExportedDeclarators(after: index)
        } else if isIdentifier(index, "default") {
            let start = index + 1
            guard start < tokens.count, !isIdentifier(start, "function"), !isIdentifier(start, "class"), !isIdentifier(start, "async") else { return }
            let end = declaratorEnd(from: start)
            if end > start, let value = moduleValue(of: start..<end, depth: 0) { summary.exports[ModuleImport.defaultExport] = value }
        } else if isPunctuator(index, "*") {
            // `export * from 'x'`, `export * as ns from 'x'`
            if isIdentifier(index + 1, "from"), let specifier = stringValue(ofToken: index + 2) {
                summary.starReExports.append(specifier)
            } else if isIdentifier(index + 1, "as"), index + 2 < tokens.count, isIdentifier(index + 3, "from"), let specifier = stringValue(ofToken: index + 4) {
                summary.reExports[text(ofToken: index + 2)] = ModuleImport(specifier: specifier, importedName: ModuleImport.namespace)
            }
        } else if isPunctuator(index, "{"), tokens[index].link > index {
            let close = tokens[index].link
            let bindings = namedBindings(open: index)
            if isIdentifier(close + 1, "from"), let specifier = stringValue(ofToken: close + 2) {
                // `export { a as b } from 'x'`: here `local` is the exported name.
                for binding in bindings { summary.reExports[binding.local] = ModuleImport(specifier: specifier, importedName: binding.imported) }
            } else {
                for binding in bindings {
                    if let value = value(ofName: binding.imported, at: index, depth: 0) { summary.exports[binding.local] = value }
                }
            }
        }
    }

    /// `export const A = …, B = …`: each name's value.
    private mutating func readExportedDeclarators(after declarationKeyword: Int) {
        var index = declarationKeyword + 1
        var declarators = 0
        while index < tokens.count, declarators < 10_000, tokens[index].kind == .identifier {
            declarators += 1
            let nameIndex = index
            index += 1
            if isPunctuator(index, ":") {
                var steps = 0
                while index < tokens.count, !isPunctuator(index, "="), !isPunctuator(index, ";"), steps < 256 {
                    index = skipGroup(index)
                    steps += 1
                }
            }
            guard isPunctuator(index, "=") else { return }
            let end = declaratorEnd(from: index + 1)
            guard end > index + 1 else { return }
            if let value = moduleValue(of: (index + 1)..<end, depth: 0) { summary.exports[text(ofToken: nameIndex)] = value }
            index = end
            guard isPunctuator(index, ",") else { return }
            index += 1
        }
    }

    /// `const X = require('x')`, `const { a, b: c } = require('x')`, `const a = require('x').a`.
    private mutating func readRequire(at keyword: Int) {
        guard isPunctuator(keyword + 1, "("), let specifier = stringValue(ofToken: keyword + 2), isPunctuator(keyword + 3, ")") else { return }
        guard keyword >= 2, isPunctuator(keyword - 1, "=") else { return }
        var member: String?
        if isPunctuator(keyword + 4, "."), keyword + 5 < tokens.count, tokens[keyword + 5].kind == .identifier { member = text(ofToken: keyword + 5) }
        let target = keyword - 2
        if tokens[target].kind == .identifier {
            summary.imports[text(ofToken: target)] = ModuleImport(specifier: specifier, importedName: member ?? ModuleImport.namespace)
        } else if member == nil, isPunctuator(target, "}"), tokens[target].link >= 0, tokens[target].link < target {
            for property in splitArguments((tokens[target].link + 1)..<target) where !property.isEmpty {
                guard tokens[property.lowerBound].kind == .identifier else { continue }
                let exported = text(ofToken: property.lowerBound)
                if property.count == 1 {
                    summary.imports[exported] = ModuleImport(specifier: specifier, importedName: exported)
                } else if property.count == 3, isPunctuator(property.lowerBound + 1, ":"), tokens[property.lowerBound + 2].kind == .identifier {
                    summary.imports[text(ofToken: property.lowerBound + 2)] = ModuleImport(specifier: specifier, importedName: exported)
                }
            }
        }
    }

    /// `module.exports = …`, `module.exports.A = …`, `exports.A = …`.
    private mutating func readCommonJSExport(at start: Int) {
        var index = start
        if isIdentifier(index, "module") {
            guard isPunctuator(index + 1, "."), isIdentifier(index + 2, "exports") else { return }
            index += 2
        }
        var name: String?
        if isPunctuator(index + 1, "."), index + 2 < tokens.count, tokens[index + 2].kind == .identifier {
            name = text(ofToken: index + 2)
            index += 2
        }
        guard isPunctuator(index + 1, "=") else { return }
        let valueStart = index + 2
        let end = declaratorEnd(from: valueStart)
        guard end > valueStart, let value = moduleValue(of: valueStart..<end, depth: 0) else { return }
        if let name {
            summary.exports[name] = value
        } else {
            summary.exports[ModuleImport.defaultExport] = value
            // `require('x').A` and `const { A } = require('x')` read the object's members.
            if case .object(let members) = value {
                for (member, memberValue) in members where summary.exports[member] == nil { summary.exports[member] = memberValue }
            }
        }
    }

    /// `enum E { A = 'a', B, C = 5 }`: members with their values (auto-numbered from 0 or the last number).
    private mutating func enumValue(open: Int) -> ModuleValue {
        var members: [String: ModuleValue] = [:]
        var next = 0
        for member in splitArguments((open + 1)..<tokens[open].link) where !member.isEmpty {
            let nameIndex = member.lowerBound
            let name: String
            switch tokens[nameIndex].kind {
            case .identifier: name = text(ofToken: nameIndex)
            case .string: name = stringValue(ofToken: nameIndex) ?? ""
            default: continue
            }
            if member.count == 1 {
                members[name] = .number(String(next))
                next += 1
            } else if isPunctuator(nameIndex + 1, "="), member.count >= 3 {
                let value = moduleValue(of: (nameIndex + 2)..<member.upperBound, depth: 0)
                if case .number(let written)? = value, let number = Int(written) { next = number + 1 }
                if let value { members[name] = value }
            }
        }
        return .object(members)
    }

    // MARK: - Values

    /// The value of the expression `range` as far as text tells, with names imported from other
    /// modules kept as references.
    mutating func moduleValue(of range: Range<Int>, depth: Int) -> ModuleValue? {
        guard !range.isEmpty, depth < maximumModuleValueDepth, range.upperBound <= tokens.count else { return nil }
        var range = range
        // `X as const`, `X satisfies T`, parentheses, `Object.freeze(X)`.
        if range.count >= 3, isIdentifier(range.upperBound - 2, "as") || isIdentifier(range.upperBound - 2, "satisfies") {
            range = range.lowerBound..<(range.upperBound - 2)
        }
        while range.count >= 2, isPunctuator(range.lowerBound, "("), tokens[range.lowerBound].link == range.upperBound - 1 {
            range = (range.lowerBound + 1)..<(range.upperBound - 1)
        }
        if range.count >= 5, isIdentifier(range.lowerBound, "Object"), isPunctuator(range.lowerBound + 1, "."), isIdentifier(range.lowerBound + 2, "freeze"),
           isPunctuator(range.lowerBound + 3, "("), tokens[range.lowerBound + 3].link == range.upperBound - 1 {
            return moduleValue(of: (range.lowerBound + 4)..<(range.upperBound - 1), depth: depth + 1)
        }
        guard !range.isEmpty else { return nil }
        let first = range.lowerBound
        let kind = tokens[first].kind
        // `a + b + …`
        let operands = plusOperands(range)
        if operands.count > 1 {
            var parts: [ModuleValue] = []
            for operand in operands {
                guard let part = moduleValue(of: operand, depth: depth + 1) else { return nil }
                parts.append(part)
            }
            // Numbers added before any text are a sum, not text.
            if case .number = parts[0], case .number = parts[1] { return nil }
            return .concatenation(parts)
        }
        if range.count == 1 {
            switch kind {
            case .string, .template: return stringValue(ofToken: first).map(ModuleValue.text)
            case .number: return .number(text(ofToken: first))
            default: break
            }
        }
        if range.count == 2, isPunctuator(first, "-"), tokens[first + 1].kind == .number { return .number("-" + text(ofToken: first + 1)) }
        if kind == .templateHead, templateEnd(first) == range.upperBound - 1 {
            var parts: [ModuleValue] = []
            var part = first
            while true {
                var assembly = SQLAssembly()
                appendContent(ofToken: part, to: &assembly)
                if !assembly.sql.isEmpty { parts.append(.text(assembly.sqlText)) }
                let partKind = tokens[part].kind
                guard partKind == .templateHead || partKind == .templateMiddle else { break }
                let next = tokens[part].link
                guard next > part, next < tokens.count, let hole = moduleValue(of: (part + 1)..<next, depth: depth + 1) else { return nil }
                parts.append(hole)
                part = next
            }
            return .concatenation(parts)
        }
        if isPunctuator(first, "{"), tokens[first].link == range.upperBound - 1 {
            var members: [String: ModuleValue] = [:]
            for property in splitArguments((first + 1)..<(range.upperBound - 1)) where !property.isEmpty {
                let keyIndex = property.lowerBound
                let key: String
                switch tokens[keyIndex].kind {
                case .identifier, .number: key = text(ofToken: keyIndex)
                case .string: key = stringValue(ofToken: keyIndex) ?? ""
                default: continue
                }
                if property.count == 1, tokens[keyIndex].kind == .identifier {
                    if let value = value(ofName: key, at: keyIndex, depth: depth + 1) { members[key] = value }
                } else if isPunctuator(keyIndex + 1, ":"), property.count >= 3, let value = moduleValue(of: (keyIndex + 2)..<property.upperBound, depth: depth + 1) {
                    members[key] = value
                }
            }
            return .object(members)
        }
        if isPunctuator(first, "["), tokens[first].link == range.upperBound - 1 {
            var elements: [ModuleValue] = []
            for element in splitArguments((first + 1)..<(range.upperBound - 1)) where !element.isEmpty {
                guard let value = moduleValue(of: element, depth: depth + 1) else { return nil }
                elements.append(value)
            }
            return .array(elements)
        }
        // `NAME`, `NAME.member.member`
        guard kind == .identifier else { return nil }
        var path: [String] = []
        var index = first + 1
        while index + 1 < range.upperBound, isPunctuator(index, "."), tokens[index + 1].kind == .identifier {
            path.append(text(ofToken: index + 1))
            index += 2
        }
        guard index == range.upperBound else { return nil }
        let name = text(ofToken: first)
        if path.isEmpty { return value(ofName: name, at: first, depth: depth + 1) }
        guard let root = value(ofName: name, at: first, depth: depth + 1) else { return nil }
        if case .reference(let importedName, let prefix) = root { return .reference(name: importedName, path: prefix + path) }
        return root.member(path)
    }

    /// The value a name has at token `use`: a local constant, enum, or imported name (a reference).
    private mutating func value(ofName name: String, at use: Int, depth: Int) -> ModuleValue? {
        if let declaration = constant(named: name, at: use) {
            guard constantResolutionBudget > 0, !constantsInProgress.contains("module:" + name) else { return nil }
            constantResolutionBudget -= 1
            constantsInProgress.insert("module:" + name)
            defer { constantsInProgress.remove("module:" + name) }
            return moduleValue(of: declaration.initializer, depth: depth)
        }
        if let value = localEnums[name] { return value }
        if summary.imports[name] != nil { return .reference(name: name, path: []) }
        return nil
    }

    /// The operands of a top-level `+` chain.
    func plusOperands(_ range: Range<Int>) -> [Range<Int>] {
        var operands: [Range<Int>] = []
        var operandStart = range.lowerBound
        var index = range.lowerBound
        while index < range.upperBound {
            if index > operandStart, isPunctuator(index, "+") {
                operands.append(operandStart..<index)
                operandStart = index + 1
            }
            index = skipGroup(index)
        }
        operands.append(operandStart..<range.upperBound)
        return operands
    }

    // MARK: - Names from other files

    /// The resolved value of `NAME` or `NAME.member…` when NAME is an enum of this file or a name
    /// imported from another file that holds a constant (and no local `const` shadows it).
    func externalValue(for range: Range<Int>) -> ModuleValue? {
        guard !(context.constants.isEmpty && localEnums.isEmpty), !range.isEmpty, tokens[range.lowerBound].kind == .identifier else { return nil }
        var path: [String] = []
        var index = range.lowerBound + 1
        while index + 1 < range.upperBound, isMemberDot(index), tokens[index + 1].kind == .identifier {
            path.append(text(ofToken: index + 1))
            index += 2
        }
        guard index == range.upperBound else { return nil }
        let name = text(ofToken: range.lowerBound)
        // A local `const` of that name shadows the import, unless it is the `require(…)` itself.
        if let local = constant(named: name, at: range.lowerBound), !isIdentifier(local.initializer.lowerBound, "require") { return nil }
        guard let root = localEnums[name] ?? context.constants[name] else { return nil }
        return root.member(path)
    }

    /// The SQL text of ``externalValue(for:)`` when it is text or a number.
    func externalText(for range: Range<Int>) -> String? {
        externalValue(for: range)?.sqlText
    }
}
