import Foundation
import SQLHealAnalysis
import SQLHealWorkspace
import Testing

/// Every quick fix offered on a whole project, applied one at a time (in memory) and the file
/// analysed again: the fix must leave no finding that was not there before. A fix that trades one
/// defect for another (binding `pkgId.toString()` against an INTEGER column) fails here.
@Suite struct EveryFixTests {
    /// A fix that could not be applied, or the findings it added (`code: message`).
    struct Defect: CustomStringConvertible {
        var file: String
        var fix: String
        var added: [String]
        var description: String { "\(file): \"\(fix)\" added \(added)" }
    }

    /// Applies each text fix of each finding of each project file, alone, and re-analyses.
    /// Returns how many fixes were applied and the defects they left.
    static func applyEveryFix(root: String) -> (applied: Int, defects: [Defect]) {
        let workspace = ProjectWorkspace.load(root: root)
        let files = workspace.discoverFiles().files
        let modules = workspace.moduleIndex(files: files)
        var applied = 0
        var defects: [Defect] = []
        for path in files {
            guard case .success(let text) = SourceFileReader.read(path), let language = SourceLanguage(fileName: path) else { continue }
            let context = modules.context(forFile: path)
            let analysis = workspace.analyzer.analyze(text, language: language, modules: context)
            let before = keys(of: analysis.findings)
            let fixContext = CodeFixContext(text: text, analysis: analysis, schema: workspace.analyzer.schema)
            for finding in analysis.findings {
                for fix in CodeFixProvider().fixes(for: finding, in: fixContext) {
                    // Repair steps change the database, not the code: the repair's own tests cover them.
                    guard case .textEdits(let edits) = fix.action else { continue }
                    let display = WorkspacePath.display(path, root: root)
                    guard let fixed = TextEditApplication.apply(edits, to: text) else {
                        defects.append(Defect(file: display, fix: fix.title, added: ["the edits do not apply"]))
                        continue
                    }
                    applied += 1
                    let after = keys(of: workspace.analyzer.analyze(fixed, language: language, modules: context).findings)
                    var remaining = before
                    var added: [String] = []
                    for key in after {
                        if let index = remaining.firstIndex(of: key) { remaining.remove(at: index) } else { added.append(key) }
                    }
                    if !added.isEmpty { defects.append(Defect(file: display, fix: fix.title, added: added)) }
                }
            }
        }
        return (applied, defects)
    }

    static func keys(of findings: [Finding]) -> [String] {
        findings.map { "\($0.code.rawValue): \($0.message)" }
    }

    @Test func everyQuickFixOnTheDemoLeavesNoNewFinding() throws {
        let demo = SchemaValidator.repositoryRoot + "/demo"
        try #require(FileManager.default.fileExists(atPath: demo + "/sqlheal.json"))
        let (applied, defects) = Self.applyEveryFix(root: demo)
        #expect(applied >= 5, "the demo offers fixes for its seeded findings")
        #expect(defects.isEmpty, "\(defects)")
    }

    /// The lessons of issue 16 in a project of their own: conversions a bound column makes wrong
    /// (dropped), right (kept), or that change the value (converted).
    @Test func everyQuickFixOnSplicedConversionsLeavesNoNewFinding() throws {
        let project = try TemporaryProject([
            "sqlheal.json": #"{ "migrations": "migrations" }"#,
            "migrations/1_init.sql": """
                CREATE TABLE packages (id INTEGER PRIMARY KEY, name TEXT, downloads INTEGER, score REAL);
                CREATE TABLE tags (package_id INTEGER, label TEXT);
                """,
            "src/packages.js": """
                export const byId = (db, pkgId) => db.get(`SELECT name FROM packages WHERE id = ${pkgId.toString()}`);
                export const popular = (db, n) => db.all('SELECT name FROM packages WHERE downloads > ' + String(n));
                export const scored = (db, s) => db.all(`SELECT name FROM packages WHERE score = ${s.toFixed(2)}`);
                export const tagged = (db, id) => db.all(`SELECT label FROM tags WHERE package_id = ${parseInt(id, 10)}`);
                export const labelled = (db, label) => db.all(`SELECT package_id FROM tags WHERE label = '${String(label)}'`);
                export const count = (db, id) => db.get(`SELECT count(*) FROM tags WHERE label = ${Number(id)}`);
                """,
        ])
        let (applied, defects) = Self.applyEveryFix(root: project.root)
        #expect(applied >= 6)
        #expect(defects.isEmpty, "\(defects)")
    }
}
