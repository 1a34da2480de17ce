/// Tunes ``FixAll``.
public struct FixAllConfiguration: Sendable, Hashable {
    /// The most analyse-and-fix rounds one run makes. Each round applies every safe fix whose
    /// edits do not conflict with another's; fixes that conflict (two values added to the same
    /// call) wait for the next round, computed on the new text. The bound makes a loop impossible
    /// even if a fix did not clear its finding.
    public var maximumRounds: Int

    public init(maximumRounds: Int = 32) {
        self.maximumRounds = maximumRounds
    }

    public static let `default` = FixAllConfiguration()
}

/// One fix that a fix-all run applied.
public struct AppliedCodeFix: Sendable, Hashable {
    public var title: String
    public var findingCode: FindingCode
    /// The round (1-based) that applied it.
    public var round: Int
    /// The first edited byte, in the text of that round.
    public var offset: Int

    public init(title: String, findingCode: FindingCode, round: Int, offset: Int) {
        self.title = title
        self.findingCode = findingCode
        self.round = round
        self.offset = offset
    }
}

public struct FixAllOutcome: Sendable {
    public var originalText: [UInt8]
    public var fixedText: [UInt8]
    public var appliedFixes: [AppliedCodeFix]
    public var rounds: Int
    /// True when the run stopped because of ``FixAllConfiguration/maximumRounds`` or because a
    /// round would have recreated an earlier text, rather than because nothing was left to fix.
    public var stoppedEarly: Bool

    public var changed: Bool { originalText != fixedText }
}

/// Applies every safe code fix of a document at once (`source.fixAll.sqlheal`, `sqlheal fix`).
///
/// Never a schema change, never a guess between names: only fixes marked
/// ``CodeFix/isSafeForFixAll``. The run re-analyses the text after each round, so later fixes
/// see earlier ones (a second value added to a call goes after the first). It always ends:
/// at most ``FixAllConfiguration/maximumRounds`` rounds, never the same fix twice at the same
/// place, and it stops rather than return to a text it has already produced.
public enum FixAll {
    public static func applySafeFixes(
        to text: [UInt8],
        schema: SchemaContext,
        configuration: FixAllConfiguration = .default,
        analyze: ([UInt8]) -> DocumentAnalysis
    ) -> FixAllOutcome {
        let provider = CodeFixProvider()
        var current = text
        var seenTexts: Set<[UInt8]> = [text]
        var applied: [AppliedCodeFix] = []
        // (title, first edited offset in the current text) of every fix applied so far.
        var appliedPlaces: [(title: String, offset: Int)] = []
        var rounds = 0
        var stoppedEarly = false
        while true {
            guard rounds < max(configuration.maximumRounds, 0) else {
                stoppedEarly = true
                break
            }
            let analysis = analyze(current)
            let context = CodeFixContext(text: current, analysis: analysis, schema: schema)
            let candidates = provider.fixes(in: context).filter { fix in
                guard fix.isSafeForFixAll, let first = fix.textEdits.first else { return false }
                return !appliedPlaces.contains { $0.title == fix.title && $0.offset == first.range.lowerBound }
            }
            let chosen = selectNonConflicting(candidates)
            guard !chosen.isEmpty else { break }
            let edits = chosen.flatMap(\.textEdits)
            guard let next = TextEditApplication.apply(edits, to: current) else {
                stoppedEarly = true
                break
            }
            rounds += 1
            guard seenTexts.insert(next).inserted else {
                stoppedEarly = true
                break
            }
            for fix in chosen {
                let offset = fix.textEdits.first?.range.lowerBound ?? 0
                applied.append(AppliedCodeFix(title: fix.title, findingCode: fix.findingCode, round: rounds, offset: offset))
                appliedPlaces.append((fix.title, offset))
            }
            appliedPlaces = appliedPlaces.map { ($0.title, TextEditApplication.mapOffset($0.offset, through: edits)) }
            current = next
        }
        return FixAllOutcome(originalText: text, fixedText: current, appliedFixes: applied, rounds: rounds, stoppedEarly: stoppedEarly)
    }

    /// A largest-first-come set of fixes whose edits neither conflict with each other nor
    /// repeat one already chosen (two findings can offer the same edit), in document order.
    public static func selectNonConflicting(_ fixes: [CodeFix]) -> [CodeFix] {
        let ordered = fixes.enumerated().sorted { lhs, rhs in
            let left = lhs.element.textEdits.first?.range.lowerBound ?? 0
            let right = rhs.element.textEdits.first?.range.lowerBound ?? 0
            return (left, lhs.offset) < (right, rhs.offset)
        }.map(\.element)
        var chosen: [CodeFix] = []
        var chosenEdits: [ByteRangeEdit] = []
        var chosenEditSets: Set<[ByteRangeEdit]> = []
        for fix in ordered {
            let edits = fix.textEdits
            guard !edits.isEmpty, !chosenEditSets.contains(edits) else { continue }
            let conflicts = edits.contains { edit in chosenEdits.contains { $0.conflicts(with: edit) } }
            guard !conflicts else { continue }
            chosen.append(fix)
            chosenEdits.append(contentsOf: edits)
            chosenEditSets.insert(edits)
        }
        return chosen
    }
}
