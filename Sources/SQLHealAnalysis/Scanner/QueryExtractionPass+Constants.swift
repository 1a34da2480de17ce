// Same-file constants of QueryExtractionPass: declarations, object members, lookup.

extension QueryExtractionPass {
    // MARK: - Constants

    mutating func collectConstants() {
        // Growing the table one name at a time rehashed it over and over in a file of thousands.
        var declarationCount = 0
        for index in tokens.indices where tokens[index].kind == .identifier && tokens[index].length == 5 && isIdentifier(index, "const") { declarationCount += 1 }
        constants.reserveCapacity(constants.count + declarationCount)
        var braceStack: [Int] = []
        var index = 0
        let count = tokens.count
        while index < count {
            let token = tokens[index]
            if token.kind == .punctuator, token.length == 1 {
                let byte = bytes[token.start]
                if byte == 0x7B, token.link > index { braceStack.append(index) }
                if byte == 0x7D, token.link >= 0, token.link < index {
                    while let top = braceStack.last, top > token.link { braceStack.removeLast() }
                    if braceStack.last == token.link { braceStack.removeLast() }
                }
            } else if token.kind == .identifier, isIdentifier(index, "const"), !(index >= 1 && isMemberDot(index - 1)) {
                let scope: Range<Int>
                if let open = braceStack.last { scope = open..<(tokens[open].link + 1) } else { scope = 0..<count }
                parseConstantDeclarators(after: index, scope: scope)
            }
            index += 1
        }
    }

    mutating func parseConstantDeclarators(after constIndex: Int, scope: Range<Int>) {
        var index = constIndex + 1
        var declarators = 0
        while index < tokens.count, declarators < 10_000 {
            declarators += 1
            guard tokens[index].kind == .identifier else { return }  // destructuring, `const enum`
            let nameIndex = index
            index += 1
            if isPunctuator(index, ":") {  // TS type annotation: up to `=`
                var steps = 0
                while index < tokens.count, !isPunctuator(index, "="), !isPunctuator(index, ";"), steps < 256 {
                    index = skipGroup(index)
                    steps += 1
                }
            }
            guard isPunctuator(index, "=") else { return }
            let initializerStart = index + 1
            let initializerEnd = declaratorEnd(from: initializerStart)
            guard initializerEnd > initializerStart else { return }
            var initializer = initializerStart..<initializerEnd
            if initializer.count >= 3, isIdentifier(initializer.upperBound - 2, "as") || isIdentifier(initializer.upperBound - 2, "satisfies") {
                initializer = initializer.lowerBound..<(initializer.upperBound - 2)
            }
            var declaration = ConstantDeclaration(scope: scope, initializer: initializer, members: [:])
            if isOpener(initializer.lowerBound), tokens[initializer.lowerBound].link == initializer.upperBound - 1, bytes[tokens[initializer.lowerBound].start] == 0x7B {
                declaration.members = objectMembers(of: initializer.lowerBound)
            }
            constants[text(ofToken: nameIndex), default: []].append(declaration)
            index = initializerEnd
            guard isPunctuator(index, ",") else { return }
            index += 1
        }
    }

    /// The end of a declarator's initializer: a top-level `,` or `;`, the enclosing closer, or a
    /// line break where automatic semicolon insertion ends the statement.
    func declaratorEnd(from start: Int) -> Int {
        var index = start
        while index < tokens.count {
            if index > start, tokens[index].flags.contains(.precededByLineBreak), endsValue(index - 1) {
                switch tokens[index].kind {
                case .identifier, .string, .number, .template, .templateHead, .privateName: return index
                default: break
                }
            }
            if isPunctuator(index, ",") || isPunctuator(index, ";") || isCloser(index) { return index }
            index = skipGroup(index)
        }
        return min(index, tokens.count)
    }

    /// `key: value` members of the object literal opening at `open`, nested objects as `a.b`.
    func objectMembers(of open: Int) -> [String: Range<Int>] {
        var members: [String: Range<Int>] = [:]
        var work: [(open: Int, prefix: String, depth: Int)] = [(open, "", 0)]
        while let item = work.popLast() {
            let close = tokens[item.open].link
            for property in splitArguments((item.open + 1)..<close) where property.count >= 3 {
                let keyIndex = property.lowerBound
                guard isPunctuator(keyIndex + 1, ":") else { continue }
                let key: String
                switch tokens[keyIndex].kind {
                case .identifier, .number: key = text(ofToken: keyIndex)
                case .string: key = text((tokens[keyIndex].start + 1)..<max(tokens[keyIndex].start + 1, tokens[keyIndex].end - 1))
                default: continue
                }
                var value = (keyIndex + 2)..<property.upperBound
                if value.count >= 3, isIdentifier(value.upperBound - 2, "as") { value = value.lowerBound..<(value.upperBound - 2) }
                let path = item.prefix.isEmpty ? key : item.prefix + "." + key
                members[path] = value
                if item.depth < 8, isOpener(value.lowerBound), tokens[value.lowerBound].link == value.upperBound - 1, bytes[tokens[value.lowerBound].start] == 0x7B {
                    work.append((value.lowerBound, path, item.depth + 1))
                }
            }
        }
        return members
    }

    /// The innermost `const` named `name` whose scope holds the token `use`.
    func constant(named name: String, at use: Int) -> ConstantDeclaration? {
        guard let candidates = constants[name] else { return nil }
        var best: ConstantDeclaration?
        for candidate in candidates where candidate.scope.contains(use) {
            if let current = best, current.scope.lowerBound >= candidate.scope.lowerBound { continue }
            best = candidate
        }
        return best
    }

    /// The tokens of the value a name or member path (`Q`, `Q.byId`, `Q.users.byId`) refers to.
    mutating func constantValue(for range: Range<Int>) -> (tokens: Range<Int>, name: String)? {
        guard !range.isEmpty, tokens[range.lowerBound].kind == .identifier else { return nil }
        var path: [String] = []
        var index = range.lowerBound + 1
        while index + 1 < range.upperBound, isPunctuator(index, "."), tokens[index + 1].kind == .identifier {
            path.append(text(ofToken: index + 1))
            index += 2
        }
        guard index == range.upperBound else { return nil }
        let name = text(ofToken: range.lowerBound)
        guard let declaration = constant(named: name, at: range.lowerBound) else { return nil }
        if path.isEmpty { return (declaration.initializer, name) }
        let memberPath = path.joined(separator: ".")
        guard let member = declaration.members[memberPath] else { return nil }
        return (member, name + "." + memberPath)
    }
}
