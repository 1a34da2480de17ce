import Foundation
import Testing
@testable import SQLHealWorkspace

@Suite("Globs")
struct GlobPatternTests {
    static let cases: [(pattern: String, path: String, matches: Bool)] = [
        ("**/*.{js,ts}", "a.js", true),
        ("**/*.{js,ts}", "src/deep/a.ts", true),
        ("**/*.{js,ts}", "src/a.tsx", false),
        ("**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}", "src/components/Panel.tsx", true),
        ("src/*.js", "src/a.js", true),
        ("src/*.js", "src/x/a.js", false),
        ("src/**", "src/x/y/z.js", true),
        ("src/**/z.js", "src/z.js", true),
        ("node_modules/**", "node_modules/pkg/index.js", true),
        ("node_modules/**", "src/node_modules/pkg/index.js", false),
        ("?.js", "a.js", true),
        ("?.js", "ab.js", false),
        ("[ab].js", "b.js", true),
        ("[!ab].js", "b.js", false),
        ("[a-c]x.js", "cx.js", true),
        ("{src,lib}/**/*.js", "lib/a/b.js", true),
        ("{src,lib}/**/*.js", "test/a.js", false),
        ("a{b,c{d,e}}f", "acef", true),
        ("a{b,c{d,e}}f", "acf", false),
        ("*.js", ".hidden.js", true),
        ("./src/*.js", "src/a.js", true),
        ("\\*.js", "*.js", true),
        ("\\*.js", "a.js", false),
        ("unbalanced{a,b", "unbalanced{a,b", true),
    ]

    @Test(arguments: cases)
    func matching(_ testCase: (pattern: String, path: String, matches: Bool)) {
        #expect(GlobPattern(testCase.pattern).matches(testCase.path) == testCase.matches, "\(testCase.pattern) vs \(testCase.path)")
    }

    @Test func prunesWholeFolders() {
        #expect(GlobPattern("dist/**").matchesEverythingInside("dist"))
        #expect(!GlobPattern("dist/**").matchesEverythingInside("src"))
        #expect(GlobPattern("**/generated/**").matchesEverythingInside("a/b/generated"))
        #expect(!GlobPattern("dist/*.js").matchesEverythingInside("dist"))
    }

    @Test func pathologicalPatternsFinish() {
        let pattern = GlobPattern(String(repeating: "*a", count: 40) + "b")
        #expect(!pattern.matches(String(repeating: "a", count: 200)))
        let braces = GlobPattern(String(repeating: "{a,b}", count: 30))
        #expect(braces.matches("aaaaaaaa") == false)
        let stars = GlobPattern(Array(repeating: "**", count: 30).joined(separator: "/") + "/x")
        #expect(stars.matches(Array(repeating: "d", count: 40).joined(separator: "/") + "/x"))
    }
}

@Suite("gitignore")
struct GitIgnoreTests {
    static let cases: [(rules: String, path: String, isDirectory: Bool, ignored: Bool?)] = [
        ("*.log", "a/b/c.log", false, true),
        ("*.log\n!keep.log", "a/keep.log", false, false),
        ("build/", "build", true, true),
        ("build/", "build", false, nil),
        ("/out", "out", true, true),
        ("/out", "src/out", true, nil),
        ("docs/gen", "docs/gen", true, true),
        ("docs/gen", "x/docs/gen", true, nil),
        ("**/tmp", "a/b/tmp", true, true),
        ("a/**/z", "a/b/c/z", false, true),
        ("# comment\n\n", "anything", false, nil),
        ("\\#notacomment", "#notacomment", false, true),
        ("secret.js   ", "secret.js", false, true),
        ("*.js\n!src/*.js", "src/a.js", false, false),
    ]

    @Test(arguments: cases)
    func decisions(_ testCase: (rules: String, path: String, isDirectory: Bool, ignored: Bool?)) {
        let rules = GitIgnoreRules(text: testCase.rules, baseDirectory: "")
        #expect(rules.decision(for: testCase.path, isDirectory: testCase.isDirectory) == testCase.ignored, "\(testCase.rules) vs \(testCase.path)")
    }

    @Test func nestedFilesApplyBelowTheirFolder() {
        let nested = GitIgnoreRules(text: "*.gen.ts", baseDirectory: "packages/app")
        #expect(nested.decision(for: "packages/app/x/a.gen.ts", isDirectory: false) == true)
        #expect(nested.decision(for: "packages/other/a.gen.ts", isDirectory: false) == nil)
    }
}

@Suite("Discovery")
struct DiscoveryTests {
    @Test func defaultRulesSkipDependenciesBuildOutputAndGitIgnored() throws {
        let project = try TemporaryProject([
            "src/app.ts": "",
            "src/view.tsx": "",
            "src/util.mjs": "",
            "src/readme.md": "",
            "node_modules/pkg/index.js": "",
            "packages/a/node_modules/dep/index.js": "",
            "packages/a/src/index.cjs": "",
            "dist/bundle.js": "",
            "build/out.js": "",
            ".gitignore": "coverage/\n*.generated.ts\n/scripts/local.js\n!src/keep.generated.ts\n",
            "coverage/report.js": "",
            "src/api.generated.ts": "",
            "src/keep.generated.ts": "",
            "scripts/local.js": "",
            "scripts/deploy.js": "",
            "tools/.gitignore": "*.js\n!keep.js\n",
            "tools/drop.js": "",
            "tools/keep.js": "",
        ])
        let configuration = WorkspaceConfiguration.load(root: project.root)
        let files = project.relative(configuration.discoverFiles().files)
        #expect(files == [
            "packages/a/src/index.cjs",
            "scripts/deploy.js",
            "src/app.ts",
            "src/keep.generated.ts",
            "src/util.mjs",
            "src/view.tsx",
            "tools/keep.js",
        ])
    }

    @Test func includeAndExcludeFromConfiguration() throws {
        let project = try TemporaryProject([
            "sqlheal.json": #"{ "include": ["server/**/*.ts"], "exclude": ["server/legacy/**"] }"#,
            "server/a.ts": "",
            "server/legacy/b.ts": "",
            "client/c.ts": "",
        ])
        let configuration = WorkspaceConfiguration.load(root: project.root)
        #expect(project.relative(configuration.discoverFiles().files) == ["server/a.ts"])
    }

    @Test func limitingToPaths() throws {
        let project = try TemporaryProject([
            "src/a/one.js": "",
            "src/b/two.js": "",
            "src/b/notes.txt": "",
        ])
        let configuration = WorkspaceConfiguration.load(root: project.root)
        let discovered = configuration.discoverFiles(limitTo: [project.path("src/b"), project.path("src/a/one.js"), project.path("missing.js")])
        #expect(project.relative(discovered.files) == ["src/a/one.js", "src/b/two.js"])
        #expect(discovered.notes.map(\.message) == ["no such file or folder"])
    }

    @Test func oddFilesBecomeNotesNotFailures() throws {
        let project = try TemporaryProject([
            "src/ok.js": "db.all('SELECT 1')",
        ])
        try project.write("src/latin1.js", bytes: Array("const s = 'caf".utf8) + [0xE9] + Array("';".utf8))
        try project.write("src/utf16.js", bytes: [0xFF, 0xFE, 0x61, 0x00])
        try project.write("src/huge.js", bytes: Array(repeating: UInt8(ascii: " "), count: SourceFileReader.maximumFileSize + 1))
        // A FIFO must never be opened: reading it would block forever.
        #expect(mkfifo(project.path("src/pipe.js"), 0o644) == 0)

        let workspace = ProjectWorkspace.load(root: project.root)
        let scan = workspace.scanProject()
        let notes = Dictionary(uniqueKeysWithValues: scan.notes.compactMap { note in note.path.map { (WorkspacePath.lastComponent($0), note.message) } })
        #expect(notes["latin1.js"]?.contains("not valid UTF-8") == true)
        #expect(notes["utf16.js"]?.contains("UTF-16") == true)
        #expect(notes["huge.js"]?.contains("over the 8 MiB limit") == true)
        #expect(notes["pipe.js"] == nil, "a FIFO is not a regular file and is never listed")
        #expect(project.relative(scan.files.filter { $0.note == nil }.map(\.path)) == ["src/ok.js"])
    }

    @Test func symbolicLinkCyclesAreNotFollowed() throws {
        let project = try TemporaryProject(["src/a.js": ""])
        try FileManager.default.createSymbolicLink(atPath: project.path("src/loop"), withDestinationPath: project.path("src"))
        let files = project.relative(WorkspaceConfiguration.load(root: project.root).discoverFiles().files)
        #expect(files == ["src/a.js"])
    }
}

@Suite("Natural order")
struct NaturalOrderTests {
    @Test func numbersCompareAsNumbers() {
        let names = ["10_orders.sql", "2_sessions.sql", "1_init.sql", "002b.sql", "3_search.sql", "20240101_x.sql", "V1__a.sql", "v2__b.sql"]
        #expect(names.sorted(by: NaturalOrder.isOrderedBefore) == [
            "1_init.sql", "2_sessions.sql", "002b.sql", "3_search.sql", "10_orders.sql", "20240101_x.sql", "V1__a.sql", "v2__b.sql",
        ])
    }

    @Test func downMigrationsAndNestedLayouts() throws {
        let project = try TemporaryProject([
            "migrations/2_b.up.sql": "",
            "migrations/2_b.down.sql": "",
            "migrations/10_c.sql": "",
            "migrations/1_a.sql": "",
            "migrations/notes.txt": "",
            "migrations/3_prisma/migration.sql": "",
        ])
        let files = project.relative(MigrationLoader.migrationFiles(at: project.path("migrations")))
        #expect(files == ["migrations/1_a.sql", "migrations/2_b.up.sql", "migrations/3_prisma/migration.sql", "migrations/10_c.sql"])
    }
}
