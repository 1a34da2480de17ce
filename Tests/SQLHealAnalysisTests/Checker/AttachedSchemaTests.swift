import Testing
@testable import SQLHealAnalysis

/// A configured schema for an attached database is created inside that schema.
@Suite struct AttachedSchemaTests {
    @Test func aDatabasesSchemaIsQualifiedWithTheAttachedName() {
        #expect(AttachedDatabases.qualified("CREATE TABLE IF NOT EXISTS words (id)", schema: "ftindex") == #"CREATE TABLE IF NOT EXISTS "ftindex".words (id)"#)
        #expect(AttachedDatabases.qualified("CREATE INDEX i ON words(id)", schema: "ftindex") == #"CREATE INDEX "ftindex".i ON words(id)"#)
        #expect(AttachedDatabases.qualified("CREATE TRIGGER t AFTER INSERT ON words BEGIN SELECT 1; END", schema: "ftindex") == nil)
    }

    /// The schema names the code's `ATTACH` statements give, as the SQL model reads them.
    static let attachCases: [(sql: String, names: [String])] = [
        ("ATTACH DATABASE 'a.db' AS Other", ["other"]),
        (#"attach 'a.db' as "Quoted Name"; ATTACH ? /* the file */ AS -- comment\#n aux"#, ["quoted name", "aux"]),
        ("ATTACH 'a.db' AS main; ATTACH 'b.db' AS temp; ATTACH 'c.db' AS x; ATTACH 'd.db' AS X", ["x"]),
        ("SELECT 'ATTACH x AS y' FROM t; DETACH aux", []),
        ("ATTACH 'a.db' AS ?", []),
        ("ATTACH 'a.db' AS", []),
    ]

    @Test(arguments: attachCases)
    func attachedNamesComeFromTheSQLModel(_ sql: String, _ names: [String]) {
        #expect(AttachedDatabases.names(attachedBy: [TestQueries.plain(sql)]) == names)
    }
}
