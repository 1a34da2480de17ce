import Testing
@testable import SQLHealAnalysis

/// `param-count` numbers the placeholders the SQL model's tree reads, and knows a spliced hole
/// holds a name (so the rest stays countable) from where the tree reads it.
@Suite struct ParameterCountByTheModelTests {
    @Test func placeholdersAreTheTreesPlaceholders() {
        // A parenthesized placeholder is underlined alone.
        checkFixture("db.all(`SELECT * FROM users WHERE id = (⟦?⟧)`)", [ExpectedFinding(.parameterCount, "1 placeholder but no value is bound")])
        checkFixture("db.all(`SELECT * FROM users WHERE id = ?2 AND age = (?1)`, ⟦[a]⟧)", [ExpectedFinding(.parameterCount, "2 placeholders but 1 value is bound")],
                     bound: values(1, at: 59..<62))
        // Placeholders in a CTE, a subquery, an upsert and RETURNING are numbered in order.
        checkFixture("db.run(`WITH r AS (SELECT ? AS v) INSERT INTO users (id, email) SELECT v, (SELECT ?) FROM r WHERE 1 ON CONFLICT DO UPDATE SET age = ? RETURNING ? AS x`, [a, b, c, d])", [],
                     bound: values(4))
        // A statement the tree keeps as a range only still has its placeholders.
        checkFixture("db.run(`VACUUM INTO ⟦?⟧`)", [ExpectedFinding(.parameterCount, "1 placeholder but no value is bound")], origin: .queryCall(functionName: "run"))
    }

    @Test func aHoleWhereANameGoesLeavesPlaceholdersCountable() {
        // A `SET` target, an INSERT column and an alias are names: the token walk knew only
        // FROM/JOIN/INTO/UPDATE/TABLE, USING, a qualifier and `SELECT ${x} FROM`.
        checkFixture("db.run(`UPDATE users SET ${column} = ? WHERE id = ?`, ⟦[v]⟧)", [ExpectedFinding(.parameterCount, "2 placeholders but 1 value is bound")],
                     bound: values(1, at: 54..<57))
        checkFixture("db.run(`INSERT INTO users (${column}) VALUES (?)`, ⟦[a, b]⟧)", [ExpectedFinding(.parameterCount, "1 placeholder but 2 values are bound")],
                     bound: values(2, at: 51..<57))
        checkFixture("db.all(`SELECT id AS ${alias} FROM users WHERE id = ⟦?⟧`)", [ExpectedFinding(.parameterCount, "1 placeholder but no value is bound")])
        // Those it knew still count.
        checkFixture("db.all(`SELECT ${column} FROM ${table} JOIN orders USING (${key}) WHERE ${table}.id = ⟦?⟧`)", [ExpectedFinding(.parameterCount, "1 placeholder")])
        // A hole in a value position may hold placeholders: silent.
        checkFixture("db.all(`SELECT * FROM users WHERE id = ${id} AND age = ?`)", [])
    }
}
