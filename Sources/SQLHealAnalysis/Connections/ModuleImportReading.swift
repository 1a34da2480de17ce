// MARK: - What a file imports

extension QueryExtractionPass {
    /// Every `import … from 'm'`, `import 'm'`, `import X = require('m')`, `require('m')` and
    /// `import('m')` bound to a name, in source order.
    func collectImports() -> [ImportedBinding] {
        var bindings: [ImportedBinding] = []
        var index = 0
        while index < tokens.count {
            defer { index += 1 }
            guard tokens[index].kind == .identifier, !(index >= 1 && isMemberDot(index - 1)) else { continue }
            if isIdentifier(index, "require") || isIdentifier(index, "import") && isPunctuator(index + 1, "(") {
                guard isPunctuator(index + 1, "("), let module = stringContent(at: index + 2), isPunctuator(index + 3, ")") else { continue }
                bindings += bindingsOfModuleValue(module: module, valueStart: index)
            } else if isIdentifier(index, "import") {
                bindings += staticImport(at: index)
            }
        }
        return bindings
    }

    /// The content of the string literal (or template without holes) at `index`.
    func stringContent(at index: Int) -> String? {
        guard index >= 0, index < tokens.count, tokens[index].kind == .string || tokens[index].kind == .template, tokens[index].length >= 2 else { return nil }
        return text((tokens[index].start + 1)..<(tokens[index].end - 1))
    }

    /// `import Default, { a, b as c } from 'm'`, `import * as ns from 'm'`, `import type { T } from 'm'`, `import 'm'`.
    private func staticImport(at importIndex: Int) -> [ImportedBinding] {
        var index = importIndex + 1
        if let module = stringContent(at: index) { return [ImportedBinding(localName: "", module: module, exportName: nil)] }
        if isIdentifier(index, "type") || isIdentifier(index, "typeof"), !isIdentifier(index + 1, "from"), !isPunctuator(index + 1, ",") { index += 1 }
        var defaultName: String?
        var namespaceName: String?
        var named: [(local: String, export: String)] = []
        var steps = 0
        while index < tokens.count, steps < 64 {
            steps += 1
            if isIdentifier(index, "from"), let module = stringContent(at: index + 1) {
                var bindings: [ImportedBinding] = []
                if let defaultName { bindings.append(ImportedBinding(localName: defaultName, module: module, exportName: nil)) }
                if let namespaceName { bindings.append(ImportedBinding(localName: namespaceName, module: module, exportName: nil)) }
                bindings += named.map { ImportedBinding(localName: $0.local, module: module, exportName: $0.export) }
                return bindings
            }
            if isPunctuator(index, "*"), isIdentifier(index + 1, "as"), tokens.indices.contains(index + 2), tokens[index + 2].kind == .identifier {
                namespaceName = text(ofToken: index + 2)
                index += 3
            } else if isPunctuator(index, "{"), isOpener(index) {
                named = importSpecifiers(inside: index)
                index = tokens[index].link + 1
            } else if tokens[index].kind == .identifier, defaultName == nil {
                if isPunctuator(index + 1, "="), isIdentifier(index + 2, "require") { return [] }  // `import X = require('m')`: read at `require`
                defaultName = text(ofToken: index)
                index += 1
            } else if isPunctuator(index, ",") {
                index += 1
            } else {
                return []
            }
        }
        return []
    }

    /// `a`, `b as c`, `type d`, `default as e`, `'s' as f` inside `{ … }` → (local, export).
    private func importSpecifiers(inside open: Int) -> [(local: String, export: String)] {
        var result: [(local: String, export: String)] = []
        for specifier in splitArguments((open + 1)..<tokens[open].link) where !specifier.isEmpty {
            var range = specifier
            if range.count >= 2, isIdentifier(range.lowerBound, "type") { range = (range.lowerBound + 1)..<range.upperBound }
            let exportName = stringContent(at: range.lowerBound) ?? text(ofToken: range.lowerBound)
            if range.count == 3, isIdentifier(range.lowerBound + 1, "as"), tokens[range.upperBound - 1].kind == .identifier {
                result.append((text(ofToken: range.upperBound - 1), exportName))
            } else if range.count == 1, tokens[range.lowerBound].kind == .identifier {
                result.append((exportName, exportName))
            }
        }
        return result
    }

    /// The names `require('m')` or `await import('m')` is bound to: `const X = require('m')`,
    /// `const X = require('m').verbose()`, `const { a, b: c } = require('m')`, `import X = require('m')`.
    private func bindingsOfModuleValue(module: String, valueStart: Int) -> [ImportedBinding] {
        var start = valueStart
        if start >= 1, isIdentifier(start - 1, "await") { start -= 1 }
        guard start >= 2, isPunctuator(start - 1, "=") else { return [] }
        let target = start - 2
        if tokens[target].kind == .identifier {
            // `.default` and chained setup calls (`.verbose()`) keep the module's value.
            let after = valueStart + 4
            if isMemberDot(after), tokens.indices.contains(after + 1), tokens[after + 1].kind == .identifier, !isIdentifier(after + 1, "default"),
               !isIdentifier(after + 1, "verbose") {
                return [ImportedBinding(localName: text(ofToken: target), module: module, exportName: text(ofToken: after + 1))]
            }
            return [ImportedBinding(localName: text(ofToken: target), module: module, exportName: nil)]
        }
        guard isPunctuator(target, "}"), tokens[target].link >= 0, tokens[target].link < target else { return [] }
        var bindings: [ImportedBinding] = []
        for property in splitArguments((tokens[target].link + 1)..<target) where !property.isEmpty {
            let key = text(ofToken: property.lowerBound)
            if property.count == 1 {
                bindings.append(ImportedBinding(localName: key, module: module, exportName: key))
            } else if property.count == 3, isPunctuator(property.lowerBound + 1, ":"), tokens[property.upperBound - 1].kind == .identifier {
                bindings.append(ImportedBinding(localName: text(ofToken: property.upperBound - 1), module: module, exportName: key))
            }
        }
        return bindings
    }
}
