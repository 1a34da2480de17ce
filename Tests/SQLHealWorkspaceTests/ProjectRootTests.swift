import Foundation
import Testing
@testable import SQLHealWorkspace

/// Which folders inside an editor's workspace folder are projects: a file belongs to the nearest
/// folder above it holding sqlheal.json, else a schema source, else package.json.
@Suite("Project roots")
struct ProjectRootTests {
    struct Layout: CustomTestStringConvertible, Sendable {
        var name: String
        var files: [String]
        /// Relative to the workspace folder; "" is the folder itself.
        var roots: [String]
        var testDescription: String { name }
    }

    static let layouts: [Layout] = [
        Layout(name: "nothing marked: the folder itself", files: ["src/a.js"], roots: [""]),
        Layout(name: "the app one level down", files: ["app/package.json", "app/migrations/1.sql", "README.md"], roots: ["app"]),
        Layout(name: "a monorepo with two apps and a root package.json", files: [
            "package.json", "apps/web/package.json", "apps/web/db/app.sqlite",
            "apps/api/package.json", "apps/api/prisma/migrations/1_init/migration.sql", "packages/ui/package.json",
        ], roots: ["", "apps/api", "apps/web", "packages/ui"]),
        Layout(name: "sqlheal.json at the top wins over the packages below it", files: [
            "sqlheal.json", "packages/a/package.json", "packages/b/schema.sql",
        ], roots: [""]),
        Layout(name: "a schema source wins over nested package.json files, not over a nested sqlheal.json", files: [
            "migrations/1.sql", "tools/package.json", "services/billing/sqlheal.json",
        ], roots: ["", "services/billing"]),
        Layout(name: "dependencies and build output are never projects", files: [
            "node_modules/lib/package.json", "dist/schema.sql", "src/index.js", "package.json",
        ], roots: [""]),
    ]

    @Test(arguments: layouts)
    func rootsAreFound(_ layout: Layout) throws {
        var files: [String: String] = [:]
        for path in layout.files {
            files[path] = path.hasSuffix(".sql") ? "CREATE TABLE t (a);\n" : (path.hasSuffix(".json") ? "{}\n" : "x\n")
        }
        let project = try TemporaryProject(files)
        let found = ProjectRoots.find(in: project.root).map { WorkspacePath.relative($0, to: project.root) ?? $0 }
        #expect(found.sorted() == layout.roots.sorted())
    }

    /// A monorepo whose root is a project too (its package.json): the root project leaves the
    /// apps inside it out, so an app's files are checked once, against the app's schema, and the
    /// app's schema is not the root's.
    @Test func aProjectLeavesTheProjectsInsideItOut() throws {
        let project = try TemporaryProject([
            "package.json": "{}\n",
            "src/report.js": "export const names = (db) => db.all('SELECT name FROM users');\n",
            "apps/api/sqlheal.json": "{ \"schema\": [\"schema.sql\"] }\n",
            "apps/api/schema.sql": "CREATE TABLE orders (id INTEGER PRIMARY KEY, total REAL);\n",
            "apps/api/src/orders.js": "export const totals = (db) => db.all('SELECT totl FROM orders');\n",
        ])
        let roots = ProjectRoots.find(in: project.root)
        #expect(roots.map { WorkspacePath.relative($0, to: project.root) ?? $0 } == ["", "apps/api"])
        let whole = ProjectWorkspace.load(root: project.root)
        #expect(whole.discoverFiles().files.contains { $0.hasSuffix("apps/api/src/orders.js") }, "without the rule the root takes the app's files")
        let outer = ProjectWorkspace.load(root: project.root, options: .init(nestedProjectRoots: Array(roots.dropFirst())))
        #expect(outer.discoverFiles().files.map { WorkspacePath.relative($0, to: project.root) ?? $0 } == ["src/report.js"])
        #expect(outer.schema.context.checkedSchema.tables.isEmpty)
        #expect(!outer.isProjectSourceFile(WorkspacePath.join(project.root, "apps/api/src/orders.js")))
    }
}
