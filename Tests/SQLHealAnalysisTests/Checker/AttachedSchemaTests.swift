import Testing
@testable import SQLHealAnalysis

/// A configured schema for an attached database is created inside that schema.
@Suite struct AttachedSchemaTests {
    @Test func aDatabasesSchemaIsQualifiedWithTheAttachedName() {
        #expect(AttachedDatabases.qualified("CREATE TABLE IF NOT EXISTS words (id)", schema: "ftindex") == #"CREATE TABLE IF NOT EXISTS "ftindex".words (id)"#)
        #expect(AttachedDatabases.qualified("CREATE INDEX i ON words(id)", schema: "ftindex") == #"CREATE INDEX "ftindex".i ON words(id)"#)
        #expect(AttachedDatabases.qualified("CREATE TRIGGER t AFTER INSERT ON words BEGIN SELECT 1; END", schema: "ftindex") == nil)
    }

}
