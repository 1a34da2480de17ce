import Testing
@testable import SQLHealAnalysis

struct DifferenceCase: CustomTestStringConvertible, Sendable {
    var name: String
    var old: String
    var new: String
    /// What GNU `diff -u a b` prints, after its two header lines.
    var hunks: String
    var testDescription: String { name }
}

@Test(arguments: [
    DifferenceCase(name: "equal", old: "a\nb\n", new: "a\nb\n", hunks: ""),
    DifferenceCase(
        name: "one changed line in the middle, three lines of context",
        old: "1\n2\n3\n4\n5\n6\n7\n8\n9\n", new: "1\n2\n3\n4\nfive\n6\n7\n8\n9\n",
        hunks: "@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n"
    ),
    DifferenceCase(
        name: "two distant changes are two hunks",
        old: "a\n1\n2\n3\n4\n5\n6\n7\n8\nb\n", new: "A\n1\n2\n3\n4\n5\n6\n7\n8\nB\n",
        hunks: "@@ -1,4 +1,4 @@\n-a\n+A\n 1\n 2\n 3\n@@ -7,4 +7,4 @@\n 6\n 7\n 8\n-b\n+B\n"
    ),
    DifferenceCase(
        name: "insertion into an empty file",
        old: "", new: "x\n",
        hunks: "@@ -0,0 +1 @@\n+x\n"
    ),
    DifferenceCase(
        name: "no newline at end of file",
        old: "a\nb", new: "a\nc",
        hunks: "@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n"
    ),
    DifferenceCase(
        name: "a deleted line",
        old: "a\nb\nc\n", new: "a\nc\n",
        hunks: "@@ -1,3 +1,2 @@\n a\n-b\n c\n"
    ),
])
func unifiedDiffMatchesGNUDiff(_ testCase: DifferenceCase) {
    let difference = TextDifference(old: Array(testCase.old.utf8), new: Array(testCase.new.utf8))
    let diff = difference.unifiedDiff(oldLabel: "a/x.js", newLabel: "b/x.js")
    if testCase.hunks.isEmpty {
        #expect(diff.isEmpty)
    } else {
        #expect(diff == "--- a/x.js\n+++ b/x.js\n" + testCase.hunks)
    }
}

@Test(arguments: [
    ("db.all(sql, [parseInt(a)]);\nother();\n", "db.all(sql, [a]);\nother();\n"),
    ("é = 1;\nx\n", "è = 1;\nx\n"),
    ("a\nb\nc\nd\n", "a\nB\nc\nD\nE\n"),
    ("", "new\n"),
    ("old\n", ""),
])
func textEditsReproduceTheNewText(old: String, new: String) throws {
    let difference = TextDifference(old: Array(old.utf8), new: Array(new.utf8))
    let edits = difference.textEdits()
    let applied = try #require(TextEditApplication.apply(edits, to: Array(old.utf8)))
    #expect(String(decoding: applied, as: UTF8.self) == new)
    // Every edit replaces whole characters.
    for edit in edits { #expect(String(validating: Array(old.utf8)[edit.range], as: UTF8.self) != nil) }
}

@Test func narrowEditsForAOneWordChange() {
    let difference = TextDifference(old: Array("db.all(sql, [parseInt(a)]);\n".utf8), new: Array("db.all(sql, [a]);\n".utf8))
    #expect(difference.textEdits() == [ByteRangeEdit(range: 13..<24, newText: "a")])
}
